"""`salesops bench`: wall time per stage, peak RSS, rows/s and ratios against floors measured in the same run.

Each measured run is its own subprocess so peak RSS belongs to that run alone:
- floor: DuckDB's bare read_csv/read_parquet of the same raw files into tables (no validation);
- bare: the foundation's domain code (ingest into staging, the core SQL models and marts with their
  data tests, publish) called directly, no Dagster;
- foundation: the same assets through Dagster and dbt (same code path as the nightly schedule);
- foundation_stock_log: the same with Dagster's stock SQLite event log instead of ours
  (pipelines/orchestration/event_log_storage.py), to show what that storage still saves;
- full: every asset of the nightly job through Dagster, with per-step wall times.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipelines.settings import Settings

# The foundation issue's assets: staging, the core models and marts, publishing (raw is the files themselves).
FOUNDATION_GROUPS = ("staging", "core", "marts", "publish")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _settings(root: Path) -> Settings:
    return Settings.from_env(
        environ={}, raw_dir=root / "raw", warehouse=root / "marts" / "warehouse.duckdb",
        models_dir=root / "models", dashboards_dir=root / "marts" / "dashboards", dagster_home=root / "dagster_home",
    )


def child_floor(root: Path) -> dict:
    import duckdb

    from pipelines.contracts import ALL_CONTRACTS
    from pipelines.ingest.discover import source_files

    db = root / "floor.duckdb"
    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db))
    started = time.perf_counter()
    rows = 0
    for contract in ALL_CONTRACTS:
        files = source_files(root / "raw", contract.name)
        csvs = [str(f) for f in files if f.suffix == ".csv"]
        parquets = [str(f) for f in files if f.suffix == ".parquet"]
        if csvs:
            con.execute(f"CREATE TABLE floor_{contract.name} AS SELECT * FROM read_csv($f)", {"f": csvs})
        if parquets:
            con.execute(f"CREATE TABLE floor_pq_{contract.name} AS SELECT * FROM read_parquet($f)", {"f": parquets})
    for (table,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall():
        rows += con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    con.close()
    seconds = time.perf_counter() - started
    db.unlink(missing_ok=True)
    return {"seconds": seconds, "rows": rows, "peak_rss_mb": _peak_rss_mb()}


def child_bare(root: Path) -> dict:
    from pipelines.contracts import ALL_CONTRACTS
    from pipelines.dbt_layer.compiled_sql import run_models, run_tests
    from pipelines.dbt_layer.models import model_group, model_names
    from pipelines.ingest.ingest_source import ingest_source
    from pipelines.warehouse.build_params import write_build_params
    from pipelines.warehouse.connection import connect
    from pipelines.warehouse.publish import publish_warehouse

    s = _settings(root / "bare")
    s.staging_warehouse.unlink(missing_ok=True)
    stages = {}
    started = time.perf_counter()
    with connect(s.staging_warehouse, s) as con:
        rows = 0
        for contract in ALL_CONTRACTS:
            report = ingest_source(con, contract, root / "raw", s.build_dir)
            rows += report.stage.rows_in if report.stage else 0
    stages["ingest+staging"] = time.perf_counter() - started
    mark = time.perf_counter()
    with connect(s.staging_warehouse, s) as con:
        write_build_params(con, s.as_of)
        # The SQL dbt would run, straight on DuckDB: the baseline for dbt's and Dagster's overhead.
        foundation = [name for name in model_names() if model_group(name) in FOUNDATION_GROUPS]
        run_tests(con, run_models(con, foundation))
    stages["sql_models"] = time.perf_counter() - mark
    mark = time.perf_counter()
    publish_warehouse(s.staging_warehouse, s.warehouse)
    stages["publish"] = time.perf_counter() - mark
    return {"seconds": time.perf_counter() - started, "stages": stages, "rows": rows,
            "peak_rss_mb": _peak_rss_mb()}


def child_dagster(root: Path, name: str, groups: tuple[str, ...] | None, stock_event_log: bool = False) -> dict:
    import dagster as dg

    from pipelines.orchestration.run_build import prepare_dagster_home, run_nightly_job
    from pipelines.project_init import template_text

    s = _settings(root / name)
    s.raw_dir.parent.mkdir(parents=True, exist_ok=True)
    s = Settings.from_env(environ={}, **{**s.__dict__, "raw_dir": root / "raw"})
    if stock_event_log:  # the product's instance config without its event_log_storage section
        config = template_text("dagster.yaml").split("event_log_storage:")[0]
        s.dagster_home.mkdir(parents=True, exist_ok=True)
        (s.dagster_home / "dagster.yaml").write_text(config, encoding="utf-8")
    # A nightly run finds its Dagster home's databases created and the storage modules loaded (by the daemon);
    # so does the measured run: creating a new home costs about a second once.
    prepare_dagster_home(s)
    dg.DagsterInstance.get().dispose()
    keys = None
    if groups:
        from pipelines.definitions import build_definitions

        graph = build_definitions(s).resolve_asset_graph()
        keys = [k.to_user_string() for k in graph.materializable_asset_keys
                if graph.get(k).group_name in groups]
    outcome = run_nightly_job(s, asset_selection=keys)
    return {"seconds": outcome.seconds, "stages": outcome.step_seconds, "success": outcome.success,
            "failures": outcome.failures[:5], "peak_rss_mb": _peak_rss_mb()}


def _run_child(kind: str, root: Path) -> dict:
    # Start each run with no dirty pages left by the previous one, whose write-back would be billed to this one.
    os.sync()
    out = subprocess.run([sys.executable, "-m", "pipelines.bench", "--child", kind, str(root)],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"bench child {kind} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_scale(scale: float, root: Path, repeat: int = 1) -> dict:
    from pipelines.generator import generate_company

    root.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    summary = generate_company(root / "raw", scale=scale, seed=42)
    generated = time.perf_counter() - started
    results = {"scale": scale, "generate_s": generated, "raw_rows": sum(summary.rows.values()),
               "sales_lines": summary.rows.get("sales_lines", 0)}
    # On a shared machine one run can be off by 20%, the floor's too: alternate the floor and the two
    # foundation runs, and compare medians. The generator has just written the files: they are in the page cache.
    kinds = ("floor", "bare", "foundation", "foundation_stock_log")
    for kind in kinds:
        results[f"{kind}_runs"] = []
    for _ in range(repeat):
        for kind in kinds:
            results[f"{kind}_runs"].append(_run_child(kind, root))
    for kind in kinds:
        results[kind] = _median_run(results[f"{kind}_runs"])
    results["full"] = _run_child("full", root)
    return results


def _median_run(runs: list[dict]) -> dict:
    return sorted(runs, key=lambda r: r["seconds"])[(len(runs) - 1) // 2]


def _all_runs(runs: list[dict]) -> str:
    seconds = ", ".join(f"{run['seconds']:.1f}" for run in runs)
    return "" if len(runs) < 2 else f"   (median of {seconds} s)"


def _line(label: str, run: dict, suffix: str = "") -> str:
    return f"{label:<45}{run['seconds']:8.2f} s   peak RSS {run['peak_rss_mb']:7.0f} MB{suffix}"


def _print_scale(r: dict) -> None:
    floor, bare, found, full = r["floor"], r["bare"], r["foundation"], r["full"]
    ingest_bare = bare["stages"]["ingest+staging"]
    print(f"\n=== scale {r['scale']:g}: {r['raw_rows']:,} raw rows ({r['sales_lines']:,} sales lines); "
          f"generated in {r['generate_s']:.1f} s")
    print(_line("floor  DuckDB bare read of the raw files", floor, _all_runs(r["floor_runs"])))
    print(_line("bare   foundation without Dagster", bare, _all_runs(r["bare_runs"])))
    for stage, sec in bare["stages"].items():
        print(f"         {stage:<36}{sec:8.2f} s")
    print(f"         ingest rows/s {r['raw_rows'] / ingest_bare:,.0f}; ingest+validate / floor = "
          f"{ingest_bare / floor['seconds']:.2f}x")
    print(_line("dagster foundation (staging, core, marts)", found,
                ("   ok" if found["success"] else "   FAILED") + _all_runs(r["foundation_runs"])))
    for stage, sec in found["stages"].items():
        print(f"         {stage:<36}{sec:8.2f} s")
    ingest_dagster = found["stages"].get("ingest_sources", float("nan"))
    overhead = (found["seconds"] - bare["seconds"]) / found["seconds"]
    sql_bare, sql_dbt = bare["stages"]["sql_models"], found["stages"].get("sql_models", float("nan"))
    print(f"         ingest (Dagster step) / floor = {ingest_dagster / floor['seconds']:.2f}x; "
          f"Dagster + dbt overhead = {overhead:.0%} of foundation wall time")
    print(f"         SQL models + tests: dbt build {sql_dbt:.2f} s against the same compiled SQL run directly "
          f"{sql_bare:.2f} s ({sql_dbt / sql_bare:.2f}x)")
    stock = r["foundation_stock_log"]
    print(_line("dagster foundation, Dagster's stock event log", stock, _all_runs(r["foundation_stock_log_runs"])))
    print(f"         our event-log storage saves {stock['seconds'] - found['seconds']:.2f} s "
          f"({(stock['seconds'] - found['seconds']) / stock['seconds']:.0%} of the stock run)")
    print(_line("dagster full nightly job", full,
                "   ok" if full["success"] else "   FAILED: " + "; ".join(full["failures"])))
    for stage, sec in full["stages"].items():
        print(f"         {stage:<36}{sec:8.2f} s")


def run_benchmark(scales: list[float], work_dir: Path | None = None, repeat: int = 1) -> int:
    scratch = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="salesops-bench-"))
    print(f"benchmark scratch folder: {scratch}")
    try:
        for scale in scales:
            result = bench_scale(scale, scratch / f"scale_{scale:g}", repeat)
            _print_scale(result)
            shutil.rmtree(scratch / f"scale_{scale:g}", ignore_errors=True)
    finally:
        if not work_dir:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


def _child_main(kind: str, root: Path) -> None:
    if kind == "floor":
        result = child_floor(root)
    elif kind == "bare":
        result = child_bare(root)
    elif kind == "foundation":
        result = child_dagster(root, "foundation", FOUNDATION_GROUPS)
    elif kind == "foundation_stock_log":
        result = child_dagster(root, "foundation_stock_log", FOUNDATION_GROUPS, stock_event_log=True)
    else:
        result = child_dagster(root, "full", None)
    print(json.dumps(result))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child_main(sys.argv[2], Path(sys.argv[3]))
    else:
        sys.exit("usage: salesops bench (this module's --child mode is internal)")
