# Copyright (c) hcl_mm contributors. All rights reserved.
import os.path as osp
from typing import Dict, List, Optional, Union

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.config import Config, ConfigDict
from mmengine.infer import BaseInferencer

from hcl_mm.models import BaseBlindInpaintor, inference_model_cfg
from hcl_mm.registry import INFERENCERS
from hcl_mm.utils import register_all_modules, write_image_atomic
from .classical_inpaint import (CV2_INPAINTERS, DEFAULT_HYBRID_WEIGHT,
                                INPAINTERS, cv2_inpaint, hybrid_fill)
from .mask_ops import (blend_alpha, composite, corrupted_from_conf, dilate,
                       load_user_mask, remove_small)
from .model_zoo import (MODEL_ZOO, default_dilate, default_hybrid_weight,
                        default_inpainter, resolve_model)
from .result_writer import result_grid, write_result


def scale_16bit(arr: np.ndarray) -> np.ndarray:
    """16-bit samples to 8 bits by the fixed factor 257 (65535 -> 255).

    A dim 16-bit photo stays dim: the scale never depends on the image.
    """
    return np.clip(np.round(arr.astype(np.float64) / 257), 0,
                   255).astype(np.uint8)


def is_grey(img: np.ndarray) -> bool:
    """True when the three channels of ``uint8 (H, W, 3)`` are equal: a
    greyscale photo, however it was stored."""
    return bool((img[..., 0] == img[..., 1]).all()
                and (img[..., 1] == img[..., 2]).all())


def to_grey(img: np.ndarray) -> np.ndarray:
    """RGB ``uint8 (H, W, 3)`` -> its ITU-R 601 luma in all three channels
    (the restoration of a grey photo stays grey)."""
    luma = img.astype(np.float32) @ np.float32([0.299, 0.587, 0.114])
    luma = np.clip(np.round(luma), 0, 255).astype(np.uint8)
    return np.repeat(luma[..., None], 3, 2)


def read_rgb(path: str) -> np.ndarray:
    """Any image file as ``uint8 (H, W, 3)`` RGB.

    Grey, RGBA (alpha dropped), palette, 16-bit and CMYK files are
    converted (16-bit by the fixed factor 257, :func:`scale_16bit`);
    unreadable, truncated and empty files raise.

    Raises:
        OSError: the file cannot be decoded, naming it and why.
    """
    from PIL import Image, ImageOps
    try:
        with Image.open(path) as im:
            im = ImageOps.exif_transpose(im)
            if im.width == 0 or im.height == 0:
                raise OSError('zero-size image')
            if im.mode in ('I;16', 'I;16B', 'I;16L', 'I'):
                # 16-bit grey: a fixed scale (65535 -> 255), never
                # stretched to the image's own range
                im = Image.fromarray(scale_16bit(np.asarray(im)))
            rgb = np.asarray(im.convert('RGB'))
    except OSError as e:
        raise OSError(f'cannot read image {path}: {e}') from e
    except Exception as e:  # PIL raises ValueError/SyntaxError on junk
        raise OSError(f'cannot read image {path}: {e}') from e
    return np.ascontiguousarray(rgb)


