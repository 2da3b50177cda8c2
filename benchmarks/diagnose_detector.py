# Copyright (c) hcl_mm contributors. All rights reserved.
"""Where does a detector lose corrupted IoU on a split? Probes.

On the first ``--num`` images of each frozen split given (default: pasted
content of the validation photos, ``bench_generalization.py``'s), and
optionally on a split of the *training* photos made the same way, the
detector's corrupted-class IoU is compared with:

* polarity: the IoU had every image's mask the better of its two
  orientations (an oracle cluster classifier): how much of the gap the
  choice of which cluster is corrupted explains;
* scale: every 128 x 128 tile with 10-50 % corruption detected on its
  own (the training crop) against the full-image mask cut to the tile;
* fit: the same pattern on training photos (``--train-split``); close to
  the validation IoU means the model underfits (capacity / compute), far
  above it means it overfits;
* inference-time remedies: a size prior on polarity (the mask flipped
  where more than half of the image is called corrupted), test-time
  flips (P(clean) averaged over the four horizontal / vertical flips),
  detection on the image upscaled 2x (bilinear; P(clean) area-resized
  back: thin strokes twice as wide to the encoder) and, with
  ``--ensemble CONFIG=CKPT``, P(clean) averaged with a second detector.

``--components`` runs another probe instead: the recall of every connected
corrupted region (at least 30 pixels) split by its colour in the corrupted
image: achromatic (HSV saturation < 60: black, white, grey) or saturated.
A detector that learned "vivid = corrupted" misses the black and white
text of most real watermarks.

``--boundary`` runs another probe instead: where on the image the IoU is
lost. Per image: the corrupted IoU, the same IoU with every pixel within
``--band`` pixels of the true hole's edge left out, recall, precision and
the found / true area, and the share of false positives on pixels the
corruption visibly changed (by more than 24/255 in some channel against the
clean image, though outside the labelled hole: anti-aliased rims below the
label's 0.5 alpha, blended edges); per split the share of images below 0.3
and above 0.8 IoU. Thin strokes (text) that score far higher without the
band are found in the right place with edges off by a pixel; if their
false positives are mostly on changed pixels the label's rim is the limit,
if on unchanged pixels the masks are too thick. A split with many images
below 0.3 loses whole images instead.

``--confident-ratios`` overrides the head's per-stage confident ratios
(fine to coarse) for the run: how much the hierarchy's early decisions
cost. ``--kmeans-restarts`` likewise overrides its 2-means restarts per
stage (one value for every stage, or fine to coarse).

Ends with a summary line::

    python benchmarks/diagnose_detector.py --checkpoint CKPT \\
        --patterns seen --train-split work_dirs/train_probe/seen
"""
import argparse
import os.path as osp
import sys
from typing import Optional

import numpy as np

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
from bench_generalization import SPLIT_PIPELINE  # noqa: E402
from bench_generalization import load_inpaintor, model_args

TILE = 128


def flips_p_clean(model, img, p_clean):
    """P(clean) averaged over the image (its ``p_clean``, already
    detected) and its three flips."""
    maps = [p_clean]
    for dims in ((-1, ), (-2, ), (-2, -1)):
        maps.append(model.detect(img.flip(dims)).flip(dims))
    return sum(maps) / len(maps)


def upscaled_p_clean(model, img, factor: int = 2):
    """P(clean) of the image detected ``factor`` times larger (bilinear),
    area-resized back to the image's size."""
    import torch.nn.functional as F
    big = F.interpolate(
        img, scale_factor=factor, mode='bilinear', align_corners=False)
    return F.interpolate(model.detect(big), size=img.shape[-2:], mode='area')


#: a change above this (0-255, any channel) is visible: the corruption's
#: footprint beyond the labelled hole.
VISIBLE_CHANGE = 24


