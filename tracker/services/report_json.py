"""The report as plain JSON values: shared by the report and its reality sections."""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def json_ready(obj: Any) -> Any:
    """Numpy scalars → Python, NaN/inf → None, tuples → lists, recursively.

    The adjusted-rating ``series`` is skipped: the analysis builds it from ``tolist()`` of
    finite arrays already (the largest part of the report, so this keeps it fast).
    """
    if isinstance(obj, dict):
        return {str(k): (v if k == "series" else json_ready(v)) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [json_ready(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return [json_ready(v) for v in obj.tolist()]
    if isinstance(obj, np.bool_ | bool):
        return bool(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        x = float(obj)
        return x if math.isfinite(x) else None
    return obj
