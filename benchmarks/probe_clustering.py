# Copyright (c) hcl_mm contributors. All rights reserved.
"""Is the per-image 2-means the limit on pasted content, or the embedding?
A probe.

On pasted photo content the shipped detector's masks are found whole or
missed whole (``diagnose_detector.py --boundary``). This probe asks whether
another decision on the *same* embeddings would find more, scored on the
frozen validation split (corrupted-class IoU, per-image mean):

* ``pipeline``: the detector as shipped (hierarchy, classifier, guided
  filter, boundary refiner), at thresholds on P(clean) around 0.5;
* ``pixel probe``: one decision for every image instead of a clustering
  per image: a logistic regression (``linear``) and an MLP (two hidden
  layers of 64) per pixel, fitted on a split of the *training* photos,
  on the three stages' embeddings and on those plus the encoder's
  features (all area-pooled to the coarsest stage's grid, up-sampled
  back bilinearly);
* ``K-means``: spherical K-means (farthest-point start, 20 iterations) on
  the coarsest stage's embeddings, each image alone; with K = 2 the
  cluster classifier picks the corrupted cluster (``classifier``), and for
  every K the best of all 2^K - 2 labellings of the clusters as corrupted
  or clean (``oracle``: an upper bound on any rule that labels clusters).

Run on the shipped model (training split made under ``--cache`` on the
first run, as ``probe_polarity.py`` makes it; features are not cached)::

    python benchmarks/probe_clustering.py --cache work_dirs/polarity
"""
import argparse
import itertools
import os.path as osp
import sys

import numpy as np

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
from bench_generalization import make_logos  # noqa: E402
from bench_generalization import load_inpaintor, model_args
from diagnose_detector import split_samples  # noqa: E402
from probe_polarity import make_train_splits  # noqa: E402


def split_features(model, split: str, num: int) -> dict:
    """Per image of a split: ``proj`` (the stages' embeddings) and ``enc``
    (the encoder's features), both area-pooled to the coarsest stage's
    grid, ``coarse`` (the coarsest stage's own embeddings), ``gt`` (1 =
    clean, image size) and ``p`` (the pipeline's P(clean))."""
    import torch
    import torch.nn.functional as F
    rows = {k: [] for k in ('proj', 'enc', 'coarse', 'gt', 'p')}
    with torch.no_grad():
        for _, img, gt in split_samples(model, split, num):
            feats = model.encoder(img)
            projs = model.mask_detector.embed(feats)
            grid = projs[-1].shape[-2:]
            rows['proj'].append(
                torch.cat([F.adaptive_avg_pool2d(t, grid) for t in projs], 1))
            rows['enc'].append(
                torch.cat([F.adaptive_avg_pool2d(t, grid) for t in feats], 1))
            rows['coarse'].append(projs[-1])
            rows['gt'].append(gt[None, None] > 0.5)
            rows['p'].append(model.detect(img))
    return {
        k: torch.cat(v)[:, 0] if k in ('gt', 'p') else torch.cat(v)
        for k, v in rows.items()
    }


def corrupted_iou(clean_pred, gt) -> float:
    """Mean corrupted-class IoU (:func:`mask_scores`', the benchmarks'
    protocol) of boolean ``(N, H, W)`` clean masks against ``gt``."""
    from hcl_mm.evaluation import mask_scores
    return float(
        np.mean([
            mask_scores(p.float(), g.float())['corrupted_iou']
            for p, g in zip(clean_pred, gt)
        ]))


def upsample(p_clean, size):
    """``(N, h, w)`` P(clean) -> ``(N, H, W)``, bilinear."""
    import torch.nn.functional as F
    up = F.interpolate(
        p_clean[:, None], size=size, mode='bilinear', align_corners=False)
    return up[:, 0]


