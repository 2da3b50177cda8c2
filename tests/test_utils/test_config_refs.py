# Copyright (c) hcl_mm contributors. All rights reserved.
"""Late-bound config references: one place sets every root and the
corruption, and a child config's override reaches every pipeline."""
import glob
import os.path as osp

import pytest
from conftest import REPO
from mmengine import Config

from hcl_mm.utils import resolve_refs


def leaves(value):
    """Every string inside nested dicts, lists and tuples."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from leaves(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from leaves(v)


def test_resolve_refs_whole_embedded_nested_and_errors():
    cfg = Config(
        dict(
            root='data/x',
            sub='${root}/train',
            roots=['${root}', 'data/y'],
            corruption=dict(type='CorruptImage', path='${sub}'),
            pipeline=[dict(type='LoadImage'), '${corruption}'],
            loader=dict(dataset=dict(pipeline='${pipeline}'))))
    resolve_refs(cfg)
    assert cfg.sub == 'data/x/train'
    assert cfg.roots == ['data/x', 'data/y']
    assert cfg.loader.dataset.pipeline[1] == dict(
        type='CorruptImage', path='data/x/train')
    # each reference is its own copy
    cfg.loader.dataset.pipeline[1]['path'] = 'changed'
    assert cfg.corruption.path == 'data/x/train'
    with pytest.raises(KeyError, match=r"loader.dataset.root.*'nope'"):
        resolve_refs(Config(dict(loader=dict(dataset=dict(root='${nope}')))))
    with pytest.raises(KeyError, match='circular'):
        resolve_refs(Config(dict(a='${b}', b=['${a}'])))


def pipelines(cfg):
    return {
        split: cfg[f'{split}_dataloader'].dataset.pipeline
        for split in ('train', 'val', 'test')
    }


def test_child_override_reaches_every_pipeline(tmp_path):
    child = tmp_path / 'child.py'
    base = osp.join(REPO, 'configs', 'hcl', 'hcl_places_256.py')
    child.write_text(f'_base_ = [{base!r}]\n'
                     "data_root = 'mine/train'\n"
                     "val_root = 'mine/val'\n"
                     "content_root = ['fill/a', 'fill/b']\n"
                     "val_content_root = 'fill/val'\n"
                     "mask_root = 'masks/train'\n"
                     "val_mask_root = 'masks/test'\n")
    cfg = resolve_refs(Config.fromfile(str(child)))
    assert cfg.train_dataloader.dataset.data_root == 'mine/train'
    assert cfg.val_dataloader.dataset.data_root == 'mine/val'
    assert cfg.test_dataloader.dataset.data_root == 'mine/val'
    corruption = {
        split: [t for t in p if t['type'] == 'CorruptImage'][0]
        for split, p in pipelines(cfg).items()
    }
    assert corruption['train'].contents.data_root == ['fill/a', 'fill/b']
    assert corruption['train'].masks.path == 'masks/train'
    for split in ('val', 'test'):
        assert corruption[split].contents.data_root == 'fill/val'
        assert corruption[split].masks.path == 'masks/test'
    # replacing the corruption itself, once, for every pipeline
    child.write_text(f'_base_ = [{base!r}]\n'
                     "corruption = dict(_delete_=True, type='CorruptImage',\n"
                     "    masks=dict(type='IrregularMask'),\n"
                     "    contents=dict(type='ConstantColor'))\n"
                     "val_corruption = '${corruption}'\n")
    cfg = resolve_refs(Config.fromfile(str(child)))
    for split, p in pipelines(cfg).items():
        (c, ) = [t for t in p if t['type'] == 'CorruptImage']
        assert c == dict(
            type='CorruptImage',
            masks=dict(type='IrregularMask'),
            contents=dict(type='ConstantColor')), split
    # and from the command line, after the config is loaded
    cfg = Config.fromfile(base)
    cfg.merge_from_dict({'data_root': 'cli/train'})
    assert resolve_refs(cfg).train_dataloader.dataset.data_root == \
        'cli/train'


@pytest.mark.parametrize(
    'path',
    sorted(glob.glob(osp.join(REPO, 'configs', '**', '*.py'), recursive=True)),
    ids=lambda p: osp.relpath(p, osp.join(REPO, 'configs')))
def test_every_config_resolves(path):
    if '_base_' in path.split(osp.sep):
        pytest.skip('a fragment')
    cfg = resolve_refs(Config.fromfile(path))
    # every value, walked (``pretty_text`` says the same through yapf, at
    # several seconds per recipe config)
    left = [s for s in leaves(cfg.to_dict()) if '${' in s]
    assert not left, left
    for split in ('train', 'val', 'test'):
        loader = cfg.get(f'{split}_dataloader')
        if loader:
            assert isinstance(loader.dataset.pipeline, list), split
