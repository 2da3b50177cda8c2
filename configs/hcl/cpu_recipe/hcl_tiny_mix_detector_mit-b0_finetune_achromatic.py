# CPU-scale recipe, step 1f: the step-1e fine-tune with more black and
# white overlays. The step-1d detector finds vivid text and graffiti but
# misses much of the black or white text (recall 0.38 on achromatic text
# regions against 0.68 on saturated ones, docs/benchmarks.md), the
# colour of most real text watermarks; it had seen them in 30 % of text
# lines and in no graffiti. Here 60 % of text lines and 30 % of graffiti
# strokes are black or white; everything else as step 1e:
#   OMP_NUM_THREADS=1 python tools/train.py \
#       configs/hcl/cpu_recipe/*mit-b0_finetune_achromatic.py \
#       --cfg-options load_from=hcl_mm/data/checkpoints/hcl_tiny_demo.pth
_base_ = ['./hcl_tiny_mix_detector_mit-b0_finetune.py']

# the black-or-white shares, named once (late-bound: a child config or
# --cfg-options text_achromatic_prob=P sets them)
text_achromatic_prob = 0.6
graffiti_achromatic_prob = 0.3
# the two overlays with those shares, named once (later steps regroup them)
graffiti_overlay = dict(
    type='GraffitiOverlay',
    ratio_range=(0.05, 0.5),
    achromatic_prob='${graffiti_achromatic_prob}')
text_overlay = dict(
    type='TextOverlay',
    ratio_range=(0.05, 0.5),
    achromatic_prob='${text_achromatic_prob}')
corruption = dict(contents=[
    dict(type='ImageContent', data_root='${content_root}', short_side=256),
    dict(type='ImageContent', data_root='${content_root}'),
    '${graffiti_overlay}',
    '${text_overlay}',
    dict(type='LogoOverlay', data_root='${logos}', ratio_range=(0.05, 0.5)),
    dict(type='ConstantColor'),
    dict(type='RandomNoise'),
])
