# Copyright (c) hcl_mm contributors. All rights reserved.
"""Per-sample random generators.

Every random choice of the corruption data engine draws from a
:class:`numpy.random.Generator` derived from ``results['sample_seed']`` (set
by the hcl_mm datasets) and a per-transform salt, so that

* a sample is reproducible bit for bit whatever the worker, the order of
  loading or the number of processes;
* adding a transform to a pipeline does not change the draws of the others.

Without ``sample_seed`` (a transform used in a foreign pipeline) the seed is
drawn from NumPy's global generator, which MMEngine seeds per worker.
"""
import zlib
from typing import Optional

import numpy as np

SEED_KEY = 'sample_seed'


def sample_seed(seed: Optional[int], index: int) -> int:
    """Derive the seed of sample ``index`` from a dataset seed.

    Args:
        seed (int, optional): dataset seed. None draws a fresh seed from
            NumPy's global generator (training).
        index (int): sample index.

    Returns:
        int: a 63-bit seed.
    """
    if seed is None:
        return int(np.random.randint(0, 2**63 - 1, dtype=np.int64))
    state = np.random.SeedSequence([seed, index]).generate_state(
        1, dtype=np.uint64)[0]
    return int(state) >> 1


def sample_rng(results: dict, salt: str) -> np.random.Generator:
    """Return the generator of one transform for one sample.

    Args:
        results (dict): the pipeline results; ``results['sample_seed']`` is
            used when present.
        salt (str): a name unique to the transform (its class name and
            role), hashed into the seed.

    Returns:
        numpy.random.Generator: a fresh generator.
    """
    seed = results.get(SEED_KEY)
    if seed is None:
        seed = sample_seed(None, 0)
    return np.random.default_rng([int(seed), zlib.crc32(salt.encode())])
