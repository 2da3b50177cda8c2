# Copyright (c) hcl_mm contributors. All rights reserved.
"""tools/dataset_converters/prepare_datasets.py on tiny fake downloads."""
import importlib.util
import os
import os.path as osp

import pytest
from conftest import REPO

spec = importlib.util.spec_from_file_location(
    'prepare_datasets',
    osp.join(REPO, 'tools', 'dataset_converters', 'prepare_datasets.py'))
prep = importlib.util.module_from_spec(spec)
spec.loader.exec_module(prep)


def touch(path):
    os.makedirs(osp.dirname(path), exist_ok=True)
    open(path, 'wb').close()


def test_places_and_imagenet_split_names(tmp_path):
    src = tmp_path / 'places'
    for d in ('data_large_standard/a/abbey', 'val_large', 'test_large'):
        touch(str(src / d / '00000001.jpg'))
    out = tmp_path / 'data' / 'places'
    prep.prepare('places365', str(src), str(out))
    assert osp.isfile(out / 'train' / 'a' / 'abbey' / '00000001.jpg')
    assert sorted(os.listdir(out)) == ['test', 'train', 'val']
    src = tmp_path / 'ilsvrc'
    for d in ('train/n01', 'val', 'test'):
        touch(str(src / d / 'x.JPEG'))
    out = tmp_path / 'data' / 'imagenet'
    prep.prepare('imagenet', str(src), str(out))
    assert sorted(os.listdir(out)) == ['test', 'train', 'valid']
    with pytest.raises(FileExistsError):
        prep.prepare('imagenet', str(src), str(out))


def test_ffhq_folders_split_and_missing_folder(tmp_path):
    src = tmp_path / 'ffhq'
    for start in range(0, 70000, 1000):
        touch(
            str(src / 'images1024x1024' / f'{start:05d}' / f'{start:05d}.png'))
    out = tmp_path / 'out'
    assert prep.prepare('ffhq', str(src), str(out)) == dict(train=60, test=10)
    assert osp.isfile(out / 'test' / '60000' / '60000.png')
    assert not osp.exists(out / 'train' / '60000')
    os.remove(src / 'images1024x1024' / '31000' / '31000.png')
    os.rmdir(src / 'images1024x1024' / '31000')
    with pytest.raises(FileNotFoundError, match='31000'):
        prep.prepare('ffhq', str(src), str(tmp_path / 'out2'))
    assert not osp.exists(tmp_path / 'out2')


def test_celebahq_split_by_celeba_id(tmp_path):
    src = tmp_path / 'celebahq'
    lines = ['idx orig_idx orig_file']
    for idx, cid in enumerate((1, 162770, 162771, 182637, 182638, 202599)):
        touch(str(src / 'CelebA-HQ-img' / f'{idx}.jpg'))
        lines.append(f'{idx} {cid - 1} {cid:06d}.jpg')
    (src / 'CelebA-HQ-to-CelebA-mapping.txt').write_text('\n'.join(lines))
    out = tmp_path / 'out'
    counts = prep.prepare('celebahq', str(src), str(out))
    assert counts == dict(train=2, val=2, test=2)
    assert sorted(os.listdir(out / 'val')) == ['162771.jpg', '182637.jpg']
    with pytest.raises(SystemExit, match='mapping file'):
        os.remove(src / 'CelebA-HQ-to-CelebA-mapping.txt')
        prep.main(['celebahq', str(src), str(tmp_path / 'o3')])
