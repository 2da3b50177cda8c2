# Blind inpainting data as released: clean images from a folder, corrupted on
# the fly by NVIDIA irregular masks (white = hole) filled with images of
# another dataset (paper Eq. 1, PIL blur radius 3), packed for HCLInpaintor.
#
# Every root is set once, here, and the pipelines refer to it by name
# ('${name}', resolved by hcl_mm.HCLRunner after all overrides), so a child
# config or `--cfg-options data_root=... content_root=...` reaches the train,
# val and test pipelines. Layout: docs/get_started.md ("Data layout").
crop_size = (256, 256)
data_root = 'data/places/train'  # clean training images
val_root = 'data/places/val'  # clean validation images
test_root = '${val_root}'  # tools/test.py (frozen splits: configs/hcl/eval)
# hole content: images of another dataset (a folder or a list of folders)
content_root = 'data/imagenet/train'
val_content_root = 'data/imagenet/valid'
# NVIDIA irregular masks (train: every area bin, 8 flips/rotations each)
mask_root = 'data/nvidia_masks/train'
val_mask_root = 'data/nvidia_masks/test'

# The corruption, named once. A child replaces it whole with
# `corruption = dict(_delete_=True, type='CorruptImage', ...)` (MMEngine
# merges dicts key by key otherwise); `val_corruption = '${corruption}'`
# makes validation use the same one.
corruption = dict(
    type='CorruptImage',
    masks=dict(type='FileMask', path='${mask_root}', hole_is_white=True),
    contents=dict(type='ImageContent', data_root='${content_root}'),
    smooth_radius=3)
val_corruption = dict(
    type='CorruptImage',
    masks=dict(type='FileMask', path='${val_mask_root}', hole_is_white=True),
    contents=dict(type='ImageContent', data_root='${val_content_root}'),
    smooth_radius=3)

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

train_dataloader = dict(
    batch_size=3,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        type='ImageFolderDataset',
        data_root='${data_root}',
        skip_invalid=True,
        pipeline='${train_pipeline}'))
val_dataloader = dict(
    batch_size=3,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='ImageFolderDataset',
        data_root='${val_root}',
        seed=3407,
        test_mode=True,
        pipeline='${val_pipeline}'))
test_dataloader = dict(
    val_dataloader,
    dataset=dict(val_dataloader['dataset'], data_root='${test_root}'))

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
