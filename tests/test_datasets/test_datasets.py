# Copyright (c) hcl_mm contributors. All rights reserved.
import os
import os.path as osp

import cv2
import numpy as np
import pytest

from hcl_mm.datasets import (ImageFolderDataset, Logo30KDataset,
                             UnreadableImageError)

PIPELINE = [
    dict(type='LoadImage'),
    dict(type='RandomCrop', crop_size=64),
    dict(
        type='CorruptImage',
        masks=dict(type='FreeFormMask'),
        contents=dict(type='RandomNoise')),
]


def test_folder_recursive_and_seeded(photo_dir):
    ds = ImageFolderDataset(data_root=photo_dir, seed=1, pipeline=PIPELINE)
    assert len(ds) == 6
    paths = [ds.get_data_info(i)['img_path'] for i in range(len(ds))]
    assert any('/b/c/' in p for p in paths)
    a, b = ds[2], ds[2]
    assert np.array_equal(a['img'], b['img'])
    assert a['sample_seed'] == b['sample_seed']
    assert not np.array_equal(ds[3]['mask'], a['mask']) or \
        ds[3]['sample_seed'] != a['sample_seed']
    flat = ImageFolderDataset(
        data_root=photo_dir,
        recursive=False,
        pipeline=PIPELINE,
        lazy_init=True)
    with pytest.raises(ValueError, match='no image files'):
        flat.full_init()


def test_ann_file(photo_dir, tmp_path):
    names = sorted(os.listdir(osp.join(photo_dir, 'a')))
    ann = tmp_path / 'list.txt'
    ann.write_text(f'# two images\na/{names[1]}\n\na/{names[0]}\n')
    ds = ImageFolderDataset(
        data_root=photo_dir, ann_file=str(ann), pipeline=[])
    assert [osp.basename(ds.get_data_info(i)['img_path'])
            for i in range(2)] == [names[1], names[0]]
    ann.write_text('a/missing.jpg\n')
    with pytest.raises(FileNotFoundError, match='list.txt'):
        ImageFolderDataset(data_root=photo_dir, ann_file=str(ann))
    with pytest.raises(FileNotFoundError, match='nowhere'):
        ImageFolderDataset(data_root=str(tmp_path / 'nowhere'))


def test_unreadable_images(photo_dir):
    bad = osp.join(photo_dir, 'a', '000_truncated.jpg')
    with open(bad, 'wb') as f:
        f.write(b'\xff\xd8\xff\xe0 not really a jpeg')
    empty = osp.join(photo_dir, 'a', '001_empty.png')
    open(empty, 'wb').close()
    ds = ImageFolderDataset(data_root=photo_dir, pipeline=PIPELINE)
    with pytest.raises(UnreadableImageError, match='000_truncated.jpg'):
        ds[0]
    skipping = ImageFolderDataset(
        data_root=photo_dir, pipeline=PIPELINE, skip_invalid=True)
    with pytest.warns(UserWarning, match='000_truncated.jpg'):
        out = skipping[0]
    assert out['img'].shape == (64, 64, 3)
    assert skipping.skipped == [bad, empty]


def test_other_pipeline_errors_name_the_file(photo_dir):
    ds = ImageFolderDataset(
        data_root=photo_dir,
        pipeline=[
            dict(type='LoadImage'),
            dict(
                type='CorruptImage',
                masks=dict(type='FileMask'),
                contents=dict(type='RandomNoise'))
        ])
    with pytest.raises(RuntimeError, match=r'sample 0 \(.*\.jpg\)'):
        ds[0]


def _write(path, img):
    os.makedirs(osp.dirname(path), exist_ok=True)
    cv2.imwrite(path, img)


def test_logo30k_layout(tmp_path):
    root = str(tmp_path / 'logo')
    img = np.full((32, 32, 3), 90, np.uint8)
    mark = np.zeros((32, 32), np.uint8)
    mark[8:16, 8:24] = 255
    _write(osp.join(root, 'natural', '17.jpg'), img)
    for k in (0, 1):
        _write(osp.join(root, 'val_images', 'image', f'17-{k}.png'), img)
        _write(osp.join(root, 'val_images', 'mask', f'17-{k}.png'), mark)
    ds = Logo30KDataset(
        data_root=root,
        split='val',
        pipeline=[
            dict(type='LoadImage'),
            dict(type='LoadImage', key='gt_path', out_key='gt_img'),
            dict(type='LoadMask', hole_is_white=True)
        ])
    assert len(ds) == 2
    r = ds[1]
    assert r['gt_path'].endswith('natural/17.jpg')
    assert r['mask'][10, 10] == 0 and r['mask'][0, 0] == 1  # 1 = clean
    os.remove(osp.join(root, 'val_images', 'mask', '17-1.png'))
    with pytest.raises(FileNotFoundError, match='17-1.png'):
        Logo30KDataset(data_root=root, split='val')
    with pytest.raises(FileNotFoundError, match='train_images'):
        Logo30KDataset(data_root=root, split='train')
