"""The sample footfall files match their contracts and plant what the quality checks must find."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines.contracts import CONTRACTS
from pipelines.footfall.config import FootfallConfig
from pipelines.footfall.quality import check_sheets
from pipelines.footfall.sample_data import write_footfall_sample
from pipelines.footfall.study import FOOTFALL_SOURCES, read_inputs
from pipelines.ingest.ingest_source import ingest_source

SOURCES = FOOTFALL_SOURCES  # the sample writes every footfall source


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], duckdb.DuckDBPyConnection]:
    root = tmp_path_factory.mktemp("footfall_sample")
    rows = write_footfall_sample(root / "raw", seed=11)
    con = duckdb.connect()
    for source in SOURCES:
        ingest_source(con, CONTRACTS[source], root / "raw", root / "work")
    return root / "raw", rows, con


def test_headers_follow_the_contract_column_order(sample):
    raw, rows, _con = sample
    for source in SOURCES:
        files = sorted((raw / source).glob("*.csv"))
        assert files, source
        for path in files:
            with path.open(encoding="utf-8") as fh:
                assert next(csv.reader(fh)) == list(CONTRACTS[source].column_names), path


def test_every_row_passes_its_contract(sample):
    _raw, rows, con = sample
    for source in SOURCES:
        accepted = con.execute(f"SELECT count(*) FROM stg_{source}").fetchone()[0]
        assert accepted == rows[source] > 0, source
    assert con.execute("SELECT count(*) FROM quarantine").fetchone()[0] == 0


def test_study_shape_and_dates(sample):
    _raw, _rows, con = sample
    study = con.execute("""
        SELECT count(DISTINCT site_id), count(DISTINCT observer_id), count(DISTINCT count_date),
               min(count_date), max(count_date),
               count(DISTINCT date_diff('minute', interval_start, interval_end))
        FROM stg_footfall_counts""").fetchone()
    sites, observers, days, first, last, lengths = study
    assert 3 <= sites <= 5 and observers == 2 and days >= 5
    assert date(2026, 1, 1) <= first and last <= date(2026, 10, 31)
    assert lengths == 1  # 15-minute intervals throughout
    ref_first, ref_last, counters = con.execute(
        "SELECT min(hour_start), max(hour_start), count(DISTINCT counter_id) FROM stg_footfall_reference").fetchone()
    assert 2 <= counters <= 3
    assert (ref_last.date() - ref_first.date()).days >= 364 and ref_last.date() <= date(2026, 10, 31)


def test_planted_problems_are_found(sample):
    _raw, _rows, con = sample
    issues = check_sheets(read_inputs(con).counts, FootfallConfig()).issues
    rules = set(issues["rule"])
    assert "overlapping_intervals" in rules
    assert "observer_disagreement" in rules
    double = con.execute("""
        SELECT count(*) FROM (SELECT site_id, count_date, interval_start FROM stg_footfall_counts
                              GROUP BY ALL HAVING count(DISTINCT observer_id) = 2)""").fetchone()[0]
    assert double >= 4  # a calibration block counted by both observers


def test_ground_truth_is_written_beside_and_never_loaded(sample):
    raw, _rows, _con = sample
    days = pd.read_csv(raw / "_ground_truth" / "footfall_site_days.csv")
    sites = pd.read_csv(raw / "_ground_truth" / "footfall_sites.csv")
    assert len(days) >= 10 and (days["true_total"] > 0).all()
    assert set(sites.columns) == {"site_id", "week_average", "weekday", "weekend"}
    assert "_ground_truth" not in CONTRACTS
