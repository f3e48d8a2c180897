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

from pipelines.footfall import words_zh
from pipelines.footfall.config import FootfallConfig

SHEET = ["study_id", "site_id", "observer_id", "count_date"]
SITE_DAY = ["study_id", "site_id", "count_date"]
INTERVAL = ["start_min", "end_min"]
ISSUE_COLUMNS = ["study_id", "site_id", "observer_id", "count_date", "interval_start", "interval_end", "rule",
                 "severity", "action", "message", "message_zh", "source_file"]
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
    """Find sheet-level problems; return the findings and the rows that survive them.

    Every rule is a set operation over all sheets at once (sorted frames, group-wise shifts and self-joins),
    so a study of thousands of sheets is checked in about the time of one.
    """
    if counts.empty:
        return SheetQuality(pd.DataFrame(columns=ISSUE_COLUMNS), counts)
    intervals = (counts.groupby(SHEET + INTERVAL, sort=True)
                 .agg(total=("count", "sum"), source_file=("source_file", "first")).reset_index())
    sheet_issues = _sheet_issues(intervals, cfg)
    bad = sheet_issues.loc[sheet_issues["action"] == QUARANTINE_SHEET, SHEET].drop_duplicates()
    usable = _anti_join(intervals, bad, SHEET)
    issue_frame = pd.concat([f for f in (sheet_issues, _disagreements(usable, cfg), _observer_overlaps(usable))
                             if len(f)] or [pd.DataFrame(columns=ISSUE_COLUMNS)], ignore_index=True)
    accepted = accepted_rows(counts, issue_frame)
    return SheetQuality(issue_frame[ISSUE_COLUMNS].reset_index(drop=True), accepted)


def _where(sheet: dict[str, object]) -> str:
    return (f"study {sheet['study_id']}, site {sheet['site_id']}, observer {sheet['observer_id']}, "
            f"{sheet['count_date']}")


def _issues(rows: pd.DataFrame, start: str, end: str, rule: str, severity: str, action: str, message,
            message_zh) -> pd.DataFrame:
    """Issue rows for the flagged rows of a frame: message(row) -> text (message_zh: the same in Chinese),
    interval from the start/end columns."""
    if rows.empty:
        return pd.DataFrame(columns=ISSUE_COLUMNS)
    records = rows.to_dict("records")
    return pd.DataFrame({
        **{c: rows[c].to_numpy() for c in SHEET},
        "interval_start": [hhmm(r[start]) for r in records], "interval_end": [hhmm(r[end]) for r in records],
        "rule": rule, "severity": severity, "action": action, "message": [message(r) for r in records],
        "message_zh": [message_zh(r) for r in records],
        "source_file": rows["source_file"].to_numpy(),
    })


