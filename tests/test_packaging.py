# Copyright (c) hcl_mm contributors. All rights reserved.
"""Every third-party package hcl_mm imports is declared in setup.cfg
(install_requires or an extra)."""
import ast
import configparser
import os
import os.path as osp
import re
import sys

from conftest import REPO

# import name -> distribution name, where they differ
DIST = {
    'PIL': 'pillow',
    'cv2': 'opencv-python',
    'mmseg': 'mmsegmentation',
    'torch_fidelity': 'torch-fidelity',
}


def imported_packages():
    names = set()
    for root, _, files in os.walk(osp.join(REPO, 'hcl_mm')):
        for f in files:
            if not f.endswith('.py'):
                continue
            with open(osp.join(root, f)) as fh:
                tree = ast.parse(fh.read())
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names.update(a.name.split('.')[0] for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module \
                        and not node.level:
                    names.add(node.module.split('.')[0])
    return {
        n
        for n in names if n not in sys.stdlib_module_names and n != 'hcl_mm'
    }


def declared():
    cfg = configparser.ConfigParser()
    cfg.read(osp.join(REPO, 'setup.cfg'))
    text = cfg['options']['install_requires'] + '\n' + '\n'.join(
        cfg['options.extras_require'].values())
    return {
        re.split(r'[<>=!\[ ]', line.strip())[0].lower()
        for line in text.splitlines()
        if line.strip() and not line.strip().startswith('#')
    }


def test_every_imported_package_is_declared():
    missing = {DIST.get(n, n).lower()
               for n in imported_packages()} - declared()
    assert not missing, f'imported but not declared in setup.cfg: {missing}'
