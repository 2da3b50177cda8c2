# Evaluate HCL Places-256 on an unseen pattern: image content from another
# dataset (paper Tables 4/5; CelebA-HQ faces pasted into Places photos).
#   python tools/make_test_split.py data/places/test \
#     data/test_splits/places256_unseen-celebahq \
#     --num 3000 --size 256 --content image --noise-root data/celeba-hq/test \
#     --bins 0-0.2 0.2-0.4 0.4-0.6
_base_ = ['./hcl_places_256_seen.py']
test_dataloader = dict(
    dataset=dict(data_root='data/test_splits/places256_unseen-celebahq'))
