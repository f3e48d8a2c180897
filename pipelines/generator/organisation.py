"""Regions (provincial sales departments) and staff: directors, department heads, team managers, reps.

Hierarchy: national sales director -> two area directors -> one head per region (role manager)
-> team managers in big regions (role manager) -> field reps. Some reps leave during the window
and get a replacement hired just before they go; a few reps are hired during the window.
Behaviour traits (check-in, reporting and visit discipline) live here because they belong to
the person; ~10% of field reps are planted as undisciplined and a few as "opens but neglects".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from pipelines.generator.config import Sizing
from pipelines.generator.naming import REGION_SPECS, format_ids, person_names
from pipelines.generator.timeline import Timeline, day_num

NO_DAY = 10_000_000  # "never" for leave dates; far beyond any real day number
ROLE_REP, ROLE_MANAGER, ROLE_DIRECTOR = 0, 1, 2
ROLE_NAMES = ("rep", "manager", "director")
# Area directors: 0 covers East, South, Southwest, Jiangsu; 1 covers North, Central, Northeast, Northwest.
_REGION_AREA = np.array([0, 0, 1, 1, 0, 1, 1, 0])


@dataclass
class Organisation:
    region_ids: pa.Array
    region_names: list[str]
    provinces: list[str]
    region_cities: list[tuple[str, ...]]
    region_weight: np.ndarray
    region_head: np.ndarray  # staff index of each region's head
    region_director: np.ndarray  # staff index of the area director above each region
    top_director: int
    rep_ids: pa.Array
    names: list[str]
    region: np.ndarray
    manager: np.ndarray  # staff index, -1 for the top
    role: np.ndarray
    hire: np.ndarray  # day numbers
    leave: np.ndarray  # day numbers, NO_DAY while employed
    base_salary: np.ndarray
    salary_missing: np.ndarray
    replaced_by: np.ndarray  # staff index of the replacement of a leaver, -1 otherwise
    owner_weight: np.ndarray  # relative number of customers a person owns
    # Discipline traits (ordinary values; the planted ones are applied from poor_since on).
    checkin_p: np.ndarray
    report_miss_p: np.ndarray
    report_late_p: np.ndarray
    visit_diligence: np.ndarray
    app_share: np.ndarray
    checkin_mean_min: np.ndarray  # minutes after midnight
    checkin_sd_min: np.ndarray
    poor: np.ndarray  # planted: poor check-in / report / visit discipline
    poor_since: np.ndarray  # day from which the poor discipline shows
    poor_checkin_p: np.ndarray
    poor_miss_p: np.ndarray
    poor_late_p: np.ndarray
    poor_visit_factor: np.ndarray
    neglects: np.ndarray  # planted: opens customers, rarely visits them afterwards

    @property
    def n_staff(self) -> int:
        return len(self.region)

    def employed_on(self, staff: np.ndarray, days: np.ndarray) -> np.ndarray:
        return (self.hire[staff] <= days) & (days <= self.leave[staff])


def build_organisation(sizing: Sizing, tl: Timeline, rng: np.random.Generator) -> Organisation:
    n_regions = len(REGION_SPECS)
    weights = np.array([s[3] for s in REGION_SPECS])
    weights = weights / weights.sum()
    field_counts = np.maximum(2, np.round(weights * sizing.n_field_reps)).astype(int)
    team_managers = np.maximum(0, np.ceil(field_counts / 10).astype(int) - 1)

    region, manager, role = [0, 0, 0], [-1, 0, 0], [ROLE_DIRECTOR] * 3
    region[2] = 2  # the second area director sits in North China
    heads = np.zeros(n_regions, dtype=int)
    field_rows: list[int] = []
    for r in range(n_regions):
        head = len(region)
        heads[r] = head
        region.append(r)
        manager.append(1 + int(_REGION_AREA[r]))
        role.append(ROLE_MANAGER)
        bosses = [head]
        for _ in range(team_managers[r]):
            bosses.append(len(region))
            region.append(r)
            manager.append(head)
            role.append(ROLE_MANAGER)
        for i in range(field_counts[r]):
            field_rows.append(len(region))
            region.append(r)
            manager.append(bosses[i % len(bosses)])
            role.append(ROLE_REP)
    region_a = np.array(region)
    manager_a = np.array(manager)
    role_a = np.array(role)
    n0 = len(region_a)

    # Hire dates: leaders long-serving, most reps hired before the window, ~8% growth hires inside it.
    hire = np.empty(n0, dtype=np.int64)
    leaders = role_a != ROLE_REP
    hire[leaders] = day_num_range(rng, "2006-01-01", "2021-06-30", int(leaders.sum()))
    field = np.array(field_rows)
    before = tl.start - np.clip(rng.lognormal(6.6, 0.9, len(field)), 20, 5000).astype(np.int64)
    growth = rng.random(len(field)) < 0.08
    inside = rng.integers(tl.start + 30, tl.end - 240, len(field))
    hire[field] = np.where(growth, inside, before)

    # Leavers and their replacements (hired shortly before the leaver goes, same team).
    leave = np.full(n0, NO_DAY, dtype=np.int64)
    leaver_rows = field[(~growth) & (rng.random(len(field)) < 0.10)]
    leave[leaver_rows] = rng.integers(tl.start + 60, tl.end - 60, len(leaver_rows))
    n_rep = len(leaver_rows)
    replaced_by = np.full(n0 + n_rep, -1, dtype=np.int64)
    replaced_by[leaver_rows] = np.arange(n0, n0 + n_rep)
    region_a = np.concatenate([region_a, region_a[leaver_rows]])
    manager_a = np.concatenate([manager_a, manager_a[leaver_rows]])
    role_a = np.concatenate([role_a, np.full(n_rep, ROLE_REP)])
    hire = np.concatenate([hire, leave[leaver_rows] - rng.integers(0, 22, n_rep)])
    leave = np.concatenate([leave, np.full(n_rep, NO_DAY, dtype=np.int64)])
    n = len(region_a)
    is_field = role_a == ROLE_REP

    salary = np.select(
        [role_a == ROLE_REP, role_a == ROLE_MANAGER],
        [rng.uniform(4500, 9000, n), rng.uniform(9000, 16000, n)],
        rng.uniform(20000, 35000, n),
    )
    salary = np.round(salary / 100) * 100
    salary_missing = rng.random(n) < 0.02

    owner_weight = np.where(is_field, rng.lognormal(0, 0.35, n), np.where(role_a == ROLE_MANAGER, 0.3, 0.0))

    # Ordinary discipline varies a lot on its own, so the planted reps are not trivially separable.
    mediocre = rng.random(n) < 0.12
    checkin_p = np.where(mediocre, rng.uniform(0.78, 0.9, n), rng.uniform(0.88, 0.99, n))
    miss_p = np.where(mediocre, rng.uniform(0.04, 0.12, n), rng.uniform(0.003, 0.05, n))
    late_p = np.where(mediocre, rng.uniform(0.08, 0.22, n), rng.uniform(0.02, 0.12, n))
    diligence = rng.lognormal(0, 0.2, n)
    checkin_p = np.where(role_a == ROLE_DIRECTOR, 0.0, checkin_p)

    poor = np.zeros(n, dtype=bool)
    field_idx = np.flatnonzero(is_field)
    n_poor = max(2, round(0.10 * len(field_idx)))
    poor[rng.choice(field_idx, n_poor, replace=False)] = True
    onset = rng.integers(tl.start + 120, tl.end - 180, n)
    poor_since = np.where(rng.random(n) < 0.55, np.maximum(hire, tl.start), np.maximum(onset, hire))
    poor_since = np.where(poor, poor_since, NO_DAY)
    poor_checkin_p = rng.uniform(0.4, 0.82, n)
    poor_miss_p = rng.uniform(0.1, 0.35, n)
    poor_late_p = rng.uniform(0.18, 0.45, n)
    poor_visit_factor = np.where(poor, rng.uniform(0.5, 0.85, n), 1.0)

    stayers = field_idx[leave[field_idx] == NO_DAY]
    neglects = np.zeros(n, dtype=bool)
    neglects[rng.choice(stayers, max(1, round(0.06 * len(field_idx))), replace=False)] = True

    rep_ids = format_ids("P", np.arange(1, n + 1), 4)
    return Organisation(
        region_ids=format_ids("R", np.arange(1, n_regions + 1), 2),
        region_names=[s[0] for s in REGION_SPECS],
        provinces=[s[1] for s in REGION_SPECS],
        region_cities=[s[2] for s in REGION_SPECS],
        region_weight=weights,
        region_head=heads,
        region_director=1 + _REGION_AREA,
        top_director=0,
        rep_ids=rep_ids,
        names=person_names(rng, n),
        region=region_a,
        manager=manager_a,
        role=role_a,
        hire=hire,
        leave=leave,
        base_salary=salary,
        salary_missing=salary_missing,
        replaced_by=replaced_by,
        owner_weight=owner_weight,
        checkin_p=checkin_p,
        report_miss_p=miss_p,
        report_late_p=late_p,
        visit_diligence=diligence,
        app_share=rng.uniform(0.55, 0.98, n),
        checkin_mean_min=np.where(mediocre, rng.normal(545, 12, n), rng.normal(515, 10, n)),
        checkin_sd_min=rng.uniform(6, 18, n),
        poor=poor,
        poor_since=poor_since,
        poor_checkin_p=poor_checkin_p,
        poor_miss_p=poor_miss_p,
        poor_late_p=poor_late_p,
        poor_visit_factor=poor_visit_factor,
        neglects=neglects,
    )


def day_num_range(rng: np.random.Generator, lo: str, hi: str, n: int) -> np.ndarray:
    return rng.integers(day_num(date.fromisoformat(lo)), day_num(date.fromisoformat(hi)) + 1, n)
