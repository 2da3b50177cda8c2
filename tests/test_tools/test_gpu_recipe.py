# Copyright (c) hcl_mm contributors. All rights reserved.
"""The GPU recipe (configs/hcl/gpu_recipe) and the launcher for the lent
machine (tools/misc/lent_gpu_train.py), on the CPU: the config is step 1j
at a GPU's batch on MMEngine alone, and trains through the launcher
without mmagic's models or engine and without compiled mmcv ops."""
import os.path as osp
import subprocess
import sys

from conftest import REPO
from mmengine import Config
from test_hcl_train_tools import FAST_TRAIN, PHOTOS

from hcl_mm.utils import resolve_refs

GPU = osp.join(REPO, 'configs', 'hcl', 'gpu_recipe',
               'hcl_tiny_mix_detector_mit-b0_gpu_finetune.py')
STEP_1J = osp.join(REPO, 'configs', 'hcl', 'cpu_recipe',
                   'hcl_tiny_mix_detector_mit-b0_finetune_crop256.py')


def test_gpu_step_is_step_1j_at_a_gpu_batch_without_mmagic_parts():
    gpu, step1j = (resolve_refs(Config.fromfile(p)) for p in (GPU, STEP_1J))
    for key in ('encoder', 'mask_detector', 'train_cfg'):
        assert gpu.model[key] == step1j.model[key]
    assert gpu.train_pipeline == step1j.train_pipeline
    assert gpu.train_dataloader.batch_size == 32
    assert 'mmagic' not in gpu.pretty_text  # no critic, losses, constructor
    assert gpu.model.critic is None and gpu.model.loss_rec is None
    assert gpu.optim_wrapper.generator.modules == [
        'encoder', 'mask_detector', 'decoder'
    ]
    hook = gpu.custom_hooks[0]
    assert (hook.clock, hook.fit_schedule) == ('wall', True)


LAUNCH = """
import runpy, sys
# what the lent machine lacks: mmagic beyond structures/utils, compiled ops
for name in ('mmagic.models', 'mmagic.engine', 'mmagic.registry',
             'mmcv._ext'):
    sys.modules[name] = None
sys.argv = ['lent_gpu_train.py'] + sys.argv[1:]
runpy.run_path('tools/misc/lent_gpu_train.py', run_name='__main__')
"""


def test_gpu_step_trains_through_the_launcher_without_mmagic_or_ops(tmp_path):
    args = [
        sys.executable, '-c', LAUNCH, GPU, '--work-dir',
        str(tmp_path), '--cfg-options', f'data_root={PHOTOS}/train',
        f'content_root={PHOTOS}/train', 'train_dataloader.batch_size=2',
        'train_cfg.max_iters=2', 'custom_hooks.0.fit_schedule=False'
    ] + FAST_TRAIN
    proc = subprocess.run(
        args, cwd=REPO, capture_output=True, text=True, timeout=600)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-3000:]
    assert "bridged ['mmcv._ext (no compiled ops)']" in log
    assert 'Iter(train) [2/2]' in log and 'loss_contrastive' in log
    assert osp.isfile(osp.join(str(tmp_path), 'iter_2.pth'))


def test_missing_ops_stand_in_names_the_op():
    code = """
import sys
sys.modules['mmcv._ext'] = None
sys.path.insert(0, 'tools/misc')
from lent_gpu_train import bridge_stack
assert bridge_stack()[0] == 'mmcv._ext (no compiled ops)'
from mmengine.utils.dl_utils import mmcv_full_available
assert not mmcv_full_available()
import mmseg.models  # imports mmcv.ops
import torch
from mmcv.ops import sigmoid_focal_loss
try:
    sigmoid_focal_loss(torch.zeros(2, 3), torch.zeros(2).long())
except RuntimeError as e:
    assert 'sigmoid_focal_loss_forward' in str(e), e
    print('raised')
"""
    proc = subprocess.run([sys.executable, '-c', code],
                          cwd=REPO,
                          capture_output=True,
                          text=True,
                          timeout=300)
    assert proc.returncode == 0 and 'raised' in proc.stdout, proc.stderr
