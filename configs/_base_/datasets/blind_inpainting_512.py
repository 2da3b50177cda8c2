# As blind_inpainting_256.py at 512x512 (Places-512).
_base_ = ['./blind_inpainting_256.py']
crop_size = (512, 512)
train_pipeline = [
    dict(type='LoadImage'),
    dict(type='ResizeShortSide', size=crop_size[0]),
    dict(type='RandomCrop', crop_size=crop_size),
    {{_base_.corruption}},
    dict(type='PackCorruptionInputs'),
]
val_pipeline = [
    dict(type='LoadImage'),
    dict(type='ResizeShortSide', size=crop_size[0]),
    dict(type='RandomCrop', crop_size=crop_size, center=True),
    {{_base_.corruption}},
    dict(type='PackCorruptionInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = val_dataloader
