# Copyright (c) hcl_mm contributors. All rights reserved.
import numpy as np
import torch
from mmagic.structures import DataSample

from hcl_mm.engine.hooks import comparison_grid


def test_grid_draws_white_where_corrupted():
    clean = torch.ones(1, 8, 8)
    clean[:, 2:5, 3:7] = 0  # the hole, 1 = clean as the models predict
    sample = DataSample(mask=clean, gt_img=torch.zeros(3, 8, 8))
    sample.output = DataSample(
        pred_img=torch.zeros(3, 8, 8),
        pred_mask=clean,
        stage_masks=[clean[:, ::2, ::2], clean])
    grid = comparison_grid(sample, torch.zeros(3, 8, 8))
    # input, GT mask, 2 stage masks, output, GT: 6 tiles, 5 gaps of 4 px
    assert grid.shape == (8, 6 * 8 + 5 * 4, 3)
    gt_tile = grid[:, 12:20, 0]
    assert np.array_equal(gt_tile == 255, clean[0].numpy() == 0)
    fine_tile = grid[:, 3 * 12:3 * 12 + 8, 0]
    assert np.array_equal(fine_tile == 255, clean[0].numpy() == 0)


def test_hook_writes_grids_and_hands_them_to_the_visualizer(tmp_path):
    from hcl_mm.engine.hooks import CorruptionVisualizationHook

    class Visualizer:

        def __init__(self):
            self.images = []

        def add_image(self, name, image, step=0):
            self.images.append((name, image.shape, step))

    class Runner:
        work_dir = str(tmp_path)
        visualizer = Visualizer()

        @property
        def iter(self):
            raise AssertionError('runner.iter builds the train loop')

        class message_hub:  # noqa: N801

            @staticmethod
            def get_info(key, default=None):
                return dict(iter=7).get(key, default)

    clean = torch.ones(1, 8, 8)
    clean[:, 2:5, 3:7] = 0
    sample = DataSample(mask=clean, metainfo=dict(img_path='a/cat.png'))
    sample.output = DataSample(pred_img=torch.zeros(3, 8, 8), pred_mask=clean)
    hook = CorruptionVisualizationHook(out_dir='vis')
    runner = Runner()
    hook.after_test_iter(runner, 0, dict(inputs=[torch.zeros(3, 8, 8)]),
                         [sample])
    assert (tmp_path / 'vis' / 'cat.png').is_file()
    assert runner.visualizer.images == [('cat', (8, 4 * 8 + 3 * 4, 3), 7)]


def test_grids_reach_a_tensorboard_backend(tmp_path):
    """Through MMEngine's Visualizer, so any backend gets them."""
    import glob
    import os

    from conftest import REPO
    from mmengine import Config
    from mmengine.visualization import Visualizer

    from hcl_mm.engine.hooks import CorruptionVisualizationHook
    cfg = Config.fromfile(
        f'{REPO}/configs/_base_/visualization/tensorboard.py')
    vis = Visualizer.get_instance(
        f'tb_{id(tmp_path)}',
        vis_backends=cfg.vis_backends,
        save_dir=str(tmp_path / 'run'))

    class Runner:
        work_dir = str(tmp_path)
        visualizer = vis

        class message_hub:  # noqa: N801

            @staticmethod
            def get_info(key, default=None):
                return dict(iter=3).get(key, default)

    clean = torch.ones(1, 8, 8)
    clean[:, 2:5, 3:7] = 0
    sample = DataSample(mask=clean, metainfo=dict(img_path='a/dog.png'))
    sample.output = DataSample(pred_img=torch.zeros(3, 8, 8), pred_mask=clean)
    CorruptionVisualizationHook(out_dir='vis').after_test_iter(
        Runner(), 0, dict(inputs=[torch.zeros(3, 8, 8)]), [sample])
    vis.close()
    run = tmp_path / 'run' / 'vis_data'
    events = glob.glob(str(run / 'events.out.tfevents.*'))
    assert events and os.path.getsize(events[0]) > 100  # the image
    assert (run / 'vis_image' / 'dog_3.png').is_file()  # local backend
