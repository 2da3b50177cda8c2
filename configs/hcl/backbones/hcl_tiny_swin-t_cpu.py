# hcl_tiny_cpu.py with MMSegmentation's Swin-T in the encoder slot
# (BackboneAdapter; its first three stages, the fourth would feed nothing).
# Random init; pretrained weights through
# model.encoder.backbone.init_cfg with a local file.
_base_ = ['../hcl_tiny_cpu.py']
model = dict(
    encoder=dict(
        _delete_=True,
        type='BackboneAdapter',
        backbone=dict(
            type='mmseg.SwinTransformer',
            embed_dims=96,
            depths=[2, 2, 6],
            num_heads=[3, 6, 12],
            window_size=7,
            out_indices=(0, 1, 2)),
        in_channels=(96, 192, 384),
        embed_dims={{_base_.embed_dims}}))
