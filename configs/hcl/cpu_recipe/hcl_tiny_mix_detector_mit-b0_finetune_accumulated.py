# CPU-scale recipe, step 1s: the GPU recipe (step 1r) on the CPU, its
# batch of 32 reached by accumulating gradients: 4 crops of 256 per
# iteration, one optimizer step every 8 iterations. Asks whether the lent
# GPU's gain (pasted content +0.04 in 4 minutes where the CPU steps at
# batch 2-4 had stalled) came from the batch (the contrastive loss is per
# image, so accumulation reproduces a larger batch's gradient exactly) or
# from the GPU's samples per minute. The warm-up and the cosine decay count
# iterations, so both are 8x longer in iterations than step 1r's; the
# TimeBudgetHook fits the decay to the training minutes:
#   python tools/train.py \
#       configs/hcl/cpu_recipe/*mit-b0_finetune_accumulated.py \
#       --cfg-options load_from=hcl_mm/data/checkpoints/hcl_tiny_demo.pth \
#       minutes=55
_base_ = ['../gpu_recipe/hcl_tiny_mix_detector_mit-b0_gpu_finetune.py']

minutes = 55.
accumulate = 8
warmup_iters = 200
train_dataloader = dict(
    batch_size=4, num_workers=1, persistent_workers=True, pin_memory=False)
optim_wrapper = dict(
    generator=dict(
        accumulative_counts='${accumulate}', optimizer=dict(lr=2e-4)))
env_cfg = dict(cudnn_benchmark=False)
default_hooks = dict(logger=dict(interval=50))
custom_hooks = [
    dict(
        type='TimeBudgetHook',
        minutes='${minutes}',
        save_every=10.,
        clock='train',
        fit_schedule=True,
        fit_at=80)
]
