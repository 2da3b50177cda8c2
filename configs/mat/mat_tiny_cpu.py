# MAT at toy widths with the tiny HCL config's data (the shipped photos,
# procedural holes, 128x128 crops): a CPU smoke/demo run. Without a
# pretrained VGG19 here, an L1 term on both stages carries the
# reconstruction (MAT itself has none; docs/baselines/mat.md).
#   python tools/train.py configs/mat/mat_tiny_cpu.py
_base_ = ['../hcl/hcl_tiny_cpu.py']
model = dict(
    _delete_=True,
    type='MATInpaintor',
    generator=dict(
        type='MATGenerator',
        embed_dims=32,
        depths=(1, 2, 2, 2, 1),
        num_heads=2,
        window_sizes=(4, 4, 4, 4, 4),
        style_dims=64,
        noise_dims=64,
        mapping_layers=2,
        stage2_channels=(16, 32, 64, 64)),
    critic=dict(
        type='MATCritic', in_size=128, channels=(16, 32, 64, 64, 64, 64)),
    critic_stage1=None,
    loss_gan=dict(type='mmagic.GANLoss', gan_type='vanilla', loss_weight=0.1),
    loss_gp=dict(type='R1Penalty', loss_weight=5.),
    loss_perceptual=dict(
        type='VGGPerceptualLoss',
        layer_weights=dict(relu4_4=0.25, relu5_4=0.5),
        loss_weight=0.1,
        allow_random_init=True),
    loss_rec=dict(type='mmagic.L1Loss', loss_weight=1.))
adam = dict(type='Adam', lr=1e-3, betas=(0., 0.99), eps=1e-8)
optim_wrapper = dict(
    _delete_=True,
    constructor='mmagic.MultiOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', modules='generator', optimizer=adam),
    critic=dict(type='OptimWrapper', modules='critic', optimizer=adam))
param_scheduler = []
model_wrapper_cfg = dict(
    _delete_=True, type='MMSeparateDistributedDataParallel')
# a training-time budget for CPU runs (docs/benchmarks.md):
#   --cfg-options custom_hooks.0.minutes=15
custom_hooks = [dict(type='TimeBudgetHook', minutes=None, save_every=15)]
