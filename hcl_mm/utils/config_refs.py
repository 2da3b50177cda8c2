# Copyright (c) hcl_mm contributors. All rights reserved.
"""Late-bound references between config entries: ``'${name}'``.

MMEngine expands a base config's variables when the base is parsed, so a
child that sets ``data_root = 'x'`` does not change the dataloaders the
base built from it. hcl_mm's dataset configs therefore refer to their
top-level settings by name, ``'${data_root}'``, and the reference is
resolved when the runner is built (``HCLRunner``, ``tools/*.py``), after
every override (child configs, ``--cfg-options``) is merged::

    data_root = 'data/places/train'
    corruption = dict(type='CorruptImage', contents=dict(
        type='ImageContent', data_root='${content_root}'), ...)
    train_pipeline = [..., '${corruption}', ...]

A string that is exactly ``'${name}'`` is replaced by the value of the
top-level entry ``name`` (any type, itself resolved); inside a longer string
``'${name}'`` is replaced by that value's text.
"""
import copy
import re
from typing import Any, Dict, List

_REF = re.compile(r'\$\{([A-Za-z_][A-Za-z0-9_]*)\}')
_MAX_DEPTH = 16


def resolve_refs(cfg: Any) -> Any:
    """Resolve every ``'${name}'`` of a config in place.

    Args:
        cfg (Config | dict): the merged config; ``name`` must be one of its
            top-level keys.

    Returns:
        The same object, resolved.

    Raises:
        KeyError: a reference names no top-level entry (the message gives
            where the reference is) or references form a cycle.
    """
    top = {k: cfg[k] for k in list(cfg.keys())}
    for key in list(top):
        cfg[key] = _resolve(top[key], top, key, [])
    return cfg


def _resolve(value: Any, top: Dict[str, Any], where: str,
             stack: List[str]) -> Any:
    if isinstance(value, str):
        whole = _REF.fullmatch(value)
        if whole:
            return _lookup(whole.group(1), top, where, stack)
        return _REF.sub(lambda m: str(_lookup(m.group(1), top, where, stack)),
                        value)
    if isinstance(value, dict):
        for k in list(value.keys()):
            value[k] = _resolve(value[k], top, f'{where}.{k}', stack)
        return value
    if isinstance(value, (list, tuple)):
        items = [
            _resolve(v, top, f'{where}.{i}', stack)
            for i, v in enumerate(value)
        ]
        return type(value)(items) if isinstance(value, tuple) else items
    return value


def _lookup(name: str, top: Dict[str, Any], where: str,
            stack: List[str]) -> Any:
    if name not in top:
        raise KeyError(f"'${{{name}}}' in {where}: the config has no "
                       f"top-level entry '{name}'")
    if name in stack or len(stack) > _MAX_DEPTH:
        raise KeyError(f"'${{{name}}}' in {where}: circular reference "
                       f"({' -> '.join(stack + [name])})")
    return _resolve(copy.deepcopy(top[name]), top, name, stack + [name])
