# CPU-scale recipe, step 1m: a boundary refiner on the shipped detector
# (HierarchicalContrastiveHead boundary_refiner: a supervised
# full-resolution correction of the finest stage's P(clean) from the image,
# the finest feature and that P(clean)), trained alone on step 1j's data
# (256 crops, the same corruption mix): train_cfg.parts='boundary' runs the
# encoder and the clustering frozen, as at test time, and updates only the
# refiner, so every other weight (and the masks the restorer was trained
# on, outside the refiner's corrections) stays as shipped. After step 1j
# text's masks are blobs around the strokes (0.739 IoU, 0.886 without the
# 1-px band at the true edges; 63 % of its false positives on pixels the
# text left unchanged: benchmarks/diagnose_detector.py --boundary), and
# neither a detail block in the encoder nor a heavier finest contrastive
# loss moved it (step 1l):
#   python tools/train.py \
#       configs/hcl/cpu_recipe/*mit-b0_finetune_boundary.py \
#       --cfg-options load_from=hcl_mm/data/checkpoints/hcl_tiny_demo.pth
_base_ = ['./hcl_tiny_mix_detector_mit-b0_finetune_crop256.py']

model = dict(
    train_cfg=dict(parts='boundary'),
    mask_detector=dict(
        boundary_refiner=dict(
            type='BoundaryRefiner',
            feat_channels=16,  # the finest encoder width
            channels=16,
            dilations=(1, 2, 4, 8))))
anneal_iters = 3000
optim_wrapper = dict(generator=dict(optimizer=dict(lr=1e-3)))