def split_samples(model, split: str, num: int, with_gt: bool = False):
    """The first ``num`` samples of a frozen split, preprocessed for
    ``model``: ``(raw uint8 CHW input, model input, float mask (1 =
    clean))`` each, and with ``with_gt`` the raw uint8 CHW clean image
    fourth."""
    from hcl_mm.datasets import CorruptionSplitDataset
    ds = CorruptionSplitDataset(data_root=split, pipeline=SPLIT_PIPELINE)
    for i in range(min(num, len(ds))):
        item = ds[i]
        data = model.data_preprocessor(
            dict(inputs=[item['inputs']], data_samples=[item['data_samples']]),
            False)
        sample = (item['inputs'], data['inputs'],
                  data['data_samples'][0].mask[0].float())
        yield (*sample, item['data_samples'].gt_img) if with_gt else sample


def probe(model, split: str, num: int, other=None) -> dict:
    """The probes' mean IoUs on the first ``num`` images (``other``: a
    second detector for the ensemble probe)."""
    import torch

    from hcl_mm.evaluation import mask_scores

    def iou(clean_pred, gt):  # the benchmarks' corrupted-class IoU
        return mask_scores(clean_pred, gt)['corrupted_iou']

    def clean_mask(img):  # the detector's hard mask, 1 = clean
        return (model.detect(img)[0, 0] >= 0.5).float()

    plain, oracle, full_tile, own_tile = [], [], [], []
    minority, flips, upscaled, ensemble = [], [], [], []
    with torch.no_grad():
        for _, img, gt in split_samples(model, split, num):
            p_clean = model.detect(img)
            pred = (p_clean[0, 0] >= 0.5).float()
            plain.append(iou(pred, gt))
            flipped = iou(1 - pred, gt)
            oracle.append(max(plain[-1], flipped))
            minority.append(flipped if pred.mean() < 0.5 else plain[-1])
            flips.append(iou(flips_p_clean(model, img, p_clean)[0, 0], gt))
            upscaled.append(iou(upscaled_p_clean(model, img)[0, 0], gt))
            if other is not None:
                ensemble.append(
                    iou((p_clean + other.detect(img))[0, 0] / 2, gt))
            h, w = gt.shape
            for y in range(0, h - TILE + 1, TILE):
                for x in range(0, w - TILE + 1, TILE):
                    g = gt[y:y + TILE, x:x + TILE]
                    if not 0.5 <= g.mean() <= 0.9:  # 10-50 % corrupted
                        continue
                    tile = img[..., y:y + TILE, x:x + TILE]
                    full_tile.append(iou(pred[y:y + TILE, x:x + TILE], g))
                    own_tile.append(iou(clean_mask(tile), g))
    return dict(
        n=len(plain),
        iou=float(np.mean(plain)),
        oracle=float(np.mean(oracle)),
        minority=float(np.mean(minority)),
        flips=float(np.mean(flips)),
        upscaled=float(np.mean(upscaled)),
        ensemble=float(np.mean(ensemble)) if ensemble else float('nan'),
        tiles=len(own_tile),
        full_tile=float(np.mean(full_tile)) if full_tile else float('nan'),
        own_tile=float(np.mean(own_tile)) if own_tile else float('nan'))


#: HSV saturation (0-255) below which a region counts as achromatic.
ACHROMATIC_SATURATION = 60


def component_recall(model, split: str, num: int) -> dict:
    """Recall of the corrupted connected regions of the first ``num``
    images, by colour: ``{'achromatic': [...], 'saturated': [...]}`` of
    per-region recalls."""
    import cv2
    import torch

    recalls = dict(achromatic=[], saturated=[])
    with torch.no_grad():
        for raw, img, gt in split_samples(model, split, num):
            hole = (gt < 0.5).numpy()
            found = (model.detect(img)[0, 0] < 0.5).numpy()
            bgr = raw.permute(1, 2, 0).numpy()  # uint8, BGR
            n, labels = cv2.connectedComponents(hole.astype(np.uint8))
            for c in range(1, n):
                region = labels == c
                if region.sum() < 30:
                    continue
                mean = bgr[region].mean(0).round().astype(np.uint8)
                hsv = cv2.cvtColor(mean[None, None], cv2.COLOR_BGR2HSV)
                sat = hsv[0, 0, 1]
                kind = ('achromatic'
                        if sat < ACHROMATIC_SATURATION else 'saturated')
                recalls[kind].append(float(found[region].mean()))
    return recalls


