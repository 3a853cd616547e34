"""Export and import formats over domain dataclasses: JSON, CSV, merging, other apps' files.
May import ``tracker.domain`` and ``tracker.errors``; no database, no Qt (errors: ExchangeError)."""

from tracker.exchange.csv_format import CsvImport, dump_csv, load_csv
from tracker.exchange.dataset import Dataset
from tracker.exchange.formats import detect_format
from tracker.exchange.json_format import FORMAT_VERSION, dump_json, load_json
from tracker.exchange.merge import MergePlan, plan_merge

__all__ = [
    "FORMAT_VERSION",
    "CsvImport",
    "Dataset",
    "MergePlan",
    "detect_format",
    "dump_csv",
    "dump_json",
    "load_csv",
    "load_json",
    "plan_merge",
]
