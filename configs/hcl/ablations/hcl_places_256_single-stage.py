# Ablation (paper Table 6, "w/o hierarchical"): one contrastive stage at the
# finest scale; the coarser decoder masks are downsampled from it.
_base_ = ['../hcl_places_256.py']
model = dict(mask_detector=dict(num_stages=1, confident_ratios=(1.0, )))
