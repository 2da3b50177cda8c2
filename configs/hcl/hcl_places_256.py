# HCL on Places2 at 256x256, phase 1 (released Places-256 settings): holes
# from the NVIDIA irregular masks filled with ImageNet images, as released.
#   python tools/train.py configs/hcl/hcl_places_256.py [--cfg-options \
#     data_root=data/places/train val_root=data/places/val \
#     content_root=data/imagenet/train mask_root=data/nvidia_masks/train]
# (every pipeline's roots: configs/_base_/datasets/blind_inpainting_256.py;
# layout: docs/get_started.md, "Data layout")
# Effective batch 12 as released: tools/dist_train.sh CONFIG 4 (3 per GPU).
_base_ = [
    '../_base_/models/hcl.py', '../_base_/datasets/blind_inpainting_256.py',
    '../_base_/schedules/hcl_phase1.py', '../_base_/default_runtime.py'
]

default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(interval=5000, max_keep_ckpts=3))
