# Copyright (c) hcl_mm contributors. All rights reserved.
"""Pair a trained mask detector with a trained inpainter: write one
``DetectThenInpaint`` config and checkpoint that ``tools/infer.py``,
``tools/test.py`` and ``BlindRestorer`` take like any blind model::

    python tools/misc/make_pairing.py \\
        --detector configs/hcl/hcl_places_512.py:HCL_CKPT \\
        --inpainter configs/mat/mat_places_512.py:MAT_CKPT \\
        work_dirs/pairings/hcl_mat
    python tools/infer.py photos/ out/ \\
        --config work_dirs/pairings/hcl_mat.py \\
        --checkpoint work_dirs/pairings/hcl_mat.pth

The detector's config may be a whole model (HCL, VCNet, HCL with Segmenter
as its detector), an mmseg segmentor or a detector
(:func:`hcl_mm.models.detector_part`); without ``--detector`` the pairing
fills the ground-truth masks of an evaluation split (the inpainter alone).
Both checkpoints are read, nothing else: the written checkpoint holds
exactly the pairing's parameters.
"""
import argparse
import os
import os.path as osp
import sys
from typing import Optional, Tuple

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, REPO)


def _spec(text: str, what: str) -> Tuple[str, str]:
    config, _, ckpt = text.rpartition(':')
    if not (config and ckpt):
        raise SystemExit(f'--{what}: expected CONFIG:CHECKPOINT, got '
                         f'{text!r}')
    for path in (config, ckpt):
        if not osp.isfile(path):
            raise SystemExit(f'--{what}: no such file {path}')
    return config, ckpt


def load_state_dict(path: str) -> dict:
    """The ``state_dict`` of an MMEngine checkpoint (or a bare one)."""
    from mmengine.runner.checkpoint import _load_checkpoint

    from hcl_mm.utils import register_checkpoint_safe_globals
    register_checkpoint_safe_globals()
    ckpt = _load_checkpoint(path, map_location='cpu')
    return ckpt.get('state_dict', ckpt)


def write_pairing(detector: Optional[Tuple[str, str]], inpainter: Tuple[str,
                                                                        str],
                  config_out: str, ckpt_out: str) -> None:
    """Write the pairing's config (the inpainter's config with the pairing
    as its model: its data and runtime settings kept) and checkpoint.

    Args:
        detector (tuple, optional): ``(config, checkpoint)`` of the
            detector's model; None for the ground-truth masks.
        inpainter (tuple): ``(config, checkpoint)`` of the inpainter.
        config_out (str): the config to write.
        ckpt_out (str): the checkpoint to write.
    """
    import torch
    from mmengine import Config

    from hcl_mm.models import pairing_cfg, pairing_state_dict
    from hcl_mm.registry import MODELS
    from hcl_mm.utils import register_all_modules, write_bytes_atomic
    register_all_modules()
    cfg = Config.fromfile(inpainter[0])
    det_model = None if detector is None else \
        Config.fromfile(detector[0]).model
    model_cfg, key_map = pairing_cfg(det_model, cfg.model)
    model = MODELS.build(model_cfg)
    state = pairing_state_dict(
        model,
        None if detector is None else load_state_dict(detector[1]),
        key_map,
        load_state_dict(inpainter[1]),
        source=f'({detector[1] if detector else "-"}, {inpainter[1]})')
    cfg.model = model_cfg
    for path in (config_out, ckpt_out):
        os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
    write_bytes_atomic(config_out, cfg.pretty_text.encode())
    tmp = ckpt_out + '.tmp'
    torch.save(
        dict(
            state_dict=state,
            meta=dict(
                detector=detector and detector[1], inpainter=inpainter[1])),
        tmp)
    os.replace(tmp, ckpt_out)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('out', help='output prefix: writes OUT.py and OUT.pth')
    parser.add_argument('--detector', metavar='CONFIG:CHECKPOINT')
    parser.add_argument(
        '--inpainter', required=True, metavar='CONFIG:CHECKPOINT')
    args = parser.parse_args(argv)
    detector = _spec(args.detector, 'detector') if args.detector else None
    inpainter = _spec(args.inpainter, 'inpainter')
    write_pairing(detector, inpainter, args.out + '.py', args.out + '.pth')
    print(f'wrote {args.out}.py and {args.out}.pth')


if __name__ == '__main__':
    main()
