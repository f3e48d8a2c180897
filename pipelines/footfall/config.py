"""Study settings from pipelines/config/footfall.yaml (see docs/footfall.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from pipelines.footfall.daytypes import DEFAULT_CALENDAR, DayCalendar

CONFIG_PATH = Path(__file__).resolve().parent.parent / "config" / "footfall.yaml"
SEGMENT_COLUMNS = ("age_band", "gender", "income_tier", "direction")
RANK_METRICS = ("week_average", "weekday", "weekend", "target_week_average")


@dataclass(frozen=True)
class FootfallConfig:
    target_label: str = "women aged 20-35"
    target_filters: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: {"gender": ("female",), "age_band": ("20-35",)})
    rank_by: str = "week_average"
    interval_level: float = 0.90
    bootstrap_draws: int = 2000
    seed: int = 20260901
    max_rate_per_minute: float = 80.0
    disagreement_z: float = 3.29
    break_minutes: int = 30
    default_dispersion: float = 1.5
    min_pairs_for_dispersion: int = 20
    min_reference_days: int = 8
    outage_share: float = 0.2
    target_rel_precision: float = 0.15
    earliest_hour: int = 7
    latest_hour: int = 22
    default_hourly_rate: float = 600.0
    max_span_hours: float = 8.0
    plan_hours: tuple[int, ...] = (1, 2, 3, 4)
    check_hours: tuple[int, ...] = (1, 2, 4, 8)
    target_coverage: tuple[float, float] = (0.88, 0.92)
    target_min_counter_coverage: float = 0.80
    target_mape_2h: float = 0.11
    holidays: frozenset[date] = frozenset()
    calendar: DayCalendar = DEFAULT_CALENDAR

    def __post_init__(self) -> None:
        unknown = set(self.target_filters) - set(SEGMENT_COLUMNS)
        if unknown:
            raise ValueError(f"footfall config: target_segment.filters names unknown columns {sorted(unknown)}; "
                             f"use {', '.join(SEGMENT_COLUMNS)}")
        if self.rank_by not in RANK_METRICS:
            raise ValueError(f"footfall config: rank_by {self.rank_by!r} must be one of {', '.join(RANK_METRICS)}")
        if not 0.5 <= self.interval_level < 1:
            raise ValueError(f"footfall config: interval_level {self.interval_level} must be in [0.5, 1)")
        if not 0 <= self.earliest_hour < self.latest_hour <= 24:
            raise ValueError("footfall config: planner needs 0 <= earliest_hour < latest_hour <= 24")
        if not 1 <= self.max_span_hours <= 24:
            raise ValueError(f"footfall config: planner.max_span_hours {self.max_span_hours} must be between 1 and 24")


def load_config(path: Path | None = None) -> FootfallConfig:
    """Read the YAML file; missing keys keep the defaults above; a bad value raises a clear ValueError."""
    path = path or CONFIG_PATH
    if not path.is_file():
        raise FileNotFoundError(f"footfall settings file {path} does not exist (setting footfall_config, "
                                "SALESOPS_FOOTFALL_CONFIG); copy pipelines/config/footfall.yaml there and edit it")
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    target = raw.get("target_segment") or {}
    quality = raw.get("quality") or {}
    expansion = raw.get("expansion") or {}
    planner = raw.get("planner") or {}
    check = raw.get("method_check") or {}
    values: dict[str, Any] = {
        "target_label": target.get("label"),
        "target_filters": {k: tuple(str(v) for v in (vals if isinstance(vals, list) else [vals]))
                           for k, vals in (target.get("filters") or {}).items()} if "filters" in target else None,
        "rank_by": raw.get("rank_by"),
        "interval_level": raw.get("interval_level"),
        "bootstrap_draws": raw.get("bootstrap_draws"),
        "seed": raw.get("seed"),
        "max_rate_per_minute": quality.get("max_rate_per_minute"),
        "disagreement_z": quality.get("disagreement_z"),
        "break_minutes": quality.get("break_minutes"),
        "default_dispersion": expansion.get("default_dispersion"),
        "min_pairs_for_dispersion": expansion.get("min_pairs_for_dispersion"),
        "min_reference_days": expansion.get("min_reference_days"),
        "outage_share": expansion.get("outage_share"),
        "target_rel_precision": planner.get("target_rel_precision"),
        "earliest_hour": planner.get("earliest_hour"),
        "latest_hour": planner.get("latest_hour"),
        "default_hourly_rate": planner.get("default_hourly_rate"),
        "max_span_hours": planner.get("max_span_hours"),
        "plan_hours": tuple(planner["count_hours"]) if "count_hours" in planner else None,
        "check_hours": tuple(check["count_hours"]) if "count_hours" in check else None,
        "target_coverage": tuple(check["target_coverage"]) if "target_coverage" in check else None,
        "target_min_counter_coverage": check.get("target_min_counter_coverage"),
        "target_mape_2h": check.get("target_mape_2h"),
        "holidays": parse_holidays(raw.get("holidays") or []) if "holidays" in raw else None,
        "calendar": parse_day_types(raw["day_types"]) if raw.get("day_types") else None,
    }
    return FootfallConfig(**{k: v for k, v in values.items() if v is not None})


def parse_day_types(entry: Any) -> DayCalendar:
    """day_types: {week: [7 names, Monday first], weekend: [names]}; either key may be left out (default kept)."""
    if not isinstance(entry, dict) or set(entry) - {"week", "weekend"}:
        raise ValueError(f"footfall config: day_types must be a mapping with keys week and weekend, got {entry!r}")
    week = entry.get("week", list(DEFAULT_CALENDAR.week))
    weekend = entry.get("weekend", list(DEFAULT_CALENDAR.weekend))
    if not isinstance(week, list) or not isinstance(weekend, list):
        raise ValueError("footfall config: day_types.week and day_types.weekend must be lists of day-type names")
    return DayCalendar(tuple(str(t).strip().lower() for t in week), tuple(str(t).strip().lower() for t in weekend))


def parse_holidays(entries: list[Any]) -> frozenset[date]:
    """Single dates or [first, last] ranges (inclusive)."""
    out: set[date] = set()
    for entry in entries:
        if isinstance(entry, list | tuple):
            if len(entry) != 2:
                raise ValueError(f"footfall config: holiday range {entry!r} must be [first, last]")
            first, last = (_as_date(e) for e in entry)
            out.update(first + timedelta(days=i) for i in range((last - first).days + 1))
        else:
            out.add(_as_date(entry))
    return frozenset(out)


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValueError(f"footfall config: holiday {value!r} is not a date like 2026-10-01") from exc
