# Copyright (c) hcl_mm contributors. All rights reserved.
"""Distributed set-up for CPU (gloo) runs of the MMEngine Runner.

MMEngine 0.10.7 assumes CUDA in its PyTorch launcher: ``init_dist`` calls
``torch.cuda.set_device`` unconditionally and ``Runner.wrap_model`` passes
``device_ids=[LOCAL_RANK]`` to DDP. On a CPU-only machine hcl_mm therefore
creates the gloo process group itself (the Runner skips ``init_dist`` when a
group exists) and asks DDP for ``device_ids=None``.
"""
import os

import torch
import torch.distributed as dist
from mmengine.config import Config


def uses_cpu_distributed(launcher: str) -> bool:
    """Whether a launched run has to be set up for CPU (gloo).

    Args:
        launcher (str): ``'none'``, ``'pytorch'``, ``'slurm'`` or ``'mpi'``.

    Returns:
        bool: True for a distributed launcher on a machine without CUDA.
    """
    return launcher != 'none' and not torch.cuda.is_available()


def setup_cpu_distributed(cfg: Config, launcher: str) -> None:
    """Initialise a gloo process group and a CPU-compatible DDP wrapper.

    Call before ``Runner.from_cfg``. The process group is created from the
    ``env://`` variables of ``torchrun`` (``RANK``, ``WORLD_SIZE``,
    ``MASTER_ADDR``, ``MASTER_PORT``); for ``slurm`` they are derived from
    the SLURM variables.

    Args:
        cfg (Config): the run config; ``env_cfg.dist_cfg.backend`` and
            ``model_wrapper_cfg`` are updated in place.
        launcher (str): the launcher name.
    """
    if not uses_cpu_distributed(launcher):
        return
    if launcher == 'slurm':
        os.environ.setdefault('RANK', os.environ['SLURM_PROCID'])
        os.environ.setdefault('WORLD_SIZE', os.environ['SLURM_NTASKS'])
        os.environ.setdefault('LOCAL_RANK', os.environ['SLURM_LOCALID'])
        os.environ.setdefault('MASTER_PORT', '29500')
        os.environ.setdefault('MASTER_ADDR', '127.0.0.1')
    elif launcher != 'pytorch':
        raise ValueError(f'CPU distributed runs support the "pytorch" and '
                         f'"slurm" launchers, got "{launcher}"')
    cfg.setdefault('env_cfg', {}).setdefault('dist_cfg', {})
    cfg.env_cfg.dist_cfg['backend'] = 'gloo'
    if not dist.is_initialized():
        dist.init_process_group(backend='gloo')
    wrapper = cfg.get('model_wrapper_cfg') or dict(
        type='MMDistributedDataParallel',
        broadcast_buffers=False,
        find_unused_parameters=cfg.get('find_unused_parameters', False))
    wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper


def teardown_distributed() -> None:
    """Synchronise and destroy the process group, if any.

    Without an explicit teardown a gloo run was seen to abort after training
    (``terminate called without an active exception``) about 1 run in 10.
    """
    if dist.is_available() and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()
