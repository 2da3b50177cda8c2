# Step 1e with a forensic input: the encoder's stem gets a branch on the
# image's fixed SRM noise residuals (BackboneAdapter noise_residual=True,
# zero-initialised: the loaded detector starts unchanged). Pasted photos
# differ from their host in noise and resampling statistics more than in
# what they show.
#   OMP_NUM_THREADS=1 python tools/train.py \
#       configs/hcl/cpu_recipe/hcl_tiny_mix_detector_mit-b0_finetune_srm.py \
#       --cfg-options load_from=hcl_mm/data/checkpoints/hcl_tiny_demo.pth
_base_ = ['./hcl_tiny_mix_detector_mit-b0_finetune.py']

model = dict(encoder=dict(noise_residual=True))
