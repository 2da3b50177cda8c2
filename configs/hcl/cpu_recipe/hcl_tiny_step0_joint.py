# CPU recipe, step 0 (the first shipped demo model, 2026-11-22): all of
# hcl_tiny_cpu trained jointly, 4000 iterations, on pasted image content,
# graffiti, text and logos; the shipped model continues from these weights
# with steps 1-3 (docs/training_recipe.md, model card in docs/model_zoo.md).
#   python tools/misc/split_photos.py PHOTOS data/photos_split
#   python tools/train.py configs/hcl/cpu_recipe/hcl_tiny_step0_joint.py
_base_ = ['../hcl_tiny_cpu.py']

photos = 'data/photos_split'
logos = '{{ fileDirname }}/../../../hcl_mm/data/logos'
crop_size = (128, 128)

corruption = dict(
    type='CorruptImage',
    masks=[
        dict(type='IrregularMask', ratio_range=(0.1, 0.5)),
        dict(type='FreeFormMask', ratio_range=(0.1, 0.5)),
    ],
    contents=[
        dict(type='ImageContent', data_root=photos + '/train'),
        dict(type='GraffitiOverlay', ratio_range=(0.05, 0.4)),
        dict(type='TextOverlay', ratio_range=(0.05, 0.4)),
        dict(type='LogoOverlay', data_root=logos, ratio_range=(0.05, 0.4)),
    ],
    smooth_radius=3)
train_pipeline = [
    dict(type='LoadImage'),
    dict(type='ResizeShortSide', size=256),
    dict(type='RandomCrop', crop_size=crop_size),
    corruption,
    dict(type='PackCorruptionInputs'),
]
val_pipeline = [
    dict(type='LoadImage'),
    dict(type='ResizeShortSide', size=256),
    dict(type='RandomCrop', crop_size=(256, 256), center=True),
    corruption,
    dict(type='PackCorruptionInputs'),
]
train_dataloader = dict(
    dataset=dict(data_root=photos + '/train', pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,
    dataset=dict(data_root=photos + '/val', pipeline=val_pipeline))
test_dataloader = val_dataloader

train_cfg = dict(max_iters=4000, val_interval=4000)
default_hooks = dict(
    logger=dict(interval=50), checkpoint=dict(interval=500, max_keep_ckpts=1))
