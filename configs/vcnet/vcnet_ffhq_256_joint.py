# VCNet on FFHQ at 256, stage 2 (joint, lr 1e-5, batch 4, betas (0.5, 0.9),
# 150k iterations).
_base_ = ['./vcnet_places_256_joint.py']
# data as HCL's FFHQ-256: filled with CelebA-HQ and ImageNet images
data_root = 'data/ffhq/train'
val_root = 'data/ffhq/test'
content_root = ['data/celeba-hq/train', 'data/imagenet/train']
val_content_root = ['data/celeba-hq/test', 'data/imagenet/test']
load_from = 'work_dirs/vcnet_ffhq_256_separate/iter_80000.pth'
