# Segmenter (ViT-Tiny, mask transformer head) as a corruption detector: a
# 2-class segmentation of corrupted (0) vs clean (1) pixels, hcl_mm's mask
# polarity. The baseline of the paper's Table 2 detector comparison.
# No pretrained weights (offline); set model.pretrained to a local ViT-T
# checkpoint to start from ImageNet features.
_base_ = [
    'mmseg::_base_/models/segmenter_vit-b16_mask.py',
    '../_base_/default_runtime.py',
    '../_base_/datasets/corrupted_folder_256.py',
]
crop_size = (256, 256)
data_preprocessor = dict(size=crop_size)
model = dict(
    pretrained=None,
    data_preprocessor=data_preprocessor,
    backbone=dict(
        img_size=crop_size, embed_dims=192, num_heads=3, init_cfg=None),
    decode_head=dict(
        in_channels=192,
        channels=192,
        num_heads=3,
        embed_dims=192,
        num_classes=2,
        # About 30% of the pixels are corrupted on average: without class
        # weights a from-scratch Segmenter collapses to "all clean" (seen
        # on the demo data, and mmseg#1351).
        loss_decode=dict(
            type='CrossEntropyLoss',
            use_sigmoid=False,
            loss_weight=1.0,
            class_weight=[2.0, 1.0],
            avg_non_ignore=True)),
    test_cfg=dict(mode='whole'))

optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(
        type='AdamW', lr=1e-4, betas=(0.9, 0.999), weight_decay=0.01),
    clip_grad=dict(max_norm=1.0))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0, end=500),
    dict(
        type='PolyLR',
        power=1.0,
        eta_min=0.0,
        by_epoch=False,
        begin=500,
        end=40000),
]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=40000, val_interval=4000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
val_evaluator = dict(type='mmseg.IoUMetric', iou_metrics=['mIoU', 'mFscore'])
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(interval=4000, max_keep_ckpts=3))
