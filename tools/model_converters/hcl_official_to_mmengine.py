# Copyright (c) hcl_mm contributors. All rights reserved.
"""Convert a checkpoint of the released HCL code (xyfJASON/HCL) to hcl_mm.

Usage::

    python tools/model_converters/hcl_official_to_mmengine.py \
        step150000.pt checkpoints/hcl_places_256.pth [--legacy-v 4]

The released file is a ``torch.save`` dict with ``inpaintnet`` (itself a dict
of ``encoder`` / ``project_heads`` / ``bottleneck`` / ``decoder`` state
dicts), ``refinenet``, ``classifier`` and ``pdisc`` (optional), plus optimiser
states and ``step``. Every parameter is mapped; only buffers hcl_mm
recomputes per input size (shifted-window ``attn_mask``, the
``relative_position_index``) are dropped. Both spectral-norm layouts of the
critic (``parametrizations.weight.original`` and the older ``weight_orig``)
are accepted. The output is an MMEngine checkpoint (``meta`` +
``state_dict``) for ``load_from`` / ``tools/test.py`` / the inferencer.
"""
import argparse
import os
import os.path as osp
import re
import tempfile
from collections import OrderedDict
from typing import Dict, Tuple

import torch

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

    Returns ``embed_dims``, ``num_conv_stages`` and the upsampling mode
    (``legacy_v`` 3/4 = bilinear, anything else nearest) to put in the
    config.
    """
    first = state_dict['encoder.first_conv.conv.weight']
    conv_stages = len({
        k.split('.')[2]
        for k in state_dict if k.startswith('encoder.conv_down_blocks.')
    })
    return dict(
        embed_dims=int(first.shape[0]),
        num_conv_stages=conv_stages,
        upsample_mode='bilinear' if legacy_v in (3, 4) else 'nearest')


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
    os.makedirs(osp.dirname(osp.abspath(args.dst)), exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        dir=osp.dirname(osp.abspath(args.dst)), suffix='.tmp')
    os.close(fd)
    try:
        torch.save(dict(meta=meta, state_dict=state_dict), tmp)
        os.replace(tmp, args.dst)
    finally:
        if osp.exists(tmp):
            os.remove(tmp)
    print(f'{len(state_dict)} tensors written to {args.dst}; dropped '
          f'{len(dropped)} recomputed buffers; model settings: {settings}')
    if settings['upsample_mode'] != 'bilinear':
        print('set model.refiner.upsample_mode and '
              "model.decoder.conv_stage_upsample to 'nearest' in the config")


if __name__ == '__main__':
    main()
