# Copyright (c) hcl_mm contributors. All rights reserved.
"""Registry scoping across hcl_mm, MMSegmentation and MMagic."""
import os.path as osp

import numpy as np
from conftest import REPO
from mmengine.config import Config
from mmengine.registry import DefaultScope


def _scope(name):
    return DefaultScope.get_instance(
        f'test-{name}-{np.random.rand()}', scope_name=name)


def test_hcl_component_from_mmseg_scope(photo_dir):
    import mmseg.registry
    _scope('mmseg')
    transform = mmseg.registry.TRANSFORMS.build(
        dict(
            type='hcl_mm.CorruptImage',
            masks=dict(type='BBoxMask'),
            contents=dict(type='ConstantColor')))
    assert type(transform).__module__.startswith('hcl_mm.')
    # A composite hcl_mm dict in a foreign scope: nested types resolve in
    # hcl_mm through _scope_.
    dataset = mmseg.registry.DATASETS.build(
        dict(
            _scope_='hcl_mm',
            type='ImageFolderDataset',
            data_root=photo_dir,
            pipeline=[
                dict(type='LoadImage'),
                dict(type='RandomCrop', crop_size=32)
            ]))
    assert dataset[0]['img'].shape == (32, 32, 3)


def test_foreign_components_from_hcl_scope():
    from hcl_mm.registry import METRICS, MODELS, TRANSFORMS
    _scope('hcl_mm')
    pack = TRANSFORMS.build(dict(type='mmseg.PackSegInputs'))
    assert type(pack).__module__.startswith('mmseg.')
    metric = METRICS.build(dict(type='mmseg.IoUMetric'))
    assert type(metric).__name__ == 'IoUMetric'
    loss = MODELS.build(dict(type='mmagic.L1Loss', loss_weight=2.0))
    assert type(loss).__module__.startswith('mmagic.')
    # The Segmenter config: an mmseg:: base model inside an hcl_mm config.
    cfg = Config.fromfile(
        osp.join(
            REPO, 'configs/baselines/'
            'segmenter_vit-t_mask_1xb4-300_demo-256x256.py'))
    assert cfg.default_scope == 'hcl_mm'
    assert cfg.model['_scope_'] == 'mmseg'
    model = MODELS.build(cfg.model)
    assert type(model).__name__ == 'EncoderDecoder'
    assert model.decode_head.num_classes == 2


def test_configs_inherit_through_env_path(tmp_path, monkeypatch):
    from hcl_mm.utils import configs_dir
    monkeypatch.setenv('HCL_MM_CONFIGS', configs_dir())
    child = tmp_path / 'child.py'
    child.write_text("_base_ = ['{{$HCL_MM_CONFIGS:}}/_base_/"
                     "default_runtime.py']\nlog_level = 'WARNING'\n")
    cfg = Config.fromfile(str(child))
    assert cfg.default_scope == 'hcl_mm' and cfg.log_level == 'WARNING'


def test_hcl_head_and_metric_from_mmseg_and_mmagic_scopes():
    """The user-guide snippets: hcl_mm parts named from foreign configs."""
    import mmagic.registry
    import mmseg.registry
    import torch
    with DefaultScope.overwrite_default_scope('mmseg'):
        # a composite hcl_mm module: its classifier and loss (unprefixed
        # types) still resolve in hcl_mm
        head = mmseg.registry.MODELS.build(
            dict(
                type='hcl_mm.HierarchicalContrastiveHead',
                in_channels=(8, 16, 32),
                proj_channels=16,
                classifier=dict(type='ClusterClassifier', in_channels=16)))
    assert type(head).__module__.startswith('hcl_mm.')
    feats = [
        torch.randn(1, 8 * 2**k, 32 // 2**k, 32 // 2**k) for k in range(3)
    ]
    out = head.eval()(None, feats)
    assert out['masks'][0].shape == (1, 1, 32, 32)
    with DefaultScope.overwrite_default_scope('mmagic'):
        metric = mmagic.registry.METRICS.build(
            dict(type='hcl_mm.CorruptionMaskMetric'))
        image_metric = mmagic.registry.METRICS.build(
            dict(type='hcl_mm.RestorationMetric'))
        loss = mmagic.registry.MODELS.build(
            dict(type='hcl_mm.PixelContrastiveLoss', loss_weight=1.0))
    assert type(metric).__module__.startswith('hcl_mm.')
    assert type(image_metric).__name__ == 'RestorationMetric'
    assert type(loss).__name__ == 'PixelContrastiveLoss'
