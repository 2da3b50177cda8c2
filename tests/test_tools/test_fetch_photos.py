# Copyright (c) hcl_mm contributors. All rights reserved.
"""tools/dataset_converters/fetch_photos.py on a tiny fake package cache
(nothing is downloaded: every package is already in the cache)."""
import csv
import hashlib
import importlib.util
import io
import os
import os.path as osp
import struct
import sys
import zipfile
import zlib

import numpy as np
import pytest
from conftest import REPO
from PIL import Image

CONVERTERS = osp.join(REPO, 'tools', 'dataset_converters')


def _load(name):
    sys.path.insert(0, CONVERTERS)
    try:
        spec = importlib.util.spec_from_file_location(
            name, osp.join(CONVERTERS, f'{name}.py'))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(CONVERTERS)
    return module


fetch = _load('fetch_photos')
qt_resource = _load('qt_resource')


def make_rcc(files, compress=()):
    """A version-1 Qt resource bundle: root -> 'bundle/' -> files."""
    names, nodes, data = b'', [], b''

    def add_name(name):
        nonlocal names
        offset = len(names)
        encoded = name.encode('utf-16-be')
        names += struct.pack('>HI', len(name), 0) + encoded
        return offset

    nodes.append(struct.pack('>IHII', 0, 2, 1, 1))  # root: 1 child at 1
    nodes.append(struct.pack('>IHII', add_name('bundle'), 2, len(files), 2))
    for name, payload in files.items():
        flags = 0
        if name in compress:
            payload = struct.pack('>I', len(payload)) + zlib.compress(payload)
            flags = 1
        nodes.append(
            struct.pack('>IHHHI', add_name(name), flags, 0, 0, len(data)))
        data += struct.pack('>I', len(payload)) + payload
    tree = b''.join(nodes)
    tree_off = 20
    data_off = tree_off + len(tree)
    names_off = data_off + len(data)
    header = b'qres' + struct.pack('>IIII', 1, tree_off, data_off, names_off)
    return header + tree + data + names


def two_colour_png(w=600, h=300):
    """Left half red, right half blue."""
    img = np.zeros((h, w, 3), np.uint8)
    img[:, :w // 2, 0] = 255
    img[:, w // 2:, 2] = 255
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, 'PNG')
    return buf.getvalue()


def test_qt_resource_reads_plain_and_compressed_files(tmp_path):
    path = tmp_path / 'a.rcc'
    path.write_bytes(
        make_rcc({
            'x.txt': b'hello',
            'y.bin': b'\0' * 300
        },
                 compress=('y.bin', )))
    files = qt_resource.read_qt_resource(str(path))
    assert files == {'bundle/x.txt': b'hello', 'bundle/y.bin': b'\0' * 300}
    bad = tmp_path / 'b.rcc'
    bad.write_bytes(b'not a bundle')
    with pytest.raises(ValueError, match='b.rcc'):
        qt_resource.read_qt_resource(str(bad))


def test_parse_crop():
    assert fetch.parse_crop('short->256, center (42, 0)',
                            256) == (256, (42, 0, 298, 256))
    assert fetch.parse_crop('short->512, box (341,256,256)',
                            256) == (512, (341, 256, 597, 512))
    with pytest.raises(ValueError, match='unreadable crop'):
        fetch.parse_crop('half', 256)


@pytest.fixture
def fake_cache(tmp_path):
    cache = tmp_path / 'cache'
    png = two_colour_png()
    # an extracted Debian package with a plain file and a Qt bundle
    tree = cache / 'fake-data_1.0-1'
    (tree / 'usr/share/fake').mkdir(parents=True)
    (tree / 'usr/share/fake/photo.png').write_bytes(png)
    (tree / 'usr/share/fake/rcc').mkdir()
    (tree / 'usr/share/fake/rcc/act.rcc').write_bytes(
        make_rcc({'inside.png': png}, compress=('inside.png', )))
    # a PyPI wheel
    with zipfile.ZipFile(cache / 'fakepy-2.0-py3-none-any.whl', 'w') as zf:
        zf.writestr('fakepy/data/photo.png', png)
    return cache


def write_manifest(path, rows):
    fields = [
        'file', 'size', 'package', 'version', 'relpath', 'crop', 'sha256'
    ]
    with open(path, 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        for r in rows:
            w.writerow(r)


def test_fetch_photos_from_every_kind_of_source(fake_cache, tmp_path):
    manifest = tmp_path / 'collection.csv'
    red = dict(size='100', crop='short->150, box (0,0,100)')
    blue = dict(size='100', crop='short->150, box (200,50,100)')
    rows = [
        dict(
            file='100/deb_red.jpg',
            package='fake-data',
            version='1.0-1',
            relpath='usr/share/fake/photo.png',
            **red),
        dict(
            file='100/rcc_blue.jpg',
            package='fake-data',
            version='1.0-1',
            relpath='inside.png',
            **blue),
        dict(
            file='100/whl_red.jpg',
            package='fakepy (PyPI)',
            version='2.0',
            relpath='fakepy/data/photo.png',
            **red),
        dict(
            file='100/missing.jpg',
            package='fake-data',
            version='1.0-1',
            relpath='usr/share/fake/nope.png',
            **red),
    ]
    # the sha256 column: right for one file, wrong for another
    rows[0]['sha256'] = hashlib.sha256(
        fetch.cut(two_colour_png(), red['crop'], 100)).hexdigest()
    rows[2]['sha256'] = '0' * 64
    write_manifest(manifest, rows)
    out = tmp_path / 'photos'
    report = fetch.fetch_photos(
        str(out), str(manifest), str(fake_cache), sizes=('100', ))
    assert sorted(report['written']) == [
        '100/deb_red.jpg', '100/rcc_blue.jpg', '100/whl_red.jpg'
    ]
    assert report['differs'] == ['100/whl_red.jpg']
    (name, reason), = report['skipped']
    assert name == '100/missing.jpg' and 'nope.png' in reason
    for f, colour in [('deb_red', 0), ('rcc_blue', 2), ('whl_red', 0)]:
        img = np.asarray(Image.open(out / '100' / f'{f}.jpg'))
        assert img.shape == (100, 100, 3)
        assert img[..., colour].min() > 230
        assert img[..., 2 - colour].max() < 25
    assert (out / 'manifest.csv').read_bytes() == manifest.read_bytes()
    # a second run keeps what exists and never rewrites it
    before = os.stat(out / '100' / 'deb_red.jpg').st_mtime_ns
    again = fetch.fetch_photos(
        str(out), str(manifest), str(fake_cache), sizes=('100', ))
    assert len(again['kept']) == 3 and not again['written']
    assert os.stat(out / '100' / 'deb_red.jpg').st_mtime_ns == before
