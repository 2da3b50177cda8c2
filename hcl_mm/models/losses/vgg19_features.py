# Copyright (c) hcl_mm contributors. All rights reserved.
import os.path as osp
from typing import Dict, List, Optional, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F

# torchvision's VGG19 ``features``: channels, 'M' = max-pool
_VGG19 = (64, 64, 'M', 128, 128, 'M', 256, 256, 256, 256, 'M', 512, 512, 512,
          512, 'M', 512, 512, 512, 512)
VGG19_URL = 'https://download.pytorch.org/models/vgg19-dcbb9e9d.pth'


def vgg19_layer_names() -> List[str]:
    """Names of the layers of VGG19 ``features`` in order (torchvision)."""
    names, block, conv = [], 1, 1
    for v in _VGG19:
        if v == 'M':
            names.append(f'pool{block}')
            block, conv = block + 1, 1
        else:
            names += [f'conv{block}_{conv}', f'relu{block}_{conv}']
            conv += 1
    return names


class FrozenVGG19(nn.Module):
    """VGG19 feature extractor for perceptual losses, frozen.

    Weights are **non-persistent buffers**: they never enter hcl_mm
    checkpoints, are never trained and move with ``.to()``. They come from a
    local file (torchvision's ``vgg19-dcbb9e9d.pth`` or any state dict with
    ``features.N.weight`` keys); nothing is downloaded.

    Args:
        pretrained (str, optional): path of the weights.
        allow_random_init (bool): without ``pretrained``, use random weights
            (only meaningful for tests and smoke runs). Defaults to False.
        last_layer (str): deepest layer needed. Defaults to 'relu5_2'.

    Raises:
        FileNotFoundError: ``pretrained`` does not exist.
        ValueError: no ``pretrained`` and random init not allowed.
    """

    def __init__(self,
                 pretrained: Optional[str] = None,
                 allow_random_init: bool = False,
                 last_layer: str = 'relu5_2') -> None:
        super().__init__()
        names = vgg19_layer_names()
        if last_layer not in names:
            raise ValueError(f'unknown VGG19 layer {last_layer!r}')
        self.names = names[:names.index(last_layer) + 1]
        self.register_buffer(
            'mean',
            torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1),
            persistent=False)
        self.register_buffer(
            'std',
            torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1),
            persistent=False)
        state = self._load(pretrained, allow_random_init)
        in_ch, idx = 3, 0
        self._convs = []
        for v in _VGG19:
            if idx >= len(self.names):
                break
            if v == 'M':
                idx += 1
                continue
            w = state.get(f'{idx}.weight')
            if w is None:
                w = torch.empty(v, in_ch, 3, 3)
                nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')
                b = torch.zeros(v)
            else:
                b = state[f'{idx}.bias']
            self.register_buffer(f'weight{idx}', w.float(), persistent=False)
            self.register_buffer(f'bias{idx}', b.float(), persistent=False)
            self._convs.append(idx)
            in_ch, idx = v, idx + 2
        self.requires_grad_(False)

    @staticmethod
    def _load(pretrained: Optional[str],
              allow_random_init: bool) -> Dict[str, torch.Tensor]:
        if pretrained is None:
            if allow_random_init:
                return {}
            raise ValueError(
                'the VGG19 perceptual loss needs pretrained weights: set '
                '`pretrained` to a local copy of torchvision\'s VGG19 '
                f'({VGG19_URL}), or `allow_random_init=True` for tests')
        if not osp.isfile(pretrained):
            raise FileNotFoundError(
                f'VGG19 weights not found: {pretrained!r}; download '
                f'{VGG19_URL} there (nothing is downloaded at run time)')
        state = torch.load(pretrained, map_location='cpu', weights_only=True)
        state = state.get('state_dict', state)
        out = {
            k[len('features.'):]: v
            for k, v in state.items() if k.startswith('features.')
        }
        out = out or state
        if '0.weight' not in out:
            raise ValueError(f'{pretrained!r} holds no VGG19 features '
                             '(expected keys like "features.0.weight")')
        return out

    def forward(self, x: torch.Tensor,
                layers: Sequence[str]) -> Dict[str, torch.Tensor]:
        """Features of ``x`` (an image in [-1, 1]) at ``layers``."""
        wanted = set(layers)
        unknown = wanted - set(self.names)
        if unknown:
            raise ValueError(f'layers {sorted(unknown)} are not in VGG19 up '
                             f'to {self.names[-1]}')
        x = ((x + 1) / 2 - self.mean.to(x.dtype)) / self.std.to(x.dtype)
        feats = {}
        for i, name in enumerate(self.names):
            if name.startswith('conv'):
                x = F.conv2d(
                    x,
                    getattr(self, f'weight{i}').to(x.dtype),
                    getattr(self, f'bias{i}').to(x.dtype),
                    padding=1)
            elif name.startswith('relu'):
                x = F.relu(x)
            else:
                x = F.max_pool2d(x, 2)
            if name in wanted:
                feats[name] = x
                if len(feats) == len(wanted):
                    break
        return feats


def share_vgg(cfg: Optional[dict],
              loss: Optional[nn.Module]) -> Optional[dict]:
    """``cfg`` of a VGG-based loss, reusing ``loss``'s extractor when both
    name the same weights (one frozen VGG19 in memory instead of two).

    Args:
        cfg (dict, optional): the second loss's config (None passes).
        loss (nn.Module, optional): an already built loss with ``vgg`` and
            ``pretrained`` attributes.

    Returns:
        dict | None: ``cfg``, with ``vgg`` set where shared.
    """
    if not cfg:
        return None
    cfg = dict(cfg)
    if isinstance(getattr(loss, 'vgg', None),
                  FrozenVGG19) and cfg.get('pretrained') == getattr(
                      loss, 'pretrained', None):
        cfg['vgg'] = loss.vgg
    return cfg
