# Copyright (c) hcl_mm contributors. All rights reserved.
"""HCLRunner: components from the resolved config, the written one kept."""
from mmengine.config import Config

from hcl_mm.engine.runner.hcl_runner import HCLRunner


def test_builds_from_references_and_keeps_them_in_its_cfg(monkeypatch):
    # what from_cfg hands the runner (a real one would set global state:
    # default scope, logger, visualizer)
    got = {}
    monkeypatch.setattr(HCLRunner, '__init__',
                        lambda self, **kwargs: got.update(kwargs))
    cfg = Config(
        dict(
            model=dict(type='Toy'),
            work_dir='work_dirs/refs',
            root='data/photos',
            pipeline=[dict(type='LoadImage', root='${root}/train')],
            train_dataloader=dict(
                batch_size=1, dataset=dict(pipeline='${pipeline}')),
            train_cfg=dict(by_epoch=False, max_iters=1),
            default_scope='hcl_mm'))
    HCLRunner.from_cfg(cfg)
    # every component from the resolved config ...
    assert got['train_dataloader']['dataset']['pipeline'] == [
        dict(type='LoadImage', root='data/photos/train')
    ]
    assert got['model'] == dict(type='Toy')
    assert got['default_scope'] == 'hcl_mm'
    # ... what is logged, dumped and stored keeps the references as written
    assert got['cfg'].train_dataloader.dataset.pipeline == '${pipeline}'
    assert "'${root}/train'" in got['cfg'].pretty_text
    # and the caller's config is left as it was
    assert cfg.train_dataloader.dataset.pipeline == '${pipeline}'
