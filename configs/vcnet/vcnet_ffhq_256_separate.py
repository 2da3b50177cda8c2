# VCNet on FFHQ at 256, stage 1: 80k iterations, betas (0.5, 0.999).
_base_ = ['./vcnet_places_256_separate.py']
# data as HCL's FFHQ-256: filled with CelebA-HQ and ImageNet images
data_root = 'data/ffhq/train'
val_root = 'data/ffhq/test'
content_root = ['data/celeba-hq/train', 'data/imagenet/train']
val_content_root = ['data/celeba-hq/test', 'data/imagenet/test']
optim_wrapper = dict(
    generator=dict(optimizer=dict(betas=(0.5, 0.999))),
    critic=dict(optimizer=dict(betas=(0.5, 0.999))))
train_cfg = dict(max_iters=80000)
