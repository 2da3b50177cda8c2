# Copyright (c) hcl_mm contributors. All rights reserved.
"""Convert a checkpoint of the released HCL code (xyfJASON/HCL) to hcl_mm.

Usage::

    python tools/model_converters/hcl_official_to_mmengine.py \
        step150000.pt checkpoints/hcl_places_256.pth [--legacy-v 4]
    python tools/test.py checkpoints/hcl_places_256.py \
        checkpoints/hcl_places_256.pth

Besides the weights it writes a ready config beside them (same name,
``.py``): the paper config for the checkpoint's input size
(``configs/hcl/hcl_places_256.py``, or ``hcl_places_512.py`` when the
checkpoint has the 512 model's conv stages; ``--base-config`` to choose)
with the widths, conv stages and upsampling the checkpoint implies, and
``load_from`` set to the weights.

The released file is a ``torch.save`` dict with ``inpaintnet`` (itself a dict
of ``encoder`` / ``project_heads`` / ``bottleneck`` / ``decoder`` state
dicts), ``refinenet``, ``classifier`` and ``pdisc`` (optional), plus optimiser
states and ``step``. Every parameter is mapped; only buffers hcl_mm
recomputes per input size (shifted-window ``attn_mask``, the
``relative_position_index``) are dropped. Both spectral-norm layouts of the
critic (``parametrizations.weight.original`` and the older ``weight_orig``)
are accepted, and both layouts of the 512 model's encoder conv stage
(``conv_down_blocks.i.0`` conv then GELU, as ``legacy_v = 4``; ``.i.1``
after the GELU, as ``legacy_v = 3``). The output is an MMEngine
checkpoint (``meta`` + ``state_dict``) for ``load_from`` /
``tools/test.py`` / the inferencer.
"""
import argparse
import io
import os.path as osp
import re
import sys
from collections import OrderedDict
from typing import Dict, Tuple

import torch

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, REPO)
from hcl_mm.utils.io import write_bytes_atomic  # noqa: E402

# released sub-dict -> (prefix in the flat official key, prefix in hcl_mm)
_INPAINTNET = {
    'encoder': ('', 'encoder.'),
    'project_heads': ('', 'mask_detector.'),
    'bottleneck': ('bottleneck.', 'decoder.bottleneck.'),
    'decoder': ('', 'decoder.'),
}
_DROPPED = re.compile(r'(^|\.)(attn_mask|relative_position_index)$')
_OLD_SN = {
    'weight_orig': 'parametrizations.weight.original',
    'weight_u': 'parametrizations.weight.0._u',
    'weight_v': 'parametrizations.weight.0._v',
}


def _flatten(ckpt: dict) -> Dict[str, Dict[str, torch.Tensor]]:
    """The released module state dicts, ``inpaintnet`` split by part."""
    parts = {}
    inpaintnet = ckpt.get('inpaintnet')
    if not isinstance(inpaintnet, dict):
        raise KeyError("not a released HCL checkpoint: no 'inpaintnet' entry "
                       f'(top-level keys: {sorted(ckpt)})')
    for part in _INPAINTNET:
        if part not in inpaintnet:
            raise KeyError(f"released checkpoint lacks 'inpaintnet.{part}'")
        parts[part] = inpaintnet[part]
    for name in ('refinenet', 'classifier', 'pdisc'):
        if name in ckpt:
            parts[name] = ckpt[name]
    return parts


def convert(ckpt: dict) -> Tuple[OrderedDict, list]:
    """Map a released checkpoint to an hcl_mm ``HCLInpaintor`` state dict.

    Args:
        ckpt (dict): the loaded released checkpoint.

    Returns:
        tuple: the new state dict and the list of dropped buffer keys.

    Raises:
        KeyError: a required entry is missing, or a key is not recognised.
    """
    out, dropped = OrderedDict(), []
    for part, sd in _flatten(ckpt).items():
        for key, value in sd.items():
            src = f'{part}.{key}'
            if _DROPPED.search(key):
                dropped.append(src)
                continue
            if part in _INPAINTNET:
                strip, prefix = _INPAINTNET[part]
                if not key.startswith(strip):
                    raise KeyError(f'unexpected key {src!r}')
                new = prefix + key[len(strip):]
            elif part == 'refinenet':
                new = 'refiner.' + key
            elif part == 'classifier':
                new = 'mask_detector.classifier.' + key
            else:  # pdisc
                head, _, leaf = key.rpartition('.')
                new = 'critic.' + (f'{head}.{_OLD_SN[leaf]}'
                                   if leaf in _OLD_SN else key)
            out[new] = value
    return out, dropped


