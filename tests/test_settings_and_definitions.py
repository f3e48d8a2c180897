"""Settings precedence, the generated contract docs, and the shape of the Dagster definitions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipelines.contracts.docs import render_contracts_markdown
from pipelines.definitions import NIGHTLY_JOB, build_definitions
from pipelines.settings import REPO_ROOT, Settings


def test_environment_variables_and_flags_override_defaults_in_that_order(tmp_path: Path) -> None:
    env = {"SALESOPS_RAW_DIR": str(tmp_path / "exports"), "SALESOPS_AS_OF": "2026-06-30",
           "SALESOPS_CHURN_HORIZON_DAYS": "60"}
    from_env = Settings.from_env(environ=env)
    assert from_env.raw_dir == (tmp_path / "exports").resolve()
    assert from_env.as_of == date(2026, 6, 30) and from_env.churn_horizon_days == 60
    flagged = Settings.from_env(environ=env, as_of="2026-01-31")
    assert flagged.as_of == date(2026, 1, 31) and flagged.raw_dir == from_env.raw_dir


def test_a_bad_setting_says_what_is_expected() -> None:
    with pytest.raises(ValueError, match="not a date like 2025-12-31"):
        Settings.from_env(environ={"SALESOPS_AS_OF": "31/12/2025"})
    with pytest.raises(ValueError, match="between 0 and 1"):
        Settings.from_env(environ={"SALESOPS_QUARANTINE_THRESHOLD": "5"})


def test_raw_readme_is_generated_from_the_current_contracts() -> None:
    committed = (REPO_ROOT / "data" / "raw" / "README.md").read_text(encoding="utf-8")
    assert committed == render_contracts_markdown(), "run `salesops docs` and commit data/raw/README.md"


def test_definitions_have_the_groups_the_nightly_schedule_and_one_writer(tmp_path: Path) -> None:
    from tests.conftest import settings_in

    defs = build_definitions(settings_in(tmp_path))
    groups = {spec.group_name for spec in defs.resolve_all_asset_specs()}
    assert {"raw", "staging", "core", "marts", "metrics", "risk", "footfall", "publish", "dashboards"} <= groups
    schedule = defs.resolve_schedule_def("nightly_at_2am")
    assert schedule.cron_schedule == "0 2 * * *" and schedule.job_name == NIGHTLY_JOB
    job = defs.resolve_job_def(NIGHTLY_JOB)
    nightly = {key.to_user_string() for key in job.asset_layer.executable_asset_keys}
    weekly = {spec.key.to_user_string() for spec in defs.resolve_all_asset_specs()
              if spec.tags.get("cadence") == "weekly"}
    assert weekly and not (weekly & nightly)
    assert "published_warehouse" in nightly
    writers = [spec for spec in defs.resolve_all_asset_specs() if spec.group_name in ("raw", "staging", "core")]
    assert writers
    instance_config = (REPO_ROOT / "pipelines" / "project_template" / "dagster.yaml").read_text(encoding="utf-8")
    assert "default_limit: 1" in instance_config and "max_concurrent_runs: 1" in instance_config
    assert job.executor_def.name == "in_process"


def test_run_history_is_kept_by_our_event_log_and_readable_by_stock_dagster(
        built_tiny: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    import dagster as dg
    from dagster._core.instance.ref import InstanceRef
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

    from pipelines.orchestration.event_log_storage import EngineReusingSqliteEventLogStorage

    config = (built_tiny.dagster_home / "dagster.yaml").read_text(encoding="utf-8")
    assert "EngineReusingSqliteEventLogStorage" in config
    stock = SqliteEventLogStorage(str(built_tiny.dagster_home / "history" / "runs"))
    ours = EngineReusingSqliteEventLogStorage(str(built_tiny.dagster_home / "history" / "runs"))
    try:
        for storage in (stock, ours):
            latest = storage.get_latest_materialization_events([dg.AssetKey("stg_sales_lines")])
            event = latest[dg.AssetKey("stg_sales_lines")]
            assert event is not None
            assert event.asset_materialization.metadata["dagster/row_count"].value == 5
            assert storage.get_logs_for_run(event.run_id)
    finally:
        stock.dispose()
        ours.dispose()
    # As `dagster dev` would see it: a build leaves DAGSTER_HOME as it found it.
    monkeypatch.setenv("DAGSTER_HOME", str(built_tiny.dagster_home))
    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(built_tiny.dagster_home))) as instance:
        observed = instance.fetch_observations(dg.AssetKey("raw_sales_lines"), limit=1).records[0]
        metadata = observed.asset_observation.metadata
        assert metadata["dagster/row_count"].value == 5
        assert "invoice_id" in metadata["preview"].value and metadata["files"].value == "sales_lines/sales_lines.csv"
