# Copyright (c) hcl_mm contributors. All rights reserved.
"""Listing image files of a folder or of a list file."""
import os
import os.path as osp
from typing import List, Optional, Sequence

IMG_EXTENSIONS = ('.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff', '.webp',
                  '.ppm', '.pgm')


def list_images(root: str,
                ann_file: Optional[str] = None,
                recursive: bool = True,
                extensions: Sequence[str] = IMG_EXTENSIONS) -> List[str]:
    """List the image files under ``root``.

    Args:
        root (str): the folder.
        ann_file (str, optional): a text file with one path per line,
            relative to ``root`` (blank lines and ``#`` comments ignored).
            When given, exactly those files are returned in that order.
        recursive (bool): descend into sub-folders. Defaults to True.
        extensions (sequence): accepted file name suffixes (case
            insensitive).

    Returns:
        list[str]: sorted absolute paths (or the ``ann_file`` order).

    Raises:
        FileNotFoundError: ``root`` or ``ann_file`` does not exist, or files
            named in ``ann_file`` are missing.
        ValueError: no image was found.
    """
    if not osp.isdir(root):
        raise FileNotFoundError(f'image folder not found: {root}')
    exts = tuple(e.lower() for e in extensions)
    if ann_file is not None:
        if not osp.isfile(ann_file):
            raise FileNotFoundError(f'file list not found: {ann_file}')
        with open(ann_file, encoding='utf-8') as f:
            names = [line.strip() for line in f]
        names = [n for n in names if n and not n.startswith('#')]
        paths = [osp.join(root, n) for n in names]
        missing = [p for p in paths if not osp.isfile(p)]
        if missing:
            raise FileNotFoundError(
                f'{len(missing)} file(s) listed in {ann_file} do not exist '
                f'under {root}, e.g. {missing[:3]}')
    elif recursive:
        paths = []
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
            dirnames.sort()
            paths.extend(
                osp.join(dirpath, f) for f in filenames
                if f.lower().endswith(exts) and not f.startswith('.'))
        paths.sort()
    else:
        paths = sorted(
            osp.join(root, f) for f in os.listdir(root)
            if f.lower().endswith(exts) and not f.startswith('.')
            and osp.isfile(osp.join(root, f)))
    if not paths:
        raise ValueError(f'no image files ({", ".join(exts)}) found in '
                         f'{ann_file or root}')
    return [osp.abspath(p) for p in paths]
