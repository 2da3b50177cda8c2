# Shadow removal (ISTD layout): fine-tune a blind-inpainting HCL on
# (shadow image, shadow mask, shadow-free image) triplets, 256 crops of the
# 640x480 images. The shadow is the "corrupted" region: the contrastive
# head learns to find it, decoder and refiner to lift it. Phase-2 settings
# (predicted masks into the restoration network), 40k iterations (the
# length VCNet's re-implementation uses for its downstream runs).
#   tools/dist_train.sh configs/hcl/downstream/hcl_istd_256.py 2 \
#       --cfg-options \
#     load_from=work_dirs/hcl_places_256_phase2/iter_100000.pth
_base_ = ['../hcl_places_256.py']
model = dict(train_cfg=dict(phase=2))
data_root = 'data/ISTD'
train_pipeline = [
    dict(type='LoadImage'),
    dict(type='LoadImage', key='gt_path', out_key='gt_img'),
    dict(type='LoadMask', hole_is_white=True),
    dict(type='RandomCrop', crop_size=(256, 256)),
    dict(type='PackCorruptionInputs'),
]
test_pipeline = [
    dict(type='LoadImage'),
    dict(type='LoadImage', key='gt_path', out_key='gt_img'),
    dict(type='LoadMask', hole_is_white=True),
    dict(type='ResizeShortSide', size=256),
    dict(type='RandomCrop', crop_size=(256, 256), center=True),
    dict(type='PackCorruptionInputs'),
]
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='ISTDDataset',
        data_root=data_root,
        split='train',
        pipeline=train_pipeline))
val_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='ISTDDataset',
        data_root=data_root,
        split='test',
        test_mode=True,
        pipeline=test_pipeline))
test_dataloader = val_dataloader
train_cfg = dict(max_iters=40000)
load_from = 'work_dirs/hcl_places_256_phase2/iter_100000.pth'
