"""Value spellings of ERP and Excel exports, turned into contract types in SQL (vectorised, no per-row Python).

Each expression tries the plain cast first; DuckDB evaluates the later alternatives of a coalesce only
for the rows the first left NULL, so clean data pays almost nothing. What no alternative reads stays
NULL and is quarantined with the rule and the expected form.

Accepted: dates 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日, 20260305 and Excel serial numbers;
numbers with thousands separators, ￥/¥/RMB/元, full-width digits, accounting negatives (1,234.50) and
SAP's trailing minus 1,234.50-, percentages 6%, and 万/亿 suffixes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FULL_WIDTH = "０１２３４５６７８９．，－＋（）％　"
HALF_WIDTH = "0123456789.,-+()% "
DATE_FORMATS = ("%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y-%m-%d")
TIMESTAMP_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M", "%Y年%m月%d日 %H:%M:%S",
                     "%Y年%m月%d日 %H:%M", "%Y.%m.%d %H:%M:%S")
EXCEL_EPOCH = "DATE '1899-12-30'"  # Excel's day 0 in the 1900 date system (after its 1900 leap-year bug)


@dataclass(frozen=True)
class ColumnFormat:
    """How one source writes one column, from its mapping.yaml (units, codes, date format)."""

    unit: float = 1.0
    date_format: str | None = None
    codes: dict[str, str] = field(default_factory=dict)  # folded spelling -> contract value


def lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _formats(formats: tuple[str, ...]) -> str:
    return "[" + ", ".join(lit(f) for f in formats) + "]"


def cleaned_number_text(raw: str) -> str:
    """Full-width folded; currency signs, spaces and thousands separators cut."""
    return (f"regexp_replace(translate({raw}, {lit(FULL_WIDTH)}, {lit(HALF_WIDTH)}), "
            r"'[\s,￥¥$元]|RMB|CNY|人民币', '', 'gi')")


def number_sql(raw: str, unit: float = 1.0) -> str:
    """DOUBLE from an export's number text, times the column's unit (万元 -> 10000)."""
    # The cleaned text is bound once through a lambda: written out three times, DuckDB would compute it for
    # every row ahead of the coalesce (common subexpressions are hoisted), not only for the rows the cast missed.
    sign = "CASE WHEN (starts_with(s, '(') AND ends_with(s, ')')) OR ends_with(s, '-') THEN -1 ELSE 1 END"
    scale = ("CASE WHEN ends_with(s, '%') THEN 0.01 WHEN ends_with(s, '万') THEN 1e4 "
             "WHEN ends_with(s, '亿') THEN 1e8 ELSE 1 END")
    digits = "TRY_CAST(regexp_replace(s, '^\\((.*)\\)$|^(.*)-$|[%万亿]$', '\\1\\2') AS DOUBLE)"
    slow = f"list_transform([{cleaned_number_text(raw)}], lambda s: {sign} * {digits} * {scale})[1]"
    value = f"coalesce(TRY_CAST({raw} AS DOUBLE), {slow})"
    return value if unit == 1 else f"({value} * {unit!r})"


def _excel_serial_date(raw: str) -> str:
    # Serials 10000..99999 are 1927..2173; an 8-digit 20260305 is a date written without separators.
    return (f"CASE WHEN regexp_full_match({raw}, '[1-9][0-9]{{4}}(\\.[0-9]+)?') "
            f"THEN {EXCEL_EPOCH} + CAST(floor(CAST({raw} AS DOUBLE)) AS INTEGER) END")


def date_sql(raw: str, user_format: str | None = None) -> str:
    alternatives = [f"TRY_CAST({raw} AS DATE)"]
    if user_format:
        alternatives.append(f"TRY_STRPTIME({raw}, {lit(user_format)})::DATE")
    alternatives += [
        f"TRY_STRPTIME({raw}, {_formats(DATE_FORMATS)})::DATE",
        f"CASE WHEN regexp_full_match({raw}, '[0-9]{{8}}') THEN TRY_STRPTIME({raw}, '%Y%m%d')::DATE END",
        _excel_serial_date(raw),
        f"TRY_CAST(TRY_STRPTIME({raw}, {_formats(TIMESTAMP_FORMATS)}) AS DATE)",
    ]
    return "coalesce(" + ", ".join(alternatives) + ")"


def timestamp_sql(raw: str, user_format: str | None = None) -> str:
    alternatives = [f"TRY_CAST({raw} AS TIMESTAMP)"]
    if user_format:
        alternatives.append(f"TRY_STRPTIME({raw}, {lit(user_format)})")
    serial = (f"CASE WHEN regexp_full_match({raw}, '[1-9][0-9]{{4}}\\.[0-9]+') THEN "
              f"CAST({EXCEL_EPOCH} AS TIMESTAMP) + to_microseconds(CAST(round(CAST({raw} AS DOUBLE) * 86400e6) "
              f"AS BIGINT)) END")
    alternatives += [f"TRY_STRPTIME({raw}, {_formats(TIMESTAMP_FORMATS)})", serial]
    return "coalesce(" + ", ".join(alternatives) + ")"


def bool_sql(raw: str, codes: dict[str, bool]) -> str:
    spelled = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False, **codes}
    whens = " ".join(f"WHEN {lit(k)} THEN {'true' if v else 'false'}" for k, v in spelled.items())
    return f"CASE lower({raw}) {whens} END"


def code_sql(raw: str, allowed: tuple[str, ...], codes: dict[str, str]) -> str:
    """The contract value of a coded column: as written when allowed (any case), else translated."""
    if not codes:
        return f"lower({raw})"
    whens = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in codes.items())
    allowed_list = ", ".join(lit(a) for a in allowed)
    return (f"CASE WHEN lower({raw}) IN ({allowed_list}) THEN lower({raw}) "
            f"ELSE coalesce(CASE lower({raw}) {whens} END, lower({raw})) END")
