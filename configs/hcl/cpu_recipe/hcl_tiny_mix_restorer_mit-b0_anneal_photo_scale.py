# CPU-scale recipe, step 2d: the restorer of step 2c trained on with its
# holes drawn at the photo's scale. Steps 2-2c filled holes sized relative
# to the 128 crop, half the size a 256 test photo shows (step 1h,
# docs/benchmarks.md); here CorruptImage(reference_side=256) sizes them as
# on the test photos. A third cosine decay at 2c's rates (generator 2.5e-4,
# refiner and critic 5e-5) on the frozen step-1i detector:
#   python tools/model_converters/merge_checkpoints.py \
#       STEP_1I_CHECKPOINT STEP_2C_CHECKPOINT MERGED \
#       --parts decoder refiner critic
#   python tools/train.py \
#       configs/hcl/cpu_recipe/*restorer_mit-b0_anneal_photo_scale.py \
#       --cfg-options load_from=MERGED
_base_ = ['./hcl_tiny_mix_restorer_mit-b0_anneal.py']

corruption = dict(reference_side=256)
anneal_iters = 1500
optim_wrapper = dict(
    generator=dict(optimizer=dict(lr=2.5e-4)),
    refiner=dict(optimizer=dict(lr=5e-5)),
    critic=dict(optimizer=dict(lr=5e-5)))
