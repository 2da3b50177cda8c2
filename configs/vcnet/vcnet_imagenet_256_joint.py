# VCNet on ImageNet at 256, stage 2 (joint, lr 1e-5, batch 4, 150k).
_base_ = ['./vcnet_places_256_joint.py']
train_dataloader = dict(dataset=dict(data_root='data/imagenet/train'))
val_dataloader = dict(dataset=dict(data_root='data/imagenet/valid'))
load_from = 'work_dirs/vcnet_imagenet_256_separate/iter_150000.pth'
