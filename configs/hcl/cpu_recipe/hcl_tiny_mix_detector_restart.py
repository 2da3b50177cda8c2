# CPU-scale recipe, step 1c: a second cosine cycle of the detection step
# (warm restart from the shipped detector), with the corruption mix shifted
# from the patterns that meet their targets (noise, graffiti) to those that
# do not (text, logos); pasted content keeps the largest share.
#   python tools/train.py \
#       configs/hcl/cpu_recipe/hcl_tiny_mix_detector_restart.py --amp \
#       --cfg-options load_from=hcl_mm/data/checkpoints/hcl_tiny_demo.pth
# Size anneal_iters to the time you have (--amp, batch 4: ~0.6 s/it alone on 2
# cores, ~0.75 on one thread (OMP_NUM_THREADS=1) beside another one-thread
# job); the time budget (custom_hooks.0.minutes) stops the run if slower.
_base_ = ['./hcl_tiny_mix_detector_anneal.py']

corruption = dict(content_probs=[0.35, 0.1, 0.2, 0.2, 0.1, 0.05])
optim_wrapper = dict(generator=dict(optimizer=dict(lr=3e-4)))
anneal_iters = 4000
