# CPU-scale recipe, step 1 with MiT-B0 in the encoder slot (the encoder that
# learned fastest per CPU-minute in the sweep, docs/benchmarks.md): the
# detection step with a cosine decay, continued from a constant-rate MiT-B0
# run (bench_recipe_sweep.py --variants mit-b0 keeps minute_*.pth) or from
# scratch.
#   OMP_NUM_THREADS=1 python tools/train.py \
#       configs/hcl/cpu_recipe/hcl_tiny_mix_detector_mit-b0_anneal.py \
#       --cfg-options load_from=work_dirs/.../minute_0050.0.pth
# fp32 (no --amp): ~0.30 s/it on one thread. Size anneal_iters to the time
# you have; the time budget (custom_hooks.0.minutes) stops a slower run.
_base_ = [
    './hcl_tiny_mix_detector_anneal.py',
    '../../_base_/models/mit-b0_encoder.py'
]
model = dict(encoder={{_base_.mit_b0_encoder}})
anneal_iters = 20000
