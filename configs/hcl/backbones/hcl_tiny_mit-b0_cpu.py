# hcl_tiny_cpu.py with MMSegmentation's MixVisionTransformer (SegFormer's
# MiT-B0) in the encoder slot (BackboneAdapter). Random init; pretrained
# weights through model.encoder.backbone.init_cfg with a local file.
_base_ = ['../hcl_tiny_cpu.py']
model = dict(
    encoder=dict(
        _delete_=True,
        type='BackboneAdapter',
        backbone=dict(
            type='mmseg.MixVisionTransformer',
            in_channels=3,
            embed_dims=32,
            num_stages=4,
            num_layers=[2, 2, 2, 2],
            num_heads=[1, 2, 5, 8],
            patch_sizes=[7, 3, 3, 3],
            sr_ratios=[8, 4, 2, 1],
            out_indices=(0, 1, 2),
            mlp_ratio=4,
            qkv_bias=True),
        in_channels=(32, 64, 160),
        embed_dims={{_base_.embed_dims}}))
