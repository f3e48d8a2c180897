"""Day types: the profile and level used for a date (the study's names for Monday..Sunday, or holiday).

By default every day of the week is its own type and Saturday and Sunday make the weekend. A study sets its own
(footfall config `day_types`): e.g. a Friday-Saturday weekend, or Monday..Thursday pooled into one type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

HOLIDAY = "holiday"
DEFAULT_WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_WEEKEND = ("sat", "sun")
DAY_TYPES = (*DEFAULT_WEEK, HOLIDAY)
WEEKDAYS = DEFAULT_WEEK[:5]
WEEKEND = DEFAULT_WEEKEND
# The planner's and the pages' names for a weekend day type counted on its own.
CLASS_NAMES = {"sat": "saturday", "sun": "sunday"}
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,19}$")


@dataclass(frozen=True)
class DayCalendar:
    """Which day type each day of the week is, and which day types make the weekend."""

    week: tuple[str, ...] = DEFAULT_WEEK  # day type of Monday..Sunday; a name repeated pools those days
    weekend: tuple[str, ...] = DEFAULT_WEEKEND

    def __post_init__(self) -> None:
        where = "footfall config: day_types"
        if len(self.week) != 7:
            raise ValueError(f"{where}.week must name the day type of each of the 7 days Monday..Sunday, "
                             f"got {len(self.week)}: {list(self.week)}")
        bad = [t for t in self.week if not _NAME.match(t) or t == HOLIDAY]
        if bad:
            raise ValueError(f"{where}.week: {bad} are not usable day-type names (lower-case letters, digits, _, "
                             f"starting with a letter; '{HOLIDAY}' is reserved for the holiday list)")
        unknown = [t for t in self.weekend if t not in self.week]
        if unknown:
            raise ValueError(f"{where}.weekend names {unknown}, which day_types.week does not use; "
                             f"use some of {sorted(set(self.week))}")
        if not self.weekend or set(self.weekend) == set(self.week):
            raise ValueError(f"{where}.weekend must name some but not all day types of the week "
                             "(typical weekday and weekend days are both reported)")

    @property
    def types(self) -> tuple[str, ...]:
        """Every day type in week order, then holiday."""
        return (*dict.fromkeys(self.week), HOLIDAY)

    @property
    def regular_types(self) -> tuple[str, ...]:
        return self.types[:-1]

    @property
    def weekday_types(self) -> tuple[str, ...]:
        return tuple(t for t in self.regular_types if t not in self.weekend)

    @property
    def weekend_types(self) -> tuple[str, ...]:
        return tuple(t for t in self.regular_types if t in self.weekend)

    def day_type(self, day: date, holidays: frozenset[date] = frozenset()) -> str:
        return HOLIDAY if day in holidays else self.week[day.weekday()]

    def plan_classes(self) -> dict[str, tuple[str, ...]]:
        """The planner's day classes: all weekday types together, then each weekend type on its own."""
        return {"weekday": self.weekday_types, **{CLASS_NAMES.get(t, t): (t,) for t in self.weekend_types}}

    def weekdays_of(self, day_type: str) -> tuple[int, ...]:
        """Days of the week (0 = Monday) a day type covers."""
        return tuple(i for i, t in enumerate(self.week) if t == day_type)


DEFAULT_CALENDAR = DayCalendar()


def day_type(day: date, holidays: frozenset[date] = frozenset(), calendar: DayCalendar = DEFAULT_CALENDAR) -> str:
    return calendar.day_type(day, holidays)
