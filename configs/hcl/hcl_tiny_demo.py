# The shipped model (hcl_mm/data/checkpoints/hcl_tiny_demo.pth; model card
# in docs/model_zoo.md): the tiny CPU HCL (C = 16) trained with the CPU
# recipe of docs/training_recipe.md: step 0 (all parts jointly), step 1
# (detection only, the corruption mix users meet), step 2 (restoration on
# ground-truth masks, detector frozen); step 3 (joint) was not run for the
# weights shipped on 2026-12-02. This config is step 2's;
# `BlindRestorer('hcl_tiny_demo')` builds its model.
_base_ = ['./cpu_recipe/hcl_tiny_mix_restorer.py']
