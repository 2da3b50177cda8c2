# Copyright (c) hcl_mm contributors. All rights reserved.
"""MMagic's non-blind inpainters (DeepFillv2, AOT-GAN, PConv, GL) as
hcl_mm inpainters: built from the configs mmagic ships, inference parts
only, nothing downloaded."""
import os.path as osp
from typing import Optional

import torch

MMAGIC_INPAINTERS = {
    'deepfillv2': 'deepfillv2/deepfillv2_8xb2_places-256x256.py',
    'aot-gan': 'aot_gan/aot-gan_smpgan_4xb4_places-512x512.py',
    'pconv': 'partial_conv/pconv_stage2_4xb2_places-256x256.py',
    'gl': 'global_local/gl_8xb12_places-256x256.py',
}


def mmagic_inpainter_cfg(name: str) -> dict:
    """The model config of one of mmagic's inpainting configs, without its
    discriminator, losses (some download VGG weights) and ``train_cfg``.

    Args:
        name (str): a key of ``MMAGIC_INPAINTERS`` or a path relative to
            mmagic's shipped ``configs`` folder.

    Returns:
        dict: the model config with ``_scope_='mmagic'``.
    """
    import mmagic
    from mmengine import Config
    rel = MMAGIC_INPAINTERS.get(name, name)
    path = osp.join(osp.dirname(mmagic.__file__), '.mim', 'configs', rel)
    if not osp.isfile(path):
        raise FileNotFoundError(
            f'no mmagic config {rel!r} (looked in {path}); known names: '
            f'{sorted(MMAGIC_INPAINTERS)}')
    model = Config.fromfile(path).model.to_dict()
    # inference only: no critic, no losses, no train_cfg (is_train False)
    cfg = {
        k: v
        for k, v in model.items()
        if not (k == 'disc' or k.startswith('loss_') or k == 'train_cfg')
    }
    cfg['_scope_'] = 'mmagic'
    return cfg


def mmagic_inpaint(model: torch.nn.Module, img: torch.Tensor,
                   mask: torch.Tensor) -> torch.Tensor:
    """Run an mmagic inpaintor on ``img`` in [-1, 1] with ``mask`` (1 =
    clean, hcl_mm's polarity); returns its raw output in [-1, 1].

    The hole is zeroed in pixel space (-1 after mmagic's 127.5/127.5
    normalisation), as mmagic's ``GetMaskedImage`` does, and the model's own
    ``forward_tensor`` applies its input convention (extra ones channel,
    mask inversion, hole offset).
    """
    from mmagic.structures import DataSample
    hole = 1 - mask.to(img.dtype)
    masked = img * (1 - hole) - hole
    samples = DataSample()
    samples.mask = hole
    raw, _ = model.forward_tensor(masked, samples)
    return raw


def is_mmagic_inpainter(model: Optional[torch.nn.Module]) -> bool:
    """Whether ``model`` is an mmagic inpaintor (has ``forward_tensor`` and
    an ``encdec`` generator)."""
    return model is not None and hasattr(model, 'forward_tensor') and \
        type(model).__module__.startswith('mmagic.')
