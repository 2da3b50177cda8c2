# VCNet on ImageNet at 256, stage 1: as Places (150k, betas (0.5, 0.9)).
_base_ = ['./vcnet_places_256_separate.py']
train_dataloader = dict(dataset=dict(data_root='data/imagenet/train'))
val_dataloader = dict(dataset=dict(data_root='data/imagenet/valid'))
