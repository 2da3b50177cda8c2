# Copyright (c) hcl_mm contributors. All rights reserved.
import contextlib
import functools
from typing import ContextManager, Optional

import torch

PRECISIONS = ('auto', 'fp32', 'bf16', 'fp16')
_DTYPES = {'bf16': torch.bfloat16, 'fp16': torch.float16}


@functools.lru_cache(maxsize=None)
def cpu_has_bf16() -> bool:
    """Whether this CPU computes bfloat16 natively (AVX512-BF16 or AMX).

    Without it oneDNN emulates bf16 and autocast is slower than fp32, so
    ``'auto'`` stays fp32 there. Read from ``/proc/cpuinfo`` (Linux); False
    where that is unavailable.
    """
    try:
        with open('/proc/cpuinfo') as f:
            flags = f.read()
    except OSError:
        return False
    return 'avx512_bf16' in flags or 'amx_bf16' in flags


def resolve_precision(precision: str,
                      device: torch.device) -> Optional[torch.dtype]:
    """The reduced-precision dtype of ``precision`` on ``device``.

    Args:
        precision (str): ``'auto'`` (bf16 on CPUs with native bf16, fp16 on
            CUDA, else fp32), ``'fp32'``, ``'bf16'`` or ``'fp16'``.
        device (torch.device): where the model runs.

    Returns:
        torch.dtype | None: None means fp32.

    Raises:
        ValueError: an unknown name, or fp16 on the CPU.
    """
    if precision not in PRECISIONS:
        raise ValueError(f'precision must be one of {PRECISIONS}, got '
                         f'{precision!r}')
    device = torch.device(device)
    if precision == 'auto':
        if device.type == 'cuda':
            return torch.float16
        return torch.bfloat16 if (device.type == 'cpu'
                                  and cpu_has_bf16()) else None
    if precision == 'fp16' and device.type == 'cpu':
        raise ValueError('fp16 is a CUDA precision; use bf16 on the CPU')
    return _DTYPES.get(precision)


def autocast_to(dtype: Optional[torch.dtype],
                device: torch.device) -> ContextManager:
    """``torch.autocast`` to ``dtype`` on ``device``; a no-op for None."""
    if dtype is None:
        return contextlib.nullcontext()
    return torch.autocast(torch.device(device).type, dtype=dtype)
