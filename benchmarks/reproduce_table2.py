# Copyright (c) hcl_mm contributors. All rights reserved.
"""The paper's Table 2 protocol: one inpainter (MAT-F) on the masks of
several detectors, and blind models end to end, on one frozen split.

Rows: the inpainter on the ground-truth masks; the inpainter behind each
detector (a :class:`DetectThenInpaint` assembled from the two trained
models' configs and checkpoints, composited into the known pixels as MAT
is); each blind model as it is (e.g. VCNet, HCL; not composited, as
released). Columns: detection accuracy and corrupted-class IoU of the
final mask, PSNR and SSIM of the restoration (per image, then mean;
``tools/test.py`` with hcl_mm's metrics on the split of
``tools/make_test_split.py``)::

    python benchmarks/reproduce_table2.py data/test_splits/places512 \\
        --inpainter configs/mat/mat_places_512.py:MAT_F_CKPT \\
        --detectors hcl=configs/hcl/hcl_places_512.py:HCL_CKPT \\
            vcnet=VCNET_CONFIG:VCNET_CKPT segmenter=SEGMENTER_CONFIG:CKPT \\
        --blind vcnet=VCNET_CONFIG:VCNET_CKPT \\
            hcl=configs/hcl/hcl_places_512.py:HCL_CKPT

A detector's config may be a whole model (HCL, VCNet, HCL with Segmenter as
its detector), an mmseg segmentor or a detector
(:func:`hcl_mm.models.detector_part`). GPU: the same command.
"""
import argparse
import importlib.util
import os.path as osp
import sys
from typing import Dict

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
_spec = importlib.util.spec_from_file_location(
    'reproduce_table3',
    osp.join(osp.dirname(osp.abspath(__file__)), 'reproduce_table3.py'))
table3 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(table3)
sys.path.insert(0, osp.join(REPO, 'tools', 'misc'))
from make_pairing import write_pairing  # noqa: E402


def final_stage(metrics: Dict[str, float]) -> str:
    """The finest mask stage the metrics hold (``S3`` for HCL, ``S1`` for
    single-mask models)."""
    stages = [
        k.split('/')[1].split('_')[0] for k in metrics
        if k.startswith('mask/S') and k.endswith('_acc') and k.count('/') == 1
    ]
    return max(stages, key=lambda s: int(s[1:]))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('split', help='frozen split root (bin folders)')
    parser.add_argument(
        '--inpainter',
        required=True,
        metavar='CONFIG:CHECKPOINT',
        help='the shared non-blind inpainter (MAT-F)')
    parser.add_argument(
        '--detectors', nargs='*', default=[], metavar='NAME=CONFIG:CKPT')
    parser.add_argument(
        '--blind', nargs='*', default=[], metavar='NAME=CONFIG:CKPT')
    parser.add_argument(
        '--no-ground-truth',
        action='store_true',
        help='skip the ground-truth-mask row')
    parser.add_argument(
        '--work-dir', default=osp.join(REPO, 'work_dirs', 'reproduce_table2'))
    parser.add_argument('--workers', type=int, default=2)
    args = parser.parse_args(argv)
    _, inp_config, inp_ckpt = table3.parse_spec('inpainter=' + args.inpainter)
    inp_name = osp.splitext(osp.basename(inp_config))[0]
    rows = []  # (detector, inpainter, config, checkpoint)
    if not args.no_ground_truth:
        rows.append(('ground truth', inp_name, None))
    for spec in args.detectors:
        name, config, ckpt = table3.parse_spec(spec)
        rows.append((name, inp_name, (config, ckpt)))
    results = []
    for det, inp, detector in rows:
        tag = det.replace(' ', '-')
        config, ckpt = (
            osp.join(args.work_dir, f'{tag}_pairing{ext}')
            for ext in ('.py', '.pth'))
        write_pairing(detector, (inp_config, inp_ckpt), config, ckpt)
        results.append((det, inp,
                        table3.evaluate(tag, config, ckpt, args.split,
                                        args.work_dir, args.workers, '')))
    for spec in args.blind:
        name, config, ckpt = table3.parse_spec(spec)
        results.append(
            (name, name,
             table3.evaluate(f'blind-{name}', config, ckpt, args.split,
                             args.work_dir, args.workers, '')))
    print(f'{args.split}: detection (final mask) and restoration, per '
          'image then mean; pairings composited, blind models not')
    print('| detection | inpainting | ACC | IoU | PSNR | SSIM |')
    print('|---|---|---|---|---|---|')
    for det, inp, m in results:
        if det == 'ground truth':
            acc = iou = '-'
        else:
            s = final_stage(m)
            acc = f"{m[f'mask/{s}_acc']:.3f}"
            iou = f"{m[f'mask/{s}_corrupted_iou']:.3f}"
        print(f'| {det} | {inp} | {acc} | {iou} | '
              f"{m['image/psnr']:.2f} | {m['image/ssim']:.3f} |")
    best = max(results, key=lambda r: r[2]['image/psnr'])
    print(f'summary: best PSNR {best[0]} + {best[1]} '
          f"({best[2]['image/psnr']:.2f} dB)")


if __name__ == '__main__':
    main(sys.argv[1:])
