"""One call from staged inputs to every footfall mart (what the Dagster asset and the tests run)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
from threadpoolctl import threadpool_limits

from pipelines.footfall.config import FootfallConfig
from pipelines.footfall.expansion import expand_site_days, typical_estimates
from pipelines.footfall.intervals import dispersion, site_intervals
from pipelines.footfall.method_check import check_notes, method_check
from pipelines.footfall.planner import plan_notes, plan_samples
from pipelines.footfall.profiles import default_model, learn_profile, prepare_reference, profile_table, spread_notes
from pipelines.footfall.quality import QUARANTINE_SHEET, accepted_rows, check_sheets
from pipelines.footfall.ranking import rank_sites
from pipelines.footfall.segments import segment_mix, target_traffic
from pipelines.footfall.tables import MARTS, empty_frame
from pipelines.sql_files import sql_file

SQL_DIR = Path(__file__).resolve().parent / "sql"
# The staged sources the study reads (every one may be absent: its stg_ table is then empty).
FOOTFALL_SOURCES = ("footfall_sites", "footfall_counts", "footfall_reference", "footfall_holidays")


@dataclass
class FootfallInputs:
    counts: pd.DataFrame  # footfall_interval_totals.sql: one row per sheet and interval
    segments: pd.DataFrame  # footfall_count_rows.sql: one row per sheet, interval and segment
    sites: pd.DataFrame  # footfall_site_list.sql
    reference: pd.DataFrame  # footfall_reference_hours.sql
    holidays: frozenset[date] = frozenset()  # footfall_holiday_dates.sql (empty: the config's list is used)


@dataclass
class FootfallResult:
    tables: dict[str, pd.DataFrame]
    notes: list[str] = field(default_factory=list)
    skipped: bool = False  # no count sheets and no reference data: every mart is empty
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage (the benchmark prints it)


class _Laps:
    """Wall time of consecutive stages: lap(name) closes the stage that ran since the previous lap."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._mark = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = now - self._mark
        self._mark = now


def read_inputs(con: duckdb.DuckDBPyConnection) -> FootfallInputs:
    """The staged footfall sources, shaped for the domain code (dates as datetime.date)."""
    def run(name: str) -> pd.DataFrame:
        return con.execute(sql_file(SQL_DIR, name)).df()

    counts, segments, reference = (run("footfall_interval_totals"),
                                   _with_categories(con, sql_file(SQL_DIR, "footfall_count_rows")),
                                   run("footfall_reference_hours"))
    for frame, column in ((counts, "count_date"), (segments, "count_date"), (reference, "day")):
        if len(frame):
            frame[column] = _as_dates(frame[column])
    holidays = frozenset(pd.to_datetime(run("footfall_holiday_dates")["holiday_date"]).dt.date)
    return FootfallInputs(counts, segments, run("footfall_site_list"), reference, holidays)


