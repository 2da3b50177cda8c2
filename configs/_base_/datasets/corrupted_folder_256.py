# Clean images from a folder, corrupted on the fly (paper Eq. 1): masks from
# the irregular and free-form generators, content from another image folder
# (the paper's training setting). Replace the roots with --cfg-options, e.g.
#   train_dataloader.dataset.data_root=data/places/train
#   noise_root=data/imagenet/train
crop_size = (256, 256)
data_root = 'data/images'
noise_root = data_root
val_root = data_root

corruption = dict(
    type='CorruptImage',
    masks=[
        dict(type='IrregularMask', ratio_range=(0.0, 0.6)),
        dict(type='FreeFormMask', ratio_range=(0.0, 0.6)),
    ],
    contents=dict(type='ImageContent', data_root=noise_root),
    smooth_radius=3)

train_pipeline = [
    dict(type='LoadImage'),
    dict(type='ResizeShortSide', size=crop_size[0]),
    dict(type='RandomCrop', crop_size=crop_size),
    corruption,
    dict(type='mmseg.PackSegInputs'),
]
# Deterministic: the val dataset's seed fixes every corruption per image.
val_pipeline = [
    dict(type='LoadImage'),
    dict(type='ResizeShortSide', size=crop_size[0]),
    dict(type='RandomCrop', crop_size=crop_size, center=True),
    corruption,
    dict(type='mmseg.PackSegInputs'),
]

train_dataloader = dict(
    batch_size=4,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        type='ImageFolderDataset',
        data_root=data_root,
        skip_invalid=True,
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='ImageFolderDataset',
        data_root=val_root,
        seed=3407,
        test_mode=True,
        pipeline=val_pipeline))
test_dataloader = val_dataloader
