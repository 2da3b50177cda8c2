# Released schedule: Adam (0.9, 0.999), no decay, no warm-up, no EMA, fp32.
# Phase 1: 50k iterations with ground-truth masks into decoder and refiner;
# phase 2 (configs/hcl/*_phase2.py style override): 100k with predicted ones.
lr_generator = 5e-4  # encoder + mask detector (incl. classifier) + decoder
lr_refiner = 1e-4
lr_critic = 1e-4

# mmagic's constructor needs `modules` on every entry once one has it.
optim_wrapper = dict(
    constructor='mmagic.MultiOptimWrapperConstructor',
    generator=dict(
        type='OptimWrapper',
        modules=['encoder', 'mask_detector', 'decoder'],
        optimizer=dict(type='Adam', lr=lr_generator, betas=(0.9, 0.999))),
    refiner=dict(
        type='OptimWrapper',
        modules='refiner',
        optimizer=dict(type='Adam', lr=lr_refiner, betas=(0.9, 0.999))),
    critic=dict(
        type='OptimWrapper',
        modules='critic',
        optimizer=dict(type='Adam', lr=lr_critic, betas=(0.9, 0.999))))

train_cfg = dict(type='IterBasedTrainLoop', max_iters=50000, val_interval=1000)

# the release trains on 4 GPUs x 3 images; `tools/train.py --auto-scale-lr`
# scales every learning rate by (GPUs x batch per GPU) / 12
auto_scale_lr = dict(enable=False, base_batch_size=12)
