# Copyright (c) hcl_mm contributors. All rights reserved.
"""benchmarks/bench_model_speed.py times models side by side."""
import os.path as osp
import subprocess
import sys

from conftest import REPO


def test_times_each_model_and_inpainter():
    out = subprocess.run([
        sys.executable,
        osp.join(REPO, 'benchmarks',
                 'bench_model_speed.py'), '--repeats', '1', '--threads', '1',
        '--inpainters', 'telea', 'model', '--precisions', 'fp32'
    ],
                         capture_output=True,
                         text=True,
                         check=True).stdout
    rows = [
        ln.split('|')[1:-1] for ln in out.splitlines()
        if ln.startswith('| hcl_tiny_demo')
    ]
    assert [r[1].strip() for r in rows] == ['telea', 'model']
    assert [r[2].strip() for r in rows] == ['fp32', 'fp32']
    telea, model = (float(r[3]) for r in rows)
    assert 0 < telea < model  # the model's fill runs the decoder on top
