# MPRNet at toy widths with the tiny HCL config's data, schedule length and
# hooks (the shipped photos, procedural holes filled with other photos): a
# CPU smoke/demo run.
#   python tools/train.py configs/mprnet/mprnet_tiny_cpu.py
_base_ = ['../hcl/hcl_tiny_cpu.py']
model = dict(
    _delete_=True,
    type='MPRNetRestorer',
    net=dict(
        type='MPRNet', channels=16, unet_extra=8, orsnet_extra=8, num_cab=2),
    loss_rec=dict(type='mmagic.CharbonnierLoss', eps=1e-6),
    loss_edge=dict(type='EdgeLoss', eps=1e-3, loss_weight=0.05))
max_iters = 400
optim_wrapper = dict(
    _delete_=True,
    type='OptimWrapper',
    optimizer=dict(type='Adam', lr=2e-4, betas=(0.9, 0.999), eps=1e-8))
param_scheduler = [
    dict(
        type='CosineAnnealingLR',
        T_max=max_iters,
        eta_min=1e-6,
        by_epoch=False,
        begin=0,
        end=max_iters)
]
train_cfg = dict(max_iters=max_iters)
# one network, one optimiser: plain DDP (the HCL base wraps each part apart)
model_wrapper_cfg = dict(_delete_=True, type='MMDistributedDataParallel')
# a training-time budget for CPU runs (docs/benchmarks.md):
#   --cfg-options custom_hooks.0.minutes=15
custom_hooks = [dict(type='TimeBudgetHook', minutes=None, save_every=15)]
