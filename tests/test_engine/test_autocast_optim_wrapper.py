# Copyright (c) hcl_mm contributors. All rights reserved.
import torch
from torch import nn

from hcl_mm.registry import OPTIM_WRAPPERS


def test_bf16_autocast_on_cpu_and_update():
    model = nn.Linear(4, 2)
    wrapper = OPTIM_WRAPPERS.build(
        dict(
            type='AutocastOptimWrapper',
            optimizer=torch.optim.SGD(model.parameters(), lr=0.1)))
    before = model.weight.detach().clone()
    with wrapper.optim_context(model):
        out = model(torch.randn(3, 4))
        assert out.dtype == torch.bfloat16
        loss = out.float().pow(2).mean()
    wrapper.update_params(loss)
    assert model.weight.dtype == torch.float32
    assert not torch.equal(before, model.weight)
