"""What each warehouse table means, gathered from where it is defined (never written a second time here).

Today: the description of each dbt model (pipelines/dbt_project, from dbt's manifest), the metric and footfall table
registries, the raw-source contracts (stg_*) and the risk models. When the SQL models move to dbt, only
`_sql_model_descriptions` changes (read the dbt manifest / schema YAML instead of SQL comments).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import duckdb
import pandas as pd

# Bookkeeping tables the build writes itself (README, "Where outputs land").
BOOKKEEPING = {
    "build_params": "The as-of date every model filters on (setting, else the last invoice date).",
    "quarantine": "Rows rejected by a source contract, with file, row, column, value and rule.",
    "load_log": "What was loaded, skipped or stopped per raw source.",
    "raw_files": "What was read from each raw file (rows).",
    "raw_malformed_lines": "Lines of raw files that could not be parsed, with file and line number.",
    "raw_not_read": "Entries of the raw folders that were not read (other file types, sub-folders), and why.",
    "raw_columns": "Per raw file, the header and spreadsheet column letter each contract column was read from.",
    "corrections": "Rows replaced by a later delivery: both versions and the columns that changed.",
    "outliers": "Values kept but flagged for review (far outside the usual range).",
    "root_causes": "Rejected rows that other rows refer to, with the rows they took down with them.",
    "members_from_ids": "Customer, rep, product and region ids used without a row in their delivered master "
                        "export: kept as members named by their id, with the rows that use them.",
    "missing_inputs": "Columns a source came without: how the build handled them, what is not available, "
                      "and which export would add them.",
}
KINDS = (("stg_", "staging"), ("int_", "intermediate"), ("dim_", "dimension"), ("fct_", "fact"),
         ("mart_", "mart"), ("risk_", "risk"), ("footfall_", "footfall"))


@dataclass(frozen=True)
class TableDoc:
    description: str
    defined_in: str
    columns: dict[str, str] = field(default_factory=dict)  # column -> meaning, where the definition has it


def _sql_model_descriptions() -> dict[str, TableDoc]:
    from pipelines.dbt_layer.models import model_description, model_file, model_names

    return {name: TableDoc(model_description(name), model_file(name)) for name in model_names()}


def _metric_descriptions() -> dict[str, TableDoc]:
    from pipelines.metrics.tables import TABLE_DESCRIPTIONS

    return {t: TableDoc(d, "pipelines/metrics (docs/metrics.md)") for t, d in TABLE_DESCRIPTIONS.items()}


def _footfall_descriptions() -> dict[str, TableDoc]:
    from pipelines.footfall.tables import MARTS

    return {t: TableDoc(d, "pipelines/footfall (docs/footfall.md)", {c[0]: c[2] for c in cols})
            for t, (d, cols) in MARTS.items()}


def _contract_descriptions() -> dict[str, TableDoc]:
    from pipelines.contracts import ALL_CONTRACTS

    return {f"stg_{c.name}": TableDoc(c.description, f"pipelines/contracts/sources.py ({c.name})",
                                      {col.name: col.description for col in c.columns}) for c in ALL_CONTRACTS}


def _risk_descriptions() -> dict[str, TableDoc]:
    from pipelines.risk.run import EVALUATION_TABLE, all_models

    out = {}
    for m in all_models():
        where = f"pipelines/risk ({m.name}; docs/risk_models.md)"
        out[m.table] = TableDoc(f"{m.title}: probability that {m.predicts.replace('{horizon}', 'H')}, with risk "
                                "band and top three drivers.", where)
        out.update({rollup: TableDoc(f"{m.title} rolled up from {m.table}.", where) for rollup in m.empty_rollups()})
    from pipelines.risk import summary

    out[summary.SUMMARY_TABLE] = TableDoc(" ".join((summary.__doc__ or "").split("\n\n")[0].split()),
                                          "pipelines/risk/summary.py")
    out[EVALUATION_TABLE] = TableDoc("Backtest metrics per risk model, scorer and snapshot, and each model's "
                                     "status (scored, or skipped and why).", "pipelines/risk (docs/risk_models.md)")
    return out


@cache
def table_docs() -> dict[str, TableDoc]:
    docs = {t: TableDoc(d, "the build (README)") for t, d in BOOKKEEPING.items()}
    for part in (_contract_descriptions, _sql_model_descriptions, _metric_descriptions, _footfall_descriptions,
                 _risk_descriptions):
        docs.update(part())
    return docs


def kind_of(table: str) -> str:
    return next((kind for prefix, kind in KINDS if table.startswith(prefix)), "build")


def list_marts(con: duckdb.DuckDBPyConnection, kind: str | None = None) -> pd.DataFrame:
    """Every table in the warehouse: name, kind (mart, fact, dimension, intermediate, staging, risk,
    footfall, build), rows and what it holds. `kind` keeps one kind."""
    tables = con.execute(
        "SELECT table_name, estimated_size FROM duckdb_tables() "
        "WHERE schema_name = 'main' AND database_name = current_database() AND NOT temporary "
        "ORDER BY table_name").fetchall()
    docs = table_docs()
    frame = pd.DataFrame([{"table": t, "kind": kind_of(t), "rows": int(n or 0),
                           "description": docs[t].description if t in docs else "(no description recorded)"}
                          for t, n in tables], columns=["table", "kind", "rows", "description"])
    if kind is not None:
        kinds = {k for _p, k in KINDS} | {"build"}
        if kind not in kinds:
            raise ValueError(f"kind {kind!r} is not one of {', '.join(sorted(kinds))}")
        frame = frame[frame["kind"] == kind].reset_index(drop=True)
    return frame


@dataclass
class MartDescription:
    table: str
    description: str
    defined_in: str
    rows: int
    columns: pd.DataFrame  # column, type, meaning

    def _repr_html_(self) -> str:
        return (f"<p><b>{self.table}</b> ({self.rows:,} rows; defined in <code>{self.defined_in}</code>)</p>"
                f"<p>{self.description}</p>" + self.columns.to_html(index=False))

    def __repr__(self) -> str:
        return (f"{self.table} ({self.rows:,} rows; defined in {self.defined_in})\n{self.description}\n"
                + self.columns.to_string(index=False))


def describe_mart(con: duckdb.DuckDBPyConnection, table: str) -> MartDescription:
    """A table's meaning, where it is defined, its row count and its columns (type and meaning when known)."""
    cols = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' "
        "AND table_catalog = current_database() AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()
    if not cols:
        names = list_marts(con)["table"]
        close = [n for n in names if table.split("_")[-1] in n][:8]
        raise ValueError(f"no table {table!r} in the warehouse" + (f"; similar: {', '.join(close)}" if close else
                                                                     "; list_marts(con) shows every table"))
    doc = table_docs().get(table, TableDoc("(no description recorded)", "unknown"))
    rows = int(con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])  # name checked against the catalogue
    frame = pd.DataFrame([{"column": c, "type": t, "meaning": doc.columns.get(c, "")} for c, t in cols])
    return MartDescription(table, doc.description, doc.defined_in, rows, frame)
