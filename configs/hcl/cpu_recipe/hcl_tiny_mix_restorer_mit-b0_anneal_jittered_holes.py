# CPU-scale recipe, step 2e's second arm (measured; the plain arm, step
# 2d's config again, shipped): the restorer trained on with each
# ground-truth hole shrunk or grown by a random -2..2 px
# (train_cfg.hole_growth), as a detector's masks miss or overshoot a
# corruption's edge by a pixel or two: where the hole shrinks, the
# corrupted pixels left outside it are for the full-image losses to clean
# (the CLI pastes the restored image into the detection grown by
# hcl_mm.apis.default_dilate). Step 2d's config and rates otherwise (a
# fourth cosine decay, frozen detector):
#   OMP_NUM_THREADS=1 python tools/train.py \
#       configs/hcl/cpu_recipe/*restorer_mit-b0_anneal_jittered_holes.py \
#       --cfg-options load_from=CHECKPOINT
# (docs/training_recipe.md, step 2e; docs/benchmarks.md, "Step 2e": blind
# restoration 17.11 / 21.48 dB against the plain arm's 17.13 / 21.54).
_base_ = ['./hcl_tiny_mix_restorer_mit-b0_anneal_photo_scale.py']

model = dict(train_cfg=dict(hole_growth=(-2, 2)))
