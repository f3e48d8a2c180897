"""What every risk model provides, and the helpers they share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from pipelines.risk.asof import day_numbers
from pipelines.risk.baselines import Baseline
from pipelines.risk.features import Feature
from pipelines.risk.plan import Design, SnapshotPlan, choose_grid, warmup_days
from pipelines.risk.queries import run_risk_sql
from pipelines.risk.splits import regular_grid
from pipelines.settings import Settings

EPOCH = date(1970, 1, 1)


def to_day(d: date) -> int:
    return (d - EPOCH).days


def from_day(n: int) -> date:
    return EPOCH + timedelta(days=int(n))


@dataclass
class Context:
    """What a model needs from the warehouse build: as-of date, sources delivered, ground truth folder."""

    as_of: date
    first_day: date  # first invoice date in the warehouse
    source_rows: dict[str, int]
    raw_dir: Path | None = None

    def has(self, source: str) -> bool:
        return self.source_rows.get(source, 0) > 0

    @property
    def sources(self) -> set[str]:
        return {s for s, n in self.source_rows.items() if n > 0}


def read_context(con: duckdb.DuckDBPyConnection, settings: Settings) -> Context:
    """As-of date, first invoice and rows per source."""
    as_of, first = con.sql(
        "SELECT (SELECT as_of FROM build_params), (SELECT min(invoice_date) FROM fct_sales_lines)").fetchall()[0]
    if as_of is None:
        raise ValueError("the warehouse has no as-of date: build it first (salesops build)")
    rows = dict(run_risk_sql(con, "source_rows").itertuples(index=False, name=None))
    # A study without sales has no first invoice: its history is empty (every model is skipped).
    return Context(as_of=as_of, first_day=first or as_of, source_rows={k: int(v) for k, v in rows.items()},
                   raw_dir=settings.raw_dir)


class RiskModel:
    """One risk score: its features, labels, snapshots, baselines and how it explains a row."""

    name: str = ""  # models/<name>/
    title: str = ""
    table: str = ""  # risk_* table written by nightly scoring
    predicts: str = ""  # the event, in words
    entity: tuple[str, ...] = ()
    features: tuple[Feature, ...] = ()
    # Backtest designs, richest first (evaluation snapshots, how many share one model, calibration snapshots,
    # minimum fit); snapshot spacings in days, widest first; days of history before the first snapshot.
    designs: tuple[Design, ...] = (Design(6, 3, 2, 4), Design(4, 2, 2, 3), Design(3, 3, 1, 2), Design(2, 2, 1, 2))
    steps: tuple[int, ...] = (30, 14, 7)
    warmup_bounds: tuple[int, int] = (30, 180)
    bands: tuple[float, float] = (0.5, 0.2)  # high from, medium from

    def horizon(self, settings: Settings) -> int:
        raise NotImplementedError

    def skip_reason(self, ctx: Context) -> str | None:
        return None

    def load(self, con: duckdb.DuckDBPyConnection, ctx: Context, horizon: int) -> object:
        raise NotImplementedError

    def snapshot_grid(self, ctx: Context, horizon: int, step: int, warmup: int) -> list[date]:
        """Snapshots whose outcome is known at the as-of date, `step` days apart, from `warmup` days in."""
        return regular_grid(ctx.as_of - timedelta(days=horizon), ctx.first_day + timedelta(days=warmup), step)

    def plan(self, ctx: Context, horizon: int) -> SnapshotPlan:
        """Snapshot spacing and first snapshot for the history there is (see pipelines/risk/plan.py)."""
        warmup = warmup_days(ctx.first_day, ctx.as_of, self.warmup_bounds)
        return choose_grid(lambda step, w: self.snapshot_grid(ctx, horizon, step, w), self.steps, warmup, horizon,
                           self.designs)

    def labeled_snapshots(self, ctx: Context, horizon: int) -> list[date]:
        return self.plan(ctx, horizon).labeled

    def frame(self, data: object, snapshots: list[date], horizon: int) -> pd.DataFrame:
        """Entity, snapshot_date, features and `label` (NaN while unknown) for each snapshot."""
        raise NotImplementedError

    def training_rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rows the model learns from and is checked on (all by default)."""
        return frame

    def known_outcomes(self, frame: pd.DataFrame) -> tuple[np.ndarray, list[tuple[str, str]]]:
        """Rows whose outcome is already certain at scoring time (probability 1) and why (English, Chinese)."""
        return np.zeros(len(frame), dtype=bool), []

    def baselines(self, data: object, horizon: int) -> list[Baseline]:
        return []

    # The baseline that scores when there is too little history for a backtest.
    fallback: str = ""

    def describe(self, group: str, row: dict[str, object]) -> str:
        raise NotImplementedError

    # Said instead of a driver sentence whose figures are missing (e.g. a ratio with nothing to divide by).
    missing_phrases: dict[str, str] = {}

    def missing_phrase(self, group: str) -> str:
        return self.missing_phrases.get(group, f"{group.replace('_', ' ')}: no comparable history")

    # Columns of the risk table besides as-of date, probability, band and drivers (entity first), with dtypes.
    output_columns: dict[str, str] = {}

    def output(self, frame: pd.DataFrame) -> pd.DataFrame:
        cols = self.output_columns
        return pd.DataFrame({c: frame[c].astype(d) if d != "object" else frame[c] for c, d in cols.items()})

    def empty_frame(self) -> pd.DataFrame:
        return pd.DataFrame({c: pd.Series(dtype=d) for c, d in self.output_columns.items()})

    def scoring_snapshots(self, ctx: Context, horizon: int) -> list[date]:
        """The snapshot(s) nightly scoring covers: the as-of date unless the model says otherwise."""
        return [ctx.as_of]

    def rollups(self, scored: pd.DataFrame) -> dict[str, pd.DataFrame]:
        """Extra tables built from the scored rows (e.g. rep x month)."""
        return {}

    def empty_rollups(self) -> dict[str, pd.DataFrame]:
        return {}

    def ground_truth(self, ctx: Context, scored: pd.DataFrame) -> list[dict[str, object]]:
        """Optional check of backtest predictions against the generator's planted truth."""
        return []

    def band(self, p: np.ndarray) -> np.ndarray:
        high, medium = self.bands
        return np.where(p >= high, "high", np.where(p >= medium, "medium", "low"))


def dates_of(days: np.ndarray) -> pd.Series:
    return pd.Series(pd.to_datetime(np.asarray(days, dtype="int64"), unit="D")).dt.date


def snapshot_days(snapshots: list[date]) -> np.ndarray:
    return day_numbers(pd.Series(pd.to_datetime(snapshots)))


def num(r: dict[str, object], key: str) -> float:
    """A row value as float (NaN when missing), for the driver sentences."""
    try:
        return float(r.get(key))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def money(x: float) -> str:
    return f"¥{x:,.0f}"


def pct(x: float) -> str:
    return f"{100 * x:.0f}%"
