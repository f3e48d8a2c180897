"""A foot-traffic study without sales: count sheets alone build the footfall marts; the sales groups skip and say so."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pytest
from conftest import check_evaluations, settings_in

from pipelines.build_summary import summarize
from pipelines.cli import main
from pipelines.contracts import CONTRACTS
from pipelines.footfall.sample_data import write_footfall_sample
from pipelines.footfall.tables import MARTS
from pipelines.ingest.errors import SourceError
from pipelines.ingest.ingest_source import ingest_source
from pipelines.orchestration.run_build import BuildOutcome, run_nightly_job
from pipelines.settings import Settings
from pipelines.study_kind import NO_SALES_NOTE, SALES_GROUPS, group_skipped_note
from pipelines.warehouse.readonly import query


@dataclass
class StudyOnly:
    settings: Settings
    outcome: BuildOutcome


@pytest.fixture(scope="module")
def study_only(tmp_path_factory: pytest.TempPathFactory) -> StudyOnly:
    root = tmp_path_factory.mktemp("study_only")
    raw = root / "raw"
    write_footfall_sample(raw, seed=3)
    settings = settings_in(root, raw)
    return StudyOnly(settings, run_nightly_job(settings))


def test_count_sheets_without_sales_build_and_publish_the_footfall_marts(study_only: StudyOnly) -> None:
    assert study_only.outcome.success, study_only.outcome.failures
    path = study_only.settings.warehouse
    for table in MARTS:
        assert query(f"SELECT count(*) FROM {table}", path=path).iloc[0, 0] > 0, table
    # The sales groups ran on nothing: their tables exist (pages and notebooks can read them) and are empty.
    assert query("SELECT count(*) FROM fct_sales_lines", path=path).iloc[0, 0] == 0
    # The as-of date is the study's last counted day, not an error.
    as_of = query("SELECT max(count_date) AS d FROM stg_footfall_counts", path=path)
    assert query("SELECT as_of FROM build_params", path=path).iloc[0, 0] == as_of.iloc[0, 0]
    assert (study_only.settings.dashboards_dir / "footfall.html").exists()


def test_the_skipped_sales_groups_say_so_in_summary_risk_status_and_dagster(study_only: StudyOnly) -> None:
    summary = summarize(study_only.settings.warehouse).splitlines()
    assert NO_SALES_NOTE in summary
    # One line per skipped group, saying what it would have built and why it did not.
    for group in SALES_GROUPS:
        assert [line for line in summary if line.startswith(f"skipped {group} ")] == [group_skipped_note(group)]
    status = query("SELECT model, note FROM risk_model_evaluation WHERE scope = 'status'",
                   path=study_only.settings.warehouse)
    assert len(status) == 3 and (status["note"] == NO_SALES_NOTE).all()
    import dagster as dg

    with dg.DagsterInstance.get() as instance:
        event = instance.get_latest_materialization_event(dg.AssetKey("mart_sales_region_month"))
        # The dbt models were created empty without running dbt; they and their dbt tests say so.
        assert event.asset_materialization.metadata["skipped"].value == group_skipped_note("marts")
        assert event.asset_materialization.metadata["dagster/row_count"].value == 0
        footfall = instance.get_latest_materialization_event(dg.AssetKey("footfall_site_day"))
        assert "skipped" not in footfall.asset_materialization.metadata
        # The metric builders did not run on empty inputs: their tables say skipped, and so do their data tests.
        metric = instance.get_latest_materialization_event(dg.AssetKey("mart_target_attainment"))
        assert metric.asset_materialization.metadata["skipped"].value == group_skipped_note("metrics")
        checks = check_evaluations(instance, study_only.outcome.run_id)
    metric_checks = [c for (table, _name), c in checks.items() if table.startswith(("mart_target", "mart_commission",
                                                                                   "mart_pm", "mart_rep_score"))]
    assert metric_checks and all(c.passed and c.description == group_skipped_note("metrics") for c in metric_checks)
    assert checks[("fct_sales_lines", "fct_sales_lines_key_unique")].description == group_skipped_note("core")
    for table in ("risk_customer_churn", "risk_stockout", "risk_channel_stuffing"):
        assert NO_SALES_NOTE in checks[(table, "model_ran")].description


def test_neither_sales_nor_count_sheets_stops_naming_both_folders(tmp_path) -> None:
    raw = tmp_path / "raw"
    (raw / "footfall_reference").mkdir(parents=True)
    con = duckdb.connect()
    with pytest.raises(SourceError) as info:
        ingest_source(con, CONTRACTS["sales_lines"], raw, tmp_path / "build")
    assert "this source is required" in info.value.message
    assert f"{raw / 'sales_lines'}/" in info.value.message
    assert f"{raw / 'footfall_counts'}/" in info.value.message


def test_count_sheets_make_sales_lines_optional(tmp_path) -> None:
    raw = tmp_path / "raw"
    write_footfall_sample(raw, seed=3)
    report = ingest_source(duckdb.connect(), CONTRACTS["sales_lines"], raw, tmp_path / "build")
    assert report.status == "absent"


def test_footfall_demo_refuses_a_folder_with_sales_lines(tmp_path, capsys) -> None:
    raw = tmp_path / "raw"
    (raw / "sales_lines").mkdir(parents=True)
    (raw / "sales_lines" / "s.csv").write_text("invoice_id\n1\n", encoding="utf-8")
    assert main(["demo", "--footfall", "--raw-dir", str(raw), "--warehouse", str(tmp_path / "w.duckdb")]) == 2
    assert "already holds sales lines" in capsys.readouterr().err
