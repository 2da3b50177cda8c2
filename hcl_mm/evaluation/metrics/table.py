# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Dict, List, Sequence


def markdown_table(rows: List[Dict[str, object]],
                   columns: Sequence[str]) -> str:
    """Rows of dicts as a Markdown table (floats with 4 decimals)."""

    def fmt(v):
        return f'{v:.4f}' if isinstance(v, float) else str(v)

    lines = ['| ' + ' | '.join(columns) + ' |', '|' + '---|' * len(columns)]
    for r in rows:
        lines.append('| ' + ' | '.join(fmt(r.get(c, ''))
                                       for c in columns) + ' |')
    return '\n'.join(lines)


def group_means(results: List[dict], key: str) -> Dict[str, float]:
    """Mean of every score of ``result[key]`` over the results holding it."""
    held = [r[key] for r in results if key in r]
    if not held:
        return {}
    return {k: sum(h[k] for h in held) / len(held) for k in held[0]}
