"""A study as large as a real one, for the footfall benchmark: ~1,100 count sheets and 20 reference counters.

Built from the sample generator's pieces (place shapes, shared weather, people in groups, segment mix), so it
is shaped like the sample study, only bigger: sites counted on several days each in the planner's kind of
split plan, every interval split by segment, and a year of hourly counts per reference counter.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from pipelines.contracts import CONTRACTS
from pipelines.footfall import sample_data as sd

STUDY_ID = "FT-BENCH"
FIRST_DAY = date(2026, 9, 1)
BLOCKS = ((10, 12), (17, 19))


def write_benchmark_study(out_dir: Path, sheets: int = 1100, counters: int = 20, days_per_site: int = 11,
                          seed: int = 1, segmented: bool = True) -> dict[str, int]:
    """Write footfall_counts/, footfall_sites/ and footfall_reference/ under out_dir; return rows per source.

    segmented: one row per interval and segment, as the sample study (else one row per interval, segments empty).
    """
    rng = np.random.default_rng(seed)
    holidays = sd.load_config().holidays
    n_sites = max(1, sheets // days_per_site)
    days = [sd.REFERENCE_START + timedelta(days=i) for i in range((sd.REFERENCE_END - sd.REFERENCE_START).days + 1)]
    weather = sd._weather(days, rng)
    sites = [sd._place(f"S{i:03d}", f"Site {i}", float(rng.uniform(2000, 40000)), rng, spread=0.14)
             for i in range(n_sites)]
    rows = {"footfall_sites": _write_sites(out_dir, sites),
            "footfall_counts": _write_sheets(out_dir, sites, weather, holidays, days_per_site, sheets, segmented,
                                             rng),
            "footfall_reference": _write_reference(out_dir, counters, seed)}
    return rows


def _write_sites(out_dir: Path, sites: list[sd.Place]) -> int:
    path = out_dir / "footfall_sites" / "sites.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(CONTRACTS["footfall_sites"].column_names)
        writer.writerows([s.place_id, s.name, "", "", "", "terminal_store"] for s in sites)
    return len(sites)


def _write_sheets(out_dir: Path, sites: list[sd.Place], weather: dict, holidays: frozenset[date], days_per_site: int,
                  sheets: int, segmented: bool, rng: np.random.Generator) -> int:
    folder = out_dir / "footfall_counts"
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    written = 0
    for i, site in enumerate(sites):
        probs, cells = sd._segment_mix(rng)
        rows = []
        for d in range(days_per_site):
            if written == sheets:
                break
            day = FIRST_DAY + timedelta(days=(i + 3 * d) % 56)
            slots = sd._quarter_counts(sd._hourly_means(site, day, weather, holidays, rng), rng)
            for first, last in BLOCKS:
                for slot in range(first * 4, last * 4):
                    start = slot * 15
                    where = (STUDY_ID, site.place_id, f"OBS{i % 12:02d}", day.isoformat(), sd._hhmm(start),
                             sd._hhmm(start + 15))
                    if not segmented:
                        rows.append((*where, "", "", "", "", int(slots[slot])))
                        continue
                    split = rng.multinomial(slots[slot], probs)
                    rows += [(*where, *cells[k], int(split[k])) for k in np.flatnonzero(split)]
            written += 1
        with (folder / f"{site.place_id}.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(CONTRACTS["footfall_counts"].column_names)
            writer.writerows(rows)
        total += len(rows)
    return total


def _write_reference(out_dir: Path, counters: int, seed: int) -> int:
    ref = sd.simulated_reference(counters, seed + 1, spread=0.14, hour_noise=0.2)
    folder = out_dir / "footfall_reference"
    folder.mkdir(parents=True, exist_ok=True)
    stamps = [f"{d.isoformat()} {h:02d}:00:00" for d, h in zip(ref["day"], ref["hour"], strict=True)]
    ref.assign(hour_start=stamps)[["counter_id", "hour_start", "count"]].to_csv(folder / "reference.csv", index=False)
    return len(ref)
