# CPU-scale recipe, step 1b: the detection step of hcl_tiny_mix_detector.py
# continued with a cosine learning-rate decay (1e-3 -> 1e-5 over max_iters),
# the usual last stretch of a constant-rate run (docs/training_recipe.md).
#   python tools/train.py \
#       configs/hcl/cpu_recipe/hcl_tiny_mix_detector_anneal.py --amp \
#       --cfg-options load_from=work_dirs/mix_det/minute_XXXX.pth
# Size anneal_iters to the time you have (2 cores, --amp, batch 4: ~0.6 s/it);
# the time budget (custom_hooks.0.minutes) stops the run if it is slower.
_base_ = [
    './hcl_tiny_mix_detector.py', '../../_base_/schedules/cosine_anneal.py'
]

# the run's length, named once (late-bound: a child config or
# --cfg-options anneal_iters=N sets training and decay together)
anneal_iters = 8000
train_cfg = dict(max_iters='${anneal_iters}')
