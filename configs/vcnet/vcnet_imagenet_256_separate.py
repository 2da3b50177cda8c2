# VCNet on ImageNet at 256, stage 1: as Places (150k, betas (0.5, 0.9)).
_base_ = ['./vcnet_places_256_separate.py']
# data as HCL's ImageNet-256: filled with Places images
data_root = 'data/imagenet/train'
val_root = 'data/imagenet/valid'
content_root = 'data/places/train'
val_content_root = 'data/places/val'
