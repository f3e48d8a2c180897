"""A notebook's starting point: the read-only warehouse and the parameters (as-of, region, period, language).

    wb = open_workbench(as_of=None, region="all", period="month", lang="en")
    sales = wb.table("mart_sales_region_month")          # filtered to wb.region (and up to wb.as_of)
    sales[wb.period.contains(sales["month_start"])]       # the chosen period

A region or period the warehouse does not know fails here, with the choices, not deep in a chart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.analyst.periods import PeriodRange, parse_period
from pipelines.analyst.regions import region_colours, region_names
from pipelines.dashboards.labels import LANGS, Labels
from pipelines.settings import Settings
from pipelines.warehouse.connection import table_exists
from pipelines.warehouse.readonly import open_warehouse

ALL = "all"


def warehouse_as_of(con: duckdb.DuckDBPyConnection) -> date | None:
    """The as-of date the warehouse was built for (None for a warehouse without build_params)."""
    try:
        row = con.execute("SELECT max(as_of) FROM build_params").fetchone()
    except duckdb.CatalogException:
        return None
    return row[0] if row else None


def has_rows(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """The table exists and holds at least one row (optional sources leave their tables empty)."""
    return table_exists(con, table) and bool(con.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0])


@dataclass
class Workbench:
    """An open read-only warehouse with the notebook's parameters resolved against it."""

    con: duckdb.DuckDBPyConnection
    as_of: date
    region: str | None  # None = every region
    period: PeriodRange
    lang: str
    settings: Settings
    colours: dict[str, str] = field(default_factory=dict)
    region_names: dict[str, str] = field(default_factory=dict)

    @property
    def labels(self) -> Labels:
        return Labels(self.lang)

    @property
    def region_label(self) -> str:
        return self.labels("all_regions") if self.region is None else self.region_names.get(self.region, self.region)

    @property
    def last_complete_month(self) -> pd.Period:
        """The as-of month when as_of is its last day, else the month before."""
        month = pd.Period(self.as_of, freq="M")
        return month if self.as_of == month.end_time.date() else month - 1

    def title(self, key: str) -> str:
        """A dashboard label as a chart title for this notebook's choice: the label's own period words
        ("(year to date)") replaced by the region and the chosen period."""
        text = re.sub(r"\s*[（(][^()（）]*[)）]$", "", self.labels(key))
        return f"{text}: {self.region_label}, {self.period.label}"

    def has(self, table: str) -> bool:
        return has_rows(self.con, table)

    def sql(self, sql: str, params: list | dict | None = None) -> pd.DataFrame:
        """Any SELECT on the warehouse (bind values as parameters, never format them into the text)."""
        return self.con.execute(sql, params or []).df()

    def table(self, name: str, *, all_regions: bool = False, date_col: str = "month_start") -> pd.DataFrame:
        """A whole table, cut to the chosen region when it has region_id and to dates up to as_of when it
        has `date_col`; region names added next to region ids."""
        cols = set(self.sql("SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' "
                            "AND table_catalog = current_database() AND table_name = ?", [name])["column_name"])
        if not cols:
            raise ValueError(f"no table {name!r} in the warehouse; list_marts(wb.con) shows every table")
        where, params = [], {}
        if "region_id" in cols and self.region is not None and not all_regions:
            where.append("region_id = $region")
            params["region"] = self.region
        if date_col in cols:
            where.append(f'"{date_col}" <= $as_of')
            params["as_of"] = self.as_of
        df = self.sql(f'SELECT * FROM "{name}"' + (" WHERE " + " AND ".join(where) if where else ""), params)
        if "region_id" in df.columns and "region_name" not in df.columns:
            df = df.assign(region_name=df["region_id"].map(lambda r: self.region_names.get(r, r)))
        return df

    def select(self, df: pd.DataFrame, date_col: str = "month_start") -> pd.DataFrame:
        """Rows of a frame from elsewhere (e.g. `measures`) cut like `table()`: the chosen region when the frame
        has region_id, dates up to as_of when it has `date_col`; region names added."""
        if "region_id" in df.columns and self.region is not None:
            df = df[df["region_id"] == self.region]
        if date_col in df.columns:
            df = df[pd.to_datetime(df[date_col]) <= pd.Timestamp(self.as_of)]
        if "region_id" in df.columns and "region_name" not in df.columns:
            df = df.assign(region_name=df["region_id"].map(lambda r: self.region_names.get(r, r)))
        return df

    def in_period(self, df: pd.DataFrame, col: str = "month_start") -> pd.DataFrame:
        return df[self.period.contains(df[col])]

    @property
    def period_notes(self) -> list[str]:
        """What makes the chosen period not a like-for-like whole (said, never silently cut)."""
        notes = []
        month_end = pd.Timestamp(self.as_of).to_period("M").end_time.date()
        if self.period.end > month_end:
            notes.append(f"the period runs past the as-of date {self.as_of}: its later months hold no data yet")
        if self.period.start <= self.as_of <= self.period.end and self.as_of != month_end:
            notes.append(f"the as-of month is partial (data up to {self.as_of})")
        return notes

    def summary(self) -> str:
        text = (f"warehouse {self.settings.warehouse} as of {self.as_of}; region: {self.region_label}; "
                f"period: {self.period.label} ({self.period.start} to {self.period.end}); language: {self.lang}")
        return "; ".join([text, *(f"NOTE: {n}" for n in self.period_notes)])

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Workbench:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_workbench(as_of: date | str | None = None, region: str | None = ALL, period: object = "month",
                   lang: str = "en", *, warehouse: Path | str | None = None,
                   settings: Settings | None = None) -> Workbench:
    """Open the published warehouse read-only and check the notebook's parameters against it.

    as_of: None for the build's as-of date, or an earlier date (later ones fail: there is no data yet).
    region: "all" (or None) or a region id of dim_region. period: anything `parse_period()` reads; keywords
    ("month", "quarter", "year", "ytd") are taken relative to as_of. lang: "en" or "zh".
    Paths come from Settings (SALESOPS_WAREHOUSE, SALESOPS_PROJECT_DIR) unless `warehouse` is given.
    """
    settings = settings or Settings.from_env()
    if lang not in LANGS:
        raise ValueError(f"lang {lang!r} is not supported; use one of {', '.join(LANGS)}")
    path = Path(warehouse) if warehouse else settings.warehouse
    if not path.exists():
        raise FileNotFoundError(
            f"no published warehouse at {path} (project folder {settings.project_dir}): build one with "
            "`salesops build` in the project folder and start JupyterLab there with `salesops lab`, or set "
            "SALESOPS_PROJECT_DIR or SALESOPS_WAREHOUSE")
    con = open_warehouse(path)
    try:
        built = warehouse_as_of(con)
        if built is None:
            raise ValueError(f"{path} has no build_params table: it is not a warehouse built by salesops")
        chosen = date.fromisoformat(str(as_of)) if as_of not in (None, "") else built
        if chosen > built:
            raise ValueError(f"as_of {chosen} is after the warehouse's as-of date {built}: no data exists yet; "
                             "use None or an earlier date")
        names = region_names(con, lang)
        region_id = None if region in (None, "", ALL) else str(region)
        if region_id is not None and region_id not in names:
            raise ValueError(f"region {region!r} is not in dim_region; use 'all' or one of "
                             f"{', '.join(sorted(names)) or '(no regions)'}")
        chosen_period = parse_period(period, chosen)
        return Workbench(con, chosen, region_id, chosen_period, lang,
                         replace(settings, warehouse=path),
                         region_colours(con), names)
    except Exception:
        con.close()
        raise
