# hcl_mm's hierarchical contrastive head inside an MMSegmentation segmentor
# (EncoderDecoder + ResNetV1c-18), trained by MMSegmentation's own entry
# point on the demo data (the shipped photos, corrupted on the fly):
#   MMSEG=$(python -c "import mmseg; print(mmseg.__path__[0])")
#   python $MMSEG/.mim/tools/train.py \
#       configs/baselines/hcl-head_r18_mmseg_demo-256x256.py
# custom_imports brings in the decode head (it imports mmseg's decode-head
# base class, so plain `import hcl_mm` does not load it).
_base_ = ['./segmenter_vit-t_mask_1xb4-300_demo-256x256.py']
custom_imports = dict(
    imports=['hcl_mm.engine', 'hcl_mm.models.heads.hcl_decode_head'],
    allow_failed_imports=False)
crop_size = (256, 256)
model = dict(
    _delete_=True,
    type='mmseg.EncoderDecoder',
    data_preprocessor=dict(
        type='mmseg.SegDataPreProcessor',
        mean=[127.5, 127.5, 127.5],
        std=[127.5, 127.5, 127.5],
        bgr_to_rgb=True,
        pad_val=0,
        seg_pad_val=255,
        size=crop_size),
    backbone=dict(
        type='mmseg.ResNetV1c',
        depth=18,
        out_indices=(0, 1, 2),
        norm_cfg=dict(type='BN', requires_grad=True)),
    decode_head=dict(
        type='hcl_mm.HCLDecodeHead',
        in_channels=(64, 128, 256),
        in_index=(0, 1, 2),
        head=dict(
            type='HierarchicalContrastiveHead',
            proj_channels=32,
            num_queries=256,
            num_references=256,
            classifier=dict(type='ClusterClassifier', in_channels=32))),
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))
optim_wrapper = dict(
    _delete_=True,
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=1e-3, weight_decay=0.01))
