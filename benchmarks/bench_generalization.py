# Copyright (c) hcl_mm contributors. All rights reserved.
"""Generalisation at CPU scale: HCL vs VCNet, the Segmenter detector and
MPRNet (blind restoration; its mask is the change it makes).

The models are trained with the same budget (iterations, batch, crop) on
the train split of the photos (split by ``source_id``), with
pasted image content as the only training corruption, then evaluated on
frozen splits of the validation photos: the seen pattern (image content)
and unseen ones (constant colour, noise, graffiti, text, logos). Prints
corrupted-class IoU / F1 (per image, then mean) and ends with a one-line
summary::

    python benchmarks/bench_generalization.py --photos data/photos \
        --iters 2000 --work-dir work_dirs/bench_generalization [--reuse] \
        [--models hcl vcnet segmenter mprnet]

``--reuse`` keeps every model whose final checkpoint exists (re-scores it);
``--models`` picks the models (default: all four).
"""
import argparse
import json
import os
import os.path as osp
import subprocess
import sys
import time

import numpy as np

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, osp.join(REPO, 'tools', 'misc'))
from split_photos import split_photos  # noqa: E402

PATTERNS = {
    'seen: image content': ['--content', 'image'],
    'constant colour': ['--content', 'constant'],
    'noise': ['--content', 'noise'],
    'graffiti': ['--content', 'graffiti'],
    'text': ['--content', 'text'],
    'logo': ['--content', 'logo'],
}

#: model name -> its tiny CPU config
MODELS = {
    name: osp.join(REPO, 'configs', rel)
    for name, rel in (
        ('hcl', 'hcl/hcl_tiny_cpu.py'),
        ('vcnet', 'vcnet/vcnet_tiny_cpu.py'),
        ('segmenter',
         'baselines/segmenter_vit-t_mask_1xb4-300_demo-256x256.py'),
        ('mprnet', 'mprnet/mprnet_tiny_cpu.py'),
    )
}
NAMES = dict(hcl='HCL', vcnet='VCNet', segmenter='Segmenter', mprnet='MPRNet')


def make_logos(out: str) -> str:
    """The shipped logos' generator (tools/misc/make_logos.py), seed 0."""
    from make_logos import draw_logo

    from hcl_mm.utils import write_image_atomic
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(0)
    for i in range(8):
        write_image_atomic(osp.join(out, f'logo{i}.png'), draw_logo(i, rng))
    return out


def model_args(parser):
    """``--config``, ``--checkpoint`` (the shipped model by default) and
    ``--splits`` (this benchmark's frozen splits)."""
    parser.add_argument(
        '--config', default=osp.join(REPO, 'configs/hcl/hcl_tiny_demo.py'))
    parser.add_argument(
        '--checkpoint',
        default=osp.join(REPO, 'hcl_mm/data/checkpoints/hcl_tiny_demo.pth'))
    parser.add_argument(
        '--splits',
        default=osp.join(REPO, 'work_dirs', 'bench_generalization', 'splits'))


def make_splits(work, val_dir):
    """The frozen validation split of every pattern under ``work/splits``
    (made once: validation photos, 256 px, hole ratio 0.1-0.5, seed 3407).

    Returns:
        dict: pattern name -> split folder.
    """
    logos = make_logos(osp.join(work, 'logos'))
    splits = {}
    for pattern, opts in PATTERNS.items():
        split = osp.join(work, 'splits',
                         pattern.split(':')[0].replace(' ', '_'))
        if not osp.isdir(split):
            extra = (['--noise-root', val_dir] if 'image' in opts else
                     ['--logo-root', logos] if 'logo' in opts else [])
            run([
                sys.executable, 'tools/make_test_split.py', val_dir, split,
                '--size', '256', '--bins', '0.1-0.5', '--seed', '3407'
            ] + opts + extra, osp.join(work, 'split.log'))
        splits[pattern] = split
    return splits


def run(cmd, log):
    with open(log, 'w') as f:
        proc = subprocess.run(
            cmd, cwd=REPO, stdout=f, stderr=subprocess.STDOUT)
    if proc.returncode:
        raise SystemExit(f'failed ({proc.returncode}): {" ".join(cmd)}; '
                         f'see {log}')


