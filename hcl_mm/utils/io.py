# Copyright (c) hcl_mm contributors. All rights reserved.
import os
import os.path as osp
import tempfile

import cv2
import numpy as np


def write_image_atomic(path: str, img: np.ndarray) -> None:
    """Write an image so that ``path`` is either absent or complete.

    Encoded in memory (format from the extension), written to a temporary
    file in the same folder, then renamed into place.

    Args:
        path (str): destination (its folder is created).
        img (numpy.ndarray): ``uint8`` BGR / grey image, OpenCV order.

    Raises:
        OSError: encoding or writing failed, naming ``path``.
    """
    try:
        ok, buf = cv2.imencode(osp.splitext(path)[1] or '.png', img)
    except cv2.error as e:  # e.g. an extension OpenCV has no encoder for
        raise OSError(f'cannot encode an image for {path}: '
                      f'{str(e).strip().splitlines()[-1]}') from e
    if not ok:
        raise OSError(f'cannot encode an image for {path}')
    write_bytes_atomic(path, buf.tobytes())


def write_bytes_atomic(path: str, data: bytes) -> None:
    """Write ``data`` so that ``path`` is either absent or complete: a
    temporary file in the same folder (created if needed), renamed into
    place, with the permissions a plain ``open()`` would give.

    Raises:
        OSError: writing failed (nothing is left behind).
    """
    folder = osp.dirname(osp.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        dir=folder, prefix='.tmp-', suffix=osp.splitext(path)[1])
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
        # mkstemp creates 0600; give the file the permissions a plain
        # open() would (0666 minus the umask)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        if osp.exists(tmp):
            os.remove(tmp)
        raise
