# HCL on CelebA-HQ at 256x256. The release has no CelebA-HQ config; faces use
# the FFHQ settings (C = 32, 3 restarts, face loss weights).
_base_ = ['./hcl_ffhq_256.py']
# by analogy with FFHQ: filled with FFHQ and ImageNet images
data_root = 'data/celeba-hq/train'
val_root = 'data/celeba-hq/val'
content_root = ['data/ffhq/train', 'data/imagenet/train']
val_content_root = ['data/ffhq/test', 'data/imagenet/valid']
