# VCNet on FFHQ at 256, stage 1: 80k iterations, betas (0.5, 0.999).
_base_ = ['./vcnet_places_256_separate.py']
train_dataloader = dict(dataset=dict(data_root='data/ffhq/train'))
val_dataloader = dict(dataset=dict(data_root='data/ffhq/val'))
optim_wrapper = dict(
    generator=dict(optimizer=dict(betas=(0.5, 0.999))),
    critic=dict(optimizer=dict(betas=(0.5, 0.999))))
train_cfg = dict(max_iters=80000)
