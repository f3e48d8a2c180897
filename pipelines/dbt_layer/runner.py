"""`dbt build` run inside this process, on the project's manifest parsed once per version of the project.

A dbt subprocess costs each build a Python start, dbt's import and a parse of the whole project (dbt's partial
parse never applies: it starts over whenever the profile's database path changes, i.e. for every project
folder). In process, with the cached parse, a build pays only for running its models and tests.

The staging warehouse is always named warehouse.duckdb (pipelines.settings.STAGING_WAREHOUSE_NAME), so the
catalog name dbt wrote into the cached manifest's relations ("warehouse"."main"."dim_region") is the build's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pipelines.dbt_layer.profile import write_profile
from pipelines.dbt_layer.project import DBT_PROJECT_DIR, PARSED_MANIFEST, parsed_dir
from pipelines.settings import STAGING_WAREHOUSE_NAME, Settings

DBT_LOG = "dbt.log"
# The events that carry a node's outcome: what Dagster turns into materializations and check results.
RESULT_EVENTS = frozenset({"LogModelResult", "LogTestResult", "LogSeedResult", "LogSnapshotResult"})


@dataclass
class DbtBuild:
    success: bool
    result_events: list[dict[str, Any]] = field(default_factory=list)  # dbt's structured log records
    run_results: dict[str, Any] = field(default_factory=dict)
    log_file: Path | None = None
    error: str = ""


@cache
def _parsed_manifest() -> Any:
    """The parsed project as dbt holds it in memory (dbt's own partial-parse file of the cached parse)."""
    from dbt.contracts.graph.manifest import Manifest

    return Manifest.from_msgpack((parsed_dir() / PARSED_MANIFEST).read_bytes())


def dbt_build(database: Path, settings: Settings, dbt_dir: Path, selection: Sequence[str] = (),
              indirect_selection: str = "buildable",
              on_result: Callable[[dict[str, Any]], None] | None = None) -> DbtBuild:
    """Run `dbt build` on `database` (the staging warehouse) for the selected models and their tests.

    `indirect_selection` "buildable" runs a test only when every table it reads is selected or upstream of the
    selection (dbt's default would also run a reconciliation whose other side is not built). dbt's debug log
    goes to dbt_dir/dbt.log; `on_result` sees each model's and test's result as it finishes.
    """
    import json

    from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    from dbt.cli.main import dbtRunner
    from dbt_common.events.functions import msg_to_dict

    if database.name != STAGING_WAREHOUSE_NAME:
        raise ValueError(f"dbt builds {database}: the cached manifest names its catalog after "
                         f"{STAGING_WAREHOUSE_NAME}, so the staging warehouse must be named so")
    results: list[dict[str, Any]] = []

    def collect(event: Any) -> None:
        if event.info.name in RESULT_EVENTS:
            record = msg_to_dict(event)
            results.append(record)
            if on_result:
                on_result(record)

    target = dbt_dir / "target"
    run_results_file = target / "run_results.json"
    run_results_file.unlink(missing_ok=True)  # a previous build's: an engineer must not read it as this one's
    args = ["build", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir",
            str(write_profile(dbt_dir, database, settings)), "--target-path", str(target), "--log-path",
            str(dbt_dir), "--indirect-selection", indirect_selection, "--quiet",
            # dbt's JSON artifacts (a 1.3 MB manifest.json, run_results.json, graph.gpickle) cost each build ~0.2 s
            # of CPU; the results are read from the invocation instead, and written below in a compact form.
            "--no-write-json",
            # The log file keeps each node's start, result and errors; at dbt's default (debug) it also logs every
            # statement and adapter call, ~7% of a build's CPU. The SQL each node ran stays in target/run.
            "--log-level-file", "info", "--no-use-colors-file", *selection]
    try:
        outcome = dbtRunner(manifest=_parsed_manifest(), callbacks=[collect]).invoke(args)
    finally:
        # dbt-duckdb keeps the database open for the next command in this process; the build reads it next.
        DuckDBConnectionManager.close_all_connections()
    run_results = _run_results(outcome.result)
    if run_results:  # for the engineer reading a failed build: each node's status, failures and message
        target.mkdir(parents=True, exist_ok=True)
        run_results_file.write_text(json.dumps(run_results, indent=1), encoding="utf-8")
    error = "" if outcome.exception is None else f"{type(outcome.exception).__name__}: {outcome.exception}"
    return DbtBuild(success=bool(outcome.success), result_events=results, run_results=run_results,
                    log_file=dbt_dir / DBT_LOG, error=error)


def _run_results(result: Any) -> dict[str, Any]:
    """The invocation's node results in the shape of dbt's run_results.json (the fields this package reads)."""
    if result is None or not hasattr(result, "results"):
        return {}
    return {"elapsed_time": result.elapsed_time,
            "results": [{"unique_id": r.node.unique_id, "status": str(r.status), "failures": r.failures,
                         "message": r.message, "execution_time": r.execution_time} for r in result.results]}