def edge_band(hole: np.ndarray, width: int) -> np.ndarray:
    """The pixels within ``width`` pixels of the edge of a boolean
    ``hole`` mask, on either side."""
    import cv2
    kernel = np.ones((2 * width + 1, 2 * width + 1), np.uint8)
    h = hole.astype(np.uint8)
    return cv2.dilate(h,
                      kernel).astype(bool) & ~cv2.erode(h, kernel).astype(bool)


def boundary_scores(found: np.ndarray,
                    hole: np.ndarray,
                    width: int = 1,
                    changed: Optional[np.ndarray] = None) -> dict:
    """One image's corrupted IoU with and without the ``width``-pixel band
    around the true hole's edge, recall, precision and found / true area
    (``found`` and ``hole``: boolean, True = corrupted); given the pixels
    the corruption ``changed`` (boolean), the share of false positives on
    them (``fp_on_changed``, NaN without false positives)."""
    keep = ~edge_band(hole, width)
    inter, union = (found & hole).sum(), (found | hole).sum()
    out = {}
    if changed is not None:
        fp = found & ~hole
        out['fp_on_changed'] = ((fp & changed).sum() /
                                fp.sum() if fp.any() else np.nan)
    return dict(
        **out,
        iou=inter / max(union, 1),
        iou_outside_band=(found & hole & keep).sum() / max(
            ((found | hole) & keep).sum(), 1),
        recall=inter / max(hole.sum(), 1),
        precision=inter / max(found.sum(), 1),
        area=found.sum() / max(hole.sum(), 1))


