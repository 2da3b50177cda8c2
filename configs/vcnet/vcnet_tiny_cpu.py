# VCNet at toy widths on the shipped photos (CPU smoke/benchmark runs; the
# third column of benchmarks/bench_generalization.py). Random VGG19 for the
# semantic and ID-MRF losses: set their `pretrained` for real runs.
# Data, crops and schedule length from hcl_tiny_cpu.py; model and optimisers
# are VCNet's (configs/_base_/models/vcnet.py at toy widths).
_base_ = ['../hcl/hcl_tiny_cpu.py']
model = dict(
    _delete_=True,
    type='VCNetInpaintor',
    data_preprocessor=dict(type='hcl_mm.HCLDataPreprocessor'),
    mpn=dict(type='VCNetMPN', base_channels=16),
    rin=dict(type='VCNetRIN', base_channels=8, bottleneck_channels=32),
    global_critic=dict(
        type='VCNetGlobalCritic', channels=(16, 32, 32, 64, 128)),
    patch_critic=dict(type='VCNetPatchCritic', channels=(16, 32, 32, 64, 128)),
    loss_mask=dict(type='AdaptiveClassBalancedBCELoss'),
    loss_rec=dict(type='mmagic.L1Loss', loss_weight=1.4),
    loss_semantic=dict(
        type='VGGPerceptualLoss',
        layer_weights=dict(relu3_2=1.),
        loss_weight=1e-4,
        allow_random_init=True),
    loss_mrf=dict(type='IDMRFLoss', loss_weight=1e-3, allow_random_init=True),
    loss_gan=dict(type='mmagic.GANLoss', gan_type='wgan', loss_weight=1e-3),
    loss_gp=dict(type='WGANGradientPenalty', loss_weight=10.),
    train_cfg=dict(stage='separate'))
optim_wrapper = dict(
    _delete_=True,
    constructor='mmagic.MultiOptimWrapperConstructor',
    generator=dict(
        type='OptimWrapper',
        modules=['mpn', 'rin'],
        optimizer=dict(type='Adam', lr=1e-4, betas=(0.5, 0.9))),
    critic=dict(
        type='OptimWrapper',
        modules=['global_critic', 'patch_critic'],
        optimizer=dict(type='Adam', lr=1e-4, betas=(0.5, 0.9))))
train_dataloader = dict(batch_size=2)
model_wrapper_cfg = dict(
    type='MMSeparateDistributedDataParallel', find_unused_parameters=True)
