"""The analysis' guards (METHODS §8) the UI words its empty states with, so that a view says
what is needed by the same numbers the report applies. Imports the analysis: load it lazily."""

from __future__ import annotations

from tracker.analysis.guards import MIN_NEFF
from tracker.analysis.skill_report import MIN_COVERAGE

__all__ = ["MIN_COVERAGE", "MIN_NEFF"]
