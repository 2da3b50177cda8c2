# HCL on Places2 at 256x256, phase 1 (released Places-256 settings).
#   python tools/train.py configs/hcl/hcl_places_256.py --cfg-options \
#     train_dataloader.dataset.data_root=data/places/train \
#     val_dataloader.dataset.data_root=data/places/val
# Effective batch 12 as released: tools/dist_train.sh CONFIG 4 (3 per GPU).
_base_ = [
    '../_base_/models/hcl.py', '../_base_/datasets/blind_inpainting_256.py',
    '../_base_/schedules/hcl_phase1.py', '../_base_/default_runtime.py'
]
data_root = 'data/places/train'
train_dataloader = dict(dataset=dict(data_root=data_root))

default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(interval=5000, max_keep_ckpts=3))