@INFERENCERS.register_module()
class BlindRestorer(BaseInferencer):
    """Blind restoration of photos: find the corrupted pixels, restore them.

    Works with every blind inpaintor of hcl_mm (:class:`BaseBlindInpaintor`:
    HCL, VCNet, any ``DetectThenInpaint`` pairing), built from a model-zoo
    name or a config (+ checkpoint), and uses only that interface
    (``detect``, ``inpaint``, ``blind_inpaint``, ``size_divisor``). Every
    input (path, ``uint8`` RGB array, or a folder) gives ``p_clean`` (soft
    P(clean), float ``(H, W)``), ``corrupted`` (bool, True = corrupted,
    after the mask controls) and ``restored`` (``uint8 (H, W, 3)`` RGB; for
    a grey photo, one whose channels are all equal, the restoration is grey
    too and ``grey`` is True). Any size works:

    * images up to ``max_side`` run at their own resolution, reflect-padded
      to the model's ``size_divisor``;
    * larger ones are detected at ``max_side`` (the soft mask is
      upsampled) and restored tile by tile at full resolution under the
      upsampled mask (``tile``/``overlap``, ``tile_batch`` tiles per
      forward), only where tiles hold corrupted pixels;
    * the restored pixels are composited back inside the (dilated,
      feathered) mask, so everything outside stays bit-exact.

    The restoration half runs in reduced precision where the hardware has
    it (``precision='auto'``: bf16 on CPUs with native bf16, fp16 on CUDA)
    with NHWC weights; detection always runs in fp32, so masks are the same
    as with ``precision='fp32'``.

    MMEngine inferencer conventions: ``restorer(inputs,
    return_datasamples=False, out_dir='', pred_out_dir='')``;
    ``out_dir`` writes ``vis/<name>_grid.png`` (input | mask | restored),
    ``pred_out_dir`` the result files (:func:`write_result`); with
    ``return_datasamples`` the predictions are mmagic ``DataSample``s with
    the fields every hcl_mm model predicts.

    Args:
        model (str | dict | Config): a model-zoo name (``'hcl_tiny_demo'``,
            see :data:`MODEL_ZOO`), a config path or a config object.
        weights (str, optional): checkpoint; for a model-zoo name its
            shipped weights by default, otherwise random weights without.
        device (str, optional): 'cpu', 'cuda'... Defaults to the best.
        max_side (int): the largest side processed in one pass.
        tile (int): full-resolution restoration tile. Defaults to 512.
        overlap (int): tile overlap. Defaults to 64.
        tile_batch (int): tiles restored per forward. Defaults to 2.
        inpainter (str, optional): what fills the detected mask: ``'model'``
            (the model's own inpainting), ``'telea'`` or ``'ns'``
            (OpenCV's ``cv2.inpaint``) or ``'hybrid'`` (the mean of the
            model's and Telea's fills: :func:`hybrid_fill`). None: the
            model zoo's measured choice for a zoo name
            (docs/model_zoo.md), else ``'model'``.
        hybrid_weight (float, optional): the model's weight in the
            ``'hybrid'`` fill, in [0, 1]. None: the model zoo's measured
            weight for a zoo name (:func:`default_hybrid_weight`), else
            0.5.
        dilate (int, optional): pixels a detected mask grows by before it
            is filled, unless ``restore(..., dilate=N)`` says otherwise (a
            mask given with ``mask=`` is not grown by default). None: the
            model zoo's measured growth for a zoo name
            (:func:`default_dilate`), else 0.
        precision (str): of the restoration half: ``'auto'`` (default),
            ``'fp32'``, ``'bf16'`` or ``'fp16'`` (CUDA).
        show_progress (bool): a progress bar.
    """
    preprocess_kwargs = set()
    forward_kwargs = {
        'threshold', 'dilate', 'feather', 'min_area', 'invert', 'mask'
    }
    visualize_kwargs = {'out_dir'}
    postprocess_kwargs = {'pred_out_dir'}

    def __init__(self,
                 model: Union[str, dict, Config],
                 weights: Optional[str] = None,
                 device: Optional[str] = None,
                 max_side: int = 512,
                 tile: int = 512,
                 overlap: int = 64,
                 tile_batch: int = 2,
                 inpainter: Optional[str] = None,
                 hybrid_weight: Optional[float] = None,
                 dilate: Optional[int] = None,
                 precision: str = 'auto',
                 show_progress: bool = False) -> None:
        register_all_modules()
        if inpainter is not None and inpainter not in INPAINTERS:
            raise ValueError(f'unknown inpainter {inpainter!r}; choose from '
                             f'{list(INPAINTERS)}')
        if hybrid_weight is not None and not 0 <= hybrid_weight <= 1:
            raise ValueError(
                f'hybrid_weight must be in [0, 1], got {hybrid_weight}')
        if dilate is not None and dilate < 0:
            raise ValueError(f'dilate must be >= 0, got {dilate}')
        if isinstance(model, str) and model in MODEL_ZOO:
            inpainter = inpainter or default_inpainter(model)
            if hybrid_weight is None:
                hybrid_weight = default_hybrid_weight(model)
            if dilate is None:
                dilate = default_dilate(model)
            model, zoo_weights = resolve_model(model)
            weights = weights or zoo_weights
        self.inpainter = inpainter or 'model'
        self.hybrid_weight = (
            DEFAULT_HYBRID_WEIGHT if hybrid_weight is None else hybrid_weight)
        self.dilate = dilate or 0
        cfg = Config.fromfile(model) if isinstance(model, str) else Config(
            dict(model) if not isinstance(model, Config) else model)
        cfg.model = inference_model_cfg(cfg.model)  # no critic, no VGG
        super().__init__(
            model=cfg,
            weights=weights,
            device=device,
            scope='hcl_mm',
            show_progress=show_progress)
        if not isinstance(self.model, BaseBlindInpaintor):
            raise TypeError(
                f'{type(self.model).__name__} is not a blind inpaintor '
                '(hcl_mm.models.BaseBlindInpaintor): BlindRestorer needs '
                'detect/inpaint')
        self.model.eval()
        self.model.prepare_inference(precision)
        self.max_side = max_side
        self.tile = tile
        self.overlap = overlap
        self.tile_batch = max(1, tile_batch)
        self.divisor = self.model.size_divisor
        if tile % self.divisor:
            raise ValueError(f'tile {tile} must be a multiple of the '
                             f'model\'s size divisor {self.divisor}')

    # ------------------------------------------------------- inferencer API
    def _init_pipeline(self, cfg: ConfigDict):
        return self._load

    def _init_collate(self, cfg: ConfigDict):
        return list

    def _init_visualizer(self, cfg: ConfigDict):
        return None

    def _inputs_to_list(self, inputs) -> list:
        if isinstance(inputs, str) and osp.isdir(inputs):
            from hcl_mm.datasets import list_images
            return list_images(inputs)
        if isinstance(inputs, (list, tuple)):
            return list(inputs)
        return [inputs]

    @staticmethod
    def _load(item) -> dict:
        if isinstance(item, np.ndarray):
            if item.ndim != 3 or item.shape[2] != 3 or item.dtype != np.uint8:
                return dict(error='arrays must be uint8 (H, W, 3) RGB, got '
                            f'{item.dtype} {item.shape}')
            return dict(img=item, img_path=None)
        try:
            return dict(img=read_rgb(item), img_path=item)
        except OSError as e:
            return dict(error=str(e), img_path=item)

    def forward(self,
                inputs: List[dict],
                threshold: float = 0.5,
                dilate: Optional[int] = None,
                feather: float = 0.,
                min_area: int = 0,
                invert: bool = False,
                mask: Optional[Union[str, np.ndarray]] = None) -> List[dict]:
        return [
            self._restore_one(item, threshold, dilate, feather, min_area,
                              invert, mask) for item in inputs
        ]

    def visualize(self,
                  inputs: list,
                  preds: List[dict],
                  out_dir: str = '') -> List[Optional[np.ndarray]]:
        """Grids ``input | mask (white = corrupted) | restored`` (RGB);
        with ``out_dir`` also written to ``out_dir/vis/<name>_grid.png``.
        None for inputs that failed."""
        grids = []
        for i, (inp, pred) in enumerate(zip(inputs, preds)):
            if 'error' in pred:
                grids.append(None)
                continue
            img = inp if isinstance(inp, np.ndarray) else read_rgb(inp)
            grid = result_grid(img, pred)
            grids.append(grid)
            if out_dir:
                path = osp.join(out_dir, 'vis',
                                _result_name(pred, i) + '_grid.png')
                write_image_atomic(path, np.ascontiguousarray(grid[..., ::-1]))
        return grids

    def postprocess(self,
                    preds: List[dict],
                    visualization,
                    return_datasamples: bool = False,
                    pred_out_dir: str = '') -> dict:
        """``predictions`` (dicts, or ``DataSample``s) and
        ``visualization``; with ``pred_out_dir`` the result files of every
        image that succeeded are written there (never over an input)."""
        if pred_out_dir:
            protected = {
                osp.abspath(p['img_path'])
                for p in preds if p.get('img_path')
            }
            for i, pred in enumerate(preds):
                if 'error' not in pred:
                    write_result(
                        pred_out_dir,
                        _result_name(pred, i),
                        pred,
                        protected=protected)
        if return_datasamples:
            preds = [_to_datasample(p) for p in preds]
        return dict(predictions=preds, visualization=visualization)

    # ---------------------------------------------------------- internals
    def _restore_one(self, item: dict, threshold, dilate_px, feather, min_area,
                     invert, user_mask) -> dict:
        if 'error' in item:
            return dict(img_path=item.get('img_path'), error=item['error'])
        img = item['img']
        h, w = img.shape[:2]
        if user_mask is not None:
            corrupted = (
                user_mask.astype(bool) if isinstance(user_mask, np.ndarray)
                else load_user_mask(user_mask, (h, w)))
            if corrupted.shape != (h, w):
                raise ValueError(f'mask {corrupted.shape} does not match '
                                 f'image {(h, w)}')
            p_clean = (~corrupted).astype(np.float32)
            restored_lr = None
        else:
            p_clean, restored_lr = self._detect(img)
            corrupted = corrupted_from_conf(p_clean, threshold, invert)
        if dilate_px is None:  # the model's growth, for detected masks only
            dilate_px = 0 if user_mask is not None else self.dilate
        corrupted = dilate(remove_small(corrupted, min_area), dilate_px)
        grey = is_grey(img)
        if not corrupted.any():
            restored = img.copy()
        elif self.inpainter in CV2_INPAINTERS:
            restored = composite(img,
                                 cv2_inpaint(img, corrupted, self.inpainter),
                                 blend_alpha(corrupted, feather))
        else:
            if restored_lr is not None and not invert:
                full = restored_lr  # the blind pass restored the frame
            else:
                full = self._restore_tiles(img, corrupted)
            if self.inpainter == 'hybrid':
                full = hybrid_fill(img, full, corrupted, self.hybrid_weight)
            restored = composite(img, full, blend_alpha(corrupted, feather))
        if grey:  # grey in, grey out: no tint from the colour model
            restored = to_grey(restored)
        return dict(
            img_path=item.get('img_path'),
            p_clean=p_clean,
            corrupted=corrupted,
            restored=restored,
            grey=grey)

    def _to_tensor(self, img: np.ndarray) -> torch.Tensor:
        t = torch.from_numpy(np.array(img)).permute(2, 0, 1)[None].float()
        return self.model.data_preprocessor.normalize(
            t.to(self.model.data_preprocessor.device))

    def _to_uint8(self, t: torch.Tensor) -> np.ndarray:
        """``(1, 3, H, W)`` in [-1, 1] -> ``uint8 (H, W, 3)``."""
        t = self.model.data_preprocessor.destruct(t.float())
        return t[0].permute(1, 2, 0).round().byte().cpu().numpy()

    def _pad(self, t: torch.Tensor):
        h, w = t.shape[-2:]
        ph = (-h) % self.divisor
        pw = (-w) % self.divisor
        if ph or pw:
            mode = 'reflect' if ph < h and pw < w else 'replicate'
            t = F.pad(t, (0, pw, 0, ph), mode=mode)
        return t, (h, w)

    @torch.no_grad()
    def _detect(self, img: np.ndarray):
        """Soft P(clean) at full size and, when run at full size, the
        model's blind restoration."""
        h, w = img.shape[:2]
        x = self._to_tensor(img)
        scale = min(1.0, self.max_side / max(h, w))
        if scale < 1:
            size = (max(1, round(h * scale)), max(1, round(w * scale)))
            x = F.interpolate(
                x,
                size=size,
                mode='bilinear',
                align_corners=False,
                antialias=True)
        xp, (hh, ww) = self._pad(x)
        # the model's own fill is kept only from a pass at full size
        with_fill = scale == 1 and self.inpainter in ('model', 'hybrid')
        if with_fill:
            out = self.model.blind_inpaint(xp)
            p_clean = out['p_clean']
        else:
            p_clean = self.model.detect(xp)
        p_clean = p_clean.float()[..., :hh, :ww]
        if p_clean.shape[-2:] != (h, w):
            p_clean = F.interpolate(
                p_clean, size=(h, w), mode='bilinear', align_corners=False)
        p_clean = p_clean[0, 0].clamp(0, 1).cpu().numpy()
        if not with_fill:
            return p_clean, None
        return p_clean, self._to_uint8(out['restored'][..., :h, :w])

    @torch.no_grad()
    def _restore_tiles(self, img: np.ndarray,
                       corrupted: np.ndarray) -> np.ndarray:
        """Non-blind restoration at full resolution under a given mask,
        ``tile_batch`` tiles per forward; tiles without a corrupted pixel
        are skipped (kept as they are)."""
        h, w = img.shape[:2]
        x, _ = self._pad(self._to_tensor(img))
        m = torch.from_numpy(~corrupted).float()[None, None]
        m, _ = self._pad(m.to(x.device))
        H, W = x.shape[-2:]
        tile = min(self.tile, max(H, W))
        th, tw = min(tile, H), min(tile, W)
        step = max(self.divisor, tile - self.overlap)
        boxes = [
            (top, left) for top in self._starts(H, tile, step)
            for left in self._starts(W, tile, step)
            if not bool((m[..., top:top + th, left:left + tw] > 0.5).all())
        ]
        acc = torch.zeros(1, 3, H, W, device=x.device)
        weight = torch.zeros(1, 1, H, W, device=x.device)
        wt = self._ramp(tile, x.device)[..., :th, :tw]
        for i in range(0, len(boxes), self.tile_batch):
            chunk = boxes[i:i + self.tile_batch]
            crop = lambda t: torch.cat([  # noqa: E731
                t[..., top:top + th, left:left + tw] for top, left in chunk
            ])
            out = self.model.inpaint(crop(x), crop(m)).float()
            for (top, left), tile_out in zip(chunk, out):
                acc[..., top:top + th, left:left + tw] += tile_out * wt
                weight[..., top:top + th, left:left + tw] += wt
        full = torch.where(weight > 0, acc / weight.clamp_min(1e-8), x)
        return self._to_uint8(full[..., :h, :w])

    @staticmethod
    def _starts(n: int, tile: int, step: int) -> List[int]:
        if n <= tile:
            return [0]
        starts = list(range(0, n - tile, step)) + [n - tile]
        return sorted(set(starts))

    def _ramp(self, tile: int, device) -> torch.Tensor:
        """Blending weight of a tile: 1 inside, linear ramp over the
        overlap at the borders (never 0)."""
        r = torch.ones(tile)
        o = min(self.overlap, tile // 2)
        if o:
            r[:o] = torch.linspace(1 / o, 1, o)
            r[-o:] = torch.linspace(1, 1 / o, o)
        return (r[:, None] * r[None, :]).to(device)[None, None]

    def restore(self, inputs, **kwargs) -> List[Dict]:
        """Shortcut: ``self(inputs, **kwargs)['predictions']``."""
        return self(inputs, **kwargs)['predictions']


def _result_name(pred: dict, index: int) -> str:
    """The file stem of a result: its input's, or ``array_{index}``."""
    path = pred.get('img_path')
    return (osp.splitext(osp.basename(path))[0] if path else f'array_{index}')


def _to_datasample(pred: dict):
    """A result as an mmagic ``DataSample`` with the fields every hcl_mm
    model predicts (``output.pred_img`` float RGB CHW in [0, 255],
    ``pred_mask`` 1 = clean, ``pred_p_clean``) and ``img_path``; a failed
    input keeps only ``img_path`` and ``error``."""
    from mmagic.structures import DataSample
    sample = DataSample(metainfo=dict(img_path=pred.get('img_path')))
    if 'error' in pred:
        sample.set_metainfo(dict(error=pred['error']))
        return sample
    sample.output = DataSample(
        pred_img=torch.from_numpy(pred['restored']).permute(2, 0, 1).float(),
        pred_mask=torch.from_numpy(~pred['corrupted']).float()[None],
        pred_p_clean=torch.from_numpy(pred['p_clean']).float()[None])
    return sample
