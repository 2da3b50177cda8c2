# Phase 2 of HCL on Places-256: the decoder and refiner get the predicted
# masks; 100k iterations; weights (not optimiser states) from phase 1.
#   python tools/train.py configs/hcl/hcl_places_256_phase2.py \
#     --cfg-options load_from=work_dirs/hcl_places_256/iter_50000.pth
_base_ = ['./hcl_places_256.py']
model = dict(train_cfg=dict(phase=2))
train_cfg = dict(max_iters=100000)
load_from = 'work_dirs/hcl_places_256/iter_50000.pth'
