# VCNet on Places2 at 256, stage 1 ("separate": the RIN gets the ground
# truth mask): batch 8, Adam lr 1e-4, betas (0.5, 0.9), 150k iterations.
#   tools/dist_train.sh configs/vcnet/vcnet_places_256_separate.py 2
#   (4 per GPU)
_base_ = [
    '../_base_/models/vcnet.py', '../_base_/datasets/blind_inpainting_256.py',
    '../_base_/default_runtime.py'
]
# data as HCL's Places-256 (roots: configs/_base_/datasets/)
train_dataloader = dict(batch_size=8)
train_cfg = dict(
    type='IterBasedTrainLoop', max_iters=150000, val_interval=5000)
default_hooks = dict(checkpoint=dict(interval=5000, max_keep_ckpts=3))
