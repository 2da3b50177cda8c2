# MMSegmentation's MixVisionTransformer (SegFormer's MiT-B0: widths 32/64/160,
# two blocks per stage) in HCL's encoder slot: its first three stages
# projected by BackboneAdapter to the tiny configs' widths (C = 16: 16/32/64).
# Only those three stages are built (num_stages=3): MiT-B0's fourth (stride
# 32, 2.0 M parameters) would run and be stored without feeding HCL.
# A fragment: a config lists it among its bases and sets
#   model = dict(encoder={{_base_.mit_b0_encoder}})
# (it replaces the base's encoder). Random init; pretrained weights through
# backbone.init_cfg with a local file.
mit_b0_encoder = dict(
    _delete_=True,
    type='BackboneAdapter',
    backbone=dict(
        type='mmseg.MixVisionTransformer',
        in_channels=3,
        embed_dims=32,
        num_stages=3,
        num_layers=[2, 2, 2],
        num_heads=[1, 2, 5],
        patch_sizes=[7, 3, 3],
        strides=[4, 2, 2],
        sr_ratios=[8, 4, 2],
        out_indices=(0, 1, 2),
        mlp_ratio=4,
        qkv_bias=True),
    in_channels=(32, 64, 160),
    embed_dims=16)
