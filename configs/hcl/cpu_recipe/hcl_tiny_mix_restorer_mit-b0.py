# CPU-scale recipe, step 2 on a MiT-B0 detector
# (hcl_tiny_mix_detector_mit-b0_anneal.py): the frozen detector's features,
# decoder, refiner and critic trained on ground-truth holes.
#   python tools/train.py \
#       configs/hcl/cpu_recipe/hcl_tiny_mix_restorer_mit-b0.py \
#       --cfg-options load_from=work_dirs/.../minute_XXXX.pth
_base_ = [
    './hcl_tiny_mix_restorer.py', '../../_base_/models/mit-b0_encoder.py'
]
model = dict(encoder={{_base_.mit_b0_encoder}})
