# Copyright (c) hcl_mm contributors. All rights reserved.
"""tools/deployment/pytorch2onnx.py: both graphs export, and the ONNX path
(onnxruntime + torch clustering) gives PyTorch's masks and images."""
import importlib.util
import os.path as osp

import pytest
import torch
from conftest import REPO

pytest.importorskip('onnxruntime')
spec = importlib.util.spec_from_file_location(
    'pytorch2onnx', osp.join(REPO, 'tools', 'deployment', 'pytorch2onnx.py'))
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)


def test_export_and_parity_with_pytorch(tmp_path, capsys):
    """The shipped model (random weights cluster near-identical embeddings,
    where any rounding flips pixels) on a shipped example."""
    out = str(tmp_path / 'onnx')
    tool.main([out, '--shape', '64', '96', '--verify', '--threads', '1'])
    log = capsys.readouterr().out
    assert 'masks identical on 100.00% of pixels' in log
    assert 'summary: ONNX export matches PyTorch' in log
    assert osp.isfile(osp.join(out, 'embed.onnx'))
    # the graphs are for the exported size only
    from hcl_mm.deployment import ONNXBlindRestorer
    model = tool.load_model(
        osp.join(REPO, 'configs', 'hcl', 'hcl_tiny_cpu.py'), '')  # any head
    runner = ONNXBlindRestorer(
        osp.join(out, 'embed.onnx'), osp.join(out, 'restore.onnx'),
        model.mask_detector)
    assert runner.size == (64, 96)
    with pytest.raises(ValueError, match='exported'):
        runner(torch.zeros(1, 3, 64, 64))
    res = runner(torch.zeros(1, 3, 64, 96))
    assert res['restored'].shape == (1, 3, 64, 96)
    assert res['clean_mask'].shape == (1, 1, 64, 96)
