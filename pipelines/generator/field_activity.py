"""Field-force activity: daily check-ins, customer visits and daily/weekly/monthly reports.

Everything is drawn per person x working day (or week, month) while employed, from the traits in
`organisation`. Planted: undisciplined reps check in less and later, miss or delay reports and
visit less (from `poor_since` on); "neglecting" reps open customers but rarely visit them after
the opening month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipelines.generator.customers import CORPORATE, HOSPITAL, RETAILER, TERMINAL, Customers
from pipelines.generator.organisation import ROLE_DIRECTOR, Organisation
from pipelines.generator.timeline import Timeline

VISIT_TYPES = ("development", "maintenance", "co_visit", "training")
DEVELOPMENT, MAINTENANCE, CO_VISIT, TRAINING = range(4)
REPORT_TYPES = ("daily", "weekly", "monthly")
_VISITS_PER_MONTH = np.array([3.0, 2.5, 0.8, 2.5, 0.7, 0.5])
_DAY = 86_400


@dataclass
class Checkins:
    rep: np.ndarray
    ts: np.ndarray  # seconds since epoch
    app: np.ndarray


@dataclass
class Visits:
    day: np.ndarray
    rep: np.ndarray
    cust: np.ndarray
    vtype: np.ndarray
    manager: np.ndarray  # -1 when not a co-visit
    duration: np.ndarray
    duration_missing: np.ndarray


@dataclass
class Reports:
    rep: np.ndarray
    rtype: np.ndarray
    period_start: np.ndarray  # day numbers
    due: np.ndarray  # seconds
    submitted: np.ndarray  # seconds
    missing: np.ndarray


def _staff_days(org: Organisation, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (person, day) pairs with the person employed and not a director."""
    staff = np.flatnonzero(org.role != ROLE_DIRECTOR)
    s = np.repeat(staff, len(days))
    d = np.tile(days, len(staff))
    ok = org.employed_on(s, d)
    return s[ok], d[ok]


def build_checkins(tl: Timeline, org: Organisation, rng: np.random.Generator) -> Checkins:
    s, d = _staff_days(org, tl.workdays)
    poor = d >= org.poor_since[s]
    p = np.where(poor, org.poor_checkin_p[s], org.checkin_p[s])
    came = rng.random(len(s)) < p
    s, d, poor = s[came], d[came], poor[came]
    n = len(s)
    usual = rng.normal(org.checkin_mean_min[s], org.checkin_sd_min[s])
    minutes = np.where(poor, rng.normal(555, 40, n), usual)
    minutes = np.clip(minutes, 390, 720)
    app = rng.random(n) < org.app_share[s]
    # A few people check in twice (phone, then the app), minutes apart.
    dup = rng.random(n) < 0.015
    s = np.concatenate([s, s[dup]])
    d = np.concatenate([d, d[dup]])
    minutes = np.concatenate([minutes, minutes[dup] + rng.uniform(2, 40, int(dup.sum()))])
    app = np.concatenate([app, ~app[dup]])
    ts = d * _DAY + np.floor(minutes * 60).astype(np.int64)
    order = np.lexsort((s, ts))
    return Checkins(rep=s[order], ts=ts[order], app=app[order])


