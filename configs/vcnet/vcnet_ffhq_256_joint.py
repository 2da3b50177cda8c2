# VCNet on FFHQ at 256, stage 2 (joint, lr 1e-5, batch 4, betas (0.5, 0.9),
# 150k iterations).
_base_ = ['./vcnet_places_256_joint.py']
train_dataloader = dict(dataset=dict(data_root='data/ffhq/train'))
val_dataloader = dict(dataset=dict(data_root='data/ffhq/val'))
load_from = 'work_dirs/vcnet_ffhq_256_separate/iter_80000.pth'
