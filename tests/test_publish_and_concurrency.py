"""Safe publishing: failed builds keep the old warehouse, readers during a build see whole warehouses only.

Builds here start from a copy of the session's `built_tiny` warehouse as "last night's" published
one, with one extra sales line delivered, so old and new content can be told apart.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from conftest import settings_in
from fingerprints import file_digest, raw_fingerprint
from tiny_company import write_source, write_tiny_company

from pipelines.orchestration.run_build import run_nightly_job
from pipelines.settings import Settings
from pipelines.warehouse.publish import publish_warehouse
from pipelines.warehouse.readonly import open_warehouse, query

# One statement, so one snapshot: the fact, the mart built on it and staging must agree in every read.
CONSISTENCY_SQL = """
SELECT (SELECT count(*) FROM fct_sales_lines) AS fact_rows,
       (SELECT sum(amount) FROM fct_sales_lines) AS fact_amount,
       (SELECT sum(sales_amount) FROM mart_sales_region_month) AS mart_amount,
       (SELECT count(*) FROM stg_sales_lines) AS staged_rows
"""
OLD = (5, 830.0)  # the tiny company
NEW_LINE = {"invoice_id": "I5", "line_no": 1, "invoice_date": "2024-03-05", "customer_id": "C2", "rep_id": "P1",
            "product_id": "K1", "qty": 7, "unit_price": 10, "discount_pct": 0, "amount": 70}
NEW = (6, 900.0)


def last_nights_warehouse(built_tiny: Settings, root: Path) -> Settings:
    """A project folder whose published warehouse is built_tiny's, with one more sales line delivered since."""
    raw = write_tiny_company(root / "raw")
    write_source(raw, "sales_lines", [NEW_LINE], "sales_lines_2024-03-06.csv")
    settings = settings_in(root, raw)
    settings.warehouse.parent.mkdir(parents=True)
    shutil.copyfile(built_tiny.warehouse, settings.warehouse)
    return settings


def sales_figures(path: Path) -> tuple[int, float]:
    con = open_warehouse(path)
    try:
        fact_rows, fact_amount, mart_amount, staged_rows = con.execute(CONSISTENCY_SQL).fetchone()
    finally:
        con.close()
    assert (fact_amount, staged_rows) == (mart_amount, fact_rows)
    return fact_rows, fact_amount


def test_source_stopped_by_bad_file_fails_the_build_with_its_message_and_publishes_nothing(
        built_tiny: Settings, tmp_path: Path) -> None:
    settings = last_nights_warehouse(built_tiny, tmp_path)
    (settings.raw_dir / "customers" / "customers_2024-03.csv").write_bytes(b"")
    before, raw_before = file_digest(settings.warehouse), raw_fingerprint(settings.raw_dir)
    outcome = run_nightly_job(settings)
    assert not outcome.success
    assert outcome.failures == [
        "ingest_sources: source 'customers', file customers/customers_2024-03.csv: the file is empty (0 bytes). "
        "Re-export it, or remove it if it was delivered by mistake"]
    assert "sql_models" not in outcome.step_seconds
    # The staging warehouse got as far as the new sales line; the published one never saw it.
    staging = duckdb.connect(str(settings.staging_warehouse), read_only=True)
    try:
        assert staging.execute("SELECT count(*) FROM stg_sales_lines").fetchone()[0] == NEW[0]
    finally:
        staging.close()
    assert file_digest(settings.warehouse) == before
    assert sales_figures(settings.warehouse) == OLD
    assert raw_fingerprint(settings.raw_dir) == raw_before