def build_visits(tl: Timeline, org: Organisation, cust: Customers, fade: np.ndarray,
                 rng: np.random.Generator) -> Visits:
    n_m = tl.n_months
    # Working days per month, to place visits on them.
    wd_month = tl.month_index(tl.workdays)
    wd_first = np.searchsorted(wd_month, np.arange(n_m))
    wd_count = np.bincount(wd_month, minlength=n_m)

    # Expected maintenance visits per customer x month; zero outside [opened month, stop].
    ms, me = tl.month_start[None, :], tl.month_end[None, :]
    alive = (cust.opened[:, None] <= me) & (np.minimum(cust.stop, tl.end)[:, None] >= ms)
    owner_mid = cust.rep_on(np.repeat(np.arange(cust.n), n_m), np.tile((tl.month_start + 14), cust.n), org)
    owner_mid = owner_mid.reshape(cust.n, n_m)
    poor_now = (tl.month_start + 14)[None, :] >= org.poor_since[owner_mid]
    dil = org.visit_diligence[owner_mid] * np.where(poor_now, org.poor_visit_factor[owner_mid], 1.0)
    neglect = cust.neglected[:, None] & (ms > cust.opened[:, None] + 31)
    rate = (_VISITS_PER_MONTH[cust.ctype][:, None] * np.sqrt(cust.size)[:, None] * dil * fade**0.5
            * np.where(neglect, 0.2, 1.0) * alive)
    counts = rng.poisson(rate)
    cm = np.repeat(np.arange(counts.size), counts.ravel())
    c, m = cm // n_m, cm % n_m
    day = tl.workdays[wd_first[m] + np.floor(rng.random(len(cm)) * wd_count[m]).astype(np.int64)]
    vtype = np.where(day < cust.opened[c], DEVELOPMENT, MAINTENANCE)
    keep = day <= np.minimum(cust.stop[c], tl.end)
    c, day, vtype = c[keep], day[keep], vtype[keep]

    # Development visits in the ~90 days before an account opens inside the window.
    new = np.flatnonzero(cust.opened > tl.start + 20)
    n_dev = rng.integers(1, 5, len(new))
    dc = np.repeat(new, n_dev)
    dday = cust.opened[dc] - rng.integers(0, 91, len(dc))
    dday = tl.next_workday[np.clip(dday - tl.start, 0, tl.n_days)]
    ok = (dday <= cust.opened[dc]) & (dday <= tl.end)
    c = np.concatenate([c, dc[ok]])
    day = np.concatenate([day, dday[ok]])
    vtype = np.concatenate([vtype, np.full(int(ok.sum()), DEVELOPMENT)])

    rep = cust.rep_on(c, day, org)
    # Visits only happen while the rep is employed (a new rep's first days may precede hire).
    keep = org.employed_on(rep, day)
    c, day, vtype, rep = c[keep], day[keep], vtype[keep], rep[keep]
    n = len(c)
    ctype = cust.ctype[c]
    u = rng.random(n)
    maint = vtype == MAINTENANCE
    trainable = (ctype == HOSPITAL) | (ctype == TERMINAL) | (ctype == RETAILER)
    vtype = np.where(maint & (u < 0.07) & (org.manager[rep] >= 0), CO_VISIT, vtype)
    vtype = np.where(maint & (u >= 0.07) & (u < 0.12) & trainable, TRAINING, vtype)
    vtype = np.where(maint & (u >= 0.12) & (u < 0.16) & (ctype != CORPORATE), DEVELOPMENT, vtype)
    manager = np.where(vtype == CO_VISIT, org.manager[rep], -1)
    mean = np.array([60.0, 40.0, 75.0, 110.0])[vtype]
    duration = np.clip(np.round(mean * rng.lognormal(0, 0.4, n) / 5) * 5, 5, 480).astype(np.int64)
    order = np.lexsort((c, rep, day))
    return Visits(day=day[order], rep=rep[order], cust=c[order], vtype=vtype[order], manager=manager[order],
                  duration=duration[order], duration_missing=(rng.random(n) < 0.03)[order])


def build_reports(tl: Timeline, org: Organisation, rng: np.random.Generator) -> Reports:
    end_ts = (tl.end + 1) * _DAY - 1
    # Daily: due 20:00 the same working day.
    s1, d1 = _staff_days(org, tl.workdays)
    due1 = d1 * _DAY + 20 * 3600
    # Weekly: period starts Monday, due Friday 18:00.
    mondays = tl.days[tl.weekday == 0]
    s2, d2 = _staff_days(org, mondays)
    due2 = (d2 + 4) * _DAY + 18 * 3600
    # Monthly: period starts on the 1st, due on the 3rd of the next month at 12:00.
    s3, d3 = _staff_days(org, tl.month_start)
    due3 = (tl.month_end[tl.month_index(d3)] + 3) * _DAY + 12 * 3600

    rep = np.concatenate([s1, s2, s3])
    rtype = np.concatenate([np.zeros(len(s1), int), np.ones(len(s2), int), np.full(len(s3), 2)])
    start = np.concatenate([d1, d2, d3])
    due = np.concatenate([due1, due2, due3])
    keep = due <= end_ts
    rep, rtype, start, due = rep[keep], rtype[keep], start[keep], due[keep]
    n = len(rep)

    poor = start >= org.poor_since[rep]
    miss_p = np.where(poor, org.poor_miss_p[rep], org.report_miss_p[rep])
    late_p = np.where(poor, org.poor_late_p[rep], org.report_late_p[rep])
    u = rng.random(n)
    missing = u < miss_p
    late = (u >= miss_p) & (u < miss_p + late_p)
    hours = np.array([1.0, 8.0, 20.0])[rtype]  # how far ahead a punctual report usually lands
    before = np.minimum(rng.exponential(hours, n), np.array([10.0, 60.0, 60.0])[rtype])
    after = rng.lognormal(np.log(np.array([2.5, 14.0, 30.0])[rtype]), 1.0, n)
    offset_h = np.where(late, after, -before)
    submitted = due + np.round(offset_h * 60).astype(np.int64) * 60
    submitted = np.maximum(submitted, start * _DAY + 8 * 3600)
    missing = missing | (submitted > end_ts)
    order = np.lexsort((rtype, rep, due))
    return Reports(rep=rep[order], rtype=rtype[order], period_start=start[order], due=due[order],
                   submitted=submitted[order], missing=missing[order])
