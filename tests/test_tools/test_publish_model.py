# Copyright (c) hcl_mm contributors. All rights reserved.
import os
import os.path as osp
import stat
import sys

import pytest
import torch
from conftest import REPO

sys.path.insert(0, osp.join(REPO, 'tools', 'model_converters'))
from publish_model import publish  # noqa: E402


def test_publish_keeps_inference_weights_only(tmp_path):
    src = str(tmp_path / 'iter_10.pth')
    state = {
        'encoder.w': torch.randn(3, 3),
        'critic.w': torch.randn(2),
        'encoder.n': torch.tensor(5)
    }
    torch.save(
        dict(
            meta=dict(iter=10, seed=1, hook_msgs={}),
            state_dict=state,
            optimizer={'state': {}}), src)
    dst = str(tmp_path / 'out' / 'model.pth')
    digest = publish(src, dst, fp16=True)
    out = torch.load(dst, weights_only=True)
    assert set(out) == {'meta', 'state_dict'}
    assert set(out['state_dict']) == {'encoder.w', 'encoder.n'}
    assert out['state_dict']['encoder.w'].dtype == torch.float16
    assert out['state_dict']['encoder.n'].dtype == torch.int64  # not cast
    assert out['meta'] == dict(iter=10, seed=1)
    assert len(digest) == 64
    # a plain file's permissions (not mkstemp's 0600): others can read it
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(dst).st_mode) == 0o666 & ~umask
    assert os.listdir(tmp_path / 'out') == ['model.pth']  # no temporary
    with pytest.raises(ValueError, match='overwrite'):
        publish(src, src)


def test_publish_drops_the_prefixes_asked(tmp_path):
    src = str(tmp_path / 'iter_1.pth')
    torch.save(
        dict(
            state_dict={
                'encoder.backbone.layers.2.w': torch.ones(2),
                'encoder.backbone.layers.3.w': torch.ones(2),
                'decoder.w': torch.ones(1)
            }), src)
    dst = str(tmp_path / 'model.pth')
    publish(src, dst, drop=['encoder.backbone.layers.3.'])
    out = torch.load(dst, weights_only=True)['state_dict']
    assert set(out) == {'encoder.backbone.layers.2.w', 'decoder.w'}
    with pytest.raises(KeyError, match='layers.9'):  # a typo is an error
        publish(src, dst, drop=['encoder.backbone.layers.9.'])