def test_a_failing_dbt_data_test_stops_what_is_built_on_its_table_and_publishes_nothing(
        built_tiny: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A duplicated receipt reaches staging (as an ingest bug would let it): dbt's key test on fct_collections
    fails, dbt skips every model built on it, the step fails with the test's own words, nothing is published."""
    import pipelines.orchestration.dbt_assets as dbt_assets

    settings = last_nights_warehouse(built_tiny, tmp_path)
    before = file_digest(settings.warehouse)
    real_write_build_params = dbt_assets.write_build_params

    def write_build_params_after_an_ingest_bug(con, as_of):
        con.execute("INSERT INTO stg_collections SELECT * FROM stg_collections LIMIT 1")
        return real_write_build_params(con, as_of)

    monkeypatch.setattr(dbt_assets, "write_build_params", write_build_params_after_an_ingest_bug)
    outcome = run_nightly_job(settings)
    assert not outcome.success
    assert [kind for kind, _, _ in outcome.published] == ["quarantine report"]  # where to look, nothing else
    assert file_digest(settings.warehouse) == before
    failure = next(f for f in outcome.failures if f.startswith("sql_models:"))
    assert ("fct_collections: blocking data test fct_collections_key_unique failed (1 violating rows): "
            "receipt_id identifies one row of fct_collections") in failure
    assert "skipped" in failure and "dbt.log" in failure
    assert any(f.startswith("check fct_collections.fct_collections_key_unique failed: receipt_id identifies")
               for f in outcome.failures)
    staging = duckdb.connect(str(settings.staging_warehouse), read_only=True)
    try:  # built before the failed test: yes; built on fct_collections: skipped by dbt, so never created
        tables = {r[0] for r in staging.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    finally:
        staging.close()
    assert "fct_sales_lines" in tables and "mart_collections_region_month" not in tables


KILLED_BUILD = r"""
import functools, os, signal
import pipelines.orchestration.dbt_assets as dbt_assets
from pipelines.orchestration.run_build import run_nightly_job
from pipelines.settings import Settings

def power_cut_half_way(record):
    if record["data"]["node_info"]["unique_id"].endswith(".mart_sales_region_month"):
        os.killpg(0, signal.SIGKILL)  # the power goes out half way through the marts, dbt running

dbt_assets.dbt_build = functools.partial(dbt_assets.dbt_build, on_result=power_cut_half_way)
run_nightly_job(Settings.from_env())
"""


def test_build_killed_mid_run_leaves_the_published_warehouse_intact_and_the_next_build_works(
        built_tiny: Settings, tmp_path: Path) -> None:
    settings = last_nights_warehouse(built_tiny, tmp_path)
    before = file_digest(settings.warehouse)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SALESOPS_")} | settings.as_env()
    killed = subprocess.run([sys.executable, "-c", KILLED_BUILD], env=env, timeout=300, capture_output=True,
                            start_new_session=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()[-2000:]
    assert settings.staging_warehouse.exists(), "the build was killed before it wrote anything"
    assert file_digest(settings.warehouse) == before
    assert sales_figures(settings.warehouse) == OLD
    # The next night's build recovers the half-written staging warehouse and publishes.
    outcome = run_nightly_job(settings)
    assert outcome.success, outcome.failures
    assert sales_figures(settings.warehouse) == NEW


READER = r"""
import json, sys, time
from pathlib import Path
from pipelines.warehouse.readonly import open_warehouse

path, stop, ready, out, sql = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]), sys.argv[5]
held = open_warehouse(path)  # an analyst's notebook connection, open all night
reads = []

def read(kind, con):
    started = time.time()
    row = con.execute(sql).fetchone()
    reads.append([kind, started, time.time() - started, *row])

read("held", held)
ready.touch()
while not stop.exists():
    read("held", held)
    fresh = open_warehouse(path)  # a notebook cell opening its own connection
    read("fresh", fresh)
    fresh.close()
    time.sleep(0.05)  # leave the build most of the CPU
read("held", held)
fresh = open_warehouse(path)
read("after", fresh)
out.write_text(json.dumps(reads))
"""


def test_analyst_reading_during_a_build_neither_blocks_it_nor_sees_half_built_marts(
        built_tiny: Settings, tmp_path: Path) -> None:
    settings = last_nights_warehouse(built_tiny, tmp_path)
    stop, ready, out = tmp_path / "stop", tmp_path / "ready", tmp_path / "reads.json"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(settings.warehouse), str(stop), str(ready),
                               str(out), CONSISTENCY_SQL])
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert reader.poll() is None, "reader process died before the build"
            assert time.monotonic() < deadline, "reader process did not start"
            time.sleep(0.05)
        held_here = open_warehouse(settings.warehouse)  # and one in this very process
        build_started = time.time()
        outcome = run_nightly_job(settings)
        build_ended = time.time()
        assert outcome.success, outcome.failures
        stop.touch()
        assert reader.wait(timeout=60) == 0
    finally:
        stop.touch()
        if reader.poll() is None:
            reader.kill()
    reads = json.loads(out.read_text())
    during = [r for r in reads if build_started <= r[1] <= build_ended]
    assert len([r for r in during if r[0] == "fresh"]) >= 5, "the reader did not read while the build ran"
    print(f"build {build_ended - build_started:.1f} s with a reader: {len(during)} reads during it, "
          f"slowest {max(r[2] for r in during) * 1000:.1f} ms")
    for kind, _at, _seconds, fact_rows, fact_amount, mart_amount, staged_rows in reads:
        # Every read sees one whole warehouse: the mart adds up to the fact, the fact holds every staged row.
        assert (fact_amount, staged_rows) == (mart_amount, fact_rows), kind
        assert (fact_rows, fact_amount) in (OLD, NEW), kind
    # A connection held through the build keeps its snapshot; any new connection sees the new warehouse.
    assert {(r[3], r[4]) for r in reads if r[0] == "held"} == {OLD}
    assert [(r[3], r[4]) for r in reads if r[0] == "after"] == [NEW]
    assert (held_here.execute("SELECT count(*) FROM fct_sales_lines").fetchone()[0]) == OLD[0]
    assert sales_figures(settings.warehouse) == NEW
    assert len(query("SELECT * FROM fct_sales_lines", path=settings.warehouse)) == NEW[0]
    held_here.close()


# --- publish_warehouse itself -------------------------------------------------------------------------------


def make_warehouse(path: Path, value: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t AS SELECT ? AS v FROM range(1000)", [value])
    con.close()
    return path


def value_in(path: Path) -> int:
    return int(query("SELECT max(v) FROM t", path=path).iloc[0, 0])


def test_crash_before_replace_leaves_the_target_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = make_warehouse(tmp_path / "marts" / "warehouse.duckdb", 1)
    staging = make_warehouse(tmp_path / "marts" / ".build" / "warehouse.duckdb", 2)
    before = file_digest(target)
    reader = open_warehouse(target)

    def power_cut(src: object, dst: object) -> None:
        raise OSError("power cut")

    monkeypatch.setattr("pipelines.warehouse.publish.os.replace", power_cut)
    with pytest.raises(OSError, match="power cut"):
        publish_warehouse(staging, target)
    assert file_digest(target) == before
    assert value_in(target) == 1
    assert reader.execute("SELECT max(v) FROM t").fetchone()[0] == 1
    monkeypatch.undo()
    # The next night's publish goes through despite the leftover half-published copy.
    assert publish_warehouse(staging, target) == target
    assert value_in(target) == 2
    assert reader.execute("SELECT max(v) FROM t").fetchone()[0] == 1  # an open reader keeps its snapshot
    reader.close()


def test_crash_while_copying_leaves_the_target_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = make_warehouse(tmp_path / "marts" / "warehouse.duckdb", 1)
    staging = make_warehouse(tmp_path / "marts" / ".build" / "warehouse.duckdb", 2)
    before = file_digest(target)

    def half_copy(src: Path, dst: Path) -> None:
        Path(dst).write_bytes(Path(src).read_bytes()[:4096])
        raise OSError("no space left on device")

    monkeypatch.setattr("pipelines.warehouse.publish.shutil.copyfile", half_copy)
    with pytest.raises(OSError, match="no space left"):
        publish_warehouse(staging, target)
    assert file_digest(target) == before
    assert value_in(target) == 1


def test_publish_refuses_a_staging_warehouse_still_being_written(tmp_path: Path) -> None:
    target = make_warehouse(tmp_path / "marts" / "warehouse.duckdb", 1)
    staging = make_warehouse(tmp_path / "marts" / ".build" / "warehouse.duckdb", 2)
    staging.with_name(staging.name + ".wal").write_bytes(b"uncheckpointed changes")
    with pytest.raises(RuntimeError, match="a writer still has the staging warehouse open"):
        publish_warehouse(staging, target)
    assert value_in(target) == 1
    with pytest.raises(FileNotFoundError, match="nothing to publish"):
        publish_warehouse(tmp_path / "missing.duckdb", target)


def test_read_only_helper_cannot_write_and_explains_a_missing_warehouse(tmp_path: Path) -> None:
    target = make_warehouse(tmp_path / "warehouse.duckdb", 1)
    con = open_warehouse(target)
    with pytest.raises(duckdb.Error, match="read-only|READ_ONLY|read only"):
        con.execute("CREATE TABLE scratch AS SELECT 1")
    con.close()
    with pytest.raises(FileNotFoundError,
                       match=r"no published warehouse at .*; run `salesops demo` or `salesops build`"):
        open_warehouse(tmp_path / "nothing.duckdb")


def test_a_connection_held_in_this_process_does_not_hide_a_newly_published_warehouse(tmp_path: Path) -> None:
    target = make_warehouse(tmp_path / "marts" / "warehouse.duckdb", 1)
    held = open_warehouse(target)
    publish_warehouse(make_warehouse(tmp_path / "staging.duckdb", 2), target)
    assert value_in(target) == 2
    assert held.execute("SELECT max(v) FROM t").fetchone()[0] == 1
    held.close()
