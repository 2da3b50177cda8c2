# Copyright (c) hcl_mm contributors. All rights reserved.
from .checkpoint import (mmengine_checkpoint_globals,
                         register_checkpoint_safe_globals)
from .config_path import configs_dir
from .config_refs import resolve_refs
from .dist import (setup_cpu_distributed, teardown_distributed,
                   uses_cpu_distributed)
from .io import write_bytes_atomic, write_image_atomic
from .precision import PRECISIONS, autocast_to, cpu_has_bf16, resolve_precision
from .setup_env import register_all_modules

__all__ = [
    'mmengine_checkpoint_globals', 'register_checkpoint_safe_globals',
    'setup_cpu_distributed', 'teardown_distributed', 'uses_cpu_distributed',
    'register_all_modules', 'configs_dir', 'write_image_atomic',
    'write_bytes_atomic', 'PRECISIONS', 'autocast_to', 'cpu_has_bf16',
    'resolve_precision', 'resolve_refs'
]
