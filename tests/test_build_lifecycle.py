"""A build's life: outcome and exit code, one publish of everything, leftovers, the quarantine report, the lock.

Builds here start from a copy of the session's `built_tiny` project (warehouse, dashboards and model
files published) with one more sales line delivered, so old and new outputs can be told apart.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import settings_in
from fingerprints import file_digest
from test_publish_and_concurrency import last_nights_warehouse
from tiny_company import ROWS, write_source, write_tiny_company

from pipelines.build_outcome import EXIT_FAILED, EXIT_SUCCESS, EXIT_WARNINGS, BuildOutcome, render_outcome
from pipelines.build_warnings import read_warnings, record_warning
from pipelines.cli import main
from pipelines.orchestration.run_build import run_nightly_job
from pipelines.settings import Settings
from pipelines.warehouse.build_folder import clean_leftovers
from pipelines.warehouse.build_lock import BuildLockTimeout, build_lock
from pipelines.warehouse.publish import finish_interrupted_publish, publish_build
from pipelines.warehouse.readonly import query


def published_project(built_tiny: Settings, root: Path) -> Settings:
    """A project whose published outputs are built_tiny's, with one more sales line delivered since."""
    settings = last_nights_warehouse(built_tiny, root)
    shutil.copytree(built_tiny.dashboards_dir, settings.dashboards_dir)
    shutil.copytree(built_tiny.models_dir, settings.models_dir)
    # A model card the build cannot have written: it must survive a publish that fails.
    (settings.models_dir / "marker").mkdir()
    (settings.models_dir / "marker" / "model_card.json").write_text("{}", encoding="utf-8")
    return settings


def digests(settings: Settings) -> dict[str, str]:
    files = [settings.warehouse, *sorted(settings.dashboards_dir.rglob("*")), *sorted(settings.models_dir.rglob("*"))]
    return {str(p): file_digest(p) for p in files if p.is_file()}


def sales_rows(settings: Settings) -> int:
    return int(query("SELECT count(*) FROM fct_sales_lines", path=settings.warehouse).iloc[0, 0])


