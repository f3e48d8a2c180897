"""Sheet quality: which count sheets (one observer, one site, one day) can be trusted.

Row-level problems (bad values, unknown sites, duplicate rows) are already quarantined by the
ingest against the footfall_counts contract. Here the rules span rows:

- overlapping_intervals (error): two intervals of one sheet overlap, so some passers-by would be
  counted twice and it is unknowable which time is right -> the whole sheet is quarantined.
- impossible_count (error): more passers-by per minute than one observer can count and classify
  -> the whole sheet is quarantined (usually a typing error, e.g. an extra digit).
- observer_disagreement (error): two observers counted the same interval at the same site and their
  totals differ by more than Poisson noise can explain -> that interval is left out for both.
- overlapping_observers (error): two observers' intervals at one site overlap without being the
  same interval -> those intervals are left out for both (they cannot be combined).
- missing_intervals (warning): a gap shorter than a planned break inside a sheet -> reported only;
  the gap is not counted time, so expansion uses the time really covered.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.footfall.config import FootfallConfig

SHEET = ["study_id", "site_id", "observer_id", "count_date"]
SITE_DAY = ["study_id", "site_id", "count_date"]
INTERVAL = ["start_min", "end_min"]
ISSUE_COLUMNS = ["study_id", "site_id", "observer_id", "count_date", "interval_start", "interval_end", "rule",
                 "severity", "action", "message", "source_file"]
QUARANTINE_SHEET = "sheet quarantined"
EXCLUDE_INTERVAL = "interval excluded"
KEPT = "kept (reported only)"


@dataclass
class SheetQuality:
    issues: pd.DataFrame  # one row per finding, ISSUE_COLUMNS
    accepted: pd.DataFrame  # the count rows estimates may use


def hhmm(minutes: int) -> str:
    return f"{int(minutes) // 60:02d}:{int(minutes) % 60:02d}"


def check_sheets(counts: pd.DataFrame, cfg: FootfallConfig) -> SheetQuality:
    """Find sheet-level problems; return the findings and the rows that survive them."""
    if counts.empty:
        return SheetQuality(pd.DataFrame(columns=ISSUE_COLUMNS), counts)
    intervals = (counts.groupby(SHEET + INTERVAL, sort=True)
                 .agg(total=("count", "sum"), source_file=("source_file", "first")).reset_index())
    issues: list[dict[str, object]] = []
    for key, sheet in intervals.groupby(SHEET, sort=True):
        issues += _sheet_issues(dict(zip(SHEET, key, strict=True)), sheet, cfg)
    bad_sheets = {tuple(i[c] for c in SHEET) for i in issues if i["action"] == QUARANTINE_SHEET}
    in_bad = intervals[SHEET].apply(tuple, axis=1).isin(bad_sheets) if len(intervals) else []
    usable = intervals[~np.asarray(in_bad, dtype=bool)]
    issues += _observer_issues(usable, cfg)
    issue_frame = pd.DataFrame(issues, columns=ISSUE_COLUMNS)
    return SheetQuality(issue_frame, _accepted_rows(counts, issue_frame))


def _where(sheet: dict[str, object]) -> str:
    return (f"study {sheet['study_id']}, site {sheet['site_id']}, observer {sheet['observer_id']}, "
            f"{sheet['count_date']}")


def _issue(sheet: dict[str, object], start: int | None, end: int | None, rule: str, severity: str, action: str,
           message: str, source_file: object) -> dict[str, object]:
    return {**sheet, "interval_start": hhmm(start) if start is not None else None,
            "interval_end": hhmm(end) if end is not None else None, "rule": rule, "severity": severity,
            "action": action, "message": message, "source_file": source_file}


def _sheet_issues(sheet: dict[str, object], rows: pd.DataFrame, cfg: FootfallConfig) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    where = _where(sheet)
    run_end, run_interval = None, None
    for r in rows.itertuples(index=False):
        if run_end is not None and r.start_min < run_end:
            out.append(_issue(
                sheet, r.start_min, r.end_min, "overlapping_intervals", "error", QUARANTINE_SHEET,
                f"{where}: interval {hhmm(r.start_min)}-{hhmm(r.end_min)} overlaps "
                f"{hhmm(run_interval[0])}-{hhmm(run_interval[1])} on the same sheet (rule overlapping_intervals); "
                "the whole sheet is quarantined because passers-by may be counted twice. Correct the interval "
                "times in the sheet and deliver it again.", r.source_file))
        elif run_end is not None and 0 < r.start_min - run_end < cfg.break_minutes:
            out.append(_issue(
                sheet, run_end, r.start_min, "missing_intervals", "warning", KEPT,
                f"{where}: no counts between {hhmm(run_end)} and {hhmm(r.start_min)} "
                f"({r.start_min - run_end} minutes) inside a counting block (rule missing_intervals); the gap is "
                "not counted time, so the daily estimate expands only the time really covered.", r.source_file))
        if run_end is None or r.end_min > run_end:
            run_end, run_interval = r.end_min, (r.start_min, r.end_min)
        minutes = r.end_min - r.start_min
        rate = r.total / minutes
        if rate > cfg.max_rate_per_minute:
            out.append(_issue(
                sheet, r.start_min, r.end_min, "impossible_count", "error", QUARANTINE_SHEET,
                f"{where}: interval {hhmm(r.start_min)}-{hhmm(r.end_min)} has {int(r.total):,} passers-by in "
                f"{minutes} minutes = {rate:.1f} per minute, more than the {cfg.max_rate_per_minute:g} per minute "
                "one observer can count (rule impossible_count); the whole sheet is quarantined. Check the sheet "
                "for a typing error (an extra digit) and deliver it again.", r.source_file))
    return out


def _observer_issues(intervals: pd.DataFrame, cfg: FootfallConfig) -> list[dict[str, object]]:
    """Disagreement on shared intervals, and partially overlapping intervals of different observers."""
    out: list[dict[str, object]] = []
    for key, day in intervals.groupby(SITE_DAY, sort=True):
        site_day = dict(zip(SITE_DAY, key, strict=True))
        for (start, end), same in day.groupby(INTERVAL, sort=True):
            if len(same) < 2:
                continue
            obs = same.sort_values("observer_id").to_dict("records")
            worst = max(((a, b) for i, a in enumerate(obs) for b in obs[i + 1:]), key=_disagreement)
            z = _disagreement(worst)
            if z <= cfg.disagreement_z:
                continue
            a, b = worst
            text = (f"study {site_day['study_id']}, site {site_day['site_id']}, {site_day['count_date']}: observers "
                    f"{a['observer_id']} and {b['observer_id']} both counted {hhmm(start)}-{hhmm(end)} and found "
                    f"{int(a['total']):,} vs {int(b['total']):,} passers-by, {z:.1f} standard deviations of Poisson "
                    f"noise apart (limit {cfg.disagreement_z:g}; rule observer_disagreement); the interval is left "
                    "out for every observer. Compare the two sheets and correct the wrong one.")
            for o in obs:
                out.append(_issue({**site_day, "observer_id": o["observer_id"]}, start, end, "observer_disagreement",
                                  "error", EXCLUDE_INTERVAL, text, o["source_file"]))
        distinct = day.drop_duplicates(INTERVAL).sort_values(INTERVAL)
        ends = distinct["end_min"].cummax().shift(1)
        clash = distinct[distinct["start_min"] < ends]
        for r in clash.itertuples(index=False):
            overlapping = day[(day["start_min"] < r.end_min) & (day["end_min"] > r.start_min)]
            names = ", ".join(f"{o.observer_id} {hhmm(o.start_min)}-{hhmm(o.end_min)}"
                              for o in overlapping.itertuples(index=False))
            text = (f"study {site_day['study_id']}, site {site_day['site_id']}, {site_day['count_date']}: intervals of "
                    f"different observers overlap without being the same interval ({names}; rule "
                    "overlapping_observers); they are left out because they cannot be combined. Align the "
                    "observers' interval grid.")
            for o in overlapping.itertuples(index=False):
                out.append(_issue({**site_day, "observer_id": o.observer_id}, o.start_min, o.end_min,
                                  "overlapping_observers", "error", EXCLUDE_INTERVAL, text, o.source_file))
    return out


def _disagreement(pair: tuple[dict, dict]) -> float:
    a, b = pair[0]["total"], pair[1]["total"]
    return abs(a - b) / np.sqrt(a + b) if a + b > 0 else 0.0


def _accepted_rows(counts: pd.DataFrame, issues: pd.DataFrame) -> pd.DataFrame:
    if issues.empty:
        return counts
    sheet_keys = issues.loc[issues["action"] == QUARANTINE_SHEET, SHEET].drop_duplicates()
    excluded = issues.loc[issues["action"] == EXCLUDE_INTERVAL, SHEET + ["interval_start"]].drop_duplicates()
    keep = np.ones(len(counts), dtype=bool)
    row_sheet = counts[SHEET].apply(tuple, axis=1)
    keep &= ~row_sheet.isin(set(sheet_keys.apply(tuple, axis=1))).to_numpy()
    if len(excluded):
        row_interval = (counts[SHEET].assign(interval_start=counts["start_min"].map(hhmm))
                        .apply(tuple, axis=1))
        keep &= ~row_interval.isin(set(excluded.apply(tuple, axis=1))).to_numpy()
    return counts[keep]
