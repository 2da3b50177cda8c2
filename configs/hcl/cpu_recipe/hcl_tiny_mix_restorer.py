# CPU-scale recipe, step 2 of 3: restoration on ground-truth masks
# (docs/training_recipe.md). The detector trained in step 1 is frozen
# (train_cfg.parts='restorer': no grad, eval mode); decoder, refiner and
# critic learn to fill the ground-truth holes (phase 1) of the same mix.
#   python tools/train.py configs/hcl/cpu_recipe/hcl_tiny_mix_restorer.py \
#       --cfg-options load_from=work_dirs/hcl_tiny_mix_detector/minute_XXXX.pth
_base_ = ['./hcl_tiny_mix_detector.py']

model = dict(train_cfg=dict(phase=1, parts='restorer'))
optim_wrapper = dict(generator=dict(optimizer=dict(lr=5e-4)))
train_dataloader = dict(batch_size=2)
custom_hooks = [dict(type='TimeBudgetHook', minutes=None, save_every=10)]
