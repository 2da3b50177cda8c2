# Copyright (c) hcl_mm contributors. All rights reserved.
"""Read the files inside a compiled Qt resource bundle (``.rcc``).

Some Debian packages (GCompris) ship their images inside Qt resource
bundles rather than as files. The layout (Qt's ``rcc`` format, versions
1-3) is a header, a tree of 14- (v1) or 22-byte (v2+) nodes, a name table
(UTF-16BE) and a data table (4-byte size + payload, zlib-compressed when
the node's flag 1 is set).
"""
import struct
import zlib
from typing import Dict

_DIRECTORY = 0x02
_COMPRESSED = 0x01
_COMPRESSED_ZSTD = 0x04


def read_qt_resource(path: str) -> Dict[str, bytes]:
    """Return every file of a Qt resource bundle.

    Args:
        path (str): the ``.rcc`` file.

    Returns:
        dict: resource path (``'a/b/c.png'``, no leading ``:/``) -> bytes.

    Raises:
        ValueError: when ``path`` is not a Qt resource bundle or a node
            uses zstd compression (not in Python's standard library).
    """
    with open(path, 'rb') as f:
        buf = f.read()
    if buf[:4] != b'qres' or len(buf) < 20:
        raise ValueError(f'{path} is not a Qt resource bundle (no "qres" '
                         'header)')
    version, tree, data, names = struct.unpack('>IIII', buf[4:20])
    node_size = 14 if version == 1 else 22

    def name_at(offset: int) -> str:
        length, = struct.unpack_from('>H', buf, names + offset)
        start = names + offset + 6  # length (2) + hash (4)
        return buf[start:start + 2 * length].decode('utf-16-be')

    files: Dict[str, bytes] = {}
    stack = [(0, '')]
    while stack:
        index, parent = stack.pop()
        base = tree + index * node_size
        name_offset, flags = struct.unpack_from('>IH', buf, base)
        path_here = '/'.join(
            p for p in (parent, name_at(name_offset) if index else '') if p)
        if flags & _DIRECTORY:
            count, first = struct.unpack_from('>II', buf, base + 6)
            stack.extend((c, path_here) for c in range(first, first + count))
            continue
        data_offset, = struct.unpack_from('>I', buf, base + 10)
        size, = struct.unpack_from('>I', buf, data + data_offset)
        payload = buf[data + data_offset + 4:data + data_offset + 4 + size]
        if flags & _COMPRESSED_ZSTD:
            raise ValueError(f'{path}: {path_here} is zstd-compressed')
        if flags & _COMPRESSED:
            payload = zlib.decompress(payload[4:])  # after the raw size
        files[path_here] = payload
    return files
