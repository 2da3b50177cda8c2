# CPU-scale recipe, step 3 on a MiT-B0 detector: the joint phase of
# hcl_tiny_mix_joint.py with the MiT-B0 encoder
# (configs/_base_/models/mit-b0_encoder.py), started from step 2's
# checkpoint (hcl_tiny_mix_restorer_mit-b0.py).
#   python tools/train.py configs/hcl/cpu_recipe/hcl_tiny_mix_joint_mit-b0.py \
#       --cfg-options load_from=work_dirs/.../minute_XXXX.pth
_base_ = ['./hcl_tiny_mix_joint.py', '../../_base_/models/mit-b0_encoder.py']
model = dict(encoder={{_base_.mit_b0_encoder}})
