# Watermark removal (paper Sec. 4.5): fine-tune a blind-inpainting HCL
# (phase-2 settings: predicted masks) on LOGO-30K at 256x256, 2 GPUs x 3.
# The release states neither the starting checkpoint nor the length; this
# config starts from Places-256 phase 2 and runs 20k iterations.
#   tools/dist_train.sh configs/hcl/downstream/hcl_logo30k_256.py 2 \
#       --cfg-options \
#     load_from=work_dirs/hcl_places_256_phase2/iter_100000.pth
_base_ = ['../hcl_places_256.py']
model = dict(train_cfg=dict(phase=2))
data_root = 'data/logo30k'
load_image_pair = [
    dict(type='LoadImage'),
    dict(type='LoadImage', key='gt_path', out_key='gt_img'),
    dict(type='LoadMask', hole_is_white=True),
    dict(type='PackCorruptionInputs'),
]
logo30k = dict(
    _delete_=True,
    type='Logo30KDataset',
    data_root=data_root,
    pipeline=load_image_pair)
train_dataloader = dict(dataset=dict(logo30k, split='train'))
val_dataloader = dict(dataset=dict(logo30k, split='val', test_mode=True))
test_dataloader = dict(dataset=dict(logo30k, split='test', test_mode=True))
train_cfg = dict(max_iters=20000)
load_from = 'work_dirs/hcl_places_256_phase2/iter_100000.pth'