def train(name, config, work, opts, log_dir, iters, reuse=False):
    ckpt = osp.join(work, f'iter_{iters}.pth')
    if reuse and osp.isfile(ckpt):
        print(f'{name}: reusing {ckpt}')
        return float('nan')
    t = time.time()
    run([
        sys.executable, 'tools/train.py', config, '--work-dir', work,
        '--cfg-options'
    ] + opts, osp.join(log_dir, f'train_{name}.log'))
    return time.time() - t


# a frozen split's sample: corrupted input, clean image, mask (1 = clean)
SPLIT_PIPELINE = [
    dict(type='LoadImage'),
    dict(type='LoadImage', key='gt_path', out_key='gt_img'),
    dict(type='LoadMask', hole_is_white=False),
    dict(type='PackCorruptionInputs')
]


def load_inpaintor(config, ckpt):
    """An hcl_mm inpaintor for inference (no critic, no losses), weights
    loaded, in eval mode."""
    from mmengine import Config
    from mmengine.runner import load_checkpoint

    from hcl_mm.models import inference_model_cfg
    from hcl_mm.registry import MODELS
    cfg = Config.fromfile(config)
    model = MODELS.build(inference_model_cfg(cfg.model)).eval()
    load_checkpoint(model, ckpt, map_location='cpu', logger='silent')
    return model


def score_split(split, pipeline, step, conf_and_gt, limit=None):
    """Corruption-mask scores of every image of a frozen split (or of its
    first ``limit``).

    ``step`` is the model's ``val_step``/``test_step``; ``conf_and_gt`` maps
    its output sample to (soft P(clean), ground truth) at image size. Each
    image's scores (:func:`mask_scores`) carry its ``hole_ratio`` too (the
    ground truth's corrupted fraction).
    """
    import torch

    from hcl_mm.datasets import CorruptionSplitDataset
    from hcl_mm.evaluation import mask_scores
    ds = CorruptionSplitDataset(data_root=split, pipeline=pipeline)
    n = len(ds) if limit is None else min(limit, len(ds))
    scores = []
    with torch.no_grad():
        for i in range(n):
            item = ds[i]
            out = step(
                dict(
                    inputs=[item['inputs']],
                    data_samples=[item['data_samples']]))[0]
            conf, gt = conf_and_gt(out)
            scores.append(
                dict(
                    mask_scores(conf, gt),
                    hole_ratio=float((gt <= 0.5).float().mean())))
    return scores


def evaluate_inpaintor(config, ckpt, split):
    """HCL or VCNet: any hcl_mm model whose predictions carry pred_p_clean."""
    model = load_inpaintor(config, ckpt)
    return score_split(
        split, SPLIT_PIPELINE, model.val_step, lambda out:
        (out.output.pred_p_clean[0], out.mask[0].float()))


def evaluate_detector(config, ckpt, split, limit=None):
    """HCL detection only (encoder + head, :meth:`HCLInpaintor.detect`):
    the same scores as :func:`evaluate_inpaintor` without running the
    decoder and refiner; ``limit`` scores the first images only."""
    model = load_inpaintor(config, ckpt)
    return score_split(
        split, SPLIT_PIPELINE,
        lambda data: [model.data_preprocessor(data, False)], lambda d:
        (model.detect(d['inputs'])[0, 0], d['data_samples'][0].mask[0].float()
         ), limit)


