"""The footfall marts: columns, types and meaning (one place for the writer, the docs and the tests)."""

from __future__ import annotations

import duckdb
import pandas as pd

Col = tuple[str, str, str]  # name, DuckDB type, meaning

_SITE: list[Col] = [("study_id", "VARCHAR", "Study"), ("site_id", "VARCHAR", "Candidate site"),
                    ("site_name", "VARCHAR", "Site name from the site list (the id when no list was delivered)")]
_INTERVAL: list[Col] = [("lower", "DOUBLE", "Lower end of the central interval"),
                        ("upper", "DOUBLE", "Upper end of the central interval"),
                        ("interval_level", "DOUBLE", "Level of the interval (0.90 = 90%)")]

MARTS: dict[str, tuple[str, list[Col]]] = {
    "footfall_site_day": ("Per site and counted day: observed count, hourly rate, expanded daily total", [
        *_SITE,
        ("count_date", "DATE", "Day counted"),
        ("day_type", "VARCHAR", "mon..sun or holiday: the profile used"),
        ("observers", "VARCHAR", "Observers whose accepted sheets went in"),
        ("intervals_counted", "BIGINT", "Accepted intervals (double-counted intervals once)"),
        ("counted_hours", "DOUBLE", "Time really covered, in hours"),
        ("first_interval_start", "VARCHAR", "Earliest interval start"),
        ("last_interval_end", "VARCHAR", "Latest interval end"),
        ("observed_count", "DOUBLE", "Passers-by counted (mean of observers on double-counted intervals)"),
        ("hourly_rate", "DOUBLE", "observed_count / counted_hours"),
        ("share_of_day", "DOUBLE", "Profile share of the day's traffic in the counted time"),
        ("daily_estimate", "DOUBLE", "Expanded total passers-by of the day (24 hours)"),
        *_INTERVAL,
        ("rel_half_width", "DOUBLE", "(upper - lower) / 2 / daily_estimate"),
        ("sd_log_location", "DOUBLE", "Log-scale sd of the expansion error that is the same every day at a place"),
        ("sd_log_day", "DOUBLE", "Log-scale sd of the expansion error that changes day to day"),
        ("sd_log_count", "DOUBLE", "Log-scale sd of the counting noise"),
        ("profile_source", "VARCHAR", "reference (learned) or default (built-in, no reference data)"),
        ("reference_days", "BIGINT", "Reference counter-days behind the expansion statistics (0 = default)"),
    ]),
    "footfall_site_typical": ("Typical weekday, weekend and week-average daily traffic per site", [
        *_SITE,
        ("day_class", "VARCHAR", "weekday (Mon-Fri), weekend (Sat-Sun) or week_average"),
        ("estimate", "DOUBLE", "Typical daily passers-by"),
        *_INTERVAL,
        ("days_used", "BIGINT", "Counted days pooled"),
        ("dates_used", "VARCHAR", "Those days"),
        ("basis", "VARCHAR", "counted, or how the class was extrapolated from the other class"),
        ("days_with_reference", "BIGINT", "Days whose city-wide anomaly was removed with same-day reference data"),
        ("sd_log", "DOUBLE", "Log-scale sd of the estimate"),
        ("profile_source", "VARCHAR", "reference or default"),
    ]),
    "footfall_segment_mix": ("Share of each segment value per site, with bootstrap intervals", [
        *_SITE,
        ("dimension", "VARCHAR", "age_band, gender, income_tier or direction"),
        ("segment", "VARCHAR", "Value of the dimension ('unknown' = not classified)"),
        ("count", "DOUBLE", "Passers-by counted in this segment"),
        ("share", "DOUBLE", "Share of the site's counted passers-by"),
        *_INTERVAL,
        ("n_intervals", "BIGINT", "Counted intervals resampled by the bootstrap"),
    ]),
    "footfall_target_segment": ("Share and typical daily traffic of the configured target segment", [
        *_SITE,
        ("segment_label", "VARCHAR", "Target segment name (pipelines/config/footfall.yaml)"),
        ("segment_filter", "VARCHAR", "Its definition"),
        ("day_class", "VARCHAR", "weekday, weekend or week_average"),
        ("target_share", "DOUBLE", "Share of the site's passers-by in the target segment"),
        ("share_lower", "DOUBLE", "Lower end of the share's interval"),
        ("share_upper", "DOUBLE", "Upper end of the share's interval"),
        ("target_daily_estimate", "DOUBLE", "Typical daily passers-by of the target segment"),
        *_INTERVAL,
        ("basis", "VARCHAR", "As in footfall_site_typical"),
    ]),
    "footfall_site_ranking": ("Site ranking per metric with the probability that each site is the best", [
        ("study_id", "VARCHAR", "Study"),
        ("metric", "VARCHAR", "week_average, weekday, weekend or target_week_average"),
        ("site_id", "VARCHAR", "Candidate site"),
        ("site_name", "VARCHAR", "Site name"),
        ("estimate", "DOUBLE", "Typical daily passers-by (of the target segment for target_week_average)"),
        *_INTERVAL,
        ("rank", "BIGINT", "1 = highest estimate"),
        ("p_best", "DOUBLE", "Probability that this site has the highest value (share of bootstrap draws)"),
        ("headline", "BOOLEAN", "This metric is the configured rank_by"),
        ("n_sites", "BIGINT", "Sites compared"),
    ]),
    "footfall_sheet_issues": ("Sheet-quality findings: what is wrong, where, and what was done", [
        ("study_id", "VARCHAR", "Study"),
        ("site_id", "VARCHAR", "Site"),
        ("observer_id", "VARCHAR", "Observer"),
        ("count_date", "DATE", "Day"),
        ("interval_start", "VARCHAR", "Interval (or gap) start"),
        ("interval_end", "VARCHAR", "Interval (or gap) end"),
        ("rule", "VARCHAR", "overlapping_intervals, impossible_count, observer_disagreement, "
                            "overlapping_observers or missing_intervals"),
        ("severity", "VARCHAR", "error or warning"),
        ("action", "VARCHAR", "sheet quarantined, interval excluded, or kept (reported only)"),
        ("message", "VARCHAR", "What is wrong and what to do, in words"),
        ("message_zh", "VARCHAR", "The same in Simplified Chinese (the zh edition of the dashboards)"),
        ("source_file", "VARCHAR", "File under data/raw"),
    ]),
    "footfall_method_check": ("Short counts simulated at reference counters left out of the fit: error and coverage", [
        ("scheme", "VARCHAR", "leave_counter_out: each counter is tested with a calibration learned from the others"),
        ("windows", "VARCHAR", "every contiguous window (of count_hours, each start), the planner's best plan, or "
                               "the planner's choice without the tested counter (chosen from the other counters)"),
        ("count_hours", "BIGINT", "Counting hours per day"),
        ("plan", "VARCHAR", "The windows checked (per day class for the planner's best plan)"),
        ("n_estimates", "BIGINT", "Simulated counts (counter-days x windows)"),
        ("n_counters", "BIGINT", "Reference counters, each left out in turn"),
        ("mape", "DOUBLE", "Mean absolute percentage error of the daily estimate (0.1 = 10%)"),
        ("coverage", "DOUBLE", "Share of true daily totals inside the interval, all counters"),
        ("min_counter_coverage", "DOUBLE", "Coverage at the worst-covered left-out counter"),
        ("worst_counter", "VARCHAR", "That counter"),
        ("mean_rel_width", "DOUBLE", "Mean (upper - lower) / estimate over estimates above zero"),
        ("n_zero_estimates", "BIGINT", "Counts of zero (window with nobody): estimate 0, not in the mean width"),
        ("interval_level", "DOUBLE", "Nominal level of the interval"),
        ("target_coverage_low", "DOUBLE", "Coverage target, low end"),
        ("target_coverage_high", "DOUBLE", "Coverage target, high end"),
        ("target_min_counter_coverage", "DOUBLE", "Least coverage wanted at every left-out counter"),
        ("target_mape", "DOUBLE", "MAPE target (2-hour counts)"),
        ("coverage_ok", "BOOLEAN", "Coverage within the target range and at least the minimum at every counter"),
        ("mape_ok", "BOOLEAN", "MAPE at most the target (2-hour counts only)"),
        ("profile", "VARCHAR", "What the profile was learned from"),
    ]),
    "footfall_method_check_counters": ("The method check per left-out reference counter", [
        ("scheme", "VARCHAR", "leave_counter_out"),
        ("windows", "VARCHAR", "As in footfall_method_check"),
        ("count_hours", "BIGINT", "Counting hours per day"),
        ("counter_id", "VARCHAR", "The counter left out and tested"),
        ("n_estimates", "BIGINT", "Simulated counts at this counter"),
        ("mape", "DOUBLE", "Mean absolute percentage error at this counter"),
        ("coverage", "DOUBLE", "Share of its true daily totals inside the interval"),
        ("mean_rel_width", "DOUBLE", "Mean (upper - lower) / estimate"),
    ]),
    "footfall_sample_plan": ("Counting plans per day class and counting hours: expected error and interval width", [
        ("day_class", "VARCHAR", "weekday, saturday or sunday"),
        ("count_hours", "BIGINT", "Counting hours in the day"),
        ("plan", "VARCHAR", "When to count: one block (11:00-13:00), two (12:00-13:00 + 17:00-18:00), or short "
                            "blocks spread over the day (12:00-12:15 + 13:00-13:15 + ...)"),
        ("blocks", "BIGINT", "1 = contiguous, 2 = split into two blocks, 3 or more = spread"),
        ("share_of_day", "DOUBLE", "Profile share of the day covered"),
        ("expected_mape", "DOUBLE", "Mean absolute error of the daily estimate at reference counters left out of "
                                    "the fit (empty without two or more counters)"),
        ("expected_coverage", "DOUBLE", "Share of their true day totals inside the interval"),
        ("min_counter_coverage", "DOUBLE", "Coverage at the worst-covered counter"),
        ("expected_rel_width", "DOUBLE", "Mean (upper - lower) / estimate there"),
        ("rel_precision_one_day", "DOUBLE", "Predicted half-width of one day's interval / estimate at the study's "
                                            "hourly rate (counting noise included)"),
        ("meets_target_one_day", "BOOLEAN", "rel_precision_one_day <= target"),
        ("days_for_typical_estimate", "BIGINT",
         "Such days needed for a typical-day estimate at the target precision (empty: not reachable)"),
        ("meets_coverage_rule", "BOOLEAN", "Its intervals would cover the most unusual place (of twice the counters) "
                                           "on at least the target share of days; plans that do not rank after the "
                                           "others, closest first"),
        ("rank_in_length", "BIGINT", "1 = smallest expected error among plans of this length meeting the coverage "
                                     "rule"),
        ("best_for_length", "BOOLEAN", "The best plan of this length"),
        ("recommended", "BOOLEAN", "The shortest best plan meeting the target on one day"),
        ("target_rel_precision", "DOUBLE", "Requested relative precision"),
        ("assumed_hourly_rate", "DOUBLE", "Passers-by per hour assumed for the counting noise"),
        ("interval_level", "DOUBLE", "Level of the interval"),
        ("reference_counters", "BIGINT", "Reference counters behind the expected error"),
        ("profile_source", "VARCHAR", "reference or default"),
    ]),
    "footfall_profile": ("Share of the day per clock hour and day type, with day-to-day spread", [
        ("day_type", "VARCHAR", "mon..sun or holiday"),
        ("hour", "BIGINT", "Clock hour 0..23"),
        ("share", "DOUBLE", "Mean share of the day's traffic in this hour"),
        ("share_sd", "DOUBLE", "Day-to-day sd of that share in the reference (empty for the default)"),
        ("level", "DOUBLE", "Daily traffic of the day type relative to the week's average day"),
        ("uses_day_types", "VARCHAR", "Reference day types pooled for it (fallback when too few days)"),
        ("profile_source", "VARCHAR", "reference or default"),
    ]),
}


def column_names(table: str) -> list[str]:
    return [c[0] for c in MARTS[table][1]]


def empty_frame(table: str) -> pd.DataFrame:
    return pd.DataFrame(columns=column_names(table))


def write_mart(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """(Re)create the mart with its declared types and insert the frame's rows by column name."""
    columns = MARTS[table][1]
    ddl = ", ".join(f'"{name}" {dtype}' for name, dtype, _ in columns)
    con.execute(f'CREATE OR REPLACE TABLE "{table}" ({ddl})')
    if frame is None or frame.empty:
        return 0
    missing = [c for c in column_names(table) if c not in frame.columns]
    if missing:
        raise ValueError(f"{table}: the computed frame lacks columns {missing}")
    con.register("_footfall_frame", frame[column_names(table)])
    try:
        con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM _footfall_frame')
    finally:
        con.unregister("_footfall_frame")
    return len(frame)
