# CPU-scale recipe, step 1l: step 1j (256 crops, the same corruption mix)
# with a full-resolution detail block in the encoder (BackboneAdapter
# detail_residual=True: two 3x3 convs on the fused finest feature and the
# image, zero-initialised, so the loaded step-1j detector starts unchanged).
# After step 1j text loses its IoU at the strokes' edges (0.739, 0.886
# without the 1-px band around the true edges; benchmarks/diagnose_detector.py
# --boundary), where the finest feature is one 3x3 conv on the image plus
# stride-4 features upsampled:
#   python tools/train.py \
#       configs/hcl/cpu_recipe/*mit-b0_finetune_detail.py \
#       --cfg-options load_from=hcl_mm/data/checkpoints/hcl_tiny_demo.pth
# (the shipped weights: step 1j's detector; measured in docs/benchmarks.md,
# "Step 1l", with a control arm: model.encoder.detail_residual=False)
_base_ = ['./hcl_tiny_mix_detector_mit-b0_finetune_crop256.py']

model = dict(encoder=dict(detail_residual=True))
anneal_iters = 3000
optim_wrapper = dict(generator=dict(optimizer=dict(lr=2e-4)))
