# Copyright (c) hcl_mm contributors. All rights reserved.
"""Pair a trained detector with a trained inpainter: the detector part of a
model config, and one :class:`DetectThenInpaint` checkpoint assembled from
the two models' checkpoints (the HCL paper's Table 2 setting)."""
from typing import Dict, Optional, Tuple

import torch

from .hcl_inpaintor import inference_model_cfg

#: detector classes that are their own detector part
DETECTORS = ('HCLMaskDetector', 'MMSegMaskDetector', 'VCNetMPN')


def _type(cfg: dict) -> str:
    return str(cfg.get('type', '')).split('.')[-1]


def detector_part(model_cfg: dict) -> Tuple[dict, Tuple[str, str]]:
    """The mask detector inside a trained model's config.

    Args:
        model_cfg (dict): ``cfg.model`` of an :class:`HCLInpaintor` (its
            hierarchical contrastive head, or whatever detector its
            ``mask_detector`` holds, e.g. Segmenter), a
            :class:`VCNetInpaintor` (its MPN), an mmseg segmentor
            (``EncoderDecoder``) or a detector itself.

    Returns:
        tuple: the detector config for :class:`DetectThenInpaint` and the
        key map ``(strip, add)``: the checkpoint key of the detector's
        parameter ``k`` is ``add + k[len(strip):]``.

    Raises:
        TypeError: the model holds no detector this function knows.
    """
    kind = _type(model_cfg)
    if kind == 'HCLInpaintor':
        head = dict(model_cfg['mask_detector'])
        if _type(head) == 'MMSegMaskDetector':
            return head, ('', 'mask_detector.')
        # HCLMaskDetector's attribute names are HCLInpaintor's
        return dict(
            type='HCLMaskDetector',
            encoder=model_cfg['encoder'],
            mask_detector=head), ('', '')
    if kind == 'VCNetInpaintor':
        return dict(model_cfg['mpn']), ('', 'mpn.')
    if kind == 'EncoderDecoder':
        return dict(
            type='MMSegMaskDetector', segmentor=model_cfg), ('segmentor.', '')
    if kind in DETECTORS:
        return dict(model_cfg), ('', '')
    raise TypeError(f'no mask detector known in a {kind or "untyped"} model '
                    f'config (known: HCLInpaintor, VCNetInpaintor, mmseg '
                    f'EncoderDecoder, {", ".join(DETECTORS)})')


def pairing_cfg(detector_model: Optional[dict], inpainter_model: dict,
                **kwargs) -> Tuple[dict, Optional[Tuple[str, str]]]:
    """A :class:`DetectThenInpaint` config from two trained models' configs.

    Args:
        detector_model (dict, optional): the detector's model config (see
            :func:`detector_part`); None pairs the inpainter with the
            ground-truth masks.
        inpainter_model (dict): the inpainter's model config (its critics
            and losses are dropped).
        **kwargs: further :class:`DetectThenInpaint` arguments.

    Returns:
        tuple: the config and the detector's key map (None without one).
    """
    inpainter = dict(inference_model_cfg(inpainter_model))
    inpainter.pop('data_preprocessor', None)
    detector, key_map = (None, None) if detector_model is None else \
        detector_part(detector_model)
    return dict(
        type='DetectThenInpaint',
        detector=detector,
        inpainter=inpainter,
        **kwargs), key_map


def pairing_state_dict(model: torch.nn.Module,
                       detector_state: Optional[Dict[str, torch.Tensor]],
                       key_map: Optional[Tuple[str, str]],
                       inpainter_state: Dict[str, torch.Tensor],
                       source: str = '') -> Dict[str, torch.Tensor]:
    """The state dict of a built :class:`DetectThenInpaint` from its two
    parts' checkpoints.

    Args:
        model (nn.Module): the built pairing.
        detector_state (dict, optional): the detector model's state dict.
        key_map (tuple, optional): from :func:`pairing_cfg`.
        inpainter_state (dict): the inpainter model's state dict.
        source (str): named in errors (e.g. the checkpoint paths).

    Raises:
        KeyError: a parameter of the pairing is in neither checkpoint,
            naming it and where it was looked up.
    """
    out = {}
    for key, value in model.state_dict().items():
        part, _, inner = key.partition('.')
        if part == 'detector':
            strip, add = key_map
            src, state = add + inner[len(strip):], detector_state
        elif part == 'inpainter':
            src, state = inner, inpainter_state
        else:  # the pairing's own buffers
            out[key] = value
            continue
        if src not in state:
            raise KeyError(f'{key}: no {src!r} in the {part} checkpoint'
                           f'{" " + source if source else ""}')
        out[key] = state[src]
    return out
