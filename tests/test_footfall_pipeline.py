"""The footfall marts end to end through the real Dagster job, the no-data paths, and the notebook."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import settings_in
from tiny_company import write_tiny_company

from pipelines.contracts import CONTRACTS
from pipelines.footfall.config import FootfallConfig
from pipelines.footfall.sample_data import write_footfall_sample
from pipelines.footfall.study import FOOTFALL_SOURCES, read_inputs, run_footfall_study
from pipelines.footfall.tables import MARTS
from pipelines.ingest.ingest_source import ingest_source
from pipelines.settings import REPO_ROOT, Settings

NOTEBOOK = REPO_ROOT / "notebooks" / "footfall_study.py"


@pytest.fixture(scope="module")
def built_footfall(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The tiny company plus the sample footfall study, built once through the nightly job."""
    from pipelines.orchestration.run_build import run_nightly_job

    root = tmp_path_factory.mktemp("built_footfall")
    raw = write_tiny_company(root / "raw")
    write_footfall_sample(raw, seed=7)
    settings = settings_in(root, raw)
    outcome = run_nightly_job(settings)
    assert "footfall_study" in outcome.step_seconds, outcome.failures
    assert not [f for f in outcome.failures if "footfall" in f], outcome.failures
    return settings


def _read(settings: Settings, sql: str) -> pd.DataFrame:
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


def test_every_footfall_mart_is_published_with_rows(built_footfall: Settings):
    for table in MARTS:
        n = _read(built_footfall, f"SELECT count(*) AS n FROM {table}")["n"].iloc[0]
        assert n > 0, table
    source = _read(built_footfall, "SELECT DISTINCT profile_source FROM footfall_site_day")["profile_source"]
    assert list(source) == ["reference"]


def test_daily_intervals_cover_the_simulated_truth(built_footfall: Settings):
    est = _read(built_footfall, "SELECT site_id, CAST(count_date AS VARCHAR) AS count_date, daily_estimate, lower, "
                                "upper FROM footfall_site_day")
    truth = pd.read_csv(built_footfall.raw_dir / "_ground_truth" / "footfall_site_days.csv")
    both = est.merge(truth, on=["site_id", "count_date"])
    assert len(both) == len(est) >= 10
    covered = (both["lower"] <= both["true_total"]) & (both["true_total"] <= both["upper"])
    assert covered.mean() >= 0.75
    assert ((both["daily_estimate"] - both["true_total"]).abs() / both["true_total"]).mean() < 0.15


def test_quarantined_sheet_is_left_out_and_ranking_is_a_probability(built_footfall: Settings):
    issues = _read(built_footfall, "SELECT * FROM footfall_sheet_issues WHERE action = 'sheet quarantined'")
    assert len(issues) >= 1
    bad = issues.iloc[0]
    used = _read(built_footfall, "SELECT site_id, count_date, observers FROM footfall_site_day")
    same_day = used[(used["site_id"] == bad["site_id"]) & (used["count_date"] == bad["count_date"])]
    assert not same_day["observers"].str.contains(bad["observer_id"]).any()
    ranking = _read(built_footfall, "SELECT * FROM footfall_site_ranking")
    sums = ranking.groupby("metric")["p_best"].sum()
    assert sums.round(6).eq(1).all()
    head = ranking[ranking["headline"]]
    truth = pd.read_csv(built_footfall.raw_dir / "_ground_truth" / "footfall_sites.csv")
    best = truth.sort_values("week_average").iloc[-1]["site_id"]
    assert head.sort_values("p_best").iloc[-1]["site_id"] == best


def test_no_footfall_data_gives_empty_marts(built_tiny: Settings):
    for table in MARTS:
        assert _read(built_tiny, f"SELECT count(*) AS n FROM {table}")["n"].iloc[0] == 0, table


def _staged(tmp_path: Path, sources: tuple[str, ...], holidays: list[str] | None = None) -> duckdb.DuckDBPyConnection:
    raw = tmp_path / "raw"
    write_footfall_sample(raw, seed=3)
    if holidays:
        for delivered in (raw / "footfall_holidays").glob("*.csv"):
            delivered.unlink()
        (raw / "footfall_holidays" / "holidays.csv").write_text(
            "holiday_date,holiday_name\n" + "".join(f"{d},local day\n" for d in holidays), encoding="utf-8")
    con = duckdb.connect()
    for name in FOOTFALL_SOURCES:
        if name not in sources and (raw / name).exists():
            (raw / name).rename(tmp_path / f"hidden_{name}")
        ingest_source(con, CONTRACTS[name], raw, tmp_path / "work")
    return con


