"""Day types: the profile and level used for a date (mon..sun, or holiday from the config)."""

from __future__ import annotations

from datetime import date

DAY_TYPES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday")
WEEKDAYS = DAY_TYPES[:5]
WEEKEND = ("sat", "sun")


def day_type(day: date, holidays: frozenset[date] = frozenset()) -> str:
    return "holiday" if day in holidays else DAY_TYPES[day.weekday()]
