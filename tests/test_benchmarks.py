"""The benchmark harness: an "OVER TARGET" fails the benchmark and ``make bench``."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}_under_test", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_report_is_false_and_says_over_target_when_a_ratio_is_missed(capsys):
    common = _load("common")
    assert common.report("t", [("fast", [0.010, 0.011, 0.012], [0.010] * 3, 1.5)])
    assert "OVER TARGET" not in capsys.readouterr().out
    assert not common.report("t", [("ok", 0.01, 0.01, 2.0), ("slow", [0.03, 0.05], 0.01, 2.0)])
    out = capsys.readouterr().out
    assert "4.00x baseline" in out and "OVER TARGET" in out
    assert "middle half" in out  # the spread of the samples is printed


def test_median_of_is_the_median_of_the_rounds(monkeypatch):
    common = _load("common")
    clock = iter([0.0, 3.0, 3.0, 4.0, 4.0, 4.0])  # rounds of 3, 1 and 0 s: not min, not mean
    monkeypatch.setattr(common, "time", SimpleNamespace(perf_counter=lambda: next(clock)))
    assert common.median_of(lambda: None, repeat=3) == 1.0


def test_run_all_fails_when_one_benchmark_is_over_target(tmp_path):
    run_all = _load("run_all")
    bench = (
        "import sys\n"
        f"sys.path.insert(0, {str(BENCH)!r})\n"
        "from common import report\n"
        "sys.exit(0 if report('t', [('x', 0.01, 0.01, {target})]) else 1)\n"
    )
    (tmp_path / "bench_a.py").write_text(bench.format(target=2.0))
    assert run_all.main(tmp_path) == 0
    (tmp_path / "bench_b.py").write_text(bench.format(target=0.5))
    assert run_all.main(tmp_path) == 1
