"""The tables show the numbers of `touchstone report --json` (the real CLI, same data dir)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import raw_column

pytestmark = pytest.mark.gui


def cli_report(data_dir, skill: str, since) -> dict:
    args = [sys.executable, "-m", "tracker", "--data-dir", str(data_dir), "report", "--json",
            "--skill", skill]
    if since is not None:
        args += ["--since", since.isoformat()]
    out = subprocess.run(args, capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout)["skills"][0]


def table_of(qtbot, dash, key):
    view = dash.set_view(key)
    qtbot.waitUntil(lambda: view.ctx is not None and view.settled())
    return view, view.current_table()


def rows_by_name(table):
    return {row[0]: row for row in table.rows}


def test_tables_equal_the_cli_report(qtbot, dash, seeded):
    dash.set_range("90d")
    coding = seeded.skill_by_name("Coding")
    dash.set_skill(coding.id)
    ctx = dash.context()
    cli = cli_report(seeded.data_dir, "Coding", ctx.since)
    assert cli["counts"]["checkins"] == len(ctx.checkins)

    _, effects = table_of(qtbot, dash, "effects")
    rows = rows_by_name(effects)
    for f in cli["regression"]["factors"]:
        row = rows[f["name"]]
        assert row[1].value == pytest.approx(f["per_sd"], rel=1e-12)
        assert [row[2].value, row[3].value] == pytest.approx(f["per_sd_ci95"], rel=1e-12)
        assert row[10].value == pytest.approx(f["q"], rel=1e-12)

    _, scatter = table_of(qtbot, dash, "scatter")
    rows = rows_by_name(scatter)
    for a in cli["correlations"]:
        row = rows[a["name"]]
        assert row[1] == a["n"] and row[4].value == pytest.approx(a["pearson"]["r"], rel=1e-12)
        assert [row[5].value, row[6].value] == pytest.approx(a["pearson"]["ci95"], rel=1e-12)

    view, share = table_of(qtbot, dash, "share")
    cli_share = cli["regression"]["share_explained"]
    if cli_share is None:
        assert view.stack.currentWidget() is view.empty_label
    else:
        rows = rows_by_name(share)
        base = cli_share["baseline"]
        assert rows["Trend and time of day, out of sample (%)"][1].value == base["share_percent"]
        assert rows["Baseline out-of-sample R²"][1].value == pytest.approx(base["r2"], rel=1e-12)
        assert [c.value for c in rows["Baseline out-of-sample R²"][2:4]] == pytest.approx(
            base["ci95"], rel=1e-12)
        assert rows["State's added share, out of sample (%)"][1].value == (
            cli_share["share_percent"])
        gain = rows["Gain in out-of-sample R² from state"]
        assert gain[1].value == pytest.approx(cli_share["gain"], rel=1e-12)
        assert [c.value for c in gain[2:4]] == pytest.approx(cli_share["ci95"], rel=1e-12)

    _, tod = table_of(qtbot, dash, "time_of_day")
    rows = rows_by_name(tod)
    for p in cli["time_of_day"]["periods"]:
        match = [r for name, r in rows.items() if name.lower().startswith(p["period"])]
        assert match[0][1].value == p["mean"] and match[0][4] == p["n"]

    _, insights = table_of(qtbot, dash, "insights")
    assert sorted(r[3] for r in insights.rows) == sorted(i["text"] for i in cli["insights"])


def test_timeline_table_equals_the_adjusted_series(qtbot, dash, seeded):
    ctx = dash.context()
    cli = cli_report(seeded.data_dir, "Overall", ctx.since)
    view = dash.set_view("timeline")
    dash.table_button.setChecked(True)
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.table_widget)
    adjusted = [v for v in raw_column(view.table_widget, 3) if v is not None]
    assert adjusted == pytest.approx([p["rolling7"] for p in cli["adjusted"]["series"]],
                                     rel=1e-12)
    assert view.table_widget.rowCount() == cli["counts"]["checkins"]
    latest = cli["adjusted"]["latest"]
    assert adjusted[-1] == pytest.approx(latest["rolling7"], rel=1e-12)