def model_settings(state_dict: Dict[str, torch.Tensor],
                   legacy_v: int = 4) -> dict:
    """Architecture settings implied by a converted state dict.

    Returns ``embed_dims``, ``num_conv_stages``, ``conv_stage_act_first``
    (the ``legacy_v = 3`` conv-stage layout, read from the keys),
    ``refiner_channels`` and the upsampling mode (``legacy_v`` 3/4 =
    bilinear, anything else nearest) to put in the config.
    """
    first = state_dict['encoder.first_conv.conv.weight']
    conv_keys = [
        k for k in state_dict if k.startswith('encoder.conv_down_blocks.')
    ]
    refine_first = [
        v for k, v in state_dict.items()
        if k.startswith('refiner.refine_first.') and k.endswith('weight')
    ]
    return dict(
        embed_dims=int(first.shape[0]),
        num_conv_stages=len({k.split('.')[2]
                             for k in conv_keys}),
        conv_stage_act_first=any(k.split('.')[3] == '1' for k in conv_keys),
        refiner_channels=int(refine_first[0].shape[0]) if refine_first else 64,
        upsample_mode='bilinear' if legacy_v in (3, 4) else 'nearest')


def config_text(settings: dict, base: str, checkpoint: str,
                source: str) -> str:
    """A config that builds the converted model and loads its weights.

    Args:
        settings (dict): :func:`model_settings`.
        base (str): the paper config it inherits (data, schedule, losses).
        checkpoint (str): the converted weights (``load_from``).
        source (str): the released file's name, for the header.
    """
    c = settings['embed_dims']
    stages = settings['num_conv_stages']
    up = settings['upsample_mode']
    return (f'# Written by tools/model_converters/hcl_official_to_mmengine.py '
            f'from {source}.\n'
            f'_base_ = [{base!r}]\n\n'
            f'model = dict(\n'
            f'    encoder=dict(\n'
            f'        embed_dims={c},\n'
            f'        num_conv_stages={stages},\n'
            f'        conv_stage_act_first='
            f'{settings["conv_stage_act_first"]}),\n'
            f'    mask_detector=dict(in_channels=({c}, {2 * c}, {4 * c})),\n'
            f'    decoder=dict(\n'
            f'        embed_dims={c},\n'
            f'        num_conv_stages={stages},\n'
            f'        conv_stage_upsample={up!r}),\n'
            f'    refiner=dict(\n'
            f'        base_channels={settings["refiner_channels"]},\n'
            f'        upsample_mode={up!r}))\n'
            f'load_from = {checkpoint!r}\n')


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='released checkpoint (.pt)')
    parser.add_argument('dst', help='output hcl_mm checkpoint (.pth)')
    parser.add_argument(
        '--legacy-v',
        type=int,
        default=4,
        help='the released config\'s legacy_v (default 4: bilinear '
        'upsampling in RefineNet and the 512 conv stage)')
    parser.add_argument(
        '--base-config',
        help='paper config the written config inherits (default: '
        'configs/hcl/hcl_places_256.py, or hcl_places_512.py for a '
        'checkpoint with conv stages)')
    args = parser.parse_args(argv)
    if osp.abspath(args.src) == osp.abspath(args.dst):
        raise SystemExit('refusing to overwrite the source checkpoint')
    if not osp.isfile(args.src):
        raise SystemExit(f'no such checkpoint: {args.src}')
    # released checkpoints are plain tensors/dicts/ints
    ckpt = torch.load(args.src, map_location='cpu', weights_only=True)
    state_dict, dropped = convert(ckpt)
    settings = model_settings(state_dict, args.legacy_v)
    meta = dict(
        source=osp.basename(args.src),
        step=int(ckpt.get('step', -1)),
        converted_by='hcl_official_to_mmengine',
        **settings)
    buf = io.BytesIO()
    torch.save(dict(meta=meta, state_dict=state_dict), buf)
    write_bytes_atomic(args.dst, buf.getvalue())
    base = args.base_config or osp.join(
        REPO, 'configs', 'hcl', 'hcl_places_512.py'
        if settings['num_conv_stages'] else 'hcl_places_256.py')
    cfg_path = osp.splitext(args.dst)[0] + '.py'
    write_bytes_atomic(
        cfg_path,
        config_text(settings, osp.abspath(base), osp.abspath(args.dst),
                    osp.basename(args.src)).encode())
    print(f'{len(state_dict)} tensors written to {args.dst}; dropped '
          f'{len(dropped)} recomputed buffers; model settings: {settings}; '
          f'config: {cfg_path}')


if __name__ == '__main__':
    main()
