# MPRNet at toy widths on the shipped photos, with the tiny HCL config's
# data (procedural holes filled with other photos): a CPU smoke/demo run.
#   python tools/train.py configs/mprnet/mprnet_tiny_cpu.py
_base_ = ['./mprnet_places_256.py']
photos = '{{ fileDirname }}/../../hcl_mm/data/photos'
crop_size = (128, 128)
data_root = photos + '/train'
val_root = photos + '/val'
content_root = data_root
val_content_root = data_root
corruption = dict(
    _delete_=True,
    type='CorruptImage',
    masks=[
        dict(type='IrregularMask', ratio_range=(0.1, 0.5)),
        dict(type='FreeFormMask', ratio_range=(0.1, 0.5)),
    ],
    contents=dict(type='ImageContent', data_root='${content_root}'),
    smooth_radius=3)
val_corruption = '${corruption}'
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
model = dict(net=dict(channels=16, unet_extra=8, orsnet_extra=8, num_cab=2))
train_dataloader = dict(batch_size=2, num_workers=1)
val_dataloader = dict(batch_size=2, num_workers=1)
test_dataloader = dict(batch_size=2, num_workers=1)
max_iters = 400
param_scheduler = [
    dict(
        type='CosineAnnealingLR',
        T_max=max_iters,
        eta_min=1e-6,
        by_epoch=False,
        begin=0,
        end=max_iters)
]
train_cfg = dict(max_iters=max_iters, val_interval=200)
default_hooks = dict(
    logger=dict(interval=20), checkpoint=dict(interval=200, max_keep_ckpts=2))
