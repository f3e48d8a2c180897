"""Foot traffic: reserved for the foot-traffic issue. Until footfall_* marts hold rows the page shows
"no data"; once they do, a summary of what was loaded, for the footfall engineer to replace with figures."""

from __future__ import annotations

import pandas as pd

from pipelines.dashboards.context import PageContext
from pipelines.dashboards.sections import Column, Section, TableSection


def studies(ctx: PageContext) -> Section:
    tables = [t for t in ctx.tables_with_prefix("footfall_") if ctx.available(t)]
    counts = [int(ctx.sql(f'SELECT count(*) AS n FROM "{t}"')["n"].iloc[0]) for t in tables]
    L = ctx.labels
    return TableSection("", "", rows=pd.DataFrame({"table": tables, "rows": counts}),
                        columns=[Column("table", L("subject")), Column("rows", L("count"), "int")])


BUILDERS = {"footfall.studies": studies}
