# Evaluate HCL Places-256 on an unseen pattern: logos / watermarks.
#   python tools/make_test_split.py data/places/test \
#     data/test_splits/places256_logo \
#     --num 3000 --size 256 --content logo --logo-root data/logos \
#     --bins 0-0.2 0.2-0.4 0.4-0.6
_base_ = ['./hcl_places_256_seen.py']
test_dataloader = dict(
    dataset=dict(data_root='data/test_splits/places256_logo'))
