# Copyright (c) hcl_mm contributors. All rights reserved.
"""Generalisation at CPU scale: HCL vs VCNet and the Segmenter detector.

The three detectors are trained with the same budget (iterations, batch,
crop) on the train split of the photos (split by ``source_id``), with
pasted image content as the only training corruption, then evaluated on
frozen splits of the validation photos: the seen pattern (image content)
and unseen ones (constant colour, noise, graffiti, text, logos). Prints
corrupted-class IoU / F1 (per image, then mean) and ends with a one-line
summary::

    python benchmarks/bench_generalization.py --photos data/photos \
        --iters 2000 --work-dir work_dirs/bench_generalization [--reuse]

``--reuse`` keeps every model whose final checkpoint exists (re-scores it).
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
    its output sample to (soft P(clean), ground truth) at image size.
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
            scores.append(mask_scores(*conf_and_gt(out)))
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
    args = parser.parse_args()
    from hcl_mm.utils import register_all_modules
    register_all_modules()
    work = osp.abspath(args.work_dir)
    os.makedirs(work, exist_ok=True)
    data = osp.join(work, 'photos')
    counts = split_photos(args.photos, data)
    train_dir, val_dir = osp.join(data, 'train'), osp.join(data, 'val')
    c = args.crop
    # both: random c x c crops of the 256 px train photos, image content
    # pasted from the train photos, batch 2, the same iterations
    common = [
        f'data_root={train_dir}', f'content_root={train_dir}',
        'train_dataloader.batch_size=2', 'train_dataloader.num_workers=1',
        f'train_cfg.max_iters={args.iters}', 'val_cfg=None',
        'val_dataloader=None', 'val_evaluator=None',
        f'default_hooks.checkpoint.interval={args.iters}',
        'default_hooks.logger.interval=100'
    ]
    hcl_cfg = osp.join(REPO, 'configs/hcl/hcl_tiny_cpu.py')
    vcnet_cfg = osp.join(REPO, 'configs/vcnet/vcnet_tiny_cpu.py')
    seg_cfg = osp.join(
        REPO,
        'configs/baselines/segmenter_vit-t_mask_1xb4-300_demo-256x256.py')
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
    times = {}
    times['HCL'] = train('hcl', hcl_cfg, osp.join(work, 'hcl'),
                         common + hcl_opts, work, args.iters, args.reuse)
    times['VCNet'] = train('vcnet', vcnet_cfg, osp.join(work, 'vcnet'),
                           common + hcl_opts, work, args.iters, args.reuse)
    times['Segmenter'] = train('segmenter', seg_cfg,
                               osp.join(work, 'segmenter'), common + seg_opts,
                               work, args.iters, args.reuse)
    splits = make_splits(work, val_dir)
    rows = []
    for pattern, split in splits.items():
        res = {}
        res['HCL'] = evaluate_inpaintor(
            hcl_cfg, osp.join(work, 'hcl', f'iter_{args.iters}.pth'), split)
        res['VCNet'] = evaluate_inpaintor(
            vcnet_cfg, osp.join(work, 'vcnet', f'iter_{args.iters}.pth'),
            split)
        seg_cfg_dump = osp.join(work, 'segmenter', osp.basename(seg_cfg))
        res['Segmenter'] = evaluate_segmenter(
            seg_cfg_dump, osp.join(work, 'segmenter',
                                   f'iter_{args.iters}.pth'), split)
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
    seen = by[('seen: image content', 'HCL')]
    unseen = [p for p in PATTERNS if not p.startswith('seen')]
    wins = {
        b: sum(by[(p, 'HCL')] > by[(p, b)] for p in unseen)
        for b in ('Segmenter', 'VCNet')
    }
    print(f'summary: HCL corrupted IoU {seen:.3f} on the seen pattern '
          f'(target 0.80), above Segmenter on {wins["Segmenter"]}/'
          f'{len(unseen)} and above VCNet on {wins["VCNet"]}/{len(unseen)} '
          'unseen patterns')


if __name__ == '__main__':
    main()
