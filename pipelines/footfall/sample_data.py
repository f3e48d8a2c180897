"""Sample foot-traffic data: one study (4 candidate sites, 2 observers, a week of count sheets) and a
year of hourly reference counts from 3 automatic counters, written to match the contracts exactly.

The main generator calls `write_footfall_sample(raw_dir, seed)`. The simulated truth (every
site-day's real total, and each site's mean weekday, weekend and week-average day in the 8 weeks
around the study) goes to raw_dir/_ground_truth/, which is never loaded, so tests can check the
estimates against it.

What is planted: realistic daily and weekly shapes that differ a little between places, a shared
weather process (day-to-day level noise and rain spells that cut a few hours), public holidays
(Spring Festival empties the city), a counter outage and a day with missing hours in the reference
series; on the sheets, people walking in groups (overdispersion), a 2% miss rate per observer,
one overlapping interval pair (a mistyped interval) and a calibration morning where both observers
count the same site, with one interval mistyped by the second observer.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.contracts import CONTRACTS
from pipelines.footfall.config import load_config
from pipelines.footfall.profiles import DAY_TYPES

STUDY_ID = "FT2026-09"
REFERENCE_START = date(2025, 11, 1)
REFERENCE_END = date(2026, 10, 31)  # a full year ending with the sample company's window
SPRING_FESTIVAL = (date(2026, 2, 15), date(2026, 2, 23))

# Shapes of a commercial street (relative traffic per clock hour).
WEEKDAY_SHAPE = np.array([0.25, 0.12, 0.08, 0.06, 0.08, 0.3, 1.1, 3.2, 5.2, 4.6, 4.5, 5.3,
                          6.8, 6.4, 5.3, 5.2, 5.8, 7.3, 8.1, 7.4, 6.2, 4.6, 2.8, 1.2])
WEEKEND_SHAPE = np.array([0.5, 0.25, 0.15, 0.1, 0.1, 0.2, 0.5, 1.2, 2.5, 4.1, 5.6, 6.7,
                          7.3, 7.4, 7.5, 7.5, 7.3, 7.1, 7.0, 6.7, 5.7, 4.3, 2.7, 1.3])
DOW_LEVEL = np.array([0.95, 0.94, 0.95, 0.97, 1.05, 1.16, 0.98])

AGE_BANDS = ("<20", "20-35", "36-50", "51-65", ">65", "unknown")
AGE_BASE = np.array([0.14, 0.36, 0.25, 0.14, 0.07, 0.04])
INCOME_TIERS = ("low", "middle", "high", "unknown")
INCOME_BASE = np.array([0.28, 0.48, 0.18, 0.06])


@dataclass(frozen=True)
class Place:
    place_id: str
    name: str
    level: float  # week-average daily passers-by
    weekday_shape: np.ndarray
    weekend_shape: np.ndarray
    dow: np.ndarray


SITES = (  # id, name, address, lat, lon, candidate type, week-average daily traffic
    ("SITE-A", "Wulin Square north gate", "Yan'an Rd 1, Hangzhou", 30.2741, 120.1637, "flagship_store", 10500),
    ("SITE-B", "Qingchun Rd metro exit C", "Qingchun Rd 88, Hangzhou", 30.2712, 120.1701, "terminal_store", 7000),
    ("SITE-C", "Hubin pedestrian street", "Hubin Rd 28, Hangzhou", 30.2598, 120.1658, "flagship_store", 9500),
    ("SITE-D", "Gudang community centre", "Wensan Rd 300, Hangzhou", 30.2805, 120.1210, "terminal_store", 5000),
)
COUNTERS = (("CNT01", 14000.0), ("CNT02", 9000.0), ("CNT03", 6000.0))

# (date, observer, site, [(first hour, last hour exclusive)]) for the study week (Tue 8 to Sun 13 Sept 2026).
BLOCKS = [(10, 12), (17, 19)]
SCHEDULE = [
    (date(2026, 9, 8), "OBS1", "SITE-A"), (date(2026, 9, 8), "OBS2", "SITE-B"),
    (date(2026, 9, 9), "OBS1", "SITE-C"), (date(2026, 9, 9), "OBS2", "SITE-D"),
    (date(2026, 9, 10), "OBS1", "SITE-B"), (date(2026, 9, 10), "OBS2", "SITE-A"),
    (date(2026, 9, 11), "OBS1", "SITE-D"), (date(2026, 9, 11), "OBS2", "SITE-C"),
    (date(2026, 9, 12), "OBS1", "SITE-A"), (date(2026, 9, 12), "OBS2", "SITE-B"),
    (date(2026, 9, 13), "OBS1", "SITE-C"), (date(2026, 9, 13), "OBS2", "SITE-D"),
]
CALIBRATION = (date(2026, 9, 7), "SITE-A", [(11, 13)])  # both observers count the same intervals
MISTYPED_OVERLAP = (date(2026, 9, 11), "OBS2", 18 * 60)  # 18:00-18:15 typed as 18:10-18:25
MISTYPED_DISAGREEMENT = (date(2026, 9, 7), "OBS2", 11 * 60 + 30)  # one segment typed with an extra digit
MISS_RATE = 0.02


def write_footfall_sample(out_dir: Path, seed: int) -> dict[str, int]:
    """Write footfall_counts/, footfall_sites/, footfall_reference/ and footfall_holidays/ under out_dir; return
    rows per source."""
    rng = np.random.default_rng(seed + 6006)
    holidays = load_config().holidays
    days = [REFERENCE_START + timedelta(days=i) for i in range((REFERENCE_END - REFERENCE_START).days + 1)]
    weather = _weather(days, rng)
    counters = [_place(cid, cid, level, rng, spread=0.10) for cid, level in COUNTERS]
    sites = [_place(s[0], s[1], s[6], rng, spread=0.08) for s in SITES]
    rows = {
        "footfall_reference": _write_reference(out_dir, counters, days, weather, holidays, rng),
        "footfall_sites": _write_sites(out_dir),
        "footfall_holidays": _write_holidays(out_dir, holidays),
    }
    truth_days: list[dict[str, object]] = []
    rows["footfall_counts"] = _write_counts(out_dir, sites, days, weather, holidays, rng, truth_days)
    _write_truth(out_dir, sites, truth_days, weather, holidays, seed)
    return rows


def _place(place_id: str, name: str, level: float, rng: np.random.Generator, spread: float) -> Place:
    """A place's own daily shapes: the street's shapes bent by a smooth random factor."""
    def bend(shape: np.ndarray) -> np.ndarray:
        wiggle = np.convolve(rng.normal(0, spread, 28), np.ones(5) / np.sqrt(5), mode="same")[2:26]
        bent = shape * np.exp(wiggle)
        return bent / bent.sum()
    dow = DOW_LEVEL * np.exp(rng.normal(0, 0.03, 7))
    dow[5:] *= np.exp(rng.normal(0, 0.06))  # places differ in how busy their weekends are
    return Place(place_id, name, level, bend(WEEKDAY_SHAPE), bend(WEEKEND_SHAPE), dow / dow.mean())


def _weather(days: list[date], rng: np.random.Generator) -> dict[date, tuple[float, tuple[int, int] | None]]:
    """Per day: a level factor (AR(1) on the log scale) and an optional rain spell (first hour, hours)."""
    out = {}
    log_level = 0.0
    for d in days:
        log_level = 0.5 * log_level + rng.normal(0, 0.09)
        rain = (int(rng.integers(6, 21)), int(rng.integers(2, 9))) if rng.random() < 0.18 else None
        out[d] = (float(np.exp(log_level)) * (0.95 if rain else 1.0), rain)
    return out


def _hourly_means(place: Place, d: date, weather: dict, holidays: frozenset[date], rng: np.random.Generator
                  ) -> np.ndarray:
    season = 1 + 0.08 * np.cos(2 * np.pi * (d.timetuple().tm_yday - 200) / 365)
    weekend_like = d.weekday() >= 5 or d in holidays
    shape = place.weekend_shape if weekend_like else place.weekday_shape
    level = place.level * place.dow[d.weekday()] * season
    if d in holidays:
        level *= 0.7 if SPRING_FESTIVAL[0] <= d <= SPRING_FESTIVAL[1] else 1.15
    factor, rain = weather[d]
    hourly = level * factor * shape * np.exp(rng.normal(0, 0.06, 24))
    if rain:
        first, hours = rain
        hourly[first:first + hours] *= 0.55
    return hourly


def _write_reference(out_dir: Path, counters: list[Place], days: list[date], weather: dict,
                     holidays: frozenset[date], rng: np.random.Generator) -> int:
    columns = CONTRACTS["footfall_reference"].column_names
    folder = out_dir / "footfall_reference"
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    outage = {date(2026, 3, 10), date(2026, 3, 11), date(2026, 3, 12)}
    for counter in counters:
        with (folder / f"reference_{counter.place_id}.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            for d in days:
                counts = rng.poisson(_hourly_means(counter, d, weather, holidays, rng))
                if counter.place_id == "CNT02" and d in outage:
                    counts[:] = 0  # the counter was broken: zeros, not gaps
                for hour in range(24):
                    if counter.place_id == "CNT03" and d == date(2026, 7, 5) and 3 <= hour <= 5:
                        continue  # a network drop: these hours never arrived
                    stamp = datetime(d.year, d.month, d.day, hour).strftime("%Y-%m-%d %H:%M:%S")
                    writer.writerow([counter.place_id, stamp, int(counts[hour])])
                    total += 1
    return total


def _write_holidays(out_dir: Path, holidays: frozenset[date]) -> int:
    """The city's public holidays as the study delivers them (the same dates as the built-in list)."""
    path = out_dir / "footfall_holidays" / "public_holidays.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(CONTRACTS["footfall_holidays"].column_names)
        writer.writerows([d.isoformat(), "public holiday"] for d in sorted(holidays))
    return len(holidays)


