# CPU-scale recipe, step 1i: step 1h with only the overlays (graffiti, text,
# logos) at the photo's scale. Step 1h raised text, logos and graffiti but
# pasted content lost 0.04 IoU as its holes grew (docs/benchmarks.md): the
# holes filled with pasted content, a colour or noise are drawn at the
# crop's scale again (as step 1g), the overlays at the photo's (as 1h),
# with step 1g's shares of the seven contents:
#   python tools/train.py \
#       configs/hcl/cpu_recipe/*mit-b0_finetune_photo_scale_overlays.py \
#       --cfg-options load_from=STEP_1H_CHECKPOINT
_base_ = ['./hcl_tiny_mix_detector_mit-b0_finetune_photo_scale.py']

holes = [
    dict(type='IrregularMask', ratio_range=(0.05, 0.5)),
    dict(type='FreeFormMask', ratio_range=(0.05, 0.5)),
]
fills = dict(
    type='CorruptImage',
    masks='${holes}',
    contents=[
        dict(type='ImageContent', data_root='${content_root}', short_side=256),
        dict(type='ImageContent', data_root='${content_root}'),
        dict(type='ConstantColor'),
        dict(type='RandomNoise'),
    ],
    content_probs=[0.25, 0.1, 0.1, 0.1],
    smooth_radius=3)
overlays = dict(
    type='CorruptImage',
    masks='${holes}',
    contents=[
        '${graffiti_overlay}',
        '${text_overlay}',
        dict(
            type='LogoOverlay', data_root='${logos}', ratio_range=(0.05, 0.5)),
    ],
    content_probs=[0.15, 0.15, 0.15],
    reference_side=256)
corruption = dict(
    _delete_=True,
    type='RandomChoice',
    transforms=[['${fills}'], ['${overlays}']],
    prob=[0.55, 0.45])
anneal_iters = 7500
optim_wrapper = dict(generator=dict(optimizer=dict(lr=1e-4)))
