# MAT (Li et al., CVPR 2022) as the inpainter of the HCL paper's Table 2
# (MAT-F: MAT fine-tuned on the corruption data, then run on the masks of
# every detector; configs/mat/*_mat-f_places_512.py). Trained on the
# ground-truth holes of the Places-512 corruption pipeline (their content
# never reaches MAT). Widths of MAT's Places-512 model: C = 180, body
# depths 2/3/4/3/2, 6 heads, windows 8/16/16/16/8, 512-d styles, 8-layer
# noise mapping; StyleGAN2's optimiser (Adam 1e-3, betas (0, 0.99)), the
# non-saturating logistic GAN loss, R1 with gamma 10 (weight 5) and a VGG19
# perceptual loss at weight 0.1 (conv4/conv5), on both stages.
#   tools/dist_train.sh configs/mat/mat_places_512.py 8 \
#       --cfg-options load_from=MAT_PLACES512.pth   # MAT-F: fine-tune
# No converter for the authors' MAT checkpoints exists here (their key
# layout is not documented); without load_from this trains MAT from
# scratch. docs/baselines/mat.md lists what differs from MAT's paper.
_base_ = [
    '../_base_/datasets/blind_inpainting_512.py',
    '../_base_/default_runtime.py'
]
vgg19 = None  # a local torchvision VGG19 file: nothing is downloaded
model = dict(
    type='MATInpaintor',
    generator=dict(
        type='MATGenerator',
        embed_dims=180,
        depths=(2, 3, 4, 3, 2),
        num_heads=6,
        window_sizes=(8, 16, 16, 16, 8),
        style_dims=512,
        noise_dims=512,
        mapping_layers=8,
        stage2_channels=(64, 128, 256, 512, 512, 512)),
    critic=dict(
        type='MATCritic',
        in_size=512,
        channels=(64, 128, 256, 512, 512, 512, 512, 512)),
    critic_stage1=dict(
        type='MATCritic',
        in_size=512,
        channels=(32, 64, 128, 256, 256, 256, 256, 256)),
    loss_gan=dict(type='mmagic.GANLoss', gan_type='vanilla', loss_weight=1.),
    loss_gp=dict(type='R1Penalty', loss_weight=5.),
    loss_perceptual=dict(
        type='VGGPerceptualLoss',
        layer_weights=dict(relu4_4=0.25, relu5_4=0.5),
        loss_weight=0.1,
        pretrained=vgg19))
adam = dict(type='Adam', lr=1e-3, betas=(0., 0.99), eps=1e-8)
optim_wrapper = dict(
    constructor='mmagic.MultiOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', modules='generator', optimizer=adam),
    critic=dict(type='OptimWrapper', modules='critic', optimizer=adam),
    critic_stage1=dict(
        type='OptimWrapper', modules='critic_stage1', optimizer=adam))
model_wrapper_cfg = dict(type='MMSeparateDistributedDataParallel')
train_dataloader = dict(batch_size=4)
train_cfg = dict(
    type='IterBasedTrainLoop', max_iters=100000, val_interval=5000)
default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(interval=5000, max_keep_ckpts=3))
auto_scale_lr = dict(enable=False, base_batch_size=32)
