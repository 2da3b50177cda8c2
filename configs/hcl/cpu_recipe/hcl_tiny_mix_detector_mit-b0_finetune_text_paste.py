# CPU-scale recipe, step 1k: step 1j (256 crops, the test photos' size) with
# the budget moved to the two patterns below their target after step 1j
# (text 0.739, pasted content 0.445; constant colour, noise, graffiti and
# logos score 0.87-0.92): pasted content 0.40 of the corruptions (1j: 0.35),
# text 0.30 (0.15), graffiti and logos 0.10 each (0.15), constant colour and
# noise 0.05 each (0.10). Half the draws fill holes, half draw overlays:
#   python tools/train.py \
#       configs/hcl/cpu_recipe/*mit-b0_finetune_text_paste.py \
#       --cfg-options load_from=STEP_1J_CHECKPOINT
_base_ = ['./hcl_tiny_mix_detector_mit-b0_finetune_crop256.py']

fills = dict(content_probs=[0.3, 0.1, 0.05, 0.05])
overlays = dict(content_probs=[0.1, 0.3, 0.1])
corruption = dict(prob=[0.5, 0.5])
anneal_iters = 4000
