# CPU-scale recipe, step 1q: step 1o's boundary refiner (image and
# guided-filtered P(clean) only) learning on windows of whole-photo
# detections: the detector sees 4 whole 256 photos per step, the refiner
# 2 random 128 windows of each (train_cfg.boundary_windows), the batch of
# 8 x 128 of 8 photos' detections on which it learned offline. Overlays
# only (graffiti, text, logos): step 1p without constant colour and noise
# gained text 0.012 more. 1200 iterations, 26 min on two threads: text
# 0.782 (0.760 before), pasted content -0.019; shipped in hcl_tiny_demo
# with the refiner re-deciding only the thin parts' band (thin_radius=3):
# text 0.779, pasted -0.007 (docs/benchmarks.md, "Step 1q").
#   python tools/train.py \
#       configs/hcl/cpu_recipe/*mit-b0_finetune_boundary_windows.py \
#       --cfg-options load_from=hcl_mm/data/checkpoints/hcl_tiny_demo.pth
_base_ = ['./hcl_tiny_mix_detector_mit-b0_finetune_boundary_image.py']

model = dict(train_cfg=dict(boundary_windows=(128, 2)))
corruption = dict(prob=[0., 1.])
train_dataloader = dict(batch_size=4)
