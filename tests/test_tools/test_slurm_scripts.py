# Copyright (c) hcl_mm contributors. All rights reserved.
"""tools/slurm_{train,test}.sh hand srun the interpreter named by PYTHON."""
import os
import subprocess

import pytest
from conftest import REPO


@pytest.mark.parametrize('script,args', [
    ('slurm_train.sh', ['part', 'job', 'cfg.py', 'work']),
    ('slurm_test.sh', ['part', 'job', 'cfg.py', 'ckpt.pth']),
])
def test_slurm_scripts_honour_python(script, args, tmp_path):
    bin_dir = tmp_path / 'bin'
    bin_dir.mkdir()
    record = tmp_path / 'srun_args'
    srun = bin_dir / 'srun'
    srun.write_text(f'#!/bin/sh\necho "$@" > {record}\n')
    srun.chmod(0o755)
    env = dict(
        os.environ,
        PATH=f'{bin_dir}:{os.environ["PATH"]}',
        PYTHON='/opt/my/python3')
    subprocess.run(['bash', f'tools/{script}', *args],
                   cwd=REPO,
                   env=env,
                   check=True,
                   capture_output=True)
    called = record.read_text()
    assert '/opt/my/python3 -u' in called and 'cfg.py' in called
