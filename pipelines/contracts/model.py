"""The shape of a raw-source contract: columns, keys, allowed values and row rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pipelines.contracts.plausibility import DEFAULT_EARLIEST, DEFAULT_FUTURE_MARGIN_DAYS, HISTORY_EARLIEST, VALUE_BOUND

ColumnType = Literal["string", "int", "decimal", "date", "timestamp", "time", "bool"]

# DuckDB type each contract type is cast to in staging.
DUCKDB_TYPES: dict[str, str] = {
    "string": "VARCHAR",
    "int": "BIGINT",
    "decimal": "DOUBLE",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "time": "TIME",
    "bool": "BOOLEAN",
}

TYPE_HINTS: dict[str, str] = {
    "string": "text",
    "int": "a whole number",
    "decimal": "a number like 1234.50",
    "date": "a date like 2025-03-31",
    "timestamp": "a date-time like 2025-03-31 08:45:00",
    "time": "a time like 08:45",
    "bool": "true or false",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    description: str
    example: str
    required: bool = True  # the column must be present in every file of the source
    nullable: bool = False  # an empty cell is allowed
    allowed: tuple[str, ...] | None = None
    min_value: float | None = None
    max_value: float | None = None
    min_exclusive: bool = False
    references: str | None = None  # "source.column" this value must exist in
    # Which plausible window a date column uses (contracts/plausibility.py): event dates (the default),
    # history (a hire or opening date, may be decades old) or plan (a planned date, may lie in the future).
    date_kind: Literal["event", "history", "plan"] = "event"

    def rule_text(self) -> str:
        """The rule in words, as shown to business users in errors and docs."""
        parts = [TYPE_HINTS[self.type]]
        if not self.nullable:
            parts.append("never empty")
        if self.allowed:
            parts.append("one of " + ", ".join(self.allowed))
        if self.min_value is not None:
            op = ">" if self.min_exclusive else ">="
            parts.append(f"{op} {self.min_value:g}")
        if self.max_value is not None:
            parts.append(f"<= {self.max_value:g}")
        if self.type in ("int", "decimal") and not self.within_value_bound:
            parts.append(f"at most {VALUE_BOUND:,.0f} either side of 0")
        if self.type in ("date", "timestamp"):
            parts.append(self.date_window_text)
        if self.references:
            parts.append(f"must exist in {self.references}")
        return "; ".join(parts)


    @property
    def within_value_bound(self) -> bool:
        """True when the column's own bounds keep it within what the warehouse computes with."""
        return (self.min_value is not None and self.max_value is not None
                and max(abs(self.min_value), abs(self.max_value)) <= VALUE_BOUND)

    @property
    def date_window_text(self) -> str:
        future = f"the build date + {DEFAULT_FUTURE_MARGIN_DAYS} days"
        if self.date_kind == "history":
            return f"from {HISTORY_EARLIEST.isoformat()} to {future}"
        if self.date_kind == "plan":
            return f"from {HISTORY_EARLIEST.isoformat()}"
        return f"from {DEFAULT_EARLIEST.isoformat()} to {future} (by default; SALESOPS_EARLIEST_DATE, " \
               "SALESOPS_FUTURE_MARGIN_DAYS)"


@dataclass(frozen=True)
class RowRule:
    """A rule across columns, written as a DuckDB predicate over the typed columns.

    The predicate is part of the contract (our code), never built from input data.
    """

    name: str
    predicate: str  # true when the row is good; NULL counts as good (missing values are checked per column)
    message: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Contract:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    required_source: bool = False
    # Sources any one of which, when delivered, makes this required source optional (a foot-traffic
    # study has count sheets and no sales lines).
    required_unless: tuple[str, ...] = ()
    strict: bool = False  # unknown columns stop the source
    # A master (customers, reps, ...) whose file is optional: an id other sources use that has no row in it
    # becomes a member named by its id, flagged in members_from_ids, instead of quarantining the rows using it.
    members_from_ids: bool = False
    row_rules: tuple[RowRule, ...] = field(default_factory=tuple)
    # Sources this one references; loaded first so foreign keys can be checked.
    filled_by_later_issue: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name}")

    @property
    def referenced_sources(self) -> tuple[str, ...]:
        refs = {c.references.split(".")[0] for c in self.columns if c.references}
        refs.discard(self.name)
        return tuple(sorted(refs))