def test_a_delivered_holiday_list_replaces_the_configured_one(tmp_path: Path):
    # 2026-09-08 (a Tuesday of the study) is a local holiday; the built-in list's 2026-09-25..27 are not.
    con = _staged(tmp_path, FOOTFALL_SOURCES, holidays=["2026-09-08", "2026-01-01"])
    cfg = FootfallConfig(holidays=frozenset({date(2026, 9, 25)}))
    result = run_footfall_study(read_inputs(con), cfg)
    day_types = result.tables["footfall_site_day"].set_index("count_date")["day_type"]
    assert set(day_types[[date(2026, 9, 8)]]) == {"holiday"}
    assert set(day_types[[date(2026, 9, 9)]]) == {"wed"}
    assert any("2 dates from footfall_holidays/" in n for n in result.notes)
    # Without the file the configured list applies, and the note says so.
    plain = run_footfall_study(read_inputs(_staged(tmp_path / "plain", ("footfall_sites", "footfall_counts",
                                                                         "footfall_reference"))), cfg)
    assert "holiday" not in set(plain.tables["footfall_site_day"]["day_type"])
    assert any("the configured list (1 dates" in n for n in plain.notes)


def test_settings_file_path_is_a_setting_and_a_missing_file_is_named(tmp_path: Path):
    from pipelines.footfall.config import load_config

    own = tmp_path / "study.yaml"
    own.write_text("interval_level: 0.8\nholidays: [2027-01-01]\n", encoding="utf-8")
    settings = Settings.from_env(environ={"SALESOPS_FOOTFALL_CONFIG": str(own)})
    cfg = load_config(settings.footfall_config)
    assert cfg.interval_level == 0.8 and cfg.holidays == frozenset({date(2027, 1, 1)})
    with pytest.raises(FileNotFoundError, match="SALESOPS_FOOTFALL_CONFIG"):
        load_config(tmp_path / "missing.yaml")


def test_without_reference_the_default_profile_is_used_and_said(tmp_path: Path):
    con = _staged(tmp_path, ("footfall_sites", "footfall_counts"))
    result = run_footfall_study(read_inputs(con), FootfallConfig())
    assert set(result.tables["footfall_site_day"]["profile_source"]) == {"default"}
    assert result.tables["footfall_method_check"].empty
    assert any("built-in default profile" in n for n in result.notes)
    assert len(result.tables["footfall_site_ranking"]) and len(result.tables["footfall_sample_plan"])


def test_reference_without_count_sheets_still_plans(tmp_path: Path):
    con = _staged(tmp_path, ("footfall_reference",))
    result = run_footfall_study(read_inputs(con), FootfallConfig())
    assert not result.skipped and result.tables["footfall_site_day"].empty
    assert len(result.tables["footfall_sample_plan"]) and len(result.tables["footfall_method_check"])
    assert any("no footfall count sheets" in n for n in result.notes)
    # The recommended plan per day class and the method check's headline are said, not only tabled.
    plan = result.tables["footfall_sample_plan"]
    for day_class in ("weekday", "saturday", "sunday"):
        note = next(n for n in result.notes if n.startswith(f"counting plan {day_class}:"))
        rec = plan[(plan["day_class"] == day_class) & plan["recommended"].astype(bool)]
        assert (rec.iloc[0]["plan"] in note) if len(rec) else "no plan of up to" in note
    assert any(n.startswith("method check (leave_counter_out, planner's choice without the tested counter, 2 h)")
               for n in result.notes)
    # Three counters cannot show how places differ: the note says the least share stands in for the shrinkage.
    assert any(n.startswith("between-place part of the intervals: fewer than 5 reference counters")
               for n in result.notes)


@pytest.mark.notebook
def test_notebook_runs_against_the_built_warehouse(built_footfall: Settings):
    import jupytext
    from nbclient import NotebookClient

    nb = jupytext.read(NOTEBOOK)
    old = os.environ.get("SALESOPS_WAREHOUSE")
    os.environ["SALESOPS_WAREHOUSE"] = str(built_footfall.warehouse)
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(REPO_ROOT)}}).execute()
    finally:
        if old is None:
            os.environ.pop("SALESOPS_WAREHOUSE", None)
        else:
            os.environ["SALESOPS_WAREHOUSE"] = old
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "profile source: reference counters" in text
    figures = [o for o in outputs if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert len(figures) >= 8
