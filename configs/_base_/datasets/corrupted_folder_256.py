# The blind-inpainting data of blind_inpainting_256.py packed for
# MMSegmentation (corrupted = class 0, clean = class 1): the input of the
# Segmenter detector baselines. Same roots as the base (--cfg-options
# data_root=... content_root=... mask_root=...).
_base_ = ['./blind_inpainting_256.py']
train_pipeline = [
    dict(type='LoadImage'),
    dict(type='ResizeShortSide', size=256),
    dict(type='RandomCrop', crop_size=(256, 256)),
    '${corruption}',
    dict(type='mmseg.PackSegInputs'),
]
# Deterministic: the val dataset's seed fixes every corruption per image.
val_pipeline = [
    dict(type='LoadImage'),
    dict(type='ResizeShortSide', size=256),
    dict(type='RandomCrop', crop_size=(256, 256), center=True),
    '${val_corruption}',
    dict(type='mmseg.PackSegInputs'),
]
train_dataloader = dict(batch_size=4, num_workers=2)
val_dataloader = dict(batch_size=1, num_workers=2)
test_dataloader = dict(batch_size=1, num_workers=2)
val_evaluator = dict(
    _delete_=True, type='mmseg.IoUMetric', iou_metrics=['mIoU', 'mFscore'])
test_evaluator = val_evaluator
