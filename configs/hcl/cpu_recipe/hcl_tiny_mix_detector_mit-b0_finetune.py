# CPU-scale recipe, step 1e: the MiT-B0 detector fine-tuned on a corrected
# mix. In the earlier steps a pasted photo was shrunk to just cover the 128
# crop (2-4x smaller than the host, which was resized to a 256 short side
# before its crop), so pasted content carried a scale cue absent from 256
# test photos. Here most pastes keep the host's scale (ImageContent
# short_side=256); a smaller share keeps the old behaviour (a paste may come
# at any scale in real photos). A warm restart with a cosine decay:
#   OMP_NUM_THREADS=1 python tools/train.py \
#       configs/hcl/cpu_recipe/hcl_tiny_mix_detector_mit-b0_finetune.py \
#       --cfg-options load_from=hcl_mm/data/checkpoints/hcl_tiny_demo.pth
_base_ = ['./hcl_tiny_mix_detector_mit-b0_anneal.py']

anneal_iters = 8000
corruption = dict(
    contents=[
        dict(type='ImageContent', data_root='${content_root}', short_side=256),
        dict(type='ImageContent', data_root='${content_root}'),
        dict(type='GraffitiOverlay', ratio_range=(0.05, 0.5)),
        dict(type='TextOverlay', ratio_range=(0.05, 0.5)),
        dict(
            type='LogoOverlay', data_root='${logos}', ratio_range=(0.05, 0.5)),
        dict(type='ConstantColor'),
        dict(type='RandomNoise'),
    ],
    content_probs=[0.25, 0.1, 0.15, 0.15, 0.15, 0.1, 0.1])
optim_wrapper = dict(generator=dict(optimizer=dict(lr=4e-4)))
