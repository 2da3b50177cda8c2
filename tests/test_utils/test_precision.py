# Copyright (c) hcl_mm contributors. All rights reserved.
import pytest
import torch

from hcl_mm.utils import autocast_to, cpu_has_bf16, resolve_precision


def test_resolve_precision():
    assert resolve_precision('fp32', 'cpu') is None
    assert resolve_precision('bf16', 'cpu') is torch.bfloat16
    assert resolve_precision('fp16', 'cuda') is torch.float16
    assert resolve_precision('auto', 'cuda') is torch.float16
    auto = resolve_precision('auto', 'cpu')
    assert auto is (torch.bfloat16 if cpu_has_bf16() else None)
    with pytest.raises(ValueError, match='fp16 is a CUDA precision'):
        resolve_precision('fp16', 'cpu')
    with pytest.raises(ValueError, match='precision must be one of'):
        resolve_precision('int8', 'cpu')


def test_autocast_to():
    x = torch.randn(4, 4)
    with autocast_to(torch.bfloat16, 'cpu'):
        assert (x @ x).dtype is torch.bfloat16
    with autocast_to(None, 'cpu'):
        assert (x @ x).dtype is torch.float32
