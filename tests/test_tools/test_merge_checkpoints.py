# Copyright (c) hcl_mm contributors. All rights reserved.
import os.path as osp
import sys

import pytest
import torch
from conftest import REPO

sys.path.insert(0, osp.join(REPO, 'tools', 'model_converters'))
from merge_checkpoints import merge  # noqa: E402


def _save(path, **state):
    torch.save(dict(meta=dict(iter=7), state_dict=state, optimizer={}), path)
    return path


def test_merge_takes_the_named_parts_only(tmp_path):
    base = _save(
        str(tmp_path / 'det.pth'), **{
            'encoder.w': torch.ones(2),
            'decoder.w': torch.zeros(3),
            'decoder_extra.w': torch.zeros(1)
        })
    other = _save(
        str(tmp_path / 'rest.pth'), **{
            'encoder.w': torch.full((2, ), 5.),
            'decoder.w': torch.full((3, ), 2.),
            'decoder_extra.w': torch.full((1, ), 9.)
        })
    before = open(base, 'rb').read()
    dst = str(tmp_path / 'out' / 'merged.pth')
    assert merge(base, other, dst, ['decoder']) == {'decoder': 1}
    out = torch.load(dst, weights_only=True)
    assert set(out) == {'meta', 'state_dict'}
    assert out['meta'] == dict(iter=7)
    state = out['state_dict']
    assert torch.equal(state['encoder.w'], torch.ones(2))
    assert torch.equal(state['decoder.w'], torch.full((3, ), 2.))
    # 'decoder' is a module name, not a string prefix
    assert torch.equal(state['decoder_extra.w'], torch.zeros(1))
    assert open(base, 'rb').read() == before


def test_merge_refuses_mismatched_parts(tmp_path):
    base = _save(str(tmp_path / 'a.pth'), **{'decoder.w': torch.zeros(3)})
    other = _save(str(tmp_path / 'b.pth'), **{'decoder.w': torch.zeros(4)})
    with pytest.raises(ValueError, match=r'decoder\.w: shape'):
        merge(base, other, str(tmp_path / 'c.pth'), ['decoder'])
    with pytest.raises(ValueError, match="no part 'refiner'"):
        merge(base, other, str(tmp_path / 'c.pth'), ['refiner'])
    with pytest.raises(ValueError, match='overwrite'):
        merge(base, other, base, ['decoder'])
    assert not osp.exists(tmp_path / 'c.pth')
