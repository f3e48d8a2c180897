"""Running the nightly job headless (what `salesops build` and the schedule both execute)."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from pipelines.settings import REPO_ROOT, Settings
from pipelines.warehouse.publish import build_lock

INSTANCE_TEMPLATE = REPO_ROOT / ".dagster_home" / "dagster.yaml"


@dataclass
class BuildOutcome:
    success: bool
    seconds: float
    step_seconds: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    run_id: str = ""


def prepare_dagster_home(settings: Settings) -> Path:
    """A persistent DAGSTER_HOME with the repo's instance config, so run history survives."""
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() and INSTANCE_TEMPLATE.exists():
        shutil.copyfile(INSTANCE_TEMPLATE, config)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def run_nightly_job(settings: Settings, asset_selection: list[str] | None = None) -> BuildOutcome:
    """Materialize every asset (or the named ones) in-process through Dagster and publish the warehouse."""
    from pipelines.definitions import NIGHTLY_JOB, build_definitions

    os.environ.update(settings.as_env())
    prepare_dagster_home(settings)
    defs = build_definitions(settings)
    job = defs.resolve_job_def(NIGHTLY_JOB)
    started = time.perf_counter()
    with build_lock(settings.build_dir), dg.DagsterInstance.get() as instance:
        # Our own summary explains failures; the full log stays in the Dagster run history.
        result = job.execute_in_process(
            instance=instance, raise_on_error=False,
            asset_selection=[dg.AssetKey(k) for k in asset_selection] if asset_selection else None,
            run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}},
        )
        records = instance.all_logs(result.run_id)
    outcome = BuildOutcome(success=result.success, seconds=time.perf_counter() - started, run_id=result.run_id)
    starts: dict[str, float] = {}
    for record in records:
        event = record.dagster_event
        if event is None:
            continue
        step = event.step_key or ""
        if event.event_type_value == "STEP_START":
            starts[step] = record.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and step in starts:
            outcome.step_seconds[step] = record.timestamp - starts[step]
        if event.event_type_value == "STEP_FAILURE" and "AssetCheckFailed" not in str(
                event.step_failure_data.error.cls_name if event.step_failure_data.error else ""):
            error = event.step_failure_data.error
            text = (event.step_failure_data.user_failure_data.description
                    if event.step_failure_data.user_failure_data else None) or _root_message(error)
            outcome.failures.append(f"{step}: {text.strip()}")
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            if not data.passed:
                outcome.failures.append(
                    f"check {data.asset_key.to_user_string()}.{data.check_name} failed: {data.description or ''}")
    return outcome


def _root_message(error: object) -> str:
    """The innermost cause of a Dagster step error: the message that says what went wrong."""
    while error is not None and getattr(error, "cause", None) is not None:
        error = error.cause
    return getattr(error, "message", "") or ""
