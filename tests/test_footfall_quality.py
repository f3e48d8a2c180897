"""Sheet quality: clear errors, quarantine of bad sheets, and the contract's row rules at ingest."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from pipelines.contracts import CONTRACTS
from pipelines.footfall.config import FootfallConfig
from pipelines.footfall.intervals import dispersion, site_intervals
from pipelines.footfall.quality import check_sheets
from pipelines.ingest.ingest_source import ingest_source

DAY = date(2026, 9, 8)
CFG = FootfallConfig()


def rows(observer: str, intervals: list[tuple[str, str, int]], site: str = "SITE-A") -> list[dict[str, object]]:
    """One segment row per interval (the quality rules look at interval totals)."""
    out = []
    for start, end, count in intervals:
        sm = int(start[:2]) * 60 + int(start[3:])
        em = int(end[:2]) * 60 + int(end[3:])
        out.append({"study_id": "S1", "site_id": site, "observer_id": observer, "count_date": DAY, "start_min": sm,
                    "end_min": em, "age_band": "20-35", "gender": "female", "income_tier": "middle",
                    "direction": "north", "count": count, "source_file": f"footfall_counts/{observer}.csv"})
    return out


def frame(*parts: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame([r for p in parts for r in p])


def test_overlapping_intervals_quarantine_the_sheet_with_a_clear_message():
    counts = frame(rows("OBS1", [("10:00", "10:15", 50), ("10:10", "10:25", 40), ("10:25", "10:40", 45)]),
                   rows("OBS2", [("10:00", "10:15", 30)], site="SITE-B"))
    q = check_sheets(counts, CFG)
    issue = q.issues[q.issues["rule"] == "overlapping_intervals"].iloc[0]
    assert (issue["site_id"], issue["observer_id"], issue["severity"], issue["action"]) == \
        ("SITE-A", "OBS1", "error", "sheet quarantined")
    assert "10:10-10:25 overlaps 10:00-10:15" in issue["message"]
    for part in ("site SITE-A", "observer OBS1", "2026-09-08", "rule overlapping_intervals"):
        assert part in issue["message"]
    assert issue["source_file"] == "footfall_counts/OBS1.csv"
    # The whole bad sheet is out of the estimates; the other sheet is untouched.
    assert set(q.accepted["site_id"]) == {"SITE-B"}


def test_impossible_rate_quarantines_the_sheet():
    counts = frame(rows("OBS1", [("10:00", "10:15", 90), ("10:15", "10:30", 2000)]))
    q = check_sheets(counts, CFG)
    issue = q.issues.iloc[0]
    assert issue["rule"] == "impossible_count" and issue["interval_start"] == "10:15"
    assert "133.3 per minute" in issue["message"] and "80 per minute" in issue["message"]
    assert q.accepted.empty


def test_short_gap_is_a_warning_and_a_planned_break_is_not_reported():
    counts = frame(rows("OBS1", [("10:00", "10:15", 50), ("10:30", "10:45", 50), ("17:00", "17:15", 60)]))
    q = check_sheets(counts, CFG)
    assert list(q.issues["rule"]) == ["missing_intervals"]
    gap = q.issues.iloc[0]
    assert (gap["interval_start"], gap["interval_end"], gap["severity"]) == ("10:15", "10:30", "warning")
    assert len(q.accepted) == 3  # warnings keep the data
    # The gap is not counted time: 3 intervals of 15 minutes were covered.
    assert (site_intervals(q.accepted)["end_min"] - site_intervals(q.accepted)["start_min"]).sum() == 45


def test_two_observers_beyond_poisson_noise_lose_that_interval_only():
    # 100 vs 160: |a - b| / sqrt(a + b) = 3.72 > 3.29. 100 vs 120: 1.35, within noise.
    counts = frame(rows("OBS1", [("11:00", "11:15", 100), ("11:15", "11:30", 100)]),
                   rows("OBS2", [("11:00", "11:15", 160), ("11:15", "11:30", 120)]))
    q = check_sheets(counts, CFG)
    bad = q.issues[q.issues["rule"] == "observer_disagreement"]
    assert set(bad["observer_id"]) == {"OBS1", "OBS2"} and set(bad["interval_start"]) == {"11:00"}
    assert set(bad["action"]) == {"interval excluded"}
    assert "100 vs 160" in bad.iloc[0]["message"] and "3.7 standard deviations" in bad.iloc[0]["message"]
    merged = site_intervals(q.accepted)
    # The agreeing interval is kept once, as the mean of both observers.
    assert list(merged["start_min"]) == [675] and merged["count"].iloc[0] == 110
    assert merged["observers"].iloc[0] == "OBS1,OBS2"


def test_partially_overlapping_observers_are_excluded():
    counts = frame(rows("OBS1", [("10:00", "10:15", 50)]), rows("OBS2", [("10:05", "10:20", 50)]))
    q = check_sheets(counts, CFG)
    assert set(q.issues["rule"]) == {"overlapping_observers"}
    assert q.accepted.empty


def test_every_finding_is_also_written_in_chinese_with_its_figures():
    counts = frame(rows("OBS1", [("10:00", "10:15", 50), ("10:10", "10:25", 40)]),
                   rows("OBS2", [("10:00", "10:15", 90), ("10:15", "10:30", 2000)], site="SITE-B"),
                   rows("OBS3", [("10:00", "10:15", 50), ("10:30", "10:45", 50)], site="SITE-C"),
                   rows("OBS4", [("11:00", "11:15", 100)], site="SITE-D"),
                   rows("OBS5", [("11:00", "11:15", 160)], site="SITE-D"),
                   rows("OBS6", [("10:00", "10:15", 50)], site="SITE-E"),
                   rows("OBS7", [("10:05", "10:20", 50)], site="SITE-E"))
    q = check_sheets(counts, CFG)
    zh = dict(zip(q.issues["rule"], q.issues["message_zh"], strict=False))
    assert set(zh) == {"overlapping_intervals", "impossible_count", "missing_intervals", "observer_disagreement",
                       "overlapping_observers"}
    assert "10:10-10:25" in zh["overlapping_intervals"] and "整张计数表已隔离" in zh["overlapping_intervals"]
    assert "133.3" in zh["impossible_count"] and "80" in zh["impossible_count"]
    assert "10:15 至 10:30（15 分钟）" in zh["missing_intervals"]
    assert "100 与 160" in zh["observer_disagreement"] and "3.7" in zh["observer_disagreement"]
    assert "OBS6 10:00-10:15" in zh["overlapping_observers"]
    # Only ids, times and dates stay Latin: no English word is left.
    for text in zh.values():
        assert not re.findall(r"\b(?![A-Z]+\d|OBS|SITE|S1\b)[A-Za-z]{2,}", text), text


def test_clean_sheets_have_no_issues():
    counts = frame(rows("OBS1", [("10:00", "10:15", 50), ("10:15", "10:30", 61)]),
                   rows("OBS2", [("10:00", "10:15", 52), ("10:15", "10:30", 60)]))
    q = check_sheets(counts, CFG)
    assert q.issues.empty and len(q.accepted) == 4


def test_dispersion_is_about_one_for_poisson_and_larger_for_groups():
    rng = np.random.default_rng(3)
    starts = [(f"{m // 60:02d}:{m % 60:02d}", f"{(m + 15) // 60:02d}:{(m + 15) % 60:02d}")
              for m in range(8 * 60, 20 * 60, 15)]
    poisson = frame(*(rows(f"O{i}", [(s, e, int(rng.poisson(80))) for s, e in starts]) for i in range(4)))
    grouped = frame(*(rows(f"O{i}", [(s, e, int(3 * rng.poisson(80 / 3))) for s, e in starts]) for i in range(4)))
    phi_p, pairs = dispersion(poisson, 1.5, 20)
    phi_g, _ = dispersion(grouped, 1.5, 20)
    assert pairs == 4 * 12 * 3  # three neighbouring pairs in each of 12 hours, per sheet
    assert 0.99 <= phi_p < 1.4
    assert 2.2 < phi_g < 3.9  # groups of 3 -> phi = 3
    assert dispersion(poisson.head(5), 1.5, 20)[0] == 1.5  # too few pairs: the configured default


def _write(path: Path, header: list[str], data: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(data)


def test_contract_quarantines_bad_rows_with_file_row_column_and_rule(tmp_path: Path):
    raw = tmp_path / "raw"
    cols = list(CONTRACTS["footfall_counts"].column_names)
    good = ["S1", "SITE-A", "OBS1", "2026-09-08", "10:00", "10:15", "20-35", "Female", "middle", "north", "12"]
    backwards = [*good[:4], "10:30", "10:15", *good[6:]]
    too_long = [*good[:4], "11:00", "12:30", *good[6:]]
    bad_value = [*good[:4], "10:15", "10:30", "20-35", "female", "middle", "sideways", "12"]
    unknown_site = ["S1", "SITE-Z", *good[2:]]
    _write(raw / "footfall_counts" / "sheet.csv", cols, [good, backwards, too_long, bad_value, unknown_site])
    _write(raw / "footfall_sites" / "sites.csv", list(CONTRACTS["footfall_sites"].column_names),
           [["SITE-A", "Wulin Square", "", "", "", ""]])
    con = duckdb.connect()
    ingest_source(con, CONTRACTS["footfall_sites"], raw, tmp_path / "work")
    report = ingest_source(con, CONTRACTS["footfall_counts"], raw, tmp_path / "work")
    assert report.stage.rows_accepted == 1
    reasons = con.execute("SELECT source_row, column_name, reason FROM quarantine WHERE source = 'footfall_counts' "
                          "ORDER BY source_row").fetchall()
    by_row = {r: (c, text) for r, c, text in reasons}
    assert "interval_end must be after interval_start" in by_row[3][1]
    assert "at most 60 minutes" in by_row[4][1]
    assert by_row[5][0] == "direction" and "sideways" in by_row[5][1]
    assert by_row[6][0] == "site_id" and "orphan reference" in by_row[6][1]
    assert all("footfall_counts/sheet.csv row" in text for _c, text in by_row.values())
    # Allowed values are matched case-insensitively and staged in lower case.
    assert con.execute("SELECT gender FROM stg_footfall_counts").fetchone()[0] == "female"


def test_config_file_loads_and_bad_values_are_named(tmp_path: Path):
    from pipelines.footfall.config import load_config

    cfg = load_config()
    assert cfg.target_filters == {"gender": ("female",), "age_band": ("20-35",)}
    assert date(2026, 10, 3) in cfg.holidays and date(2026, 9, 8) not in cfg.holidays
    bad = tmp_path / "footfall.yaml"
    bad.write_text("target_segment:\n  filters:\n    shoe_size: [42]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="shoe_size"):
        load_config(bad)
    bad.write_text("holidays:\n  - [2026-10-01]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="first, last"):
        load_config(bad)
