# CPU-scale recipe, step 1n (measured, not shipped): step 1m's boundary
# refiner re-deciding the edges of the guided-filtered P(clean) (the
# shipped inference path), wider (32 channels), the clustering's vote
# clamped to +-4, trained on the overlays, constant colour and noise only
# (with pasted content in the mix, step 1m, its band BCE stayed flat: at
# pasted content's edges the detector cannot judge, and their gradient
# teaches the refiner to erase). 1200 iterations (800 without the JPEG
# re-compression) left text at 0.758 (0.760 shipped) and cost pasted
# content 0.026 (docs/benchmarks.md, "Step 1n"):
#   python tools/train.py \
#       configs/hcl/cpu_recipe/*mit-b0_finetune_boundary_overlays.py \
#       --cfg-options load_from=hcl_mm/data/checkpoints/hcl_tiny_demo.pth
_base_ = ['./hcl_tiny_mix_detector_mit-b0_finetune_boundary.py']

model = dict(
    mask_detector=dict(
        guided_filter=dict(radius=2, eps=1e-3),
        boundary_refiner=dict(channels=32, max_logit=4.)))
fills = dict(
    contents=[dict(type='ConstantColor'),
              dict(type='RandomNoise')],
    content_probs=[0.5, 0.5])
corruption = dict(prob=[0.3, 0.7])
anneal_iters = 1200
