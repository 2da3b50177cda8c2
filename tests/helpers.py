# Copyright (c) hcl_mm contributors. All rights reserved.
"""Small helpers shared by the tests."""
import socket
import subprocess
import sys

import cv2
import numpy as np
from conftest import REPO


def random_image(h: int, w: int, seed: int = 0) -> np.ndarray:
    """A smooth random uint8 BGR image."""
    rng = np.random.default_rng(seed)
    small = rng.integers(
        0, 256, (max(2, h // 16), max(2, w // 16), 3), dtype=np.uint8)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)


def tiny_hcl_cfg(embed_dims: int = 8, num_conv_stages: int = 0, **kw) -> dict:
    """An HCLInpaintor config with toy widths (every mechanism kept)."""
    cfg = dict(
        type='HCLInpaintor',
        encoder=dict(
            type='HCLEncoder',
            embed_dims=embed_dims,
            depths=(2, 2, 2),
            num_conv_stages=num_conv_stages),
        mask_detector=dict(
            type='HierarchicalContrastiveHead',
            in_channels=(embed_dims, 2 * embed_dims, 4 * embed_dims),
            proj_channels=16,
            num_queries=128,
            num_references=128,
            classifier=dict(type='ClusterClassifier', in_channels=16)),
        decoder=dict(
            type='MaskGuidedDecoder',
            embed_dims=embed_dims,
            depths=(2, 2, 2),
            num_conv_stages=num_conv_stages),
        refiner=dict(type='RefineUNet', base_channels=8),
        critic=dict(type='PatchCritic', channels=(8, 16, 16, 32, 32)),
        loss_rec=dict(type='mmagic.L1Loss', loss_weight=1.0),
        loss_rec_refined=dict(type='mmagic.L1Loss', loss_weight=1.0),
        loss_perceptual=dict(
            type='VGGPerceptualLoss',
            layer_weights=dict(relu2_2=1., relu3_2=1.),
            loss_weight=0.01,
            allow_random_init=True),
        loss_perceptual_refined=dict(
            type='VGGPerceptualLoss',
            layer_weights=dict(relu2_2=1., relu3_2=1.),
            loss_weight=0.01,
            allow_random_init=True),
        loss_gan=dict(type='mmagic.GANLoss', gan_type='wgan', loss_weight=1.0),
        loss_gp=dict(type='WGANGradientPenalty', loss_weight=10.))
    cfg.update(kw)
    return cfg


def corrupted_batch(size=(64, 64), batch: int = 2, seed: int = 0):
    """A packed batch: smooth random images with a constant-colour square.

    Returns the dict a dataloader gives ``HCLInpaintor`` (uint8 inputs and
    mmagic ``DataSample``s with ``gt_img`` and ``mask``, 1 = clean).
    """
    import torch
    from mmagic.structures import DataSample
    g = torch.Generator().manual_seed(seed)
    h, w = size
    inputs, samples = [], []
    for _ in range(batch):
        gt = torch.from_numpy(
            random_image(h, w, int(
                torch.randint(0, 2**31, (1, ),
                              generator=g)))).permute(2, 0, 1).contiguous()
        mask = torch.ones(1, h, w, dtype=torch.uint8)
        mask[:, h // 4:h // 2 + h // 8, w // 4:w // 2 + w // 8] = 0
        img = torch.where(
            mask.bool(), gt,
            torch.tensor([250, 20, 20], dtype=torch.uint8).view(3, 1, 1))
        inputs.append(img)
        samples.append(DataSample(gt_img=gt, mask=mask))
    return dict(inputs=inputs, data_samples=samples)


def tiny_vcnet_cfg(**kw) -> dict:
    """A VCNetInpaintor config with toy widths (every part kept)."""
    cfg = dict(
        type='VCNetInpaintor',
        mpn=dict(type='VCNetMPN', base_channels=8),
        rin=dict(type='VCNetRIN', base_channels=4, bottleneck_channels=16),
        global_critic=dict(
            type='VCNetGlobalCritic', channels=(8, 8, 16, 16, 16)),
        patch_critic=dict(
            type='VCNetPatchCritic', channels=(8, 8, 16, 16, 16)),
        loss_semantic=dict(
            type='VGGPerceptualLoss',
            layer_weights=dict(relu3_2=1.),
            loss_weight=1e-4,
            allow_random_init=True),
        loss_mrf=dict(
            type='IDMRFLoss', loss_weight=1e-3, allow_random_init=True),
        loss_gan=dict(
            type='mmagic.GANLoss', gan_type='wgan', loss_weight=1e-3),
        loss_gp=dict(type='WGANGradientPenalty', loss_weight=10.))
    cfg.update(kw)
    return cfg


def make_split(photos: str, out: str, size: int, bins, num: int, *extra:
               str) -> str:
    """A frozen corruption split of ``photos`` by tools/make_test_split.py
    (``num`` images per hole-ratio bin); returns ``out``."""
    subprocess.run([
        sys.executable, 'tools/make_test_split.py', photos, out, '--size',
        str(size), '--bins', *bins, '--num',
        str(num), *extra
    ],
                   cwd=REPO,
                   check=True,
                   capture_output=True)
    return out


def free_port() -> int:
    """A TCP port nothing listens on now (for a distributed launcher; tests
    may run in parallel processes)."""
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]
