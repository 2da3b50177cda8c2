# HCL on CelebA-HQ at 256x256. The release has no CelebA-HQ config; faces use
# the FFHQ settings (C = 32, 3 restarts, face loss weights).
_base_ = ['./hcl_ffhq_256.py']
data_root = 'data/celeba-hq/train'
train_dataloader = dict(dataset=dict(data_root=data_root))
val_dataloader = dict(dataset=dict(data_root='data/celeba-hq/val'))
test_dataloader = val_dataloader
