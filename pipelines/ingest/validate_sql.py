"""The SQL that types a raw table and lists each row's contract violations.

Generated from the contract (our code), never from input data: column names come from the
contract and are quoted; values are only ever compared, not spliced into SQL.
"""

from __future__ import annotations

from pipelines.contracts import Column, Contract
from pipelines.contracts.model import TYPE_HINTS


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def typed_expression(col: Column) -> str:
    """Cast the trimmed text to the contract type, accepting common export spellings."""
    raw = f"{_q(col.name + '__raw')}"
    if col.type == "decimal":
        return f"TRY_CAST(replace({raw}, ',', '') AS DOUBLE)"
    if col.type == "int":
        return (f"CASE WHEN TRY_CAST(replace({raw}, ',', '') AS DOUBLE) = "
                f"round(TRY_CAST(replace({raw}, ',', '') AS DOUBLE)) "
                f"THEN TRY_CAST(TRY_CAST(replace({raw}, ',', '') AS DOUBLE) AS BIGINT) END")
    if col.type == "date":
        # Excel in China often writes 2024/3/5.
        return f"coalesce(TRY_CAST({raw} AS DATE), TRY_STRPTIME({raw}, '%Y/%m/%d')::DATE)"
    if col.type == "timestamp":
        return f"coalesce(TRY_CAST({raw} AS TIMESTAMP), TRY_STRPTIME({raw}, '%Y/%m/%d %H:%M:%S'))"
    if col.type == "bool":
        return (f"CASE lower({raw}) WHEN 'true' THEN true WHEN '1' THEN true WHEN 'yes' THEN true "
                f"WHEN 'false' THEN false WHEN '0' THEN false WHEN 'no' THEN false END")
    if col.type == "time":
        return f"TRY_CAST({raw} AS TIME)"
    if col.allowed:
        return f"lower({raw})"
    return raw


def _problem(col: str, value_sql: str, rule: str) -> str:
    return f"{{'column': {_lit(col)}, 'value': {value_sql}, 'rule': {_lit(rule)}}}"


def column_checks(col: Column, fk_alias: str | None) -> list[str]:
    """CASE expressions giving a problem struct, or NULL when the value is fine."""
    raw = _q(col.name + "__raw")
    typed = _q(col.name)
    checks = []
    if not col.nullable:
        checks.append(f"CASE WHEN {raw} IS NULL THEN {_problem(col.name, 'NULL', 'must not be empty')} END")
    checks.append(
        f"CASE WHEN {raw} IS NOT NULL AND {typed} IS NULL THEN "
        f"{_problem(col.name, raw, 'must be ' + TYPE_HINTS[col.type])} END"
    )
    if col.allowed:
        allowed = ", ".join(_lit(a) for a in col.allowed)
        checks.append(
            f"CASE WHEN {typed} IS NOT NULL AND {typed} NOT IN ({allowed}) THEN "
            f"{_problem(col.name, raw, 'must be one of ' + ', '.join(col.allowed))} END"
        )
    if col.min_value is not None:
        op = "<=" if col.min_exclusive else "<"
        word = "greater than" if col.min_exclusive else "at least"
        checks.append(
            f"CASE WHEN {typed} {op} {col.min_value!r} THEN "
            f"{_problem(col.name, raw, f'must be {word} {col.min_value:g}')} END"
        )
    if col.max_value is not None:
        checks.append(
            f"CASE WHEN {typed} > {col.max_value!r} THEN "
            f"{_problem(col.name, raw, f'must be at most {col.max_value:g}')} END"
        )
    if fk_alias is not None:
        checks.append(
            f"CASE WHEN {typed} IS NOT NULL AND {fk_alias}.found IS NULL THEN "
            f"{_problem(col.name, raw, 'unknown ' + col.references.replace('.', ' ') + ' (orphan reference)')} END"
        )
    return checks


def checked_select(contract: Contract, raw_table: str, fk_tables: dict[str, str]) -> str:
    """SELECT typed columns, the raw text and a list of problems for every raw row.

    fk_tables maps a column name to the table holding the referenced keys (column `k`);
    columns whose referenced source is absent are not checked.
    """
    raw_cols = ", ".join(
        f"nullif(trim({_q(c)}), '') AS {_q(c + '__raw')}" for c in contract.column_names
    )
    typed_cols = ", ".join(f"{typed_expression(c)} AS {_q(c.name)}" for c in contract.columns)
    joins, checks = [], []
    for i, col in enumerate(contract.columns):
        alias = None
        if col.name in fk_tables:
            alias = f"fk{i}"
            joins.append(
                f"LEFT JOIN (SELECT DISTINCT k, true AS found FROM {_q(fk_tables[col.name])}) {alias} "
                f"ON {alias}.k = t.{_q(col.name)}"
            )
        checks.extend(column_checks(col, alias))
    for rule in contract.row_rules:
        checks.append(
            f"CASE WHEN NOT coalesce(({rule.predicate}), true) THEN "
            f"{_problem(rule.columns[0], 'CAST(' + _q(rule.columns[0] + '__raw') + ' AS VARCHAR)', rule.message)} END"
        )
    problems = "list_filter([" + ", ".join(checks) + "], lambda p: p IS NOT NULL)"
    return (
        f"WITH r AS (SELECT {raw_cols}, _source_file, _source_row FROM {_q(raw_table)}), "
        f"t AS (SELECT *, {typed_cols} FROM r) "
        f"SELECT t.*, {problems} AS _problems FROM t {' '.join(joins)}"
    )
