# Evaluate HCL Places-256 on the seen pattern (paper Table 1): Places test
# images, irregular masks, image content, alpha edges. Make the split once:
#   python tools/make_test_split.py data/places/test \
#     data/test_splits/places256_seen \
#     --num 3000 --size 256 --content image \
#     --noise-root data/places/test_noise \
#     --bins 0-0.2 0.2-0.4 0.4-0.6
#   python tools/test.py configs/hcl/eval/hcl_places_256_seen.py CKPT \
#       --show-dir vis
_base_ = ['../hcl_places_256.py', '../../_base_/datasets/frozen_split_test.py']
test_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=False,
    dataset=dict(
        _delete_=True,
        type='CorruptionSplitDataset',
        data_root='data/test_splits/places256_seen',
        test_mode=True,
        pipeline={{_base_.frozen_split_pipeline}}))
