# CPU-scale recipe, step 2 with weight-free perceptual terms instead of a
# randomly initialised VGG19 (no pretrained VGG19 ships with hcl_mm):
# focal frequency loss on the first stage, MS-SSIM on the refined image and
# feature matching through the critic (issue 11, item 6). Compare with
# hcl_tiny_mix_restorer.py from the same detector checkpoint and budget:
#   python tools/train.py \
#       configs/hcl/cpu_recipe/hcl_tiny_mix_restorer_weight_free.py \
#       --work-dir work_dirs/rest_wf --cfg-options load_from=DET.pth \
#       custom_hooks.0.minutes=20
#   python benchmarks/bench_restoration.py \
#       --config configs/hcl/hcl_tiny_demo.py \
#       --checkpoint work_dirs/rest_wf/minute_0020.0.pth --splits SPLITS
_base_ = ['./hcl_tiny_mix_restorer.py']

model = dict(
    loss_perceptual=dict(
        _delete_=True, type='FocalFrequencyLoss', loss_weight=1.0),
    loss_perceptual_refined=dict(
        _delete_=True, type='MSSSIMLoss', loss_weight=0.2),
    loss_feature_matching=dict(
        type='CriticFeatureMatchingLoss', loss_weight=0.1))
