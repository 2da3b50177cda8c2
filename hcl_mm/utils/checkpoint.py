# Copyright (c) hcl_mm contributors. All rights reserved.
"""Safe loading of MMEngine checkpoints with ``torch.load(weights_only=True)``.

Since torch 2.6, ``torch.load`` defaults to ``weights_only=True``. MMEngine
0.10.7 calls ``torch.load`` without the argument, and the checkpoints written
by its ``Runner`` pickle the message hub (:class:`HistoryBuffer` objects that
hold numpy arrays and scalars), so resume and ``load_from`` fail with
``Weights only load failed``. Rather than turning safe loading off, hcl_mm
allow-lists exactly the extra types such checkpoints hold, through the public
``torch.serialization.add_safe_globals`` API.

One entry needs care: ``HistoryBuffer`` pickles its statistics methods as
``getattr(HistoryBuffer, 'min')``. Allow-listing ``builtins.getattr`` itself
would let a checkpoint reach any attribute of any allowed object, so the name
``builtins.getattr`` is bound to :func:`history_buffer_method`, which only
resolves those methods.
"""
import pickle
from typing import Any, List

import numpy as np
import torch

_REGISTERED = False
# The statistics HistoryBuffer registers for every instance.
_BUILTIN_STATISTICS = ('min', 'max', 'current', 'mean')


def history_buffer_method(owner: Any, name: str) -> Any:
    """The only ``getattr`` a weights-only load may perform.

    Args:
        owner: the object, which must be :class:`HistoryBuffer`.
        name (str): one of its statistics methods (``min``, ``max``...).

    Returns:
        the method.

    Raises:
        pickle.UnpicklingError: for any other object or attribute.
    """
    from mmengine.logging import HistoryBuffer
    allowed = _BUILTIN_STATISTICS + tuple(HistoryBuffer._statistics_methods)
    if owner is HistoryBuffer and name in allowed \
            and callable(getattr(HistoryBuffer, name, None)):
        return getattr(HistoryBuffer, name)
    raise pickle.UnpicklingError(
        f'weights-only load: getattr({owner!r}, {name!r}) is not allowed')


def mmengine_checkpoint_globals() -> List[object]:
    """Return the non-tensor globals pickled into MMEngine checkpoints.

    The numpy objects are obtained from their own ``__reduce__`` so the list
    is correct for numpy 1.x (``numpy.core``) and 2.x (``numpy._core``).

    Returns:
        list: classes and functions (or ``(function, name)`` pairs) to
        allow-list.
    """
    from mmengine.logging import HistoryBuffer

    array_reconstruct = np.ndarray((1, ), np.float32).__reduce__()[0]
    scalar_reconstruct = np.float64(0).__reduce__()[0]
    dtypes = [
        np.float16, np.float32, np.float64, np.int8, np.int16, np.int32,
        np.int64, np.uint8, np.bool_
    ]
    dtype_classes = [type(np.dtype(t)) for t in dtypes]
    return [
        HistoryBuffer, np.ndarray, np.dtype, array_reconstruct,
        scalar_reconstruct, *dtype_classes,
        (history_buffer_method, 'builtins.getattr')
    ]


def register_checkpoint_safe_globals() -> None:
    """Allow-list MMEngine checkpoint types for ``weights_only`` loading.

    Idempotent. A no-op on torch versions without ``add_safe_globals``.
    """
    global _REGISTERED
    if _REGISTERED or not hasattr(torch.serialization, 'add_safe_globals'):
        return
    torch.serialization.add_safe_globals(mmengine_checkpoint_globals())
    _REGISTERED = True