def test_dashboards_failing_publishes_nothing_and_the_message_says_what_is_still_published(
        built_tiny: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 11 case 3: the dashboards failed, the warehouse was replaced, and the build said it was unchanged."""
    settings = published_project(built_tiny, tmp_path)
    before = digests(settings)

    def dashboards_fail(*args: object, **kwargs: object) -> None:
        raise ValueError("year 2099 is out of range")

    monkeypatch.setattr("pipelines.orchestration.dashboard_assets.build_all_languages", dashboards_fail)
    outcome = run_nightly_job(settings)
    assert outcome.exit_code == EXIT_FAILED and [kind for kind, *_ in outcome.published] == ["quarantine report"]
    assert any("year 2099 is out of range" in f for f in outcome.failures), outcome.failures
    assert digests(settings) == before  # warehouse, every page and every model file as they were
    assert sales_rows(settings) == 5
    message = render_outcome(outcome, settings)
    assert "its warehouse, dashboards and model files were not published" in message
    still = message.split("still published (from an earlier build):")[1]
    for output in (settings.warehouse, settings.dashboards_dir, settings.models_dir):
        assert str(output) in still
    assert "published by this build:\n  quarantine report" in message

    # The next build publishes warehouse, pages and models together, and says where each is.
    monkeypatch.undo()
    outcome = run_nightly_job(settings)
    assert outcome.exit_code in (EXIT_SUCCESS, EXIT_WARNINGS), outcome.failures
    assert {kind: path for kind, path, _ in outcome.published} == {
        "warehouse": str(settings.warehouse), "dashboards": str(settings.dashboards_dir),
        "models": str(settings.models_dir), "quarantine report": str(settings.quarantine_dir)}
    assert sales_rows(settings) == 6
    assert (settings.models_dir / "marker" / "model_card.json").exists()  # published models are carried over
    assert sorted(p.name for p in settings.build_dir.iterdir()) == ["build.lock", "dbt", "warehouse.duckdb"]
    assert not list(settings.warehouse.parent.glob(".*publishing")) and not list(settings.warehouse.parent.glob(
        ".*previous"))


def test_a_failed_risk_model_is_a_warning_with_exit_code_3_never_success(
        built_tiny: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 11 case 4: two models failed on a DECIMAL cast, the tables were empty and the build exited 0."""
    from pipelines.risk.churn import ChurnModel

    settings = published_project(built_tiny, tmp_path)

    def cast_error(*args: object, **kwargs: object) -> None:
        raise duckdb.ConversionException("Could not convert 1e15 to DECIMAL(18,2)")

    monkeypatch.setattr(ChurnModel, "skip_reason", lambda self, ctx: None)
    monkeypatch.setattr(ChurnModel, "load", cast_error)
    # Another helper's warning (a file not read) reaches the same list through its WARN check.
    (settings.raw_dir / "sales_lines" / "notes.docx").write_bytes(b"not an export")
    monkeypatch.chdir(tmp_path)  # the project folder; the build below goes into another warehouse
    code = main(["build", "--raw-dir", str(settings.raw_dir), "--warehouse", str(settings.warehouse)])
    out = capsys.readouterr().out
    assert code == EXIT_WARNINGS
    assert "BUILD SUCCESS WITH WARNINGS" in out and "BUILD SUCCESS in" not in out
    warnings = [line for line in out.splitlines() if line.startswith("  ! ")]
    assert any("notes.docx" in w for w in warnings), warnings
    # Its dashboards and models went beside that warehouse, not into the project folder's.
    assert (settings.warehouse.parent / "models").is_dir() and not (tmp_path / "data").exists()
    assert "check risk_customer_churn.model_ran failed" in out and "Could not convert 1e15 to DECIMAL(18,2)" in out
    # Progress: one line per stage with its seconds, not a TTY here.
    assert any(line.strip().startswith("read and validate raw files") and " s " in line
               and "rows read" in line for line in out.splitlines()), out
    assert "publish" in out and f"dashboards        {settings.dashboards_dir}" in out, out


def test_warnings_recorded_by_a_step_are_listed_and_turn_success_into_exit_code_3(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    record_warning(con, "ingest sales_lines", "sales_lines/2026-10.xlsx was not read: only .csv files are")
    assert read_warnings(con) == [("ingest sales_lines", "sales_lines/2026-10.xlsx was not read: only .csv files are")]
    con.close()
    outcome = BuildOutcome(success=True, warnings=["ingest sales_lines: sales_lines/2026-10.xlsx was not read"])
    assert outcome.exit_code == EXIT_WARNINGS and outcome.status == "success with warnings"
    assert BuildOutcome(success=True).exit_code == EXIT_SUCCESS
    assert BuildOutcome(success=True, failures=["x"]).exit_code == EXIT_FAILED


def test_a_stopped_build_publishes_its_quarantine_where_a_user_can_open_it_root_cause_first(
        tmp_path: Path) -> None:
    raw = write_tiny_company(tmp_path / "raw")
    customers = [dict(r) for r in ROWS["customers"]]
    customers[0]["customer_type"] = "太空站"  # no synonym maps it: C1 rejected, its three sales lines refer to it
    write_source(raw, "customers", customers)
    settings = settings_in(tmp_path, raw)
    outcome = run_nightly_job(settings)
    assert outcome.exit_code == EXIT_FAILED and not settings.warehouse.exists()
    report = settings.quarantine_dir
    assert outcome.quarantine_report == report and outcome.quarantined_problems >= 4
    summary = pd.read_csv(report / "summary.csv", encoding="utf-8-sig")
    assert summary.iloc[0]["source"] == "customers" and summary.iloc[0]["value"] == "太空站"
    assert (summary["source"] == "sales_lines").any()
    assert list(summary["source"]).index("sales_lines") > 0
    customers_csv = pd.read_csv(report / "customers.csv", encoding="utf-8-sig")
    assert customers_csv.loc[0, ["file", "row", "column", "value"]].tolist() == [
        "customers/customers.csv", 2, "customer_type", "太空站"]
    sheets = pd.read_excel(report / "quarantine.xlsx", sheet_name=None, engine="calamine")
    assert list(sheets)[:2] == ["summary", "customers"] and len(sheets["sales_lines"]) == 3
    con = duckdb.connect(str(report / "quarantine.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM quarantine WHERE source = 'customers'").fetchone()[0] == 1
    con.close()
    message = render_outcome(outcome, settings)
    assert str(report / "quarantine.xlsx") in message and str(report / "quarantine.duckdb") in message
    assert "no warehouse is published at" in message and "still published" not in message
    assert [(kind, path) for kind, path, _files in outcome.published] == [("quarantine report", str(report))]


def make_outputs(root: Path, settings: Settings, version: str) -> None:
    con = duckdb.connect(str(settings.staging_warehouse if root == settings.build_dir else settings.warehouse))
    con.execute("CREATE OR REPLACE TABLE t AS SELECT ? AS v", [version])
    con.close()
    dashboards = settings.staging_dashboards_dir if root == settings.build_dir else settings.dashboards_dir
    models = settings.staging_models_dir if root == settings.build_dir else settings.models_dir
    for folder in (dashboards, models / "churn"):
        folder.mkdir(parents=True, exist_ok=True)
    (dashboards / "index.html").write_text(version, encoding="utf-8")
    (models / "churn" / "model_card.json").write_text(version, encoding="utf-8")


def versions(settings: Settings) -> tuple[str, str, str]:
    return (str(query("SELECT v FROM t", path=settings.warehouse).iloc[0, 0]),
            (settings.dashboards_dir / "index.html").read_text(encoding="utf-8"),
            (settings.models_dir / "churn" / "model_card.json").read_text(encoding="utf-8"))


def test_a_publish_cut_off_half_way_is_finished_by_the_next_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_in(tmp_path)
    settings.warehouse.parent.mkdir(parents=True)
    make_outputs(tmp_path, settings, "old")
    settings.build_dir.mkdir()
    make_outputs(settings.build_dir, settings, "new")
    real_replace = os.replace

    def power_cut_after_first_swap(src: object, dst: object) -> None:
        if Path(dst) == settings.dashboards_dir:  # the new warehouse in, the old pages moved aside, the new not yet
            raise OSError("power cut")
        real_replace(src, dst)

    monkeypatch.setattr("pipelines.warehouse.publish.os.replace", power_cut_after_first_swap)
    with pytest.raises(OSError, match="power cut"):
        publish_build(settings)
    monkeypatch.undo()
    # A mix: the next build must not leave it like this.
    assert not (settings.dashboards_dir / "index.html").exists()
    assert str(query("SELECT v FROM t", path=settings.warehouse).iloc[0, 0]) == "new"
    notes = clean_leftovers(settings)
    assert versions(settings) == ("new", "new", "new")
    assert any("stopped while publishing" in n for n in notes)
    assert finish_interrupted_publish(settings) == []


def test_leftovers_of_a_killed_build_are_removed_by_the_next_and_said(tmp_path: Path) -> None:
    settings = settings_in(tmp_path)
    settings.dashboards_dir.mkdir(parents=True)
    killed = [settings.dashboards_dir.parent / ".dashboards-building-x1y2",
              settings.build_dir / ".dashboards-building-z", settings.models_dir / ".staging" / "churn",
              settings.build_dir / "dashboards",
              settings.dashboards_dir.parent / ".dashboards.previous"]
    for folder in killed:
        folder.mkdir(parents=True)
        (folder / "page.html").write_bytes(b"x" * 1000)
    settings.warehouse.with_name(".warehouse.duckdb.publishing").write_bytes(b"half a warehouse")
    kept = [settings.staging_warehouse, settings.build_dir / "build.lock", settings.dashboards_dir / "index.html"]
    for path in kept:
        path.write_text("keep", encoding="utf-8")
    notes = clean_leftovers(settings)
    assert len(notes) == 6 and all("left by" in n for n in notes)
    assert not any(p.exists() for p in killed) and all(p.exists() for p in kept)
    assert clean_leftovers(settings) == []


def test_a_waiting_build_says_who_holds_the_lock_and_gives_up_after_the_set_time(tmp_path: Path) -> None:
    said: list[str] = []
    with build_lock(tmp_path):
        with pytest.raises(BuildLockTimeout, match=r"gave up after waiting \d+ s .*PID \d+ started"):
            with build_lock(tmp_path, wait_seconds=1, say=said.append):
                pass
        settings = settings_in(tmp_path, write_tiny_company(tmp_path / "raw"), lock_wait_seconds=0)
        settings.build_dir.mkdir(parents=True)
        with build_lock(settings.build_dir):
            outcome = run_nightly_job(settings)
    assert "another build of this warehouse is running: PID" in said[0] and "at most 1 s" in said[0]
    assert outcome.exit_code == EXIT_FAILED and "gave up after waiting" in outcome.failures[0]
    assert not outcome.step_seconds and not settings.warehouse.exists()
    # Released: the next one gets it at once and says nothing.
    with build_lock(tmp_path, wait_seconds=0, say=said.append):
        assert len(said) == 1


def test_outputs_default_beside_their_warehouse_and_paths_from_the_project_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    here = Settings.from_env(environ={})
    assert (here.raw_dir, here.warehouse, here.models_dir, here.dashboards_dir, here.dagster_home) == (
        tmp_path / "data" / "raw", tmp_path / "data" / "marts" / "warehouse.duckdb", tmp_path / "models",
        tmp_path / "data" / "marts" / "dashboards", tmp_path / ".dagster_home")
    project = Settings.from_env(environ={"SALESOPS_PROJECT_DIR": str(tmp_path / "p")})
    assert project.models_dir == tmp_path / "p" / "models" and project.raw_dir == tmp_path / "p" / "data" / "raw"
    other = Settings.from_env(environ={}, warehouse=tmp_path / "elsewhere" / "warehouse.duckdb")
    assert (other.dashboards_dir, other.models_dir, other.quarantine_dir, other.build_dir) == (
        tmp_path / "elsewhere" / "dashboards", tmp_path / "elsewhere" / "models", tmp_path / "elsewhere" / "quarantine",
        tmp_path / "elsewhere" / ".build")
    named = Settings.from_env(environ={}, warehouse=tmp_path / "data" / "marts" / "test.duckdb")
    assert (named.dashboards_dir.name, named.models_dir.name, named.build_dir.name) == (
        "test_dashboards", "test_models", ".test_build")
    explicit = Settings.from_env(environ={"SALESOPS_MODELS_DIR": str(tmp_path / "m")}, warehouse=named.warehouse)
    assert explicit.models_dir == tmp_path / "m"


def test_progress_is_one_line_per_stage_in_a_log_and_a_live_line_on_a_terminal() -> None:
    import io

    from pipelines.build_progress import ProgressPrinter, StageDone

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for stream in (io.StringIO(), Terminal()):
        printer = ProgressPrinter(stream)
        printer.started("ingest_sources")
        printer.finished(StageDone("ingest_sources", True, 2.5, rows_read=1200, rows_written=1100, tables=3))
        printer.started("dashboards")
        printer.finished(StageDone("dashboards", False, 1.0))
        text = stream.getvalue()
        assert "read and validate raw files" in text and "1,200 rows read, 1,100 rows in 3 tables" in text
        assert "build dashboards" in text and "FAILED" in text
        live = "[2] build dashboards ..." in text
        assert live == isinstance(stream, Terminal) and len(text.rstrip("\n").split("\n")) == 2
