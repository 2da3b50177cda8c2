# Copyright (c) hcl_mm contributors. All rights reserved.
"""ONNX deployment of HCL: the two networks as ONNX graphs, clustering in
plain torch around them (tools/deployment/pytorch2onnx.py)."""
from .onnx_blind_restorer import ONNXBlindRestorer
from .onnx_modules import EmbeddingNet, RestorationNet, export_onnx

__all__ = [
    'EmbeddingNet', 'RestorationNet', 'export_onnx', 'ONNXBlindRestorer'
]
