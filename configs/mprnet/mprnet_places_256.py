# MPRNet (Zamir et al., CVPR 2021) trained blind on Places at 256: the HCL
# paper's Table 3 baseline. Same data as HCL's Places-256 (NVIDIA masks
# filled with ImageNet images, roots in configs/_base_/datasets/); corrupted
# image in, clean image out, no mask. Widths of the paper's denoising model
# (C = 80, +48 per U-Net level, +32 for ORSNet, 8 CABs per block); Adam
# 2e-4 with cosine decay to 1e-6 as in the MPRNet paper; its batch (16) over
# 4 GPUs: tools/dist_train.sh configs/mprnet/mprnet_places_256.py 4.
# The HCL paper gives no MPRNet schedule; 100k iterations is our choice.
_base_ = [
    '../_base_/datasets/blind_inpainting_256.py',
    '../_base_/default_runtime.py'
]
model = dict(
    type='MPRNetRestorer',
    net=dict(
        type='MPRNet', channels=80, unet_extra=48, orsnet_extra=32, num_cab=8),
    loss_rec=dict(type='mmagic.CharbonnierLoss', eps=1e-6),
    loss_edge=dict(type='EdgeLoss', eps=1e-3, loss_weight=0.05))
train_dataloader = dict(batch_size=4)
max_iters = 100000
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='Adam', lr=2e-4, betas=(0.9, 0.999), eps=1e-8))
param_scheduler = [
    dict(
        type='CosineAnnealingLR',
        T_max=max_iters,
        eta_min=1e-6,
        by_epoch=False,
        begin=0,
        end=max_iters)
]
train_cfg = dict(
    type='IterBasedTrainLoop', max_iters=max_iters, val_interval=5000)
default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(interval=5000, max_keep_ckpts=3))
