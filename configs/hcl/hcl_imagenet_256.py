# HCL on ImageNet at 256x256, phase 1 (released ImageNet-256 settings).
_base_ = ['./hcl_places_256.py']
model = dict(
    loss_perceptual=dict(loss_weight=0.001),
    loss_perceptual_refined=dict(
        loss_weight=0.001, layer_weights=dict(relu4_2=1., relu5_2=1.)))
# ImageNet filled with Places images, as released (the release's
# validation folder is named 'valid')
data_root = 'data/imagenet/train'
val_root = 'data/imagenet/valid'
content_root = 'data/places/train'
val_content_root = 'data/places/val'
