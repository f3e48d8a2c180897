"""Shared fixtures: tiny hand-made raw data and warehouses built from it, all under tmp paths."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fingerprints import raw_fingerprint  # noqa: E402
from raw_loader import Loader  # noqa: E402
from tiny_company import write_tiny_company  # noqa: E402

from pipelines.settings import Settings  # noqa: E402


def settings_in(root: Path, raw_dir: Path | None = None, **overrides: object) -> Settings:
    """Settings whose every path lives under root (never the repo's data/ or models/)."""
    return Settings.from_env(
        environ={},
        raw_dir=raw_dir or root / "raw",
        warehouse=root / "marts" / "warehouse.duckdb",
        models_dir=root / "models",
        dashboards_dir=root / "marts" / "dashboards",
        dagster_home=root / "dagster_home",
        **overrides,
    )


def check_evaluations(instance: object, run_id: str) -> dict[tuple[str, str], object]:
    """(table, check name) -> the asset check evaluation a run logged."""
    checks = {}
    for record in instance.all_logs(run_id):
        event = record.dagster_event
        if event is not None and event.event_type_value == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            checks[(data.asset_key.to_user_string(), data.check_name)] = data
    return checks


@pytest.fixture
def loader(tmp_path: Path):
    """A Loader on tmp_path; at teardown, nothing under its raw folder may have changed."""
    ld = Loader(tmp_path)
    yield ld
    ld.con.close()
    assert ld.raw_before is not None, "test forgot to snapshot the raw folder"
    assert raw_fingerprint(ld.raw) == ld.raw_before, "a file under raw/ was changed, added or removed by the load"


@pytest.fixture
def tiny_raw(tmp_path: Path) -> Path:
    return write_tiny_company(tmp_path / "raw")


@pytest.fixture(scope="session")
def built_tiny(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The tiny company built once through the real Dagster job; treat it as read-only."""
    from pipelines.orchestration.run_build import run_nightly_job

    root = tmp_path_factory.mktemp("built_tiny")
    settings = settings_in(root, write_tiny_company(root / "raw"))
    outcome = run_nightly_job(settings)
    assert outcome.success, outcome.failures
    return settings


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The generated sample company at scale 0.01, built once; treat it as read-only."""
    from pipelines.generator import generate_company
    from pipelines.orchestration.run_build import run_nightly_job

    root = tmp_path_factory.mktemp("built_sample")
    generate_company(root / "raw", scale=0.01, seed=7)
    settings = settings_in(root)
    outcome = run_nightly_job(settings)
    assert outcome.success, outcome.failures
    return settings
