# HCL on Places2 at 512x512, phase 1 (released Places-512 settings): one
# stride-2 conv stage before and one bilinear-up conv stage after the same
# transformer trunk, so attention and clustering run at 256/128/64.
# Holes from the NVIDIA masks filled with ImageNet images, as released.
#   python tools/train.py configs/hcl/hcl_places_512.py [--cfg-options \
#     data_root=data/places512/train val_root=data/places512/val]
_base_ = [
    '../_base_/models/hcl.py', '../_base_/datasets/blind_inpainting_512.py',
    '../_base_/schedules/hcl_phase1.py', '../_base_/default_runtime.py'
]
num_conv_stages = 1
model = dict(
    encoder=dict(num_conv_stages=num_conv_stages),
    decoder=dict(num_conv_stages=num_conv_stages),
    loss_perceptual_refined=dict(layer_weights=dict(relu4_2=1., relu5_2=1.)))
lr_generator = 1e-4
optim_wrapper = dict(generator=dict(optimizer=dict(lr=lr_generator)))
default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(interval=5000, max_keep_ckpts=3))
