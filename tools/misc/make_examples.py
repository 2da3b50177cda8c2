# Copyright (c) hcl_mm contributors. All rights reserved.
"""Make the corrupted example photos shipped in ``hcl_mm/data/examples``.

Each example is a 256 px photo from the *validation* part of the photo
collection (``tools/dataset_converters/fetch_photos.py``; so the demo
model never trained on it), corrupted with one pattern at a fixed seed.
Writes ``<name>.png`` (the input a user would have), ``gt_masks/<name>.png``
(white = corrupted, for checking) and
``manifest.csv`` (source, licence, attribution, corruption)::

    python tools/misc/make_examples.py data/photos hcl_mm/data/examples
"""
import argparse
import csv
import os
import os.path as osp
import sys

import numpy as np

sys.path.insert(0,
                osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
from hcl_mm.registry import TRANSFORMS  # noqa: E402
from hcl_mm.utils import register_all_modules, write_image_atomic  # noqa

LOGOS = osp.join(
    osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))), 'hcl_mm',
    'data', 'logos')
# (example name, source photo, content config)
EXAMPLES = [
    ('graffiti_chenonceau', 'gcompris__chateaudeChenonceau__cd8119__full.jpg',
     dict(type='GraffitiOverlay', ratio_range=(0.1, 0.2))),
    ('text_dog', 'gcompris__dog__19e6af__full.jpg',
     dict(type='TextOverlay', ratio_range=(0.08, 0.15))),
    ('logo_canyon', 'gcompris__canyondeChelly__36fe6f__full.jpg',
     dict(
         type='LogoOverlay',
         data_root=LOGOS,
         ratio_range=(0.08, 0.15),
         opacity_range=(0.8, 1.0))),
    ('pasted_bison', 'gcompris__bison__dc1f1d__full.jpg',
     dict(type='ImageContent', data_root=None)),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('photos', help='the shared photos (manifest.csv)')
    parser.add_argument('out', help='output folder')
    parser.add_argument('--seed', type=int, default=7)
    args = parser.parse_args()
    register_all_modules()
    with open(osp.join(args.photos, 'manifest.csv'), newline='') as f:
        rows = {
            osp.basename(r['file']): r
            for r in csv.DictReader(f) if r['size'] == '256'
        }
    os.makedirs(args.out, exist_ok=True)
    load = TRANSFORMS.build(dict(type='LoadImage'))
    records = []
    for i, (name, photo, content) in enumerate(EXAMPLES):
        row = rows[photo]
        content = dict(content)
        if content['type'] == 'ImageContent':
            # pasted content from another validation photo
            content['data_root'] = osp.join(
                args.photos,
                osp.dirname(rows['gcompris__sheep__8e241d__full.jpg']['file']))
            content['ann_file'] = None
        corrupt = TRANSFORMS.build(
            dict(
                type='CorruptImage',
                masks=dict(type='IrregularMask', ratio_range=(0.15, 0.25)),
                contents=content,
                smooth_radius=3))
        results = load(dict(img_path=osp.join(args.photos, row['file'])))
        results.update(sample_idx=i, seed=args.seed)
        results = corrupt(results)
        write_image_atomic(osp.join(args.out, f'{name}.png'), results['img'])
        hole = ((1 - results['mask']) * 255).astype(np.uint8)
        write_image_atomic(osp.join(args.out, 'gt_masks', f'{name}.png'), hole)
        records.append(
            dict(
                example=f'{name}.png',
                source_photo=photo,
                source=row['relpath'],
                package=f"{row['package']} {row['version']}",
                licence=row['licence'],
                attribution=row['attribution'],
                corruption=content['type'],
                hole_ratio=f"{1 - results['mask'].mean():.3f}"))
    with open(osp.join(args.out, 'manifest.csv'), 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(records[0]))
        w.writeheader()
        w.writerows(records)
    print(f'{len(records)} examples in {args.out}')


if __name__ == '__main__':
    main()
