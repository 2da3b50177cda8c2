# CPU-scale recipe, step 1p: step 1o on batches of 8 crops of 128 px,
# cut after the corruption (glyphs, strokes and logos keep the 256 photo's
# scale), in place of 2 whole 256 photos: the same pixels per step, from
# four times as many photos. Offline, on cached detections, the refiner
# learned text's edges from 8 crops of 128 and not from 2 photos of 256.
# Here (1200 iterations, 19 min on two threads; the detector sees the
# crop) its band BCE stayed at 0.35-0.37: text 0.765 (0.760 shipped),
# pasted content -0.016 (measured, not shipped; docs/benchmarks.md, "Steps
# 1o and 1p"):
#   python tools/train.py \
#       configs/hcl/cpu_recipe/*mit-b0_finetune_boundary_image_crops.py \
#       --cfg-options load_from=hcl_mm/data/checkpoints/hcl_tiny_demo.pth
_base_ = ['./hcl_tiny_mix_detector_mit-b0_finetune_boundary_image.py']

train_pipeline = [
    dict(type='LoadImage'),
    dict(type='ResizeShortSide', size=256),
    dict(type='RandomCrop', crop_size=(256, 256)),
    '${corruption}',
    {{_base_.jpeg}},
    dict(type='RandomCrop', crop_size=(128, 128)),
    dict(type='PackCorruptionInputs'),
]
train_dataloader = dict(batch_size=8)
