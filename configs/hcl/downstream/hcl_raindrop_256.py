# Raindrop removal (Raindrop layout: data/<k>_rain.png, gt/<k>_clean.png).
# There is no mask file: MaskFromDifference marks the pixels where rain and
# clean images differ by more than 30 of 255 (the threshold of Qian et al.,
# CVPR 2018), dilated by 1 px to close the drops' rims. Phase-2 settings,
# 40k iterations, from a blind-inpainting checkpoint.
#   tools/dist_train.sh configs/hcl/downstream/hcl_raindrop_256.py 2 \
#       --cfg-options \
#     load_from=work_dirs/hcl_places_256_phase2/iter_100000.pth
_base_ = ['../hcl_places_256.py']
model = dict(train_cfg=dict(phase=2))
data_root = 'data/raindrop'
load_pair = [
    dict(type='LoadImage'),
    dict(type='LoadImage', key='gt_path', out_key='gt_img'),
    dict(type='MaskFromDifference', threshold=30, dilate=1),
]
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='RaindropDataset',
        data_root=data_root,
        split='train',
        pipeline=load_pair + [
            dict(type='RandomCrop', crop_size=(256, 256)),
            dict(type='PackCorruptionInputs')
        ]))
val_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='RaindropDataset',
        data_root=data_root,
        split='test_a',
        test_mode=True,
        pipeline=load_pair + [
            dict(type='ResizeShortSide', size=256),
            dict(type='RandomCrop', crop_size=(256, 256), center=True),
            dict(type='PackCorruptionInputs')
        ]))
test_dataloader = val_dataloader
train_cfg = dict(max_iters=40000)
load_from = 'work_dirs/hcl_places_256_phase2/iter_100000.pth'
