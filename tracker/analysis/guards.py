"""Honesty guards: when a number may be called a finding."""

from __future__ import annotations

import math

MIN_NEFF = 30  # below: no claim at all
SOLID_NEFF = 60  # below: claims are "tentative"
ALPHA = 0.05

INSUFFICIENT = "insufficient_data"
NO_EVIDENCE = "no_evidence"
TENTATIVE = "tentative"
CLAIMED = "claimed"


def status(n_eff: float, significant: bool) -> str:
    """insufficient_data (n_eff < 30), no_evidence, tentative (n_eff < 60) or claimed."""
    if not n_eff >= MIN_NEFF:
        return INSUFFICIENT
    if not significant:
        return NO_EVIDENCE
    return TENTATIVE if n_eff < SOLID_NEFF else CLAIMED


def more_days_needed(n_eff: float, n_days: int) -> int:
    """Days with check-ins still needed for n_eff to reach 30 at the current n_eff per day."""
    if n_eff >= MIN_NEFF:
        return 0
    if n_days <= 0 or n_eff <= 0:
        return MIN_NEFF
    return max(1, math.ceil(MIN_NEFF * n_days / n_eff) - n_days)
