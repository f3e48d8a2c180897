"""Region colours and names as every dashboard page shows them (colour rule: pipelines.dashboards.theme)."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.dashboards.labels import Labels
from pipelines.dashboards.names_zh import to_chinese
from pipelines.dashboards.theme import UNKNOWN_REGION
from pipelines.dashboards.theme import region_colours as _palette
from pipelines.warehouse.connection import table_exists


def _region_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    if not table_exists(con, "dim_region"):
        return []
    return con.execute("SELECT region_id, region_name FROM dim_region ORDER BY region_id").fetchall()


def region_colours(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """region_id -> colour, the same on every page and notebook (the sorted list of all regions indexes it)."""
    return _palette(r for r, _n in _region_rows(con))


def region_names(con: duckdb.DuckDBPyConnection, lang: str = "en") -> dict[str, str]:
    """region_id -> display name as the dashboards show it: the "unassigned" region named in the language, and in
    Chinese a bilingual name's Chinese half ("East China / 华东" -> 华东)."""
    names = {r: to_chinese(n) if lang == "zh" and isinstance(n, str) else n for r, n in _region_rows(con)}
    if UNKNOWN_REGION in names:
        names[UNKNOWN_REGION] = Labels(lang)("region_unknown")
    return names


def with_region_names(df: pd.DataFrame, con: duckdb.DuckDBPyConnection, lang: str = "en",
                      col: str = "region_id") -> pd.DataFrame:
    """The frame with a region_name column next to its region ids (ids without a name keep the id)."""
    names = region_names(con, lang)
    return df.assign(region_name=df[col].map(lambda r: names.get(r, r)))


def label(key: str, lang: str = "en", **fields: object) -> str:
    """A dashboard label (e.g. "sales", "collections.dso_trend") in the language."""
    return Labels(lang)(key, **fields)
