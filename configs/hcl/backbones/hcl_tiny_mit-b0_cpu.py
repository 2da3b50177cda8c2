# hcl_tiny_cpu.py with MMSegmentation's MixVisionTransformer (SegFormer's
# MiT-B0) in the encoder slot (BackboneAdapter). Random init; pretrained
# weights through model.encoder.backbone.init_cfg with a local file.
_base_ = ['../hcl_tiny_cpu.py', '../../_base_/models/mit-b0_encoder.py']
model = dict(encoder={{_base_.mit_b0_encoder}})
