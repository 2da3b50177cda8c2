# Copyright (c) hcl_mm contributors. All rights reserved.
"""Environment set-up helpers."""
import warnings

from mmengine.registry import DefaultScope

from .checkpoint import register_checkpoint_safe_globals


def register_all_modules(init_default_scope: bool = True) -> None:
    """Import every hcl_mm module so that all components are registered.

    Registries import their ``locations`` lazily, so this is only needed by
    code that uses the registries outside a Runner (scripts, tests).

    Args:
        init_default_scope (bool): Whether to make ``'hcl_mm'`` the default
            scope. Defaults to True.
    """
    import hcl_mm.datasets  # noqa: F401
    import hcl_mm.engine  # noqa: F401
    import hcl_mm.evaluation  # noqa: F401
    import hcl_mm.models  # noqa: F401
    import hcl_mm.visualization  # noqa: F401

    register_checkpoint_safe_globals()
    if not init_default_scope:
        return
    current = DefaultScope.get_current_instance()
    if current is None or not DefaultScope.check_instance_created('hcl_mm'):
        DefaultScope.get_instance('hcl_mm', scope_name='hcl_mm')
    elif current.scope_name != 'hcl_mm':
        warnings.warn(f'The current default scope "{current.scope_name}" is '
                      'not "hcl_mm"; `register_all_modules` switches it to '
                      '"hcl_mm".')
        DefaultScope.get_instance(f'hcl_mm-{id(current)}', scope_name='hcl_mm')