def _with_categories(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    """A query's rows with its text columns as categoricals (sorted categories, so group and sort orders stay
    those of the text): a study has a million segment rows and a few dozen distinct values per column, and
    pandas text columns cost several times the query itself."""
    table = con.sql(sql).to_arrow_table()
    for i, name in enumerate(table.column_names):
        if pa.types.is_string(table.column(i).type) or pa.types.is_large_string(table.column(i).type):
            table = table.set_column(i, name, table.column(i).dictionary_encode())
    frame = table.to_pandas(date_as_object=False)
    for name in frame.columns:
        if isinstance(frame[name].dtype, pd.CategoricalDtype):
            frame[name] = frame[name].cat.reorder_categories(sorted(frame[name].cat.categories))
    return frame


def _as_dates(column: pd.Series) -> np.ndarray:
    """datetime.date objects, converted once per distinct day (a study has few days and a million rows)."""
    codes, uniques = pd.factorize(column)
    return np.array([d.date() for d in pd.to_datetime(uniques)], dtype=object)[codes]


def run_footfall_study(inputs: FootfallInputs, cfg: FootfallConfig) -> FootfallResult:
    # The matrices here are small (bootstrap draws x counted intervals, days x windows): BLAS threads cost more
    # than they save, and many times more on a busy machine, so the study runs single-threaded.
    with threadpool_limits(1, user_api="blas"):
        return _run_study(inputs, cfg)


def _run_study(inputs: FootfallInputs, cfg: FootfallConfig) -> FootfallResult:
    tables = {name: empty_frame(name) for name in MARTS}
    if inputs.counts.empty and inputs.reference.empty:
        return FootfallResult(tables, ["no footfall count sheets and no reference counter data were delivered "
                                       "(data/raw/footfall_counts/, data/raw/footfall_reference/): every footfall "
                                       "mart is empty"], skipped=True)
    rng = np.random.default_rng(cfg.seed)
    laps = _Laps()
    cfg, holiday_note = _holidays(inputs, cfg)
    days, notes = prepare_reference(inputs.reference, cfg)
    notes.insert(0, holiday_note)
    model = learn_profile(days, cfg) if len(days) else default_model(cfg)
    laps.lap("profile")
    notes.insert(0, f"profile: {model.note}")
    if model.source == "default":
        notes.append("no usable reference counter data: daily estimates use the built-in default profile "
                     "(docs/footfall.md) and the method check was not run")
    tables["footfall_profile"] = profile_table(model)

    quality = check_sheets(inputs.counts, cfg)
    tables["footfall_sheet_issues"] = quality.issues
    phi, pairs = dispersion(quality.accepted, cfg.default_dispersion, cfg.min_pairs_for_dispersion)
    laps.lap("sheet checks")
    hourly_rate = cfg.default_hourly_rate
    if inputs.counts.empty:
        notes.append("no footfall count sheets were delivered (data/raw/footfall_counts/): only the profile, the "
                     "method check and the sample plan are built")
    else:
        quarantined = quality.issues[quality.issues["action"] == QUARANTINE_SHEET]
        n_bad = len(quarantined[["study_id", "site_id", "observer_id", "count_date"]].drop_duplicates())
        notes.append(f"sheet quality: {len(quality.issues)} finding(s), {n_bad} sheet(s) quarantined "
                     "(see footfall_sheet_issues)")
        notes.append(f"counting overdispersion phi = {phi:.2f} "
                     + (f"from {pairs} neighbouring interval pairs" if pairs >= cfg.min_pairs_for_dispersion
                        else "(configured default: too few neighbouring interval pairs)"))
        site_day = expand_site_days(site_intervals(quality.accepted), model, phi, cfg.holidays)
        typical = typical_estimates(site_day, model) if len(site_day) else empty_frame("footfall_site_typical")
        laps.lap("daily and typical estimates")
        mix, shares = segment_mix(accepted_rows(inputs.segments, quality.issues), cfg, rng)
        target, draws = (target_traffic(typical, shares, cfg, rng) if len(typical)
                         else (empty_frame("footfall_target_segment"), {}))
        ranking = rank_sites(typical, draws, target, cfg, rng)
        laps.lap("segments and ranking")
        names = _site_names(inputs)
        for name, frame in (("footfall_site_day", site_day), ("footfall_site_typical", typical),
                            ("footfall_segment_mix", mix), ("footfall_target_segment", target),
                            ("footfall_site_ranking", ranking)):
            tables[name] = _with_names(frame, names) if len(frame) else empty_frame(name)
        if len(site_day):
            hourly_rate = float(site_day["hourly_rate"].median())
    plan = plan_samples(model, hourly_rate, phi, cfg)
    tables["footfall_sample_plan"] = plan
    laps.lap("planner")
    check, per_counter = method_check(model, cfg, plan, phi)
    laps.lap("method check")
    notes += plan_notes(plan) + spread_notes(model)
    if len(check):
        tables["footfall_method_check"], tables["footfall_method_check_counters"] = check, per_counter
        notes += check_notes(check)
    elif model.source == "reference":
        notes.append("the method check needs at least 2 reference counters (one is left out at a time): not run")
    return FootfallResult(tables, notes, seconds=laps.seconds)


def _holidays(inputs: FootfallInputs, cfg: FootfallConfig) -> tuple[FootfallConfig, str]:
    """The study's own holiday list when one was delivered, else the configured one; and a note saying which."""
    if inputs.holidays:
        return replace(cfg, holidays=inputs.holidays), (
            f"holidays: {len(inputs.holidays)} dates from footfall_holidays/ "
            f"({min(inputs.holidays)}..{max(inputs.holidays)}), replacing the configured list")
    return cfg, (f"holidays: the configured list ({len(cfg.holidays)} dates; deliver footfall_holidays/ for "
                 "another city)")


def _site_names(inputs: FootfallInputs) -> dict[str, str]:
    if inputs.sites.empty:
        return {}
    return dict(zip(inputs.sites["site_id"].astype(str), inputs.sites["site_name"].astype(str), strict=True))


def _with_names(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    return frame.assign(site_name=[names.get(s, s) for s in frame["site_id"]])
