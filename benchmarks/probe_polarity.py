# Copyright (c) hcl_mm contributors. All rights reserved.
"""Can a better polarity decision recover the oracle's IoU? A probe.

``diagnose_detector.py`` shows that on pasted content an oracle choosing,
per image, which of the two clusters is corrupted would add about 0.08
IoU. The shipped :class:`ClusterClassifier` scores each coarsest-stage
centre on its own. This probe fits, on splits of the *training* photos,
richer decisions "keep or flip the mask" and scores them on the frozen
validation splits:

* ``margin``: the classifier's logit margin alone (a threshold);
* ``geometry``: the margin, the corrupted cluster's area, its share of
  the image border (against its area), its pixels on the border, the
  centres' cosine and the stage's mean confidence (coarsest stage);
* ``geometry+middle``: the same with the middle stage's margin, area and
  border, and the final mask's area;
* ``centres``: an antisymmetric MLP on the two coarsest centres,
  ``f(c0, c1) - f(c1, c0)``.

Each decision is fitted with weighted logistic regression (weight: the
IoU at stake, ``|IoU(flipped) - IoU(kept)|``; label: flipped is better),
linear or with a hidden layer of 8 (16 / 64 for ``centres``) and two
weight decays; reported: 5-fold cross-validation on the training photos
and the fit on all of them scored on the validation photos::

    python benchmarks/probe_polarity.py --cache work_dirs/polarity

The training-photo splits are made under ``--cache`` on the first run
(``tools/make_test_split.py``, 256 px, hole ratio 0.1-0.5; pasted content
on all training photos, the other patterns on the first 250; logos drawn
as ``bench_generalization.py`` draws them), and every split's per-image
features are cached there (``feats_*.npy``), for one checkpoint (its
sha256 in ``checkpoint.txt``; another checkpoint's cache is refused).
"""
import argparse
import os
import os.path as osp
import subprocess
import sys

import numpy as np

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
from bench_generalization import make_logos  # noqa: E402
from bench_generalization import load_inpaintor, model_args
from diagnose_detector import split_samples  # noqa: E402

#: pattern folder -> (make_test_split options, images, seed) for the
#: training-photo splits
TRAIN_SPLITS = {
    'seen': (['--content', 'image', '--noise-root', '{train}'], 606, 11),
    'constant_colour': (['--content', 'constant'], 250, 12),
    'noise': (['--content', 'noise'], 250, 13),
    'graffiti': (['--content', 'graffiti'], 250, 14),
    'text': (['--content', 'text'], 250, 15),
    'logo': (['--content', 'logo', '--logo-root', '{logos}'], 250, 16),
}
PATTERNS = list(TRAIN_SPLITS)


def make_train_splits(train_photos: str, out: str, logos: str) -> None:
    """The training-photo splits under ``out`` (each made once)."""
    for name, (opts, num, seed) in TRAIN_SPLITS.items():
        if osp.isdir(osp.join(out, name)):
            continue
        opts = [o.format(train=train_photos, logos=logos) for o in opts]
        subprocess.run(
            [
                sys.executable,
                osp.join(REPO, 'tools', 'make_test_split.py'), train_photos,
                osp.join(out, name), '--size', '256', '--bins', '0.1-0.5',
                '--seed',
                str(seed), '--num',
                str(num)
            ] + opts,
            check=True)


def check_cache(cache: str, checkpoint: str) -> None:
    """Tie ``cache`` to the checkpoint whose features it holds (its
    sha256, in ``cache/checkpoint.txt``); another checkpoint's is refused.
    """
    import hashlib
    with open(checkpoint, 'rb') as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    os.makedirs(cache, exist_ok=True)
    stamp = osp.join(cache, 'checkpoint.txt')
    if not osp.isfile(stamp):
        with open(stamp, 'w') as f:
            f.write(f'{digest} {checkpoint}\n')
        return
    with open(stamp) as f:
        cached = f.read().split()
    if cached[0] != digest:
        raise SystemExit(f'{cache} holds the features of {cached[1]} '
                         f'(sha256 {cached[0][:8]}), not of {checkpoint} '
                         f'(sha256 {digest[:8]}): use another --cache')


def stage_features(head, stage) -> list:
    """Classifier logits, corrupted area, border share, corrupted pixels
    on the border, centres' cosine, mean and sharpness of P(clean)."""
    import torch
    centers = stage.centers[0].float()
    logits = head.classifier(centers[None])[0]
    corrupt = 1 - stage.pred_mask[0].float()
    # the four edges (corners twice)
    edges = torch.cat([corrupt[0], corrupt[-1], corrupt[:, 0], corrupt[:, -1]])
    border = torch.zeros_like(corrupt)
    border[0], border[-1], border[:, 0], border[:, -1] = 1, 1, 1, 1
    on_border = (corrupt * border).sum() / corrupt.sum().clamp_min(1)
    p_clean = stage.p_clean[0].float()
    return [
        logits[0].item(), logits[1].item(),
        corrupt.mean().item(),
        edges.mean().item(),
        on_border.item(), (centers[0] * centers[1]).sum().item(),
        p_clean.mean().item(), (p_clean - 0.5).abs().mean().item()
    ]


def extract(model, split: str, num: int) -> list:
    """Per image of a split: kept / flipped IoU, stage features, centres."""
    import torch

    from hcl_mm.evaluation import mask_scores
    from hcl_mm.models.heads.hierarchical_contrastive_head import \
        input_size_p_clean
    head = model.mask_detector
    rows = []
    with torch.no_grad():
        for _, img, gt in split_samples(model, split, num):
            det = head(img, model.encoder(img))
            pred = (input_size_p_clean(det, img.shape[-2:])[0, 0]
                    >= 0.5).float()
            rows.append(
                dict(
                    kept=mask_scores(pred, gt)['corrupted_iou'],
                    flipped=mask_scores(1 - pred, gt)['corrupted_iou'],
                    stages=np.array(
                        [stage_features(head, s) for s in det['stages']]),
                    centres=det['stages'][-1].centers[0].float().numpy(),
                    final_corrupt=1 - pred.mean().item()))
    return rows


