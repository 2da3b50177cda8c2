# GPU recipe, step 1r: the shipped detector fine-tuned
# on one lent GPU for the minutes it has: step 1j's corruption mix and 256
# crops at batch 32 (16x step 1j's), 15 loader workers, a short linear
# warm-up, then a cosine decay to 1 % fitted to the time budget
# (TimeBudgetHook(clock='wall', fit_schedule=True) measures the speed,
# data waiting included, over the first iterations and sets max_iters and
# the decay's length to end with the budget). The prepared script that
# runs it on the lent machine (docs/training_recipe.md, "On a lent GPU"):
#   bash tools/misc/gpu_session.sh pack       # here
#   bash tools/misc/gpu_session.sh run 7      # there, 7 minutes
# The same config trains on the CPU with a smaller batch:
#   python tools/train.py configs/hcl/gpu_recipe/*_gpu_finetune.py \
#       --cfg-options load_from=hcl_mm/data/checkpoints/hcl_tiny_demo.pth \
#       train_dataloader.batch_size=4 train_dataloader.num_workers=1
_base_ = ['../cpu_recipe/hcl_tiny_mix_detector_mit-b0_finetune_crop256.py']

minutes = 6.
warmup_iters = 100
anneal_iters = 20000  # a placeholder: the hook's fit sets the length
train_dataloader = dict(
    batch_size=32, num_workers=15, persistent_workers=True, pin_memory=True)
# detection only, on MMEngine alone (no mmagic: the lent machine's NumPy 2):
# no critic or restoration losses are built (none runs in this step) and
# the generator's optimizer comes from hcl_mm's constructor
model = dict(
    critic=None,
    loss_rec=None,
    loss_rec_refined=None,
    loss_perceptual=None,
    loss_perceptual_refined=None,
    loss_gan=None,
    loss_gp=None)
optim_wrapper = dict(
    _delete_=True,
    constructor='hcl_mm.ModulesOptimWrapperConstructor',
    generator=dict(
        type='OptimWrapper',
        modules=['encoder', 'mask_detector', 'decoder'],
        optimizer=dict(type='Adam', lr=3e-4, betas=(0.9, 0.999))))
param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=0.1,
        by_epoch=False,
        begin=0,
        end='${warmup_iters}'),
    dict(
        type='CosineAnnealingLR',
        eta_min_ratio=0.01,
        by_epoch=False,
        begin='${warmup_iters}',
        end='${anneal_iters}')
]
env_cfg = dict(cudnn_benchmark=True)
default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(interval=100000, max_keep_ckpts=1))
custom_hooks = [
    dict(
        type='TimeBudgetHook',
        minutes='${minutes}',
        save_every=2.,
        clock='wall',
        fit_schedule=True)
]
