# CPU-scale recipe, step 2 continued with a cosine decay: the restorer of
# hcl_tiny_mix_restorer_mit-b0.py (frozen MiT-B0 detector, ground-truth
# holes) trained on with every optimizer's learning rate decayed to 1 %
# over ``anneal_iters`` (generator 5e-4, refiner and critic 1e-4; the last
# stretch of a constant-rate run, as step 1d was for the detector;
# docs/training_recipe.md, step 2b).
#   OMP_NUM_THREADS=1 python tools/train.py \
#       configs/hcl/cpu_recipe/hcl_tiny_mix_restorer_mit-b0_anneal.py \
#       --cfg-options load_from=work_dirs/.../minute_XXXX.pth
# ~1.6 s/it on one thread: size anneal_iters to the time you have; the time
# budget (custom_hooks.0.minutes) stops a slower run.
_base_ = [
    './hcl_tiny_mix_restorer_mit-b0.py',
    '../../_base_/schedules/cosine_anneal.py'
]

# the run's length, named once (late-bound: --cfg-options anneal_iters=N
# sets training and decay together)
anneal_iters = 2200
train_cfg = dict(max_iters='${anneal_iters}')
