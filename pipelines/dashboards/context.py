"""Everything a page builder needs: a read-only warehouse, labels, region colours and the period list.

Region colours and names come from the analyst API (pipelines.analyst.regions), as in every notebook."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.analyst.regions import region_colours, region_names
from pipelines.dashboards.labels import Labels
from pipelines.dashboards.names_zh import to_chinese
from pipelines.dashboards.theme import UNKNOWN_REGION
from pipelines.sql_files import sql_file

QUERY_DIR = Path(__file__).resolve().parent / "queries"
# Months a manager can pick in the period filter (the latest ones, ending at the as-of month).
PERIOD_CHOICES = 12


@dataclass
class PageContext:
    con: duckdb.DuckDBPyConnection
    labels: Labels
    models_dir: Path | None = None
    model_cards: list[dict] = field(default_factory=list)
    _available: dict[str, bool] = field(default_factory=dict)
    _columns: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.as_of: date | None = self._as_of()
        regions = self._regions()
        # Colours index all regions, so a region's colour never depends on which ones have data.
        self.colours: dict[str, str] = region_colours(self.con)
        self.all_regions = regions
        self.regions: pd.DataFrame = self._with_activity(regions)
        self.periods: list[str] = self._periods()

    @property
    def lang(self) -> str:
        """The page's language, as the analyst API's figure functions take it."""
        return self.labels.lang

    def exists(self, table: str) -> bool:
        return bool(self.columns(table))

    def columns(self, table: str) -> set[str]:
        if table not in self._columns:
            rows = self.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ?",
                [table]).fetchall()
            self._columns[table] = {r[0] for r in rows}
        return self._columns[table]

    def tables_with_prefix(self, prefix: str) -> list[str]:
        rows = self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND starts_with(table_name, ?) ORDER BY 1", [prefix]).fetchall()
        return [r[0] for r in rows]

    def available(self, table: str) -> bool:
        """The table exists and has at least one row."""
        if table not in self._available:
            self._available[table] = self.exists(table) and bool(
                self.con.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0])
        return self._available[table]

    def query(self, name: str, params: list | dict | None = None) -> pd.DataFrame:
        """Run queries/<name>.sql (one SELECT) and return a DataFrame."""
        return self.con.execute(sql_file(QUERY_DIR, name), params or []).df()

    def sql(self, sql: str, params: list | dict | None = None) -> pd.DataFrame:
        """A fixed SELECT written in the page module (never built from user input)."""
        return self.con.execute(sql, params or []).df()

    def name(self, text: object) -> object:
        """A name from the data as the page's language shows it (the sample's pinyin names in Chinese in zh)."""
        return to_chinese(text) if self.labels.lang == "zh" and isinstance(text, str) else text

    def region_names(self) -> dict[str, str]:
        """Every region's display name (also those the filter leaves out)."""
        return dict(zip(self.all_regions["region_id"], self.all_regions["region_name"], strict=True))

    @property
    def period(self) -> str | None:
        """The default period: the as-of month."""
        return self.periods[-1] if self.periods else None

    def _as_of(self) -> date | None:
        if not self.exists("build_params"):
            return None
        row = self.con.execute("SELECT max(as_of) FROM build_params").fetchone()
        return row[0] if row and row[0] else None

    def _regions(self) -> pd.DataFrame:
        """Every region of dim_region, "Unassigned" last, named as the notebooks name them."""
        names = region_names(self.con, self.lang)
        ids = sorted(names, key=lambda r: (r == UNKNOWN_REGION, r))
        return pd.DataFrame({"region_id": pd.Series(ids, dtype="str"),
                             "region_name": pd.Series([names[r] for r in ids], dtype="str")})

    def _with_activity(self, regions: pd.DataFrame) -> pd.DataFrame:
        """The regions the filter offers: all but "Unassigned" when nothing was sold there."""
        if not self.exists("mart_sales_region_month"):
            return regions
        active = self.con.execute("SELECT count(*) FROM mart_sales_region_month WHERE region_id = ?",
                                  [UNKNOWN_REGION]).fetchone()[0]
        return regions if active else regions[regions["region_id"] != UNKNOWN_REGION].reset_index(drop=True)

    def _periods(self) -> list[str]:
        if self.as_of is None:
            return []
        first = None
        if self.exists("dim_calendar"):
            first = self.con.execute("SELECT min(month_start) FROM dim_calendar").fetchone()[0]
        end = pd.Timestamp(self.as_of).to_period("M")
        start = max(end - (PERIOD_CHOICES - 1), pd.Timestamp(first).to_period("M") if first else end)
        return [str(p) for p in pd.period_range(start, end, freq="M")]
