"""Plausibility rules every contract shares: a date window, value bounds the warehouse holds, outliers.

A value that passes these never breaks a later step: dates stay in a window the user can set (so the
as-of date, the last sales date, is never taken from a typo like 2099), and amounts and quantities stay
within what the warehouse computes with (money is summed as DECIMAL(18, 2), and multiplied by up to 365
days of payment terms on the way). Values far beyond the rest of their column are kept but flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# Largest magnitude of any number in a raw source: DECIMAL(18, 2) holds 1e16, and risk features multiply
# amounts by payment terms of up to 365 days.
VALUE_BOUND = 1e12
# A value more than OUTLIER_FACTOR times its column's 99.9th percentile is flagged for review (kept).
OUTLIER_QUANTILE = 0.999
OUTLIER_FACTOR = 1000.0
# Master-data history (a rep's hire date, a customer's opening date) may predate the event window;
# before this it is an empty spreadsheet date (Excel's 1900-01-00) rather than history.
HISTORY_EARLIEST = date(1950, 1, 1)
DEFAULT_EARLIEST = date(2000, 1, 1)
DEFAULT_FUTURE_MARGIN_DAYS = 31


@dataclass(frozen=True)
class DateWindow:
    """Dates accepted in the raw sources: from earliest to latest, both included."""

    earliest: date = DEFAULT_EARLIEST
    latest: date | None = None  # None: the build date plus DEFAULT_FUTURE_MARGIN_DAYS

    @classmethod
    def around(cls, build_date: date, earliest: date = DEFAULT_EARLIEST,
               future_margin_days: int = DEFAULT_FUTURE_MARGIN_DAYS) -> DateWindow:
        return cls(earliest, build_date + timedelta(days=future_margin_days))

    @property
    def last(self) -> date:
        return self.latest or date.today() + timedelta(days=DEFAULT_FUTURE_MARGIN_DAYS)

    def bounds(self, kind: str) -> tuple[date | None, date | None]:
        """(earliest, latest) for a date column of the kind: event, history or plan (a future date is fine)."""
        if kind == "history":
            return HISTORY_EARLIEST, self.last
        if kind == "plan":
            return HISTORY_EARLIEST, None
        return self.earliest, self.last

    def rule(self, kind: str) -> str:
        low, high = self.bounds(kind)
        if high is None:
            return f"must not be before {low.isoformat()}"
        where = ("the plausible date window; set SALESOPS_EARLIEST_DATE or SALESOPS_FUTURE_MARGIN_DAYS to widen it"
                 if kind == "event" else "the plausible window for history dates")
        return f"must be between {low.isoformat()} and {high.isoformat()} ({where})"