def _write_sites(out_dir: Path) -> int:
    columns = CONTRACTS["footfall_sites"].column_names
    path = out_dir / "footfall_sites" / "sites.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for site_id, name, address, lat, lon, kind, _level in SITES:
            writer.writerow([site_id, name, address, lat, lon, kind])
    return len(SITES)


def _segment_mix(rng: np.random.Generator) -> tuple[np.ndarray, list[tuple[str, str, str, str]]]:
    """Joint probabilities of (age, gender, income, direction) at one site."""
    age = rng.dirichlet(AGE_BASE * 60)
    female = float(np.clip(rng.normal(0.52, 0.06), 0.3, 0.7))
    gender = np.array([female * 0.98, (1 - female) * 0.98, 0.02])
    income = rng.dirichlet(INCOME_BASE * 60)
    north = float(np.clip(rng.normal(0.5, 0.08), 0.3, 0.7))
    direction = np.array([north, 1 - north])
    cells, probs = [], []
    for a, pa in zip(AGE_BANDS, age, strict=True):
        for g, pg in zip(("female", "male", "unknown"), gender, strict=True):
            for i, pi in zip(INCOME_TIERS, income, strict=True):
                for dname, pd_ in zip(("north", "south"), direction, strict=True):
                    cells.append((a, g, i, dname))
                    probs.append(pa * pg * pi * pd_)
    p = np.asarray(probs)
    return p / p.sum(), cells


