# Copyright (c) hcl_mm contributors. All rights reserved.
"""Every third-party package hcl_mm imports is declared in setup.cfg
(install_requires or an extra); CI runs README's test command with the
locked test tools."""
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


def test_ci_runs_readmes_test_command_with_locked_tools():
    """CI (.ci/run) runs the test command README gives, and the lock that
    tools/install.sh installs pins every package of the ``tests`` extra
    (``-n 2`` needs pytest-xdist)."""
    with open(osp.join(REPO, 'README.md')) as f:
        (command, ) = [
            ln.strip() for ln in f
            if ln.startswith('.venv/bin/python -m pytest')
        ]
    with open(osp.join(REPO, '.ci', 'run')) as f:
        assert command in [ln.strip() for ln in f]
    cfg = configparser.ConfigParser()
    cfg.read(osp.join(REPO, 'setup.cfg'))
    tests = cfg['options.extras_require']['tests'].split()
    with open(osp.join(REPO, 'requirements', 'lock-cpu-py311.txt')) as f:
        locked = {
            ln.split('==')[0].lower()
            for ln in f if '==' in ln and not ln.startswith('#')
        }
    assert 'pytest-xdist' in tests
    assert set(tests) <= locked, set(tests) - locked
