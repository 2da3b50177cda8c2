# VCNet (Wang et al., ECCV 2020) as re-implemented by the HCL authors for
# the paper's baseline numbers (docs/released_implementation.md §5), 256
# input.
# Local copy of torchvision's VGG19 weights (semantic and ID-MRF losses).
vgg19_weights = 'checkpoints/vgg19-dcbb9e9d.pth'
model = dict(
    type='VCNetInpaintor',
    data_preprocessor=dict(type='hcl_mm.HCLDataPreprocessor'),
    mpn=dict(type='VCNetMPN', base_channels=64),
    rin=dict(type='VCNetRIN', base_channels=32, bottleneck_channels=128),
    global_critic=dict(type='VCNetGlobalCritic'),
    patch_critic=dict(type='VCNetPatchCritic'),
    loss_mask=dict(type='AdaptiveClassBalancedBCELoss', clamp=0.01),
    loss_rec=dict(type='mmagic.L1Loss', loss_weight=1.4),
    loss_semantic=dict(
        type='VGGPerceptualLoss',
        layer_weights=dict(relu3_2=1.),
        loss_weight=1e-4,
        pretrained=vgg19_weights),
    loss_mrf=dict(
        type='IDMRFLoss', loss_weight=1e-3, pretrained=vgg19_weights),
    loss_gan=dict(type='mmagic.GANLoss', gan_type='wgan', loss_weight=1e-3),
    loss_gp=dict(type='WGANGradientPenalty', loss_weight=10.),
    train_cfg=dict(stage='separate', joint_mask_weight=2.0))

# One Adam over MPN + RIN equals two: in the separate stage their losses
# touch disjoint parameters (the RIN reads the detached MPN bottleneck).
optim_wrapper = dict(
    constructor='mmagic.MultiOptimWrapperConstructor',
    generator=dict(
        type='OptimWrapper',
        modules=['mpn', 'rin'],
        optimizer=dict(type='Adam', lr=1e-4, betas=(0.5, 0.9))),
    critic=dict(
        type='OptimWrapper',
        modules=['global_critic', 'patch_critic'],
        optimizer=dict(type='Adam', lr=1e-4, betas=(0.5, 0.9))))
model_wrapper_cfg = dict(
    type='MMSeparateDistributedDataParallel', find_unused_parameters=True)
