"""The calendar of the generated company: days, months, weeks, holidays and selling rhythm.

Every date inside the generator is an integer day number (days since 1970-01-01), so whole
columns of dates are plain numpy arithmetic and convert to Arrow date32 without formatting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from pipelines.generator.config import WINDOW_END, WINDOW_START

_EPOCH = date(1970, 1, 1)

# Chinese public holidays, approximate official schedules (make-up working weekends ignored).
_HOLIDAY_RANGES: tuple[tuple[str, str], ...] = (
    ("2024-01-01", "2024-01-01"), ("2024-02-10", "2024-02-17"), ("2024-04-04", "2024-04-06"),
    ("2024-05-01", "2024-05-05"), ("2024-06-08", "2024-06-10"), ("2024-09-15", "2024-09-17"),
    ("2024-10-01", "2024-10-07"),
    ("2025-01-01", "2025-01-01"), ("2025-01-28", "2025-02-04"), ("2025-04-04", "2025-04-06"),
    ("2025-05-01", "2025-05-05"), ("2025-05-31", "2025-06-02"), ("2025-10-01", "2025-10-08"),
    ("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
    ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
    ("2026-10-01", "2026-10-07"),
)
_CNY_DAYS = ("2024-02-10", "2025-01-29", "2026-02-17")


def day_num(d: date) -> int:
    return (d - _EPOCH).days


def num_date(n: int) -> date:
    return _EPOCH + timedelta(days=int(n))


def iso_day(n: int) -> str:
    return num_date(n).isoformat()


@dataclass(frozen=True)
class Timeline:
    start: int  # first day number of the window
    end: int  # last day number (inclusive)
    days: np.ndarray  # day numbers start..end
    weekday: np.ndarray  # 0 = Monday
    is_workday: np.ndarray
    month_of_day: np.ndarray  # month index 0..n_months-1 per day offset
    week_of_day: np.ndarray  # Monday-based week index per day offset
    month_start: np.ndarray  # day number of each month's first day
    month_end: np.ndarray  # day number of each month's last day
    month_year: np.ndarray
    month_month: np.ndarray
    sales_weight: np.ndarray  # relative sell-in intensity per day (pushes, holidays, season, trend)
    cum_sales_weight: np.ndarray  # len n_days + 1, for inverse-CDF date sampling
    demand_weight: np.ndarray  # smooth end-customer demand per day (no month-end pushes)
    workdays: np.ndarray  # day numbers of working days
    next_workday: np.ndarray  # per day offset (len n_days + 1): first working day >= it, or end + 1

    @property
    def n_days(self) -> int:
        return len(self.days)

    @property
    def n_months(self) -> int:
        return len(self.month_start)

    @property
    def n_weeks(self) -> int:
        return int(self.week_of_day[-1]) + 1

    def month_index(self, days: np.ndarray) -> np.ndarray:
        return self.month_of_day[np.asarray(days) - self.start]

    def years_since_start(self, days: np.ndarray) -> np.ndarray:
        return (np.asarray(days) - self.start) / 365.25


def build_timeline() -> Timeline:
    start, end = day_num(WINDOW_START), day_num(WINDOW_END)
    days = np.arange(start, end + 1, dtype=np.int64)
    n = len(days)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday
    holiday = np.zeros(n, dtype=bool)
    for lo, hi in _HOLIDAY_RANGES:
        a = day_num(date.fromisoformat(lo)) - start
        b = day_num(date.fromisoformat(hi)) - start
        holiday[max(a, 0):max(b + 1, 0)] = True
    is_workday = (weekday < 5) & ~holiday

    dt = days.astype("datetime64[D]")
    months = dt.astype("datetime64[M]")
    month_keys, month_of_day = np.unique(months, return_inverse=True)
    month_start = month_keys.astype("datetime64[D]").astype(np.int64)
    month_end = (month_keys + 1).astype("datetime64[D]").astype(np.int64) - 1
    month_year = month_keys.astype("datetime64[Y]").astype(np.int64) + 1970
    month_month = month_keys.astype(np.int64) % 12 + 1
    week_of_day = (days - (days[0] - weekday[0])) // 7

    demand = _demand_weight(days, weekday, holiday, month_month[month_of_day])
    sales = demand * _push_weight(days, month_end[month_of_day], month_month[month_of_day])
    cum = np.concatenate(([0.0], np.cumsum(sales)))

    workdays = days[is_workday]
    # next_workday[i] = first working day at or after offset i; end + 1 when none is left.
    nxt = np.full(n + 1, end + 1, dtype=np.int64)
    idx = np.searchsorted(workdays, days)
    has = idx < len(workdays)
    nxt[:n][has] = workdays[idx[has]]
    return Timeline(
        start=start, end=end, days=days, weekday=weekday, is_workday=is_workday,
        month_of_day=month_of_day.astype(np.int64), week_of_day=week_of_day,
        month_start=month_start, month_end=month_end, month_year=month_year, month_month=month_month,
        sales_weight=sales, cum_sales_weight=cum, demand_weight=demand, workdays=workdays,
        next_workday=nxt,
    )


def _demand_weight(days: np.ndarray, weekday: np.ndarray, holiday: np.ndarray, month: np.ndarray
                   ) -> np.ndarray:
    """Underlying activity: weekdays, holidays, Chinese New Year lull, year-end peak, growth."""
    w = np.where(weekday < 5, 1.0, np.where(weekday == 5, 0.3, 0.12))
    w = np.where(holiday, 0.06, w)
    for cny in _CNY_DAYS:
        rel = days - day_num(date.fromisoformat(cny))
        # Business slows before the holiday and ramps back over ~3 weeks after it.
        w = np.where((rel >= -12) & (rel < -2), w * 0.75, w)
        ramp = (rel > 7) & (rel <= 28)
        w = np.where(ramp, w * (0.45 + 0.55 * (rel - 7) / 21), w)
    season = np.array([0.9, 0.85, 1.0, 1.0, 1.0, 0.98, 0.93, 0.93, 1.0, 1.0, 1.05, 1.18])
    w = w * season[month - 1]
    return w * np.exp(0.03 * (days - days[0]) / 365.25)


def _push_weight(days: np.ndarray, month_end: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Sell-in pushes: the last days of each month, stronger at quarter ends."""
    to_end = month_end - days
    quarter_end = month % 3 == 0
    w = np.ones(len(days))
    w = np.where(to_end <= 4, 1.45, w)
    w = np.where(to_end <= 1, 1.8, w)
    w = np.where(quarter_end & (to_end <= 9), w * 1.15, w)
    w = np.where(quarter_end & (to_end <= 4), w * 1.3, w)
    return w
