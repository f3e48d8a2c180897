"""The run history our Dagster instance keeps: pooled SQLite connections that stock Dagster still reads."""

from __future__ import annotations

import multiprocessing
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from sqlalchemy import text

from pipelines.orchestration.event_log_storage import EngineReusingSqliteEventLogStorage
from pipelines.settings import REPO_ROOT


@dg.asset
def daily_orders() -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"dagster/row_count": 7})


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dg.DagsterInstance]:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(REPO_ROOT / "pipelines" / "project_template" / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.DagsterInstance.get() as live:
        yield live


def _run_dir(instance: dg.DagsterInstance) -> str:
    return str(Path(instance.root_directory) / "history" / "runs")


def test_history_written_through_open_connections_is_read_by_stock_dagster_at_once(
        instance: dg.DagsterInstance) -> None:
    ours = instance.event_log_storage
    assert isinstance(ours, EngineReusingSqliteEventLogStorage)
    result = dg.materialize([daily_orders], instance=instance)
    # Our connections are still open (nothing disposed): a second reader must see every committed event.
    stock = SqliteEventLogStorage(_run_dir(instance))
    try:
        assert len(stock.get_logs_for_run(result.run_id)) == len(instance.all_logs(result.run_id)) > 5
        latest = stock.get_latest_materialization_events([dg.AssetKey("daily_orders")])
        assert latest[dg.AssetKey("daily_orders")].asset_materialization.metadata["dagster/row_count"].value == 7
    finally:
        stock.dispose()


def test_one_connection_per_database_is_reused_and_commits_without_fsync(instance: dg.DagsterInstance) -> None:
    ours = instance.event_log_storage
    result = dg.materialize([daily_orders], instance=instance)
    seen = []
    for _ in range(3):
        with ours.run_connection(result.run_id) as conn:
            seen.append(conn.connection.dbapi_connection)
            synchronous = conn.execute(text("PRAGMA synchronous")).scalar()
            journal = conn.execute(text("PRAGMA journal_mode")).scalar()
    assert seen[0] is seen[1] is seen[2]
    # NORMAL (1) is only crash-safe in WAL mode, which Dagster's event databases use.
    assert synchronous == 1 and journal == "wal"


def _report_from_child(instance: dg.DagsterInstance, queue: multiprocessing.Queue) -> None:
    ours = instance.event_log_storage
    inherited = len(ours._engines)
    instance.report_runless_asset_event(dg.AssetMaterialization("reported_by_child"))
    queue.put(inherited)


def test_a_forked_child_opens_its_own_connections_and_its_events_land(instance: dg.DagsterInstance) -> None:
    dg.materialize([daily_orders], instance=instance)
    assert instance.event_log_storage._engines, "the parent holds open engines before forking"
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_report_from_child, args=(instance, queue))
    child.start()
    child.join(60)
    assert child.exitcode == 0
    assert queue.get(timeout=5) == 0, "the child must not reuse the parent's SQLite connections"
    records = instance.fetch_materializations(dg.AssetKey("reported_by_child"), limit=1).records
    assert len(records) == 1
    # The parent's own connections still work after the child wrote to the same files.
    dg.materialize([daily_orders], instance=instance)
    assert len(instance.fetch_materializations(dg.AssetKey("daily_orders"), limit=5).records) == 2


def test_a_watcher_elsewhere_is_woken_by_each_event_as_it_is_written(instance: dg.DagsterInstance) -> None:
    # dagster dev streams a running run's events by watching its database files; with connections kept
    # open, commits land in the write-ahead log and the main file only changes at checkpoints.
    result = dg.materialize([daily_orders], instance=instance)
    run = instance.get_run_by_id(result.run_id)
    watcher = EngineReusingSqliteEventLogStorage(_run_dir(instance))
    seen: list[str] = []
    try:
        # Watch from the last event already stored (the run's end, which would end the watch at once).
        cursor = instance.get_records_for_run(result.run_id).cursor
        watcher.watch(result.run_id, cursor, lambda entry, _cursor: seen.append(entry.message))
        time.sleep(0.5)  # let the file watcher start
        instance.report_engine_event("nightly run still loading sales lines", run)
        deadline = time.monotonic() + 20
        while "nightly run still loading sales lines" not in seen and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "nightly run still loading sales lines" in seen
    finally:
        watcher.dispose()
