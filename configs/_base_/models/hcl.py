# HCL (ICCV 2023) as released, C = 64, 256 input (Places-256 / ImageNet-256).
# Numbers from the released code; see docs/model.md.
embed_dims = 64
num_conv_stages = 0  # 1 for 512 inputs: attention always runs at 256/128/64
# Local copy of torchvision's VGG19 weights for the perceptual losses
# (https://download.pytorch.org/models/vgg19-dcbb9e9d.pth); never downloaded.
vgg19_weights = 'checkpoints/vgg19-dcbb9e9d.pth'

model = dict(
    type='HCLInpaintor',
    # BaseModel builds it from MMEngine's root registry: name the scope.
    data_preprocessor=dict(type='hcl_mm.HCLDataPreprocessor'),
    encoder=dict(
        type='HCLEncoder',
        embed_dims=embed_dims,
        dim_mults=(1, 2, 4),
        depths=(6, 4, 2),
        num_heads=(1, 2, 4),
        window_size=8,
        mlp_ratio=2,
        num_conv_stages=num_conv_stages),
    mask_detector=dict(
        type='HierarchicalContrastiveHead',
        in_channels=(embed_dims, 2 * embed_dims, 4 * embed_dims),
        proj_channels=64,
        fuse=True,
        num_stages=3,
        temperature=0.1,
        kmeans_iters=3,
        kmeans_restarts=1,
        # deterministic (same photo, same mask); 'random' is the release's
        kmeans_init='principal',
        confident_ratios=(1.0, 0.95, 0.95),  # fine -> coarse
        remove_boundaries=True,
        # finer stages rank each cluster over the whole map, then keep the
        # uncertain pixels (as released); 'uncertain' ranks only those
        rank_scope='map',
        num_queries=512,
        num_references=512,
        hard_mining=True,
        classifier=dict(type='ClusterClassifier', in_channels=64),
        loss_contrastive=dict(
            type='PixelContrastiveLoss', temperature=0.1, loss_weight=0.1)),
    decoder=dict(
        type='MaskGuidedDecoder',
        embed_dims=embed_dims,
        dim_mults=(1, 2, 4),
        depths=(2, 2, 2),
        num_heads=(1, 2, 4),
        bottleneck_depth=2,
        window_size=8,
        mlp_ratio=2,
        mask_bias=100.,
        num_conv_stages=num_conv_stages),
    refiner=dict(
        type='RefineUNet', base_channels=64, dim_mults=(1, 2, 4, 8, 8)),
    # as released: the critic's score map, the penalty on its sum, one
    # interpolation coefficient per batch
    critic=dict(
        type='PatchCritic', channels=(64, 128, 128, 256, 512), output='map'),
    loss_rec=dict(type='mmagic.L1Loss', loss_weight=1.0),
    loss_rec_refined=dict(type='mmagic.L1Loss', loss_weight=1.0),
    loss_perceptual=dict(
        type='VGGPerceptualLoss',
        layer_weights=dict(relu2_2=1., relu3_2=1.),
        loss_weight=0.01,
        pretrained=vgg19_weights),
    loss_perceptual_refined=dict(
        type='VGGPerceptualLoss',
        layer_weights=dict(relu2_2=1., relu3_2=1.),
        loss_weight=0.01,
        pretrained=vgg19_weights),
    loss_gan=dict(type='mmagic.GANLoss', gan_type='wgan', loss_weight=1.0),
    loss_gp=dict(
        type='WGANGradientPenalty', loss_weight=10., interpolation='batch'),
    train_cfg=dict(phase=1),
    test_cfg=dict(composite=False))

# One DDP per trained sub-module (the critic is stepped apart from the
# generator); the released code runs DDP with find_unused_parameters.
model_wrapper_cfg = dict(
    type='MMSeparateDistributedDataParallel', find_unused_parameters=True)