def fit_pixel_probe(x, clean_frac, hidden: int, epochs: int = 4):
    """A per-pixel classifier of P(clean) on ``x`` ``(N, C, h, w)``,
    trained on pixels at least 90 % clean or corrupted (``clean_frac``:
    the clean share of each grid cell). Returns ``predict(x) -> (N, h,
    w)``."""
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    torch.manual_seed(0)
    c = x.shape[1]
    xs = x.permute(0, 2, 3, 1).reshape(-1, c)
    ys = clean_frac.reshape(-1)
    keep = (ys < 0.1) | (ys > 0.9)
    xs, ys = xs[keep], (ys[keep] > 0.5).float()
    mu, sd = xs.mean(0), xs.std(0) + 1e-5
    net = nn.Linear(c, 1) if not hidden else nn.Sequential(
        nn.Linear(c, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
        nn.Linear(hidden, 1))
    opt = torch.optim.Adam(net.parameters(), 3e-3, weight_decay=1e-4)
    for _ in range(epochs):
        for b in torch.randperm(len(xs)).split(4096):
            loss = F.binary_cross_entropy_with_logits(
                net((xs[b] - mu) / sd)[:, 0], ys[b])
            opt.zero_grad()
            loss.backward()
            opt.step()

    def predict(x):
        with torch.no_grad():
            flat = x.permute(0, 2, 3, 1).reshape(-1, c)
            return torch.sigmoid(net(
                (flat - mu) / sd)[:, 0]).reshape(x.shape[0], *x.shape[-2:])

    return predict


def spherical_kmeans(x, k: int, iters: int = 20):
    """Centres ``(k, D)`` and labels ``(N,)`` of unit rows ``x``: farthest
    point start from the first row, then Lloyd steps on the cosine."""
    import torch
    import torch.nn.functional as F
    centres = [x[0]]
    for _ in range(k - 1):
        dist = torch.stack([1 - x @ c for c in centres], 1).min(1).values
        centres.append(x[dist.argmax()])
    centres = torch.stack(centres)
    for _ in range(iters):
        labels = (x @ centres.T).argmax(1)
        centres = torch.stack([
            F.normalize(x[labels == j].sum(0), dim=0) if
            (labels == j).any() else centres[j] for j in range(k)
        ])
    return centres, (x @ centres.T).argmax(1)


def kmeans_scores(classifier, coarse, gt, ks) -> dict:
    """Per K: the mean IoU of the best labelling of its clusters
    (``oracle``) and, for K = 2, of the classifier's choice."""
    import torch
    import torch.nn.functional as F
    size = gt.shape[-2:]
    scores = {}
    for k in ks:
        oracle, chosen = [], []
        for emb, true in zip(coarse, gt):
            x = F.normalize(emb.flatten(1).T, dim=1)
            centres, labels = spherical_kmeans(x, k)

            def clean_map(is_clean, h=emb.shape[-2], w=emb.shape[-1]):
                grid = is_clean[labels].reshape(1, 1, h, w).float()
                return F.interpolate(grid, size=size)[0] > 0.5

            oracle.append(
                max(
                    corrupted_iou(
                        clean_map(torch.tensor(bits).bool()), true[None])
                    for bits in itertools.product([False, True], repeat=k)
                    if 0 < sum(bits) < k))
            if k == 2:
                with torch.no_grad():
                    logits = classifier(centres[None])[0]
                clean = clean_map(logits > logits.min())
                chosen.append(corrupted_iou(clean, true[None]))
        scores[k] = (np.mean(oracle), np.mean(chosen) if chosen else None)
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    model_args(parser)
    parser.add_argument(
        '--cache',
        required=True,
        help='folder of the training-photo splits (probe_polarity.py\'s)')
    parser.add_argument(
        '--train-photos', default=osp.join(REPO, 'data/photos_split/train'))
    parser.add_argument('--num', type=int, default=185)
    parser.add_argument('--num-train', type=int, default=606)
    parser.add_argument('--ks', type=int, nargs='+', default=[2, 3, 4, 6])
    args = parser.parse_args()

    import torch
    import torch.nn.functional as F
    make_train_splits(args.train_photos, args.cache,
                      make_logos(osp.join(args.cache, 'logos')))
    model = load_inpaintor(args.config, args.checkpoint)
    train = split_features(model, osp.join(args.cache, 'seen'), args.num_train)
    val = split_features(model, osp.join(args.splits, 'seen'), args.num)
    size = val['gt'].shape[-2:]

    rows = [(f'pipeline, P(clean) >= {t}',
             corrupted_iou(train['p'] >= t,
                           train['gt']), corrupted_iou(val['p'] >= t,
                                                       val['gt']))
            for t in (0.4, 0.5, 0.6)]
    clean_frac = F.adaptive_avg_pool2d(train['gt'][:, None].float(),
                                       train['proj'].shape[-2:])[:, 0]
    for name, keys in (('embeddings', ('proj', )), ('embeddings + encoder',
                                                    ('proj', 'enc'))):
        x_train = torch.cat([train[k] for k in keys], 1)
        x_val = torch.cat([val[k] for k in keys], 1)
        for hidden in (0, 64):
            predict = fit_pixel_probe(x_train, clean_frac, hidden)
            rows.append(
                (f'pixel probe on {name}, ' +
                 ('linear' if not hidden else f'MLP {hidden}'),
                 corrupted_iou(
                     upsample(predict(x_train), size) >= 0.5, train['gt']),
                 corrupted_iou(
                     upsample(predict(x_val), size) >= 0.5, val['gt'])))
    for k, (oracle, chosen) in kmeans_scores(model.mask_detector.classifier,
                                             val['coarse'], val['gt'],
                                             args.ks).items():
        if chosen is not None:
            rows.append((f'{k}-means, classifier', None, chosen))
        rows.append((f'{k}-means, oracle labelling', None, oracle))

    print(f'pasted content: {args.num_train} training-photo images, '
          f'{args.num} validation images')
    print('| decision | training photos | validation |')
    print('|---|---|---|')
    for name, tr, va in rows:
        tr = '' if tr is None else f'{tr:.3f}'
        print(f'| {name} | {tr} | {va:.3f} |')


if __name__ == '__main__':
    main()
