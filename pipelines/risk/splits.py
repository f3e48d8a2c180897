"""Time-based splits: snapshots, never random rows, with a gap of one horizon at every boundary.

A snapshot's label needs `horizon` days after it. So a model checked at snapshot e may only learn
from snapshots t with t + horizon <= e (their outcomes were known on day e), and the calibration
slice (the latest usable snapshots) is later than the fitting slice by the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Split:
    fit_dates: tuple[date, ...]
    cal_dates: tuple[date, ...]
    eval_dates: tuple[date, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, list[str]]:
        return {k: [d.isoformat() for d in getattr(self, k)] for k in ("fit_dates", "cal_dates", "eval_dates")}


def known_by(dates: list[date], horizon_days: int, cutoff: date) -> list[date]:
    """Snapshots whose whole label window had passed on the cutoff date."""
    return [t for t in sorted(dates) if t + timedelta(days=horizon_days) <= cutoff]


# (events, non-events) per snapshot: lets a small company's calibration slice grow until it holds enough
Counts = dict[date, tuple[int, int]]


def train_split(labeled: list[date], horizon_days: int, cutoff: date, n_cal: int, min_fit: int,
                counts: Counts | None = None, min_events: int = 0) -> Split | None:
    """Fitting and calibration snapshots usable on the cutoff date; None when history is too short.

    The calibration slice is the latest `n_cal` usable snapshots, extended back one snapshot at a time
    while it holds fewer than `min_events` of either outcome (as long as `min_fit` remain to fit on).
    """
    usable = known_by(labeled, horizon_days, cutoff)
    k = n_cal
    while len(usable) >= k + min_fit:
        cal = usable[-k:]
        fit = known_by(usable, horizon_days, cal[0])
        if len(fit) < min_fit:
            return None
        pos = sum(counts.get(d, (0, 0))[0] for d in cal) if counts else min_events
        neg = sum(counts.get(d, (0, 0))[1] for d in cal) if counts else min_events
        if min(pos, neg) >= min_events:
            return Split(tuple(fit), tuple(cal))
        k += 1
    return None


def backtest_splits(labeled: list[date], horizon_days: int, n_eval: int, block: int, n_cal: int,
                    min_fit: int, counts: Counts | None = None, min_events: int = 0) -> list[Split]:
    """The latest n_eval labelled snapshots, checked in blocks of `block` consecutive snapshots.

    One model per block, trained with what was known on the block's first date; blocks whose
    history is too short are dropped (the caller decides whether enough remain).
    """
    evals = sorted(labeled)[-n_eval:]
    splits = []
    for i in range(0, len(evals), block):
        chunk = evals[i:i + block]
        split = train_split(labeled, horizon_days, chunk[0], n_cal, min_fit, counts, min_events)
        if split is not None:
            splits.append(Split(split.fit_dates, split.cal_dates, tuple(chunk)))
    return splits


def regular_grid(last: date, first: date, step_days: int) -> list[date]:
    """last, last - step, ... back to first (inclusive), oldest first."""
    out = []
    t = last
    while t >= first:
        out.append(t)
        t -= timedelta(days=step_days)
    return sorted(out)


def month_ends(first: date, last: date) -> list[date]:
    """Month-end dates from the month of `first` up to `last` (inclusive)."""
    out = []
    y, m = first.year, first.month
    while True:
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        end = nxt - timedelta(days=1)
        if end > last:
            return out
        if end >= first:
            out.append(end)
        y, m = nxt.year, nxt.month
