# Copyright (c) hcl_mm contributors. All rights reserved.
"""HCLRunner: components from the resolved config, the written one kept."""
from mmengine.config import Config
from mmengine.model import BaseModel
from mmengine.registry import MODELS
from torch import nn

from hcl_mm.engine.runner.hcl_runner import HCLRunner


@MODELS.register_module(name='HCLRunnerTestToy', force=True)
class Toy(BaseModel):

    def __init__(self):
        super().__init__()
        self.layer = nn.Linear(1, 1)

    def forward(self, *args, **kwargs):
        return {}


def test_builds_from_references_and_keeps_them_in_its_cfg(tmp_path):
    cfg = Config(
        dict(
            model=dict(type='HCLRunnerTestToy'),
            work_dir=str(tmp_path),
            root='data/photos',
            pipeline=[dict(type='LoadImage', root='${root}/train')],
            train_dataloader=dict(
                batch_size=1, dataset=dict(pipeline='${pipeline}')),
            train_cfg=dict(by_epoch=False, max_iters=1),
            optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1)),
            experiment_name='refs'))
    runner = HCLRunner.from_cfg(cfg)
    # the lazily built loader gets the resolved pipeline
    assert runner._train_dataloader['dataset']['pipeline'] == [
        dict(type='LoadImage', root='data/photos/train')
    ]
    # what is logged, dumped and stored keeps the references as written
    assert runner.cfg.train_dataloader.dataset.pipeline == '${pipeline}'
    assert "'${root}/train'" in runner.cfg.pretty_text
    # and the caller's config is left as it was
    assert cfg.train_dataloader.dataset.pipeline == '${pipeline}'