def _sheet_issues(intervals: pd.DataFrame, cfg: FootfallConfig) -> pd.DataFrame:
    """Overlaps and short gaps inside a sheet, and impossible rates, for every sheet at once."""
    iv = intervals.sort_values(SHEET + INTERVAL, kind="stable").reset_index(drop=True)
    same_sheet = (iv[SHEET].shift() == iv[SHEET]).all(axis=1)
    # The interval reaching furthest so far in the sheet: positions where a new furthest end is set, carried on.
    sheet_id = (~same_sheet).cumsum()
    run_end = iv.groupby(sheet_id)["end_min"].cummax()
    previous_end = run_end.groupby(sheet_id).shift()
    sets_new_end = previous_end.isna() | (iv["end_min"] > previous_end)
    setter = pd.Series(np.where(sets_new_end, np.arange(len(iv)), np.nan)).groupby(sheet_id).ffill()
    previous_setter = setter.groupby(sheet_id).shift()
    iv["run_start"] = iv["start_min"].to_numpy()[previous_setter.fillna(0).astype(int)]
    iv["run_end"] = previous_end
    overlap = same_sheet & (iv["start_min"] < previous_end)
    gap = iv["start_min"] - previous_end
    short_gap = same_sheet & ~overlap & (gap > 0) & (gap < cfg.break_minutes)
    minutes = iv["end_min"] - iv["start_min"]
    iv["rate"] = iv["total"] / minutes
    fast = iv["rate"] > cfg.max_rate_per_minute
    parts = [
        _issues(iv[overlap], "start_min", "end_min", "overlapping_intervals", "error", QUARANTINE_SHEET, lambda r: (
            f"{_where(r)}: interval {hhmm(r['start_min'])}-{hhmm(r['end_min'])} overlaps "
            f"{hhmm(r['run_start'])}-{hhmm(r['run_end'])} on the same sheet (rule overlapping_intervals); "
            "the whole sheet is quarantined because passers-by may be counted twice. Correct the interval "
            "times in the sheet and deliver it again."), lambda r: words_zh.overlapping_intervals(
                r, f"{hhmm(r['start_min'])}-{hhmm(r['end_min'])}", f"{hhmm(r['run_start'])}-{hhmm(r['run_end'])}")),
        _issues(iv[short_gap].assign(gap_start=previous_end[short_gap].astype(int)), "gap_start", "start_min",
                "missing_intervals", "warning", KEPT, lambda r: (
                    f"{_where(r)}: no counts between {hhmm(r['gap_start'])} and {hhmm(r['start_min'])} "
                    f"({r['start_min'] - r['gap_start']} minutes) inside a counting block (rule missing_intervals); "
                    "the gap is not counted time, so the daily estimate expands only the time really covered."),
                lambda r: words_zh.missing_intervals(r, hhmm(r["gap_start"]), hhmm(r["start_min"]),
                                                     r["start_min"] - r["gap_start"])),
        _issues(iv[fast], "start_min", "end_min", "impossible_count", "error", QUARANTINE_SHEET, lambda r: (
            f"{_where(r)}: interval {hhmm(r['start_min'])}-{hhmm(r['end_min'])} has {int(r['total']):,} passers-by "
            f"in {r['end_min'] - r['start_min']} minutes = {r['rate']:.1f} per minute, more than the "
            f"{cfg.max_rate_per_minute:g} per minute one observer can count (rule impossible_count); the whole "
            "sheet is quarantined. Check the sheet for a typing error (an extra digit) and deliver it again."),
                lambda r: words_zh.impossible_count(r, f"{hhmm(r['start_min'])}-{hhmm(r['end_min'])}", int(r["total"]),
                                                    r["end_min"] - r["start_min"], r["rate"],
                                                    cfg.max_rate_per_minute)),
    ]
    return pd.concat([p for p in parts if len(p)] or [pd.DataFrame(columns=ISSUE_COLUMNS)], ignore_index=True)


def _disagreements(intervals: pd.DataFrame, cfg: FootfallConfig) -> pd.DataFrame:
    """Intervals two observers both counted at one site, their totals further apart than Poisson noise allows."""
    pairs = intervals.merge(intervals, on=SITE_DAY + INTERVAL, suffixes=("_a", "_b"))
    pairs = pairs[pairs["observer_id_a"] < pairs["observer_id_b"]]
    if pairs.empty:
        return pd.DataFrame(columns=ISSUE_COLUMNS)
    a, b = pairs["total_a"].to_numpy(float), pairs["total_b"].to_numpy(float)
    pairs = pairs.assign(z=np.divide(np.abs(a - b), np.sqrt(a + b), out=np.zeros_like(a), where=a + b > 0))
    worst = pairs.loc[pairs.groupby(SITE_DAY + INTERVAL)["z"].idxmax()]
    worst = worst[worst["z"] > cfg.disagreement_z]
    if worst.empty:
        return pd.DataFrame(columns=ISSUE_COLUMNS)
    worst = worst.assign(text=[
        f"study {r['study_id']}, site {r['site_id']}, {r['count_date']}: observers {r['observer_id_a']} and "
        f"{r['observer_id_b']} both counted {hhmm(r['start_min'])}-{hhmm(r['end_min'])} and found "
        f"{int(r['total_a']):,} vs {int(r['total_b']):,} passers-by, {r['z']:.1f} standard deviations of Poisson "
        f"noise apart (limit {cfg.disagreement_z:g}; rule observer_disagreement); the interval is left out for every "
        "observer. Compare the two sheets and correct the wrong one." for r in worst.to_dict("records")],
        text_zh=[words_zh.observer_disagreement(r, r["observer_id_a"], r["observer_id_b"],
                                                f"{hhmm(r['start_min'])}-{hhmm(r['end_min'])}", int(r["total_a"]),
                                                int(r["total_b"]), r["z"], cfg.disagreement_z)
                 for r in worst.to_dict("records")])
    flagged = intervals.merge(worst[SITE_DAY + INTERVAL + ["text", "text_zh"]], on=SITE_DAY + INTERVAL)
    flagged = flagged.sort_values(SITE_DAY + INTERVAL + ["observer_id"], kind="stable")
    return _issues(flagged, "start_min", "end_min", "observer_disagreement", "error", EXCLUDE_INTERVAL,
                   lambda r: r["text"], lambda r: r["text_zh"])


