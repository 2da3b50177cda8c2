# HCL on FFHQ at 256x256, phase 1 (released FFHQ-256 settings): C = 32,
# 3 K-means restarts, lambda_rec 0.1, lambda_perc 1, generator lr 1e-3.
_base_ = ['./hcl_places_256.py']
embed_dims = 32
model = dict(
    encoder=dict(embed_dims=embed_dims),
    mask_detector=dict(
        in_channels=(embed_dims, 2 * embed_dims, 4 * embed_dims),
        kmeans_restarts=3),
    decoder=dict(embed_dims=embed_dims),
    loss_rec=dict(loss_weight=0.1),
    loss_rec_refined=dict(loss_weight=0.1),
    loss_perceptual=dict(loss_weight=1.0),
    loss_perceptual_refined=dict(
        loss_weight=1.0, layer_weights=dict(relu4_2=1., relu5_2=1.)))
optim_wrapper = dict(generator=dict(optimizer=dict(lr=1e-3)))
# FFHQ filled with CelebA-HQ and ImageNet images (pooled: ImageNet
# dominates by count), as released; FFHQ has no validation split
data_root = 'data/ffhq/train'
val_root = 'data/ffhq/test'
content_root = ['data/celeba-hq/train', 'data/imagenet/train']
val_content_root = ['data/celeba-hq/test', 'data/imagenet/test']
default_hooks = dict(checkpoint=dict(interval=1000))
