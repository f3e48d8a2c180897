"""Which dbt models would run unchanged on another dbt adapter (Spark, Trino), and what holds the rest back.

A reading aid for docs/scaling.md (its model table is this module's output; a test keeps them equal): each
model's SQL is searched for spellings that only DuckDB (among the three) understands the way we use them.
dbt's cross-database macros (dbt.datediff, dbt.dateadd, dbt.last_day, dbt.any_value, month_start) compile
to each adapter's own spelling and do not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.dbt_layer.models import model_file, model_names
from pipelines.dbt_layer.project import DBT_PROJECT_DIR, manifest


@dataclass(frozen=True)
class Construct:
    label: str
    pattern: str
    spark: bool  # Spark SQL 3.5 accepts it as written
    trino: bool  # Trino accepts it as written


CONSTRUCTS = (
    Construct("GROUP BY ALL", r"\bGROUP BY ALL\b", True, False),  # Spark since 3.4 (SPARK-41635)
    Construct("SELECT * EXCLUDE", r"\bEXCLUDE\s*\(", False, False),
    Construct("to_days / to_months intervals", r"\bto_(days|months)\(", False, False),
    Construct("range() / generate_series() rows", r"\b(range|generate_series)\(", False, False),
    Construct("isodow()", r"\bisodow\(", False, False),
    Construct("raw date_diff()", r"(?<!\.)\bdate_diff\(", False, True),
    Construct("raw last_day()", r"(?<![.\"])\blast_day\(", True, False),
    Construct("raw date_trunc()", r"(?<!\.)\bdate_trunc\(", True, True),
    Construct("raw any_value()", r"(?<!\.)\bany_value\(", True, False),
    Construct("median()", r"\bmedian\(", True, False),
    Construct("WITH RECURSIVE", r"\bWITH RECURSIVE\b", False, True),
    Construct("ASOF JOIN", r"\bASOF\b", False, False),
    Construct("strftime() / make_date()", r"\b(strftime|make_date)\(", False, False),
    Construct("unquoted INTERVAL literals", r"\bINTERVAL\s+\d", True, False),
    Construct("UNPIVOT ... ON ... INTO NAME", r"\bINTO\s+NAME\b", False, False),  # Spark spells it FOR ... IN
)


def blockers(sql: str) -> list[Construct]:
    code = re.sub(r"--[^\n]*", "", sql)
    return [c for c in CONSTRUCTS if re.search(c.pattern, code, re.IGNORECASE)]


def model_table_markdown() -> str:
    """One row per model: runs unchanged on Spark / on Trino, and the constructs in the way."""
    lines = ["| model | Spark | Trino | in the way |", "|---|---|---|---|"]
    for name in model_names():
        sql = (DBT_PROJECT_DIR.parent.parent / model_file(name)).read_text(encoding="utf-8")
        found = blockers(sql + _project_macros_sql(name))
        spark = "yes" if all(c.spark for c in found) else "no"
        trino = "yes" if all(c.trino for c in found) else "no"
        lines.append(f"| {name} | {spark} | {trino} | {', '.join(c.label for c in found) or '-'} |")
    return "\n".join(lines) + "\n"


def _project_macros_sql(name: str) -> str:
    """The text of this project's macros a model calls (e.g. collection_kpis): what they write is in the model."""
    m = manifest()
    node = next(n for n in m["nodes"].values() if n["resource_type"] == "model" and n["name"] == name)
    return "\n".join(m["macros"][u]["macro_sql"] for u in node["depends_on"]["macros"]
                     if u.startswith("macro.salesops.") and u in m["macros"])


if __name__ == "__main__":
    print(model_table_markdown(), end="")
