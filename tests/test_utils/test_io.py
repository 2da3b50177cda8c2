# Copyright (c) hcl_mm contributors. All rights reserved.
import os
import stat

import cv2
import numpy as np
import pytest

from hcl_mm.utils import write_image_atomic


def test_write_image_atomic_content_permissions_and_no_leftovers(tmp_path):
    img = np.arange(48, dtype=np.uint8).reshape(4, 4, 3)
    path = tmp_path / 'sub' / 'out.png'
    old = os.umask(0o022)
    try:
        write_image_atomic(str(path), img)
    finally:
        os.umask(old)
    assert np.array_equal(cv2.imread(str(path)), img)
    # as a plain open() would create it (not mkstemp's 0600)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644
    assert os.listdir(tmp_path / 'sub') == ['out.png']
    with pytest.raises(OSError, match='out.xyz'):
        write_image_atomic(str(tmp_path / 'out.xyz'), img)
    assert not [p for p in os.listdir(tmp_path) if p.startswith('.tmp-')]
