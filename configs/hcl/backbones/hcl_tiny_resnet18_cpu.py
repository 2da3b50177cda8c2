# hcl_tiny_cpu.py with MMSegmentation's ResNetV1c-18 in the encoder slot
# (BackboneAdapter: its stride-4/8/16 outputs mapped to HCL's three scales;
# only those three stages are built, the stride-32 one would feed nothing).
# Random init here; for ImageNet weights set
# model.encoder.backbone.init_cfg=dict(type='Pretrained', checkpoint=LOCAL)
# (a local file: nothing is downloaded).
_base_ = ['../hcl_tiny_cpu.py']
model = dict(
    encoder=dict(
        _delete_=True,
        type='BackboneAdapter',
        backbone=dict(
            type='mmseg.ResNetV1c',
            depth=18,
            num_stages=3,
            strides=(1, 2, 2),
            dilations=(1, 1, 1),
            out_indices=(0, 1, 2),
            norm_cfg=dict(type='BN', requires_grad=True)),
        in_channels=(64, 128, 256),
        embed_dims={{_base_.embed_dims}}))
