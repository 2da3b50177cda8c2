# Copyright (c) hcl_mm contributors. All rights reserved.
"""Run ``tools/train.py`` on a lent GPU machine outside the pinned stack.

The GPU machines lent to this project now and then
(docs/training_recipe.md, "On a lent GPU") run their own Python (3.12,
NumPy 2, a CUDA PyTorch) and reach no package registry, so the pinned
install (``tools/install.sh``) cannot run there. MMEngine, MMCV's Python
code, MMSegmentation and the two mmagic subpackages the data pipeline uses
(``structures``, ``utils``) travel as plain files
(``tools/misc/gpu_session.sh`` packs them), and two gaps are bridged in
this process only, never in the package or on a user's install:

- MMCV's compiled ops (``mmcv._ext``) are absent there: if they cannot be
  imported, a stand-in module is registered whose every op raises an error
  naming it. MMSegmentation's model registry imports ``mmcv.ops``; the
  detection configs this runs (MiT-B0, the contrastive head) call none.
- mmagic 1.2.0 names ``np.bool8``, an alias NumPy 2 removed; it is set to
  ``np.bool_`` when missing (the one NumPy-2 break of the stack measured in
  the install probe).

Usage (the arguments are tools/train.py's)::

    python tools/misc/lent_gpu_train.py CONFIG --work-dir DIR \
        --cfg-options load_from=CKPT
"""
import importlib.machinery
import os.path as osp
import runpy
import sys
import types


def _missing_op(name: str):

    def op(*args, **kwargs):
        raise RuntimeError(
            f'mmcv op {name!r} called, but this machine has no compiled mmcv '
            'ops (tools/misc/lent_gpu_train.py); run this config with the '
            'pinned install (tools/install.sh)')

    return op


class _NoOps(types.ModuleType):
    """``mmcv._ext`` without compiled code: every attribute is an op that
    raises when called (``ext_loader`` only checks that the names exist)."""

    def __getattr__(self, name: str):
        if name.startswith('__'):
            raise AttributeError(name)
        return _missing_op(name)


def bridge_stack() -> list:
    """Bridge the lent machine's gaps; return what was bridged."""
    bridged = []
    try:
        import mmcv._ext  # noqa: F401
    except ImportError:
        ext = _NoOps('mmcv._ext')
        # no loader: MMEngine's mmcv_full_available() then answers False
        ext.__spec__ = importlib.machinery.ModuleSpec('mmcv._ext', None)
        sys.modules['mmcv._ext'] = ext
        bridged.append('mmcv._ext (no compiled ops)')
    import numpy as np
    if not hasattr(np, 'bool8'):
        np.bool8 = np.bool_
        bridged.append('numpy.bool8 (NumPy 2)')
    return bridged


def main() -> None:
    bridged = bridge_stack()
    print(f'lent_gpu_train: bridged {bridged or "nothing"}', flush=True)
    train = osp.join(
        osp.dirname(osp.dirname(osp.abspath(__file__))), 'train.py')
    sys.argv = [train] + sys.argv[1:]
    runpy.run_path(train, run_name='__main__')


if __name__ == '__main__':
    main()