def evaluate_segmenter(config, ckpt, split):
    from mmseg.apis import init_model
    model = init_model(config, ckpt, device='cpu')
    pipeline = [
        dict(type='LoadImage'),
        dict(type='LoadMask', hole_is_white=False),
        dict(type='mmseg.PackSegInputs')
    ]
    return score_split(
        split, pipeline, model.test_step, lambda out:
        (out.seg_logits.data.softmax(0)[1], out.gt_sem_seg.data[0].float()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--photos',
        default=osp.join(REPO, 'data', 'photos'),
        help='the photo collection (tools/dataset_converters/fetch_photos.py)')
    parser.add_argument('--iters', type=int, default=2000)
    parser.add_argument(
        '--crop',
        type=int,
        default=128,
        help='training crop (from the 256 px photos)')
    parser.add_argument(
        '--work-dir',
        default=osp.join(REPO, 'work_dirs', 'bench_generalization'))
    parser.add_argument(
        '--reuse',
        action='store_true',
        help='skip training where the final checkpoint '
        'exists (re-score only)')
    parser.add_argument(
        '--models',
        nargs='+',
        default=list(MODELS),
        choices=list(MODELS),
        help='which models to train and score')
    args = parser.parse_args()
    from hcl_mm.utils import register_all_modules
    register_all_modules()
    work = osp.abspath(args.work_dir)
    os.makedirs(work, exist_ok=True)
    data = osp.join(work, 'photos')
    counts = split_photos(args.photos, data)
    train_dir, val_dir = osp.join(data, 'train'), osp.join(data, 'val')
    c = args.crop
    # all: random c x c crops of the 256 px train photos, image content
    # pasted from the train photos, batch 2, the same iterations
    common = [
        f'data_root={train_dir}', f'content_root={train_dir}',
        'train_dataloader.batch_size=2', 'train_dataloader.num_workers=1',
        f'train_cfg.max_iters={args.iters}', 'val_cfg=None',
        'val_dataloader=None', 'val_evaluator=None',
        f'default_hooks.checkpoint.interval={args.iters}',
        'default_hooks.logger.interval=100'
    ]
    seg_cfg = MODELS['segmenter']
    hcl_opts = [
        'train_pipeline.1.size=256', f'train_pipeline.2.crop_size=({c},{c})'
    ]
    warmup = max(1, min(30, args.iters // 10))
    seg_opts = [
        f'train_pipeline.1.crop_size=({c},{c})',
        f'model.data_preprocessor.size=({c},{c})',
        f'model.backbone.img_size=({c},{c})',
        f'param_scheduler.0.end={warmup}', f'param_scheduler.1.begin={warmup}',
        f'param_scheduler.1.end={args.iters}'
    ]
    # MPRNet: the same data, crops and iterations; its cosine schedule
    # spans them
    mpr_opts = hcl_opts + [
        f'param_scheduler.0.T_max={args.iters}',
        f'param_scheduler.0.end={args.iters}'
    ]
    opts = dict(
        hcl=hcl_opts, vcnet=hcl_opts, segmenter=seg_opts, mprnet=mpr_opts)
    times = {}
    for name in args.models:
        times[NAMES[name]] = train(name, MODELS[name], osp.join(work, name),
                                   common + opts[name], work, args.iters,
                                   args.reuse)
    splits = make_splits(work, val_dir)
    rows = []
    for pattern, split in splits.items():
        res = {}
        for name in args.models:
            ckpt = osp.join(work, name, f'iter_{args.iters}.pth')
            if name == 'segmenter':  # the dumped config (mmseg's init)
                res[NAMES[name]] = evaluate_segmenter(
                    osp.join(work, name, osp.basename(seg_cfg)), ckpt, split)
            else:
                res[NAMES[name]] = evaluate_inpaintor(MODELS[name], ckpt,
                                                      split)
        for model, scores in res.items():
            rows.append(
                dict(
                    pattern=pattern,
                    model=model,
                    n=len(scores),
                    **{
                        k: float(np.mean([s[k] for s in scores]))
                        for k in ('corrupted_iou', 'corrupted_f1', 'clean_iou',
                                  'acc')
                    }))
    print(f'photos: {counts["train"]} train / {counts["val"]} val (256 px, '
          f'split by source_id); train crops {c}, test 256x256 (hole ratio '
          f'0.1-0.5); {args.iters} iterations, batch 2; '
          'train time ' + ', '.join(f'{k} {v / 60:.1f} min'
                                    for k, v in times.items()))
    print('| pattern | model | n | corrupted IoU | corrupted F1 | clean IoU '
          '| acc |')
    print('|---|---|---|---|---|---|---|')
    for r in rows:
        print(f"| {r['pattern']} | {r['model']} | {r['n']} | "
              f"{r['corrupted_iou']:.3f} | {r['corrupted_f1']:.3f} | "
              f"{r['clean_iou']:.3f} | {r['acc']:.3f} |")
    with open(osp.join(work, 'results.json'), 'w') as f:
        json.dump(rows, f, indent=2)
    by = {(r['pattern'], r['model']): r['corrupted_iou'] for r in rows}
    if 'hcl' not in args.models:
        return
    seen = by[('seen: image content', 'HCL')]
    unseen = [p for p in PATTERNS if not p.startswith('seen')]
    wins = {
        NAMES[b]: sum(by[(p, 'HCL')] > by[(p, NAMES[b])] for p in unseen)
        for b in args.models if b != 'hcl'
    }
    print(f'summary: HCL corrupted IoU {seen:.3f} on the seen pattern '
          '(target 0.80), ' + ', '.join(f'above {b} on {n}/{len(unseen)}'
                                        for b, n in wins.items()) +
          ' unseen patterns')


if __name__ == '__main__':
    main()