def features(rows: list, kind: str):
    """The decision's inputs per image (``centres``: ``(N, 2, D)``)."""
    import torch
    if kind == 'centres':
        return torch.tensor(
            np.stack([r['centres'] for r in rows]), dtype=torch.float32)
    out = []
    for r in rows:
        l0, l1, area, border, on_border, cos, _, conf = r['stages'][-1]
        f = [l0 - l1]
        if kind != 'margin':
            f += [area - 0.5, border - area, on_border, cos, conf]
        if kind == 'geometry+middle':
            mid = r['stages'][1]
            f += [mid[0] - mid[1], mid[2] - 0.5, mid[3] - mid[2]]
            f += [r['final_corrupt'] - 0.5]
        out.append(f)
    return torch.tensor(out, dtype=torch.float32)


def fit(x, y, w, hidden: int, decay: float):
    """Weighted logistic regression (``hidden``: one ReLU layer) on ``x``;
    returns a function giving the flip logit (> 0: flip)."""
    import torch
    import torch.nn as nn
    torch.manual_seed(0)
    pairs = x.dim() == 3
    width = x.shape[-1] * (2 if pairs else 1)
    net = nn.Linear(width, 1) if not hidden else nn.Sequential(
        nn.Linear(width, hidden), nn.ReLU(), nn.Linear(hidden, 1))
    flat = x.flatten(0, 1) if pairs else x  # both centres alike
    mu, sd = flat.mean(0), flat.std(0) + 1e-6

    def logit(z):
        z = (z - mu) / sd
        if pairs:  # antisymmetric: which of the two centres is clean
            return (net(torch.cat([z[:, 1], z[:, 0]], -1)) -
                    net(torch.cat([z[:, 0], z[:, 1]], -1))).squeeze(-1)
        return net(z).squeeze(-1)

    opt = torch.optim.LBFGS(
        net.parameters(), max_iter=500, line_search_fn='strong_wolfe')

    def closure():
        opt.zero_grad()
        loss = (nn.functional.binary_cross_entropy_with_logits(
            logit(x), y, reduction='none') * w).sum() / w.sum()
        loss = loss + decay * sum(
            (p**2).sum() for n, p in net.named_parameters() if 'weight' in n)
        loss.backward()
        return loss

    opt.step(closure)
    return lambda z: logit(z).detach().numpy() > 0


def scores(rows: list, flip) -> list:
    """Mean IoU per pattern with the given flips."""
    return [
        float(
            np.mean([
                r['flipped'] if f else r['kept'] for r, f in zip(rows, flip)
                if r['pattern'] == p
            ])) for p in PATTERNS
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    model_args(parser)
    parser.add_argument(
        '--train-photos', default=osp.join(REPO, 'data/photos_split/train'))
    parser.add_argument(
        '--cache',
        required=True,
        help='a folder of one checkpoint\'s splits and features')
    parser.add_argument('--num', type=int, default=185)
    args = parser.parse_args()
    import torch

    check_cache(args.cache, args.checkpoint)
    make_train_splits(args.train_photos, osp.join(args.cache, 'train'),
                      make_logos(osp.join(args.cache, 'logos')))
    model = None
    data = {}
    for part, root, num in (('train', osp.join(args.cache, 'train'), 10**6),
                            ('val', args.splits, args.num)):
        data[part] = []
        for p in PATTERNS:
            cache = osp.join(args.cache, f'feats_{part}_{p}.npy')
            if osp.isfile(cache):
                rows = list(np.load(cache, allow_pickle=True))
            else:
                model = model or load_inpaintor(args.config, args.checkpoint)
                rows = extract(model, osp.join(root, p, '0.1-0.5'), num)
                np.save(cache, rows, allow_pickle=True)
            for r in rows:
                r['pattern'] = p
            data[part] += rows
    train, val = data['train'], data['val']
    y = torch.tensor([float(r['flipped'] > r['kept']) for r in train])
    w = torch.tensor([abs(r['flipped'] - r['kept']) for r in train])

    def row(name, part_scores):
        print(f'| {name} | ' + ' | '.join(f'{s:.3f}' for s in part_scores) +
              f' | {np.mean(part_scores):.4f} |')

    print('| decision (train CV / val) | ' + ' | '.join(PATTERNS) +
          ' | mean |\n|---|' + '---|' * (len(PATTERNS) + 1))
    row('classifier (val)', scores(val, [False] * len(val)))
    row('oracle (val)', scores(val, [r['flipped'] > r['kept'] for r in val]))
    row('classifier (train)', scores(train, [False] * len(train)))
    order = np.random.RandomState(0).permutation(len(train))
    for kind in ('margin', 'geometry', 'geometry+middle', 'centres'):
        x, xv = features(train, kind), features(val, kind)
        for hidden in ((16, 64) if kind == 'centres' else (0, 8)):
            for decay in (1e-3, 1e-2):
                cv = np.zeros(len(train), bool)
                for k in range(5):
                    test = order[k::5]
                    rest = np.setdiff1d(order, test)
                    cv[test] = fit(x[rest], y[rest], w[rest], hidden, decay)(
                        x[test])
                name = f'{kind}, hidden {hidden}, decay {decay:g}'
                row(name + ' (train CV)', scores(train, cv))
                row(name + ' (val)',
                    scores(val,
                           fit(x, y, w, hidden, decay)(xv)))


if __name__ == '__main__':
    main()
