"""The SQL that types a raw table and lists each row's contract violations.

Generated from the contract (our code), never from input data: column names come from the
contract and are quoted; values are only ever compared, not spliced into SQL.

Speed matters here (tens of millions of rows a night): every rule is first a plain boolean,
OR-ed into `_bad`; the list of problem structs and the raw record are only built for bad rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.contracts import Column, Contract
from pipelines.contracts.model import TYPE_HINTS
from pipelines.contracts.plausibility import VALUE_BOUND, DateWindow
from pipelines.ingest.value_formats import ColumnFormat, bool_sql, code_sql, date_sql, number_sql, timestamp_sql


@dataclass(frozen=True)
class Check:
    broken: str  # SQL that is true when the row breaks the rule (NULL means fine)
    column: str
    value_sql: str  # the value shown to the user
    rule: str

    def problem(self) -> str:
        return (f"CASE WHEN {self.broken} THEN {{'column': {_lit(self.column)}, "
                f"'value': {self.value_sql}, 'rule': {_lit(self.rule)}}} END")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def raw_name(column: str) -> str:
    return _q(column + "__raw")


def typed_expression(col: Column, fmt: ColumnFormat | None = None) -> str:
    """Cast the trimmed text to the contract type, accepting the spellings of ERP and Excel exports."""
    raw = raw_name(col.name)
    fmt = fmt or ColumnFormat()
    if col.type in ("decimal", "int"):
        # A whole number goes through DOUBLE too, so that "12.0" is accepted; the next layer rounds.
        return number_sql(raw, fmt.unit)
    if col.type == "date":
        return date_sql(raw, fmt.date_format)
    if col.type == "timestamp":
        return timestamp_sql(raw, fmt.date_format)
    if col.type == "bool":
        return bool_sql(raw, {k: v.lower() in ("true", "1", "yes") for k, v in fmt.codes.items()})
    if col.type == "time":
        return f"TRY_CAST({raw} AS TIME)"
    if col.allowed:
        return code_sql(raw, col.allowed, fmt.codes)
    return raw


def _whole_number(col: Column) -> str:
    typed = _q(col.name)
    return f"CASE WHEN {typed} = round({typed}) THEN TRY_CAST({typed} AS BIGINT) END"


def column_checks(col: Column, fk_found: str | None, window: DateWindow) -> list[Check]:
    """The checks of one column; fk_found names the column that is NULL when a reference is unknown."""
    raw, typed = raw_name(col.name), _q(col.name)
    checks = []
    if not col.nullable:
        checks.append(Check(f"{raw} IS NULL", col.name, "NULL", "must not be empty"))
    checks.append(Check(f"{raw} IS NOT NULL AND {typed} IS NULL", col.name, raw, "must be " + TYPE_HINTS[col.type]))
    if col.allowed:
        allowed = ", ".join(_lit(a) for a in col.allowed)
        checks.append(Check(f"{typed} NOT IN ({allowed})", col.name, raw,
                            "must be one of " + ", ".join(col.allowed)))
    if col.min_value is not None:
        op = "<=" if col.min_exclusive else "<"
        word = "greater than" if col.min_exclusive else "at least"
        checks.append(Check(f"{typed} {op} {col.min_value!r}", col.name, raw, f"must be {word} {col.min_value:g}"))
    if col.max_value is not None:
        checks.append(Check(f"{typed} > {col.max_value!r}", col.name, raw, f"must be at most {col.max_value:g}"))
    checks += plausibility_checks(col, window)
    if fk_found is not None:
        checks.append(Check(f"{typed} IS NOT NULL AND {fk_found} IS NULL", col.name, raw,
                            orphan_rule(col.references)))
    return checks


def plausibility_checks(col: Column, window: DateWindow) -> list[Check]:
    """Dates inside the window; numbers within what the warehouse computes with (NaN and infinity are not)."""
    raw, typed = raw_name(col.name), _q(col.name)
    if col.type in ("date", "timestamp"):
        low, high = window.bounds(col.date_kind)
        day = f"CAST({typed} AS DATE)"
        broken = f"{day} < DATE '{low.isoformat()}'" + (f" OR {day} > DATE '{high.isoformat()}'" if high else "")
        return [Check(broken, col.name, raw, window.rule(col.date_kind))]
    if col.type in ("int", "decimal") and not col.within_value_bound:
        return [Check(f"NOT (abs({typed}) <= {VALUE_BOUND!r})", col.name, raw,
                      f"must be at most {VALUE_BOUND:,.0f} either side of 0 (the largest value the warehouse "
                      "computes with; check the unit and the decimal point)")]
    return []


def orphan_rule(references: str) -> str:
    """The rule broken by a value missing from the source.column it references."""
    return "unknown " + references.replace(".", " ") + " (orphan reference)"


def contract_checks(contract: Contract, fk_found: dict[str, str], window: DateWindow) -> list[Check]:
    checks: list[Check] = []
    for col in contract.columns:
        checks.extend(column_checks(col, fk_found.get(col.name), window))
    for rule in contract.row_rules:
        first = rule.columns[0]
        checks.append(Check(f"NOT ({rule.predicate})", first, f"CAST({raw_name(first)} AS VARCHAR)", rule.message))
    return checks


def raw_record(contract: Contract) -> str:
    """The row as delivered (trimmed text), as JSON, for the quarantine table."""
    fields = ", ".join(f"{_q(c)}: {raw_name(c)}" for c in contract.column_names)
    return f"to_json({{{fields}}})::VARCHAR"


def _trimmed(text: str) -> str:
    """Surrounding spaces cut and an empty cell made NULL; trim itself only runs on the few cells that need it."""
    return (f"CASE WHEN {text} <> '' AND NOT starts_with({text}, ' ') AND NOT ends_with({text}, ' ') THEN {text} "
            f"ELSE nullif(trim({text}), '') END")


def checked_select(contract: Contract, raw_table: str, fk_tables: dict[str, str],
                   formats: dict[str, ColumnFormat] | None = None, derived_raw: dict[str, str] | None = None,
                   derived_typed: dict[str, str] | None = None,
                   window: DateWindow | None = None) -> str:
    """SELECT the typed columns, _source_file, _source_row, _bad, _problems and _raw_record of every raw row.

    fk_tables maps a column name to a table holding the referenced keys (column `k`, distinct);
    columns whose referenced source is absent are not checked. _problems and _raw_record are
    NULL for good rows. derived_raw / derived_typed replace columns the export lacks (see ingest.derive).
    """
    raw_cols = ", ".join(f"{_trimmed(_q(c))} AS {raw_name(c)}" for c in contract.column_names)
    formats = formats or {}
    typed_cols = ", ".join(f"{typed_expression(c, formats.get(c.name))} AS {_q(c.name)}" for c in contract.columns)
    joins, found_cols, fk_found = [], [], {}
    for i, col in enumerate(contract.columns):
        if col.name in fk_tables:
            alias = f"fk{i}"
            fk_found[col.name] = f"_found_{i}"
            found_cols.append(f"{alias}.k AS _found_{i}")
            joins.append(f"LEFT JOIN {_q(fk_tables[col.name])} {alias} ON {alias}.k = t.{_q(col.name)}")
    # Whole numbers: checked as DOUBLE above, then made BIGINT (NULL when not whole: a type problem).
    ints = [c for c in contract.columns if c.type == "int"]
    replace = f" REPLACE ({', '.join(_whole_number(c) + ' AS ' + _q(c.name) for c in ints)})" if ints else ""
    derived = ", ".join(f"{sql} AS {raw_name(c)}" for c, sql in (derived_raw or {}).items())
    typed_derived = ", ".join(f"{sql} AS {_q(c)}" for c, sql in (derived_typed or {}).items())
    checks = contract_checks(contract, fk_found, window or DateWindow())
    bad = " OR ".join(f"coalesce({c.broken}, false)" for c in checks) or "false"
    problems = "list_filter([" + ", ".join(c.problem() for c in checks) + "], lambda p: p IS NOT NULL)"
    typed_out = ", ".join(_q(c) for c in contract.column_names)
    return (
        f"WITH r0 AS (SELECT {raw_cols}, _source_file, _source_row FROM {_q(raw_table)}), "
        f"r AS (SELECT *{f' REPLACE ({derived})' if derived else ''} FROM r0), "
        f"t0 AS (SELECT *, {typed_cols} FROM r), "
        f"t1 AS (SELECT *{replace} FROM t0), "
        f"t AS (SELECT *{f' REPLACE ({typed_derived})' if typed_derived else ''} FROM t1), "
        f"j AS (SELECT t.*{''.join(', ' + f for f in found_cols)} FROM t {' '.join(joins)}), "
        f"b AS (SELECT *, ({bad}) AS _bad FROM j) "
        f"SELECT {typed_out}, _source_file, _source_row, _bad, "
        f"CASE WHEN _bad THEN {problems} END AS _problems, "
        f"CASE WHEN _bad THEN {raw_record(contract)} END AS _raw_record FROM b"
    )
