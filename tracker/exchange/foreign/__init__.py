"""Imports from other apps: Daylio (CSV and backup), Bearable, Track & Graph, any CSV.

Each parser turns a file into a ``SourceData`` (the source's own terms) and raises only
``ExchangeError``; ``convert`` applies Touchstone's rules (mood mapping, scale conversion,
deterministic ids) and yields check-ins. No database, no Qt.
"""

from tracker.exchange.foreign.bearable import parse_bearable
from tracker.exchange.foreign.convert import (
    Conversion,
    ImportOptions,
    MoodRow,
    Target,
    convert,
    level_to_mood,
    parse_target,
    rescale,
)
from tracker.exchange.foreign.daylio_backup import parse_daylio_backup
from tracker.exchange.foreign.daylio_csv import parse_daylio_csv
from tracker.exchange.foreign.detect import detect_app
from tracker.exchange.foreign.mapped_csv import (
    ColumnRole,
    CsvMapping,
    guess_mapping,
    parse_mapped_csv,
    parse_role,
    read_table,
)
from tracker.exchange.foreign.model import APP_NAMES, APPS, Measure, SourceData, SourceEntry
from tracker.exchange.foreign.trackandgraph import parse_trackandgraph

__all__ = [
    "APPS",
    "APP_NAMES",
    "ColumnRole",
    "Conversion",
    "CsvMapping",
    "ImportOptions",
    "Measure",
    "MoodRow",
    "SourceData",
    "SourceEntry",
    "Target",
    "convert",
    "detect_app",
    "guess_mapping",
    "level_to_mood",
    "parse_bearable",
    "parse_daylio_backup",
    "parse_daylio_csv",
    "parse_mapped_csv",
    "parse_role",
    "parse_target",
    "parse_trackandgraph",
    "read_table",
    "rescale",
]
