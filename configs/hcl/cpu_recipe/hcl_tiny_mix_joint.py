# CPU-scale recipe, step 3 of 3: a short joint phase (docs/training_recipe.md).
# Everything trains together on the predicted masks (the release's phase 2),
# so decoder and refiner see the detector's own mistakes, at a lower
# learning rate.
#   python tools/train.py configs/hcl/cpu_recipe/hcl_tiny_mix_joint.py \
#       --cfg-options load_from=work_dirs/hcl_tiny_mix_restorer/minute_XXXX.pth
_base_ = ['./hcl_tiny_mix_detector.py']

model = dict(train_cfg=dict(phase=2, parts='all'))
optim_wrapper = dict(generator=dict(optimizer=dict(lr=2e-4)))
train_dataloader = dict(batch_size=2)
custom_hooks = [dict(type='TimeBudgetHook', minutes=None, save_every=10)]
