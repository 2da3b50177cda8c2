# The built-in demo job: the Segmenter corruption detector trained for a few
# hundred iterations on the 32 photos shipped in hcl_mm/data/photos/train
# (noise content from the same photos), validated on the 8 photos of val/.
# Runs on a 2-core CPU in a few minutes. README's first command.
_base_ = ['./segmenter_vit-t_mask_4xb4-40k_corrupted-256x256.py']

data_root = '{{ fileDirname }}/../../hcl_mm/data/photos/train'
val_root = '{{ fileDirname }}/../../hcl_mm/data/photos/val'
model = dict(backbone=dict(num_layers=4), decode_head=dict(num_layers=1))

# holes filled with other training photos, for train and val alike; the
# roots and this corruption reach every pipeline of the base
content_root = data_root
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
    dict(type='RandomCrop', crop_size=(256, 256)),
    '${corruption}',
    dict(type='mmseg.PackSegInputs'),
]
val_pipeline = [
    dict(type='LoadImage'),
    dict(type='RandomCrop', crop_size=(256, 256), center=True),
    '${val_corruption}',
    dict(type='mmseg.PackSegInputs'),
]
train_dataloader = dict(batch_size=4, num_workers=1)
val_dataloader = dict(num_workers=1)
test_dataloader = dict(num_workers=1)

optim_wrapper = dict(optimizer=dict(lr=3e-4))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.05, by_epoch=False, begin=0, end=30),
    dict(
        type='PolyLR',
        power=1.0,
        eta_min=0.0,
        by_epoch=False,
        begin=30,
        end=300),
]
train_cfg = dict(max_iters=300, val_interval=100)
default_hooks = dict(logger=dict(interval=10), checkpoint=dict(interval=100))
randomness = dict(seed=0)