def _quarter_counts(hourly_means: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """People passing in each 15-minute slot of the day (96 slots), arriving in groups of 1 + Poisson(0.5)."""
    quarters = np.repeat(hourly_means / 4, 4) * np.exp(rng.normal(0, 0.05, 96))
    groups = rng.poisson(quarters / 1.5)
    return np.array([n + rng.poisson(0.5 * n) if n else 0 for n in groups])


def _write_counts(out_dir: Path, sites: list[Place], days: list[date], weather: dict, holidays: frozenset[date],
                  rng: np.random.Generator, truth_days: list[dict[str, object]]) -> int:
    columns = CONTRACTS["footfall_counts"].column_names
    folder = out_dir / "footfall_counts"
    folder.mkdir(parents=True, exist_ok=True)
    by_id = {s.place_id: s for s in sites}
    mixes = {s.place_id: _segment_mix(rng) for s in sites}
    # Each site-day's real traffic is simulated once, however many observers count it.
    site_days = {(d, site) for d, _obs, site in SCHEDULE} | {(CALIBRATION[0], CALIBRATION[1])}
    slots = {}
    for d, site in sorted(site_days):
        slots[(d, site)] = _quarter_counts(_hourly_means(by_id[site], d, weather, holidays, rng), rng)
        truth_days.append({"site_id": site, "count_date": d.isoformat(), "day_type": DAY_TYPES[d.weekday()],
                           "true_total": int(slots[(d, site)].sum())})
    sheets = [(d, obs, site, BLOCKS) for d, obs, site in SCHEDULE]
    sheets += [(CALIBRATION[0], obs, CALIBRATION[1], CALIBRATION[2]) for obs in ("OBS1", "OBS2")]
    total = 0
    for d, obs, site, blocks in sorted(sheets):
        probs, cells = mixes[site]
        rows = []
        for first, last in blocks:
            for slot in range(first * 4, last * 4):
                seen = rng.binomial(slots[(d, site)][slot], 1 - MISS_RATE)
                split = rng.multinomial(seen, probs)
                start, end = slot * 15, slot * 15 + 15
                if (d, obs, start) == MISTYPED_OVERLAP:
                    start, end = start + 10, end + 10
                if (d, obs, start) == MISTYPED_DISAGREEMENT:
                    split[int(np.argmax(split))] += 90
                nonzero = np.flatnonzero(split) if seen else np.array([int(np.argmax(probs))])
                for k in nonzero:
                    rows.append((STUDY_ID, site, obs, d.isoformat(), _hhmm(start), _hhmm(end), *cells[k],
                                 int(split[k])))
        path = folder / f"{STUDY_ID}_{d.isoformat()}_{obs}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            writer.writerows(rows)
        total += len(rows)
    return total


def _write_truth(out_dir: Path, sites: list[Place], truth_days: list[dict[str, object]], weather: dict,
                 holidays: frozenset[date], seed: int) -> None:
    """Real site-day totals, and each site's mean day of each class in the 8 weeks around the study."""
    folder = out_dir / "_ground_truth"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "footfall_site_days.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(truth_days[0]))
        writer.writeheader()
        writer.writerows(truth_days)
    rng = np.random.default_rng(seed)  # separate stream: the truth must not change the sample
    middle = SCHEDULE[len(SCHEDULE) // 2][0]
    season = [middle + timedelta(days=i) for i in range(-28, 29)]
    with (folder / "footfall_sites.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["site_id", "week_average", "weekday", "weekend"])
        for s in sites:
            totals = {d: float(_hourly_means(s, d, weather, holidays, rng).sum()) for d in season if d not in holidays}
            weekday = np.mean([v for d, v in totals.items() if d.weekday() < 5])
            weekend = np.mean([v for d, v in totals.items() if d.weekday() >= 5])
            writer.writerow([s.place_id, round((5 * weekday + 2 * weekend) / 7), round(weekday), round(weekend)])


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def simulated_reference(n_counters: int, seed: int, spread: float = 0.10, hour_noise: float = 0.0, days: int = 365
                        ) -> pd.DataFrame:
    """Hourly counts (counter_id, day, hour, count) of n simulated counters sharing one city's weather.

    Each counter's daily shapes are the street's shapes bent by a smooth random factor of the given spread
    (0.10 as in the sample; larger spreads make places differ more), and hour_noise adds day-to-day noise per
    hour (log scale) on top of the sample's, so tests and benchmarks can check the method on places that
    differ from each other, and from one day to the next, as much as real ones do.
    """
    rng = np.random.default_rng(seed)
    holidays = load_config().holidays
    dates = [REFERENCE_START + timedelta(days=i) for i in range(days)]
    weather = _weather(dates, rng)
    parts = []
    for i in range(n_counters):
        place = _place(f"SIM{i + 1:02d}", "simulated", float(rng.uniform(3000, 30000)), rng, spread=spread)
        means = np.array([_hourly_means(place, d, weather, holidays, rng) for d in dates])
        counts = rng.poisson(means * np.exp(rng.normal(0, hour_noise, means.shape)))
        parts.append(pd.DataFrame({"counter_id": place.place_id, "day": np.repeat(dates, 24),
                                   "hour": np.tile(np.arange(24), len(dates)), "count": counts.ravel()}))
    return pd.concat(parts, ignore_index=True)
