# CPU-scale recipe, step 1w: step 1q's boundary refiner with constant
# colour and noise back in a quarter of its mix. Trained only on overlays,
# each refiner round cost noise 0.003-0.005 (the thin-parts band also
# covers noise holes' thin arms); one round of this from the 144151e4
# weights: noise 0.915 -> 0.924, the other patterns equal to three
# decimals (docs/benchmarks.md, "Step 1w"; shipped as 543aa41b).
# 1200 iterations, 14 min on two threads of an AVX-512 EPYC:
#   python tools/train.py \
#       configs/hcl/cpu_recipe/*mit-b0_finetune_boundary_fills.py \
#       --cfg-options load_from=hcl_mm/data/checkpoints/hcl_tiny_demo.pth
_base_ = ['./hcl_tiny_mix_detector_mit-b0_finetune_boundary_windows.py']

corruption = dict(prob=[0.25, 0.75])
