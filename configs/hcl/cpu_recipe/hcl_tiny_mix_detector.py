# CPU-scale recipe, step 1 of 3: detection only (docs/training_recipe.md).
# Encoder + hierarchical contrastive head + cluster classifier train alone
# (train_cfg.parts='detector': no decoder, refiner, critic or VGG), on the
# corruption mix a user meets: pasted photo content, graffiti, text,
# logos/watermarks, constant colour and noise, soft (alpha-blended) edges,
# holes of 5-50 %, half of the samples re-compressed as JPEG afterwards.
#   python tools/misc/split_photos.py PHOTOS data/photos_split
#   python tools/train.py configs/hcl/cpu_recipe/hcl_tiny_mix_detector.py
# Resumable (--resume); fine-tune from earlier weights with --cfg-options
# load_from=CKPT.
_base_ = ['../hcl_tiny_cpu.py']

photos = 'data/photos_split'
logos = '{{ fileDirname }}/../../../hcl_mm/data/logos'
crop_size = (128, 128)
# every pipeline's roots (late-bound; a --cfg-options data_root=... reaches
# them all)
data_root = photos + '/train'
val_root = photos + '/val'
content_root = data_root
val_content_root = data_root

corruption = dict(
    _delete_=True,
    type='CorruptImage',
    masks=[
        dict(type='IrregularMask', ratio_range=(0.05, 0.5)),
        dict(type='FreeFormMask', ratio_range=(0.05, 0.5)),
    ],
    contents=[
        dict(type='ImageContent', data_root='${content_root}'),
        dict(type='GraffitiOverlay', ratio_range=(0.05, 0.5)),
        dict(type='TextOverlay', ratio_range=(0.05, 0.5)),
        dict(type='LogoOverlay', data_root=logos, ratio_range=(0.05, 0.5)),
        dict(type='ConstantColor'),
        dict(type='RandomNoise'),
    ],
    # pasted content is the hardest pattern: it gets the largest share
    content_probs=[0.35, 0.15, 0.15, 0.15, 0.1, 0.1],
    smooth_radius=3)
val_corruption = '${corruption}'
jpeg = dict(type='RandomJPEGCompress', prob=0.5, quality_range=(60, 95))
train_pipeline = [
    dict(type='LoadImage'),
    dict(type='ResizeShortSide', size=256),
    dict(type='RandomCrop', crop_size=crop_size),
    '${corruption}',
    jpeg,
    dict(type='PackCorruptionInputs'),
]
val_pipeline = [
    dict(type='LoadImage'),
    dict(type='ResizeShortSide', size=256),
    dict(type='RandomCrop', crop_size=(256, 256), center=True),
    '${val_corruption}',
    jpeg,
    dict(type='PackCorruptionInputs'),
]
train_dataloader = dict(batch_size=4, num_workers=1)
val_dataloader = dict(batch_size=1)
test_dataloader = dict(batch_size=1)

model = dict(train_cfg=dict(phase=1, parts='detector'))
# only the generator's encoder + detector get gradients in this step
optim_wrapper = dict(generator=dict(optimizer=dict(lr=1e-3)))

train_cfg = dict(max_iters=20000, val_interval=100000)
val_cfg = None
val_dataloader = None
val_evaluator = None
default_hooks = dict(
    logger=dict(interval=50), checkpoint=dict(interval=500, max_keep_ckpts=2))
# curve checkpoints every 10 training minutes (minute_*.pth); a budget
# stops the run: --cfg-options custom_hooks.0.minutes=30
custom_hooks = [dict(type='TimeBudgetHook', minutes=None, save_every=10)]
