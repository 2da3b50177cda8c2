# As blind_inpainting_256.py at 512x512 (Places-512): the same roots and
# corruption, 512 crops.
_base_ = ['./blind_inpainting_256.py']
crop_size = (512, 512)
data_root = 'data/places512/train'
val_root = 'data/places512/val'
train_pipeline = [
    dict(type='LoadImage'),
    dict(type='ResizeShortSide', size=crop_size[0]),
    dict(type='RandomCrop', crop_size=crop_size),
    '${corruption}',
    dict(type='PackCorruptionInputs'),
]
val_pipeline = [
    dict(type='LoadImage'),
    dict(type='ResizeShortSide', size=crop_size[0]),
    dict(type='RandomCrop', crop_size=crop_size, center=True),
    '${val_corruption}',
    dict(type='PackCorruptionInputs'),
]
