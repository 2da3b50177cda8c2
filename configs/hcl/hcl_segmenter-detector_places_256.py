# HCL's restoration network with MMSegmentation's Segmenter (ViT-T, mask
# transformer) as the mask detector instead of the hierarchical contrastive
# head: the paper's Table 2 comparison, by swapping one config entry.
_base_ = ['./hcl_places_256.py']
crop_size = (256, 256)
segmenter = dict(
    type='EncoderDecoder',
    backbone=dict(
        type='VisionTransformer',
        img_size=crop_size,
        patch_size=16,
        in_channels=3,
        embed_dims=192,
        num_layers=12,
        num_heads=3,
        drop_path_rate=0.1,
        final_norm=True,
        norm_cfg=dict(type='LN', eps=1e-6, requires_grad=True),
        with_cls_token=True,
        interpolate_mode='bicubic'),
    decode_head=dict(
        type='SegmenterMaskTransformerHead',
        in_channels=192,
        channels=192,
        num_classes=2,
        num_layers=2,
        num_heads=3,
        embed_dims=192,
        dropout_ratio=0.0,
        loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False)))
model = dict(
    mask_detector=dict(
        _delete_=True,
        type='MMSegMaskDetector',
        segmentor=segmenter,
        corrupted_index=0,
        class_weight=(2.0, 1.0)))
