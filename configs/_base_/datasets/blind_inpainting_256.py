# Blind inpainting data as released: clean images from a folder, corrupted on
# the fly by irregular / free-form holes filled with other images (paper
# Eq. 1, PIL blur radius 3), packed for HCLInpaintor. Set the roots with
# --cfg-options train_dataloader.dataset.data_root=... (and the content root
# in the pipelines, or a child config that redefines `noise_root`).
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
    dict(type='PackCorruptionInputs'),
]
val_pipeline = [
    dict(type='LoadImage'),
    dict(type='ResizeShortSide', size=crop_size[0]),
    dict(type='RandomCrop', crop_size=crop_size, center=True),
    corruption,
    dict(type='PackCorruptionInputs'),
]

train_dataloader = dict(
    batch_size=3,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        type='ImageFolderDataset',
        data_root=data_root,
        skip_invalid=True,
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=3,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='ImageFolderDataset',
        data_root=val_root,
        seed=3407,
        test_mode=True,
        pipeline=val_pipeline))
test_dataloader = val_dataloader

# The released evaluation protocol (per image, then mean; overall and per
# corrupted-ratio bin): mask Acc/F1/IoU/BCE per stage and class, and
# PSNR/SSIM/MAE of the restored image. LPIPS: RestorationMetric(
# lpips_alexnet='checkpoints/alexnet-owt-7be5be79.pth'); FID: FIDMetric.
val_evaluator = [
    dict(type='CorruptionMaskMetric'),
    dict(type='RestorationMetric'),
]
test_evaluator = val_evaluator
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
