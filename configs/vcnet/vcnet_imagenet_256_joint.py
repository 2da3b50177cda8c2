# VCNet on ImageNet at 256, stage 2 (joint, lr 1e-5, batch 4, 150k).
_base_ = ['./vcnet_places_256_joint.py']
# data as HCL's ImageNet-256: filled with Places images
data_root = 'data/imagenet/train'
val_root = 'data/imagenet/valid'
content_root = 'data/places/train'
val_content_root = 'data/places/val'
load_from = 'work_dirs/vcnet_imagenet_256_separate/iter_150000.pth'
