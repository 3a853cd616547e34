"""The felt-vs-measured columns of the CSV export, after the skill and factor columns.

* ``outcome:NAME`` per measure (by name): that measure's value on the check-in's own calendar
  day (every check-in of a day shows the day's value);
* ``probe:KIND`` and ``probe:KIND predicted`` per kind of probe the journal has scored
  (``vigilance``: mean response speed in 1/s; ``digit_symbol``: correct answers per minute):
  the score of the probe run right after that check-in, and the score predicted before it.

Probes run without a check-in, discarded probes, trials and error variances are only in the
JSON export. On import these columns are recognised and skipped: they are read from the
journal's measures and probes, not typed into the sheet.
"""

from __future__ import annotations

from collections.abc import Callable

from tracker.domain.measured import ProbeKind
from tracker.domain.models import CheckIn
from tracker.exchange.dataset import format_number

OUTCOME_PREFIX = "outcome:"
PROBE_PREFIX = "probe:"
DERIVED_PREFIXES = (OUTCOME_PREFIX, PROBE_PREFIX)
SKIPPED_NOTE = ("The outcome: and probe: columns were not imported: they come from the "
                "journal's measures and probes (the JSON export carries them in full)")


def measured_columns(data: object) -> tuple[list[str], Callable[[CheckIn], list[str]]]:
    """The extra header cells for ``data`` and the function giving a check-in's cells."""
    measures = sorted(getattr(data, "measures", []), key=lambda m: m.name.casefold())
    outcomes = {(o.measure_id, o.day): o.value for o in getattr(data, "outcomes", [])}
    linked: dict[tuple[str, ProbeKind], tuple[float, float | None]] = {}
    for probe in getattr(data, "probes", []):  # oldest first: a later one of a kind wins
        if probe.scored and probe.checkin_id is not None and probe.score is not None:
            linked[(probe.checkin_id, probe.kind)] = (probe.score, probe.prediction)
    kinds = [k for k in ProbeKind if any(kind is k for _, kind in linked)]
    header = [OUTCOME_PREFIX + m.name for m in measures]
    for kind in kinds:
        header += [f"{PROBE_PREFIX}{kind.value}", f"{PROBE_PREFIX}{kind.value} predicted"]

    def cells(checkin: CheckIn) -> list[str]:
        day = checkin.at.date()
        row = [_cell(outcomes.get((m.id, day))) for m in measures]
        for kind in kinds:
            score, predicted = linked.get((checkin.id, kind), (None, None))
            row += [_cell(score), _cell(predicted)]
        return row

    return header, cells


def _cell(value: float | None) -> str:
    return "" if value is None else format_number(value)
