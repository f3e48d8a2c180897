"""`salesops bench` runs every measured stage and prints the figures the foundation issue asks for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipelines.bench import _all_runs, _median_run, run_benchmark


def test_repeated_runs_report_their_median_and_every_run() -> None:
    runs = [{"seconds": 9.0}, {"seconds": 3.0}, {"seconds": 4.0}]
    assert _median_run(runs) == {"seconds": 4.0}
    assert _median_run(runs[:2]) == {"seconds": 3.0}  # the faster of two: the machine only ever slows a run down
    assert _all_runs(runs) == "   (median of 9.0, 3.0, 4.0 s)"
    assert _all_runs(runs[:1]) == ""


def test_bench_prints_floor_ratios_overhead_and_every_stage(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    # One run of each (every child is a fresh process that imports Dagster and dbt); medians are tested above.
    assert run_benchmark([0.01], work_dir=tmp_path, repeat=1) == 0
    out = capsys.readouterr().out
    number = r"\s+\d+\.\d+ s\s+peak RSS\s+\d+ MB"
    for label in ("floor  DuckDB bare read of the raw files", "bare   foundation without Dagster",
                  "dagster foundation (staging, core, marts)", "dagster full nightly job"):
        assert re.search(re.escape(label) + number, out), f"missing figures for {label}:\n{out}"
    assert re.search(r"ingest\+validate / floor = \d+\.\d\dx", out)
    assert re.search(r"Dagster \+ dbt overhead = -?\d+% of foundation wall time", out)
    assert "FAILED" not in out
    for step in ("ingest_sources", "sql_models", "published_warehouse", "risk_scores", "dashboards"):
        assert re.search(rf"\b{step}\s+\d+\.\d\d s", out), f"no wall time for step {step}"
    assert not (tmp_path / "scale_0.01").exists()  # the scratch copy of the sample is removed


def test_bench_exports_prints_xlsx_csv_floor_rates_and_the_mapping_overhead(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture) -> None:
    from pipelines.bench_exports import run_export_benchmark

    assert run_export_benchmark([0.005], repeat=1, work_dir=tmp_path, xlsx_scale=0.005) == 0
    out = capsys.readouterr().out
    for label in ("DuckDB bare read_csv (floor)", "ingest from CSV", "ingest from xlsx"):
        assert re.search(re.escape(label) + r"\s+\d+\.\d\d s\s+[\d,]+ rows/s", out), f"no figures for {label}:\n{out}"
    assert re.search(r"ingest from xlsx .* = \d+\.\d\dx floor, \d+\.\d\dx CSV", out)
    added = r"[+-]\d+\.\d% wall, [+-]\d+\.\d% CPU"
    assert re.search(r"added by mapping and normalisation \(against plain casts\): " + added, out)
    assert re.search(r"added since \w+ .*: " + added, out)