def _observer_overlaps(intervals: pd.DataFrame) -> pd.DataFrame:
    """Intervals of different observers at one site and day that overlap without being the same interval."""
    distinct = intervals.drop_duplicates(SITE_DAY + INTERVAL).sort_values(SITE_DAY + INTERVAL, kind="stable")
    same_day = (distinct[SITE_DAY].shift() == distinct[SITE_DAY]).all(axis=1)
    reach = distinct.groupby((~same_day).cumsum())["end_min"].cummax().groupby((~same_day).cumsum()).shift()
    clash = distinct[same_day & (distinct["start_min"] < reach)]
    if clash.empty:
        return pd.DataFrame(columns=ISSUE_COLUMNS)
    touching = clash[SITE_DAY + INTERVAL].rename(columns={"start_min": "clash_start", "end_min": "clash_end"}) \
        .reset_index(drop=True).reset_index(names="clash").merge(intervals, on=SITE_DAY)
    overlaps = (touching["start_min"] < touching["clash_end"]) & (touching["end_min"] > touching["clash_start"])
    touching = touching[overlaps]
    names = touching.groupby("clash").apply(
        lambda g: ", ".join(f"{o} {hhmm(s)}-{hhmm(e)}" for o, s, e in
                            zip(g["observer_id"], g["start_min"], g["end_min"], strict=True)), include_groups=False)
    touching = touching.assign(names=touching["clash"].map(names))
    return _issues(touching, "start_min", "end_min", "overlapping_observers", "error", EXCLUDE_INTERVAL, lambda r: (
        f"study {r['study_id']}, site {r['site_id']}, {r['count_date']}: intervals of different observers overlap "
        f"without being the same interval ({r['names']}; rule overlapping_observers); they are left out because "
        "they cannot be combined. Align the observers' interval grid."),
        lambda r: words_zh.overlapping_observers(r, r["names"]))


def _anti_join(frame: pd.DataFrame, drop: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows of frame whose keys are not in drop.

    Only rows whose every key value occurs in drop can match; those few are joined exactly (as plain values, so
    categorical and text keys compare), the million others are kept by a cheap per-column test."""
    if drop.empty:
        return frame
    drop = drop[keys].drop_duplicates()
    candidate = np.ones(len(frame), dtype=bool)
    for key in keys:
        candidate &= frame[key].isin(drop[key].unique()).to_numpy()
    if not candidate.any():
        return frame
    plain = {k: object for k in keys}
    hits = (frame.loc[candidate, keys].astype(plain).reset_index(drop=True)
            .merge(drop.astype(plain).assign(_drop=True), on=keys, how="left")["_drop"].notna().to_numpy())
    keep = np.ones(len(frame), dtype=bool)
    keep[np.flatnonzero(candidate)[hits]] = False
    return frame[keep]


def accepted_rows(counts: pd.DataFrame, issues: pd.DataFrame) -> pd.DataFrame:
    """The rows (per interval, or per interval and segment) of sheets and intervals the findings leave in."""
    if issues.empty:
        return counts
    sheets = issues.loc[issues["action"] == QUARANTINE_SHEET, SHEET]
    excluded = issues.loc[issues["action"] == EXCLUDE_INTERVAL, [*SHEET, "interval_start"]]
    excluded = excluded.assign(start_min=[int(t[:2]) * 60 + int(t[3:]) for t in excluded["interval_start"]])
    return _anti_join(_anti_join(counts, sheets, SHEET), excluded, [*SHEET, "start_min"])
