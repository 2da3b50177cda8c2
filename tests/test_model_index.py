# Copyright (c) hcl_mm contributors. All rights reserved.
"""model-index.yml and its metafiles list the models the OpenMMLab way."""
import os.path as osp

import yaml
from conftest import REPO

from hcl_mm.apis import MODEL_ZOO


def test_model_index_lists_the_shipped_model():
    index = yaml.safe_load(open(osp.join(REPO, 'model-index.yml')))
    models = {}
    for meta in index['Import']:
        data = yaml.safe_load(open(osp.join(REPO, meta)))
        collections = {c['Name'] for c in data['Collections']}
        for m in data['Models']:
            assert m['In Collection'] in collections, m['Name']
            assert osp.isfile(osp.join(REPO, m['Config'])), m['Config']
            if m['Weights']:
                assert osp.isfile(osp.join(REPO, m['Weights'])), m['Weights']
            models[m['Name']] = m
    for name, (config, weights) in MODEL_ZOO.items():
        assert models[name]['Config'] == 'configs/' + config
        assert models[name]['Weights'] == 'hcl_mm/data/' + weights
