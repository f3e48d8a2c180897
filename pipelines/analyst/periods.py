"""Periods an analyst names in words ("2026-08", "2026-Q3", "2026", "quarter", a date range) and comparing two.

Every period is a run of whole months, because the marts are monthly (`month_start`); a custom range is
widened to the months it touches. 同比 is the same period a year earlier, 环比 the same number of months
just before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from pipelines.metrics import period_compare

KEYWORDS = ("month", "quarter", "year", "ytd")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\S+?)\s*(?:\.\.|~| to )\s*(\S+)$")


@dataclass(frozen=True)
class PeriodRange:
    """Whole months from `first` to `last` (both 'YYYY-MM' periods), with a label for charts and tables."""

    first: pd.Period
    last: pd.Period
    label: str

    @property
    def start(self) -> date:
        return self.first.start_time.date()

    @property
    def end(self) -> date:
        return self.last.end_time.date()

    @property
    def months(self) -> int:
        return (self.last - self.first).n + 1

    def bounds(self) -> tuple[date, date]:
        return self.start, self.end

    def contains(self, dates: pd.Series) -> pd.Series:
        """Which of the dates (e.g. a month_start column) fall in the period."""
        ts = pd.to_datetime(dates)
        return (ts >= pd.Timestamp(self.start)) & (ts <= pd.Timestamp(self.end))

    def shifted(self, months: int, label: str | None = None) -> PeriodRange:
        return PeriodRange(self.first + months, self.last + months, label or _label(self.first + months,
                                                                                      self.last + months))

    def last_year(self) -> PeriodRange:
        """同比: the same months one year earlier."""
        return self.shifted(-12)

    def previous(self) -> PeriodRange:
        """环比: as many months, ending the month before this period starts."""
        return self.shifted(-self.months)

    def __str__(self) -> str:
        return self.label


def _label(first: pd.Period, last: pd.Period) -> str:
    if first == last:
        return str(first)
    if first.month == 1 and last.month == 12 and first.year == last.year:
        return str(first.year)
    if first.month % 3 == 1 and last == first + 2:
        return f"{first.year}-Q{(first.month - 1) // 3 + 1}"
    return f"{first}..{last}"


def _month(value: object) -> pd.Period:
    try:
        return pd.Period(pd.Timestamp(str(value)), freq="M")
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{value!r} is not a date like 2026-08-31 or a month like 2026-08") from exc


def parse_period(spec: object = "month", as_of: date | str | None = None) -> PeriodRange:
    """A period from how an analyst writes it.

    "month" / "quarter" / "year" ("ytd" = "year"): the one holding `as_of`, up to the as-of month;
    "2026-08" a month, "2026-Q3" (or "2026Q3") a quarter, "2026" a year; "2026-03-01..2026-08-31" or a
    (start, end) pair: the whole months the range touches; a PeriodRange is returned as it is.
    """
    if isinstance(spec, PeriodRange):
        return spec
    if isinstance(spec, tuple | list):
        if len(spec) != 2:
            raise ValueError(f"a custom period is (start, end); got {spec!r}")
        first, last = _month(spec[0]), _month(spec[1])
        if last < first:
            raise ValueError(f"period {spec!r} ends before it starts")
        return PeriodRange(first, last, _label(first, last))
    text = "month" if spec is None else str(spec).strip()
    if text.lower() in KEYWORDS:
        if as_of is None:
            raise ValueError(f"period {text!r} is relative to the as-of date; pass as_of")
        anchor = pd.Period(pd.Timestamp(str(as_of)), freq="M")
        key = "year" if text.lower() == "ytd" else text.lower()
        first = anchor - ((anchor.month - 1) % 3 if key == "quarter" else 0 if key == "month" else anchor.month - 1)
        # To date: the months after the as-of month hold no data yet, and 同比 must compare like with like.
        whole = _label(first, first + (0 if key == "month" else 2 if key == "quarter" else 11))
        return PeriodRange(first, anchor, whole if key == "month" else f"{whole} to {anchor}")
    try:
        return _written(text)
    except ValueError as exc:
        raise ValueError(f"period {spec!r} not understood ({exc}): use month, quarter, year, ytd, 2026-08, "
                         "2026-Q3, 2026 or 2026-03-01..2026-08-31") from None


def _written(text: str) -> PeriodRange:
    if m := _QUARTER.match(text):
        first = pd.Period(f"{m.group(1)}-{3 * int(m.group(2)) - 2:02d}", freq="M")
        return PeriodRange(first, first + 2, f"{m.group(1)}-Q{m.group(2)}")
    if m := _MONTH.match(text):
        if not 1 <= int(m.group(2)) <= 12:
            raise ValueError(f"month {m.group(2)} does not exist")
        first = pd.Period(f"{m.group(1)}-{int(m.group(2)):02d}", freq="M")
        return PeriodRange(first, first, str(first))
    if _YEAR.match(text):
        first = pd.Period(f"{text}-01", freq="M")
        return PeriodRange(first, first + 11, text)
    if m := _RANGE.match(text):
        return parse_period((m.group(1), m.group(2)))
    raise ValueError("no such form")


def compare_periods(con: duckdb.DuckDBPyConnection, table: str, period_a: object, period_b: object, *,
                    by: Sequence[str] = (), metrics: Sequence[str] | None = None,
                    ratios: Mapping[str, tuple[str, str]] | None = None, region: str | None = None,
                    as_of: date | str | None = None, date_col: str = "month_start") -> pd.DataFrame:
    """Period A against period B on any monthly mart, one row per `by` group and metric.

    Periods are anything `parse_period()` reads. `region` (a region id; None or "all" for every region) filters
    on the table's region_id. Additive columns are summed; `ratios` (name -> (numerator, denominator)) are
    recomputed from the sums. Columns: by..., metric, value_a, value_b, change, change_pct, months_a,
    months_b, per_month_a, per_month_b, per_month_change_pct (per-month values compare periods of
    different length); `period_a` / `period_b` name the periods.
    """
    a, b = parse_period(period_a, as_of), parse_period(period_b, as_of)
    where = {} if region in (None, "", "all") else {"region_id": region}
    out = period_compare.compare_periods(con, table, a.bounds(), b.bounds(), by=by, metrics=metrics,
                                         ratios=ratios, date_col=date_col, where=where)
    return out.assign(period_a=a.label, period_b=b.label) if not out.empty else out
