# The blind-inpainting data of blind_inpainting_256.py packed for
# MMSegmentation (corrupted = class 0, clean = class 1): the input of the
# Segmenter detector baselines. Replace the roots with --cfg-options, e.g.
#   train_dataloader.dataset.data_root=data/places/train
_base_ = ['./blind_inpainting_256.py']
train_pipeline = [
    dict(type='LoadImage'),
    dict(type='ResizeShortSide', size=256),
    dict(type='RandomCrop', crop_size=(256, 256)),
    {{_base_.corruption}},
    dict(type='mmseg.PackSegInputs'),
]
# Deterministic: the val dataset's seed fixes every corruption per image.
val_pipeline = [
    dict(type='LoadImage'),
    dict(type='ResizeShortSide', size=256),
    dict(type='RandomCrop', crop_size=(256, 256), center=True),
    {{_base_.corruption}},
    dict(type='mmseg.PackSegInputs'),
]
train_dataloader = dict(
    batch_size=4, num_workers=2, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1, num_workers=2, dataset=dict(pipeline=val_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(
    _delete_=True, type='mmseg.IoUMetric', iou_metrics=['mIoU', 'mFscore'])
test_evaluator = val_evaluator
