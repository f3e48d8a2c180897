"""A foot-traffic study without sales: count sheets alone build the footfall marts; the sales groups skip and say so."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pytest
from conftest import settings_in

from pipelines.build_summary import summarize
from pipelines.cli import main
from pipelines.contracts import CONTRACTS
from pipelines.footfall.sample_data import write_footfall_sample
from pipelines.footfall.tables import MARTS
from pipelines.ingest.errors import SourceError
from pipelines.ingest.ingest_source import ingest_source
from pipelines.orchestration.run_build import BuildOutcome, run_nightly_job
from pipelines.settings import Settings
from pipelines.study_kind import NO_SALES_NOTE
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
    assert NO_SALES_NOTE in summarize(study_only.settings.warehouse)
    status = query("SELECT model, note FROM risk_model_evaluation WHERE scope = 'status'",
                   path=study_only.settings.warehouse)
    assert len(status) == 3 and (status["note"] == NO_SALES_NOTE).all()
    import dagster as dg

    with dg.DagsterInstance.get() as instance:
        event = instance.get_latest_materialization_event(dg.AssetKey("mart_sales_region_month"))
        assert event.asset_materialization.metadata["skipped"].value == NO_SALES_NOTE
        footfall = instance.get_latest_materialization_event(dg.AssetKey("footfall_site_day"))
        assert "skipped" not in footfall.asset_materialization.metadata


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
