# Copyright (c) hcl_mm contributors. All rights reserved.
import pytest
import torch.nn as nn
from mmengine.optim import OptimWrapperDict

from hcl_mm.engine.optimizers import ModulesOptimWrapperConstructor


class Toy(nn.Module):

    def __init__(self):
        super().__init__()
        self.encoder = nn.Linear(2, 3)
        self.head = nn.Linear(3, 1)
        self.critic = nn.Linear(3, 1, bias=False)


def adam(lr, **kw):
    return dict(type='OptimWrapper', optimizer=dict(type='Adam', lr=lr), **kw)


def params(wrapper):
    return [p for g in wrapper.optimizer.param_groups for p in g['params']]


def test_one_wrapper_per_group_of_named_submodules():
    model = Toy()
    built = ModulesOptimWrapperConstructor(
        dict(
            generator=adam(1e-3, modules=['encoder', 'head']),
            critic=adam(1e-4)))(
                model)
    assert isinstance(built, OptimWrapperDict)
    assert set(built.keys()) == {'generator', 'critic'}
    ids = lambda ps: sorted(map(id, ps))  # noqa: E731
    assert ids(params(built['generator'])) == ids(
        list(model.encoder.parameters()) + list(model.head.parameters()))
    # without `modules` the group's name is the submodule
    assert ids(params(built['critic'])) == ids(model.critic.parameters())
    assert built['critic'].optimizer.param_groups[0]['lr'] == 1e-4
    # a DDP-like wrapper's model is reached through .module
    wrapped = nn.Module()
    wrapped.module = model
    again = ModulesOptimWrapperConstructor(dict(critic=adam(1e-4)))(wrapped)
    assert ids(params(again['critic'])) == ids(model.critic.parameters())


def test_bad_groups_are_named():
    with pytest.raises(KeyError, match=r"optim_wrapper.gen.*\['decoder'\]"):
        ModulesOptimWrapperConstructor(
            dict(gen=adam(1e-3, modules=['encoder', 'decoder'])))(
                Toy())
    with pytest.raises(ValueError, match='paramwise_cfg'):
        ModulesOptimWrapperConstructor(
            dict(gen=adam(1e-3)), paramwise_cfg=dict(norm_decay_mult=0))
    with pytest.raises(TypeError, match='group names'):
        ModulesOptimWrapperConstructor(dict(type='Adam', lr=1e-3))
