"""A view's numbers export as CSV (exact values, not a screenshot of 16 rows and a scroll bar),
and every export from the dashboard says where it went."""

from __future__ import annotations

import csv

import pytest

from tracker.ui import file_dialogs

pytestmark = pytest.mark.gui


def test_table_mode_exports_its_numbers_as_csv_and_the_window_says_where(
        qtbot, monkeypatch, seeded, make_window, tmp_path):
    window = make_window(seeded)
    window.tabs.setCurrentIndex(window.DASHBOARD_TAB)
    dash = window.dashboard()
    view = dash.set_view("effects")
    qtbot.waitUntil(lambda: view.ctx is not None and view.settled(), timeout=20000)
    dash.table_button.setChecked(True)
    target = tmp_path / "effects"  # no suffix: the export adds it
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(target), ""))
    [action] = [a for a in dash.export_button.menu().actions() if "CSV" in a.text()]
    action.trigger()
    written = tmp_path / "effects.csv"
    with written.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    table = view.current_table()
    assert rows[0] == table.headers
    assert len(rows) == len(table.rows) + 1
    first = table.rows[0]
    assert rows[1][0] == first[0]  # the factor's name
    assert float(rows[1][1]) == first[1].value  # the exact number, not its 2-digit text
    assert window.status_label.text() == f"Exported to {written}"
