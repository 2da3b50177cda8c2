# CPU-scale recipe, step 1g: step 1f continued on a milder black-and-white
# mix. Step 1f (60 % of text lines, 30 % of graffiti strokes black or white)
# found black/white overlays far better but cost vivid graffiti 0.06 IoU;
# here 45 % of text lines and 10 % of graffiti strokes are black or white,
# at half step 1e's learning rate (cosine 2e-4 -> 2e-6), warm-started from
# step 1f (docs/training_recipe.md, steps 1f-1g):
#   OMP_NUM_THREADS=1 python tools/train.py \
#       configs/hcl/cpu_recipe/*mit-b0_finetune_achromatic_mild.py \
#       --cfg-options load_from=work_dirs/.../minute_0045.0.pth
_base_ = ['./hcl_tiny_mix_detector_mit-b0_finetune_achromatic.py']

text_achromatic_prob = 0.45
graffiti_achromatic_prob = 0.1
optim_wrapper = dict(generator=dict(optimizer=dict(lr=2e-4)))
