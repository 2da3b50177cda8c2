# Ablation (paper Table 6, "w/o sample selection"): previous-stage references
# drawn at random instead of mined by confidence and boundary.
_base_ = ['../hcl_places_256.py']
model = dict(mask_detector=dict(hard_mining=False))
