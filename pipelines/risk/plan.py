"""Snapshots sized to the history there is: spacing, first snapshot and backtest design.

A three-year history affords monthly snapshots from half a year in, six evaluation snapshots, two
for calibration and four or more to fit. Eighteen months do not: the first snapshot comes earlier
(a sixth of the span, within the model's bounds), the spacing shrinks when monthly snapshots leave
no room for a backtest, and the design steps down a ladder (fewer evaluation, calibration and fitting
snapshots) until one fits. The plan, and why, goes into the model card.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from pipelines.risk.splits import Counts, Split, backtest_splits, train_split

MIN_EVAL_SNAPSHOTS = 2  # an honest backtest needs at least two evaluation snapshots


@dataclass(frozen=True)
class Design:
    """How many labelled snapshots are evaluated, share one model, calibrate and (at least) fit."""

    n_eval: int
    block: int
    n_cal: int
    min_fit: int

    def to_dict(self) -> dict[str, int]:
        return {"n_eval": self.n_eval, "block": self.block, "n_cal": self.n_cal, "min_fit": self.min_fit}


@dataclass
class SnapshotPlan:
    step_days: int  # 0: month ends
    warmup_days: int
    labeled: list[date]
    design: Design | None = None
    splits: list[Split] | None = None
    final: Split | None = None

    def to_dict(self) -> dict[str, object]:
        return {"step_days": self.step_days or "month ends", "warmup_days": self.warmup_days,
                "labelled_snapshots": len(self.labeled),
                "first_snapshot": self.labeled[0].isoformat() if self.labeled else None,
                "last_snapshot": self.labeled[-1].isoformat() if self.labeled else None,
                "design": self.design.to_dict() if self.design else None}


def warmup_days(first_day: date, as_of: date, bounds: tuple[int, int]) -> int:
    """Days of history before the first snapshot: a sixth of the span, within the model's bounds."""
    low, high = bounds
    return max(low, min(high, (as_of - first_day).days // 6))


def choose_grid(grid: Callable[[int, int], list[date]], steps: tuple[int, ...], warmup: int, horizon: int,
                designs: tuple[Design, ...]) -> SnapshotPlan:
    """The widest spacing whose snapshots leave room for some design's backtest (dates only, before any
    data is read); the narrowest spacing's grid when none does."""
    plan = SnapshotPlan(steps[-1], warmup, [])
    for step in steps:
        labeled = grid(step, warmup)
        plan = SnapshotPlan(step, warmup, labeled)
        if any(_fits(labeled, horizon, d, None, 0) for d in designs):
            return plan
    return plan


def viable_designs(plan: SnapshotPlan, horizon: int, cutoff: date, designs: tuple[Design, ...], counts: Counts,
                   min_events: int) -> Iterator[SnapshotPlan]:
    """Plans with each design (richest first) whose splits hold enough events and that has a final fitting
    split; the caller takes the first whose backtest runs."""
    for design in designs:
        splits = _fits(plan.labeled, horizon, design, counts, min_events)
        final = train_split(plan.labeled, horizon, cutoff, design.n_cal, design.min_fit, counts, min_events)
        if splits and final is not None:
            yield SnapshotPlan(plan.step_days, plan.warmup_days, plan.labeled, design, splits, final)


def _fits(labeled: list[date], horizon: int, design: Design, counts: Counts | None,
          min_events: int) -> list[Split] | None:
    splits = backtest_splits(labeled, horizon, design.n_eval, design.block, design.n_cal, design.min_fit,
                             counts, min_events)
    evaluated = {d for s in splits for d in s.eval_dates}
    return splits if len(evaluated) >= MIN_EVAL_SNAPSHOTS else None


def too_short_message(title: str, plan: SnapshotPlan, horizon: int, first_day: date, as_of: date) -> str:
    span = (as_of - first_day).days
    return (f"{title}: {span} days of history ({first_day} to {as_of}) give {len(plan.labeled)} labelled "
            f"snapshots, too few for a time-based backtest with a {horizon}-day horizon (fit, a {horizon}-day gap, "
            f"calibrate, a {horizon}-day gap, evaluate at least {MIN_EVAL_SNAPSHOTS})")

