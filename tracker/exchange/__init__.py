"""Export and import of Touchstone data: full-fidelity JSON, spreadsheet CSV, merge planning.

Pure Python over the domain dataclasses: no database, no Qt. Loaders raise ``ExchangeError``
(with ``record`` set to the first bad record or row, 1-based) and never anything else.
"""

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
