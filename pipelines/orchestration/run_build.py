"""Running the nightly job headless (what `salesops build` and the schedule both execute)."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
from dagster._core.utils import make_new_run_id

from pipelines.build_outcome import BuildOutcome
from pipelines.build_progress import ProgressPrinter, StageDone
from pipelines.build_warnings import read_warnings
from pipelines.project_init import template_text
from pipelines.settings import Settings
from pipelines.warehouse.build_folder import clean_leftovers
from pipelines.warehouse.build_lock import BuildLockTimeout, build_lock
from pipelines.warehouse.connection import table_exists
from pipelines.warehouse.publish import publish_build
from pipelines.warehouse.quarantine_report import write_quarantine_report
from pipelines.warehouse.readonly import open_warehouse

PUBLISH_STEP = "published_warehouse"
INGEST_STEP = "ingest_sources"


def prepare_dagster_home(settings: Settings) -> Path:
    """A persistent DAGSTER_HOME with the product's instance config, so run history survives."""
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(template_text("dagster.yaml"), encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    return home


class EventCollector:
    """Turns the run's Dagster events, as they happen, into stage progress and the build's outcome."""

    def __init__(self, outcome: BuildOutcome, progress: ProgressPrinter | None) -> None:
        self.outcome, self.progress = outcome, progress
        self.starts: dict[str, float] = {}
        self.rows: dict[str, list[int]] = {}  # step -> [rows read, rows written, tables]
        self.steps_started: set[str] = set()

    def __call__(self, record: dg.EventLogEntry) -> None:
        event = record.dagster_event
        if event is None:
            return
        kind, step = event.event_type_value, event.step_key or ""
        counts = self.rows.setdefault(step, [0, 0, 0])
        if kind == "STEP_START":
            self.starts[step] = record.timestamp
            self.steps_started.add(step)
            if self.progress:
                self.progress.started(step)
        elif kind in ("ASSET_MATERIALIZATION", "ASSET_OBSERVATION"):
            data = event.event_specific_data
            entry = data.materialization if kind == "ASSET_MATERIALIZATION" else data.asset_observation
            rows = entry.metadata.get("dagster/row_count")
            if rows is not None:
                if kind == "ASSET_OBSERVATION":
                    counts[0] += int(rows.value)
                else:
                    counts[1] += int(rows.value)
                    counts[2] += 1
            published = entry.metadata.get("published")
            if kind == "ASSET_MATERIALIZATION" and published is not None:
                self.outcome.published = [tuple(o) for o in published.value]
                self.outcome.quarantined_problems = int(entry.metadata["quarantined_problems"].value)
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and step in self.starts:
            seconds = record.timestamp - self.starts[step]
            self.outcome.step_seconds[step] = seconds
            if self.progress:
                self.progress.finished(StageDone(step, kind == "STEP_SUCCESS", seconds, *counts))
        if kind == "STEP_FAILURE" and "AssetCheckFailed" not in str(
                event.step_failure_data.error.cls_name if event.step_failure_data.error else ""):
            error = event.step_failure_data.error
            text = (event.step_failure_data.user_failure_data.description
                    if event.step_failure_data.user_failure_data else None) or _root_message(error)
            self.outcome.failures.append(f"{step}: {text.strip()}")
        if kind == "RUN_FAILURE" and not self.outcome.failures:
            # A run that fails outside any step (e.g. a resource or an event handler) still says why.
            data = event.event_specific_data
            error = getattr(data, "error", None)
            self.outcome.failures.append(f"the Dagster run failed: {_root_message(error) or event.message}")
        if kind == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            if data.passed:
                return
            text = f"check {data.asset_key.to_user_string()}.{data.check_name} failed: {data.description or ''}"
            # A blocking check stops the build; any other failed check let it publish, so it is a warning.
            (self.outcome.failures if data.blocking else self.outcome.warnings).append(text)


def run_nightly_job(settings: Settings, asset_selection: list[str] | None = None,
                    progress: ProgressPrinter | None = None) -> BuildOutcome:
    """Materialize every asset (or the named ones) in-process through Dagster and publish what was built.

    Waits for another build of the same warehouse (saying for whom), clears what killed builds left,
    reports each stage to ``progress`` as it ends, and, when the build stops before publishing,
    publishes its quarantine report so the user can open the rejected rows.
    """
    from pipelines.definitions import NIGHTLY_JOB, build_definitions

    with settings_in_environment(settings):
        prepare_dagster_home(settings)
        job = build_definitions(settings).resolve_job_def(NIGHTLY_JOB)
        return _run(job, settings, asset_selection, progress)


@contextmanager
def settings_in_environment(settings: Settings) -> Iterator[None]:
    """The build's settings as SALESOPS_* variables while it runs, restored afterwards, so a later build in
    the same process never inherits this one's derived paths. DAGSTER_HOME stays set: the instance's event
    log storage finds its files through it whenever the run history is read again in this process."""
    saved = {name: os.environ.get(name) for name in settings.as_env()}
    os.environ.update(settings.as_env())
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _run(job: dg.JobDefinition, settings: Settings, asset_selection: list[str] | None,
         progress: ProgressPrinter | None) -> BuildOutcome:
    outcome = BuildOutcome()
    say = progress.say if progress else None
    started = time.perf_counter()
    try:
        with build_lock(settings.build_dir, settings.lock_wait_seconds, say):
            outcome.notes = clean_leftovers(settings)
            for note in outcome.notes:
                (say or print)(note)
            collector = EventCollector(outcome, progress)
            with dg.DagsterInstance.get() as instance:
                outcome.run_id = make_new_run_id()
                instance.add_event_listener(outcome.run_id, collector)
                # Our own summary explains failures; the full log stays in the Dagster run history.
                result = job.execute_in_process(
                    instance=instance, raise_on_error=False, run_id=outcome.run_id,
                    asset_selection=[dg.AssetKey(k) for k in asset_selection] if asset_selection else None,
                    run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}},
                )
            outcome.success = result.success
            outcome.warnings += _recorded_warnings(settings)
            if INGEST_STEP in collector.steps_started:
                _publish_quarantine_if_stopped(settings, outcome)
    except BuildLockTimeout as exc:
        outcome.failures.append(str(exc))
    outcome.seconds = time.perf_counter() - started
    return outcome


def _recorded_warnings(settings: Settings) -> list[str]:
    if not settings.staging_warehouse.exists():
        return []
    con = open_warehouse(settings.staging_warehouse)
    try:
        return [f"{step}: {message}" for step, message in read_warnings(con)]
    finally:
        con.close()


def _publish_quarantine_if_stopped(settings: Settings, outcome: BuildOutcome) -> None:
    """A published build carries its quarantine report; one that stopped publishes the report alone."""
    if not outcome.published and settings.staging_warehouse.exists():
        con = open_warehouse(settings.staging_warehouse)
        try:
            has_quarantine = table_exists(con, "quarantine")
        finally:
            con.close()
        if has_quarantine:
            staged = settings.build_dir / "quarantine"
            shutil.rmtree(staged, ignore_errors=True)
            outcome.quarantined_problems = write_quarantine_report(settings.staging_warehouse, staged)
            report = publish_build(settings, only={"quarantine report"})
            outcome.published = [(o.kind, str(o.path), o.detail) for o in report.outputs]
            outcome.quarantine_report = settings.quarantine_dir
    elif outcome.published:
        outcome.quarantine_report = settings.quarantine_dir


def _root_message(error: object) -> str:
    """The innermost cause of a Dagster step error: the message that says what went wrong."""
    while error is not None and getattr(error, "cause", None) is not None:
        error = error.cause
    return getattr(error, "message", "") or ""