def boundary_probe(model, split: str, num: int, width: int = 1) -> dict:
    """:func:`boundary_scores` of the first ``num`` images: their means
    (the area ratio's median) and the shares of images below 0.3 and above
    0.8 IoU."""
    import torch
    scores = []
    with torch.no_grad():
        for raw, img, gt, clean in split_samples(model, split, num, True):
            found = (model.detect(img)[0, 0] < 0.5).numpy()
            diff = (raw.int() - clean.int()).abs().amax(0).numpy()
            scores.append(
                boundary_scores(found, (gt < 0.5).numpy(), width, diff
                                > VISIBLE_CHANGE))
    out = {
        k: float(np.mean([s[k] for s in scores]))
        for k in ('iou', 'iou_outside_band', 'recall', 'precision')
    }
    out['fp_on_changed'] = float(
        np.nanmean([s['fp_on_changed'] for s in scores]))
    ious = np.array([s['iou'] for s in scores])
    out.update(
        n=len(scores),
        area=float(np.median([s['area'] for s in scores])),
        below_03=float((ious < 0.3).mean()),
        above_08=float((ious > 0.8).mean()))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    model_args(parser)
    parser.add_argument('--num', type=int, default=80)
    parser.add_argument(
        '--patterns',
        nargs='+',
        default=['seen'],
        help='split folders under --splits (seen = pasted image content)')
    parser.add_argument(
        '--confident-ratios',
        type=float,
        nargs='+',
        help='the head\'s confident ratios, fine to coarse (default: '
        'the config\'s)')
    parser.add_argument(
        '--kmeans-restarts',
        type=int,
        nargs='+',
        help='the head\'s 2-means restarts, one or fine to coarse '
        '(default: the config\'s)')
    parser.add_argument(
        '--train-split',
        help='a split of the training photos made like the validation '
        'ones (tools/make_test_split.py ... --num N)')
    parser.add_argument(
        '--components',
        action='store_true',
        help='only the probe of region recall by colour')
    parser.add_argument(
        '--boundary',
        action='store_true',
        help='only the probe of IoU lost at the holes\' edges')
    parser.add_argument(
        '--band',
        type=int,
        default=1,
        help='with --boundary: the edge band\'s half-width in pixels')
    parser.add_argument(
        '--ensemble',
        metavar='CONFIG=CKPT',
        help='a second detector for the ensemble probe')
    args = parser.parse_args()
    from hcl_mm.utils import register_all_modules
    register_all_modules()
    model = load_inpaintor(args.config, args.checkpoint)
    other = None
    if args.ensemble:
        other = load_inpaintor(*args.ensemble.split('=', 1))
    if args.confident_ratios:
        model.mask_detector.confident_ratios = tuple(args.confident_ratios)
    if args.kmeans_restarts:
        head = model.mask_detector
        restarts = args.kmeans_restarts
        if len(restarts) not in (1, len(head.kmeans_restarts)):
            parser.error(f'--kmeans-restarts takes 1 or '
                         f'{len(head.kmeans_restarts)} values')
        if len(restarts) == 1:
            restarts = restarts * len(head.kmeans_restarts)
        head.kmeans_restarts = tuple(restarts)
    print('confident ratios (fine to coarse): '
          f'{model.mask_detector.confident_ratios}; 2-means restarts: '
          f'{model.mask_detector.kmeans_restarts}')
    splits = {p: osp.join(args.splits, p) for p in args.patterns}
    if args.components:
        print('| split | achromatic regions | their recall | saturated '
              'regions | their recall |')
        print('|---|---|---|---|---|')
        for name, split in splits.items():
            r = component_recall(model, split, args.num)
            a, v = r['achromatic'], r['saturated']
            print(f'| {name} | {len(a)} | {np.mean(a) if a else np.nan:.3f} '
                  f'| {len(v)} | {np.mean(v) if v else np.nan:.3f} |')
        return
    if args.boundary:
        print(f'| split | n | corrupted IoU | without the {args.band}-px '
              'edge band | recall | precision | found / true area '
              '(median) | false positives on changed pixels | images < 0.3 '
              '| images > 0.8 |')
        print('|---|---|---|---|---|---|---|---|---|---|')
        for name, split in splits.items():
            r = boundary_probe(model, split, args.num, args.band)
            print(f"| {name} | {r['n']} | {r['iou']:.3f} | "
                  f"{r['iou_outside_band']:.3f} | {r['recall']:.3f} | "
                  f"{r['precision']:.3f} | {r['area']:.2f} | "
                  f"{r['fp_on_changed']:.2f} | {r['below_03']:.2f} | "
                  f"{r['above_08']:.2f} |")
        return
    if args.train_split:
        splits['train photos'] = args.train_split
    print('| split | n | corrupted IoU | with oracle polarity | 128 tiles: '
          'full-image mask | 128 tiles: detected alone | minority polarity '
          '| 4 flips | upscaled 2x | ensemble |')
    print('|---|---|---|---|---|---|---|---|---|---|')
    rows = {}
    for name, split in splits.items():
        if not osp.isdir(split):
            raise SystemExit(f'no split {split}')
        r = rows[name] = probe(model, split, args.num, other)
        print(f"| {name} | {r['n']} | {r['iou']:.3f} | {r['oracle']:.3f} | "
              f"{r['full_tile']:.3f} | {r['own_tile']:.3f} "
              f"({r['tiles']} tiles) | {r['minority']:.3f} | "
              f"{r['flips']:.3f} | {r['upscaled']:.3f} | "
              f"{r['ensemble']:.3f} |")
    first = rows[args.patterns[0]]
    line = (f'summary: {args.patterns[0]} IoU {first["iou"]:.3f}, '
            f'{first["oracle"]:.3f} with oracle polarity, '
            f'{first["own_tile"]:.3f} on 128 tiles detected alone')
    if args.train_split:
        line += f', {rows["train photos"]["iou"]:.3f} on training photos'
    print(line)


if __name__ == '__main__':
    main()
