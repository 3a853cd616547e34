"""False-discovery-rate adjustments (Benjamini–Hochberg, Benjamini–Yekutieli)."""

from __future__ import annotations

import numpy as np


def fdr_adjust(pvalues: np.ndarray | list[float], method: str = "by") -> np.ndarray:
    """Adjusted p-values (q). ``method`` "bh" (independent or PRDS tests) or "by" (any dependence).

    q_(i) = min over j >= i of min(1, c m p_(j) / j), c = 1 for BH and sum_{k<=m} 1/k for BY.
    Same as ``scipy.stats.false_discovery_control`` (checked in the tests; scipy is not needed
    at run time).
    """
    p = np.asarray(pvalues, dtype=float)
    m = len(p)
    if m == 0:
        return p.copy()
    if method not in ("bh", "by"):
        raise ValueError(f"unknown method {method!r}")
    c = 1.0 if method == "bh" else float(np.sum(1.0 / np.arange(1, m + 1)))
    order = np.argsort(p)
    ranked = p[order] * c * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(ranked, 1.0)
    return out
