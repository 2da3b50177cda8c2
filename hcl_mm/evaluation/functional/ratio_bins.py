# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import List, Sequence, Tuple

Bin = Tuple[float, float]
DEFAULT_BINS = ((0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.0, 0.3), (0.3, 0.6))


def bin_name(b: Bin) -> str:
    """``(0.2, 0.4)`` -> ``'20-40'`` (percent of corrupted pixels)."""
    return f'{round(b[0] * 100)}-{round(b[1] * 100)}'


def bins_of(ratio: float, bins: Sequence[Bin]) -> List[str]:
    """Names of the bins holding a corrupted-pixel ratio.

    A bin holds ``lo <= ratio < hi``; a bin ending at the largest upper edge
    also holds ``ratio == hi``. Bins may overlap (0-20/20-40/40-60 and
    0-30/30-60 are reported in one run).
    """
    top = max(hi for _, hi in bins) if bins else 0
    return [
        bin_name((lo, hi)) for lo, hi in bins
        if lo <= ratio < hi or (hi == top and ratio == hi)
    ]
