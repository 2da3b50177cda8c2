# VCNet on Places2 at 256, stage 2 ("joint": the RIN gets the predicted
# mask, the MPN loss weighs 2): from the separate stage, batch 4, lr 1e-5
# for every network, betas (0.5, 0.9), 150k iterations.
_base_ = ['./vcnet_places_256_separate.py']
model = dict(train_cfg=dict(stage='joint'))
load_from = 'work_dirs/vcnet_places_256_separate/iter_150000.pth'
train_dataloader = dict(batch_size=4)
optim_wrapper = dict(
    generator=dict(optimizer=dict(lr=1e-5)),
    critic=dict(optimizer=dict(lr=1e-5)))
