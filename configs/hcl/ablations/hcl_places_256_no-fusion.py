# Ablation (paper Table 6, "w/o inter-stage consistency"): each projection
# head sees only its own encoder scale.
_base_ = ['../hcl_places_256.py']
model = dict(mask_detector=dict(fuse=False))
