"""data/raw/README.md rendered from the contracts, so the docs can never drift from validation."""

from __future__ import annotations

from pipelines.contracts.minimum import NEEDED_BY, WHEN_ABSENT, minimum_columns
from pipelines.contracts.model import Contract
from pipelines.contracts.sources import ALL_CONTRACTS
from pipelines.contracts.synonyms import column_names_for, value_codes_for

INTRO = """# Raw sources: what to put in data/raw

Generated from `pipelines/contracts/sources.py` by `salesops docs`; do not edit by hand.

Put each export in its own folder, `data/raw/<source>/`, as it came out of the ERP or Excel: CSV or text
(UTF-8, UTF-8 with BOM, GBK/GB18030, or Excel's UTF-16 "Unicode text"; comma- or tab-separated), Excel
workbooks (.xlsx, .xlsm, .xls; every sheet whose header holds the source's columns is read) or Parquet.
Title rows above the header, blank rows in a workbook and a trailing total row (合计/总计/小计/Total) are
skipped; the total is checked against the rows above it and a mismatch is a warning in `load_log`.
Several files per source (daily or monthly drops) are unioned in delivery order (modification time,
then name): a row delivered again unchanged is a re-delivery and not counted twice; a row whose key
comes again with other values in a later delivery replaces the earlier one (both kept in `corrections`).
Every row of every file is accounted for in `raw_files`; files in the folder that are not read are
named in the build summary. Only `sales_lines` is required; every other
source is optional and the pipeline builds whatever the delivered sources allow.

Rows that break a rule go to the `quarantine` table of the warehouse with file, row, column, value and
rule; the good rows still flow. When more than 1% of a source's rows are quarantined
(`SALESOPS_QUARANTINE_THRESHOLD`) the build stops before the marts and the last published warehouse
stays in place. Structural problems (unreadable file, missing required column) stop that source with a
message naming the file. Files under data/raw are only ever read.

Headers are matched to columns by the names listed under each column (Chinese and English ERP names),
after trimming and folding case and full-width letters; `data/raw/<source>/mapping.yaml` adds your own
(header -> column, codes, units such as 万元, date formats, sheet, header row; `salesops map FILE --source
NAME` proposes one). Dates may be written 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日, 20260305 or as Excel
serial numbers; numbers may carry thousands separators, ￥/¥/RMB/元, full-width digits, accounting
negatives (1,234.50), percentages (6%) and 万/亿; coded values are matched case-insensitively and in their
Chinese ERP spellings listed below. Rows and columns in messages are those Excel shows (row 1 = the
sheet's first row). `_ground_truth/` (written by the sample generator) is never loaded.
"""


def render_contract(contract: Contract) -> str:
    lines = [f"## {contract.name}", "", contract.description, ""]
    required = "**required source**" + (f" (unless {' or '.join(contract.required_unless)} is delivered)"
                                        if contract.required_unless else "")
    flags = [required if contract.required_source else "optional source",
             f"key: {', '.join(contract.key)}"]
    if contract.strict:
        flags.append("strict: unknown columns stop the source")
    lines += [" · ".join(flags), "", f"Minimum export: {', '.join(minimum_columns(contract))}.", ""]
    absent = [(c, WHEN_ABSENT[(contract.name, c)]) for c in contract.column_names if (contract.name, c) in WHEN_ABSENT]
    if absent:
        lines += ["Without a column (missing from every file): " + "; ".join(
            f"`{c}`: {how} (not available: {lost})" for c, (how, lost, _how_zh, _lost_zh) in absent) + ".", ""]
    if contract.name in NEEDED_BY:
        lines += [f"Without this source: {NEEDED_BY[contract.name][0]} cannot be shown (table `missing_inputs` "
                  "says so).", ""]
    lines += [
              "| column | type | required | rule | example | meaning | header names accepted |",
              "|---|---|---|---|---|---|---|"]
    for col in contract.columns:
        names = ", ".join(column_names_for(contract.name, col.name)[1:])
        codes = value_codes_for(col.name) if col.allowed else {}
        rule = col.rule_text() + ("; also " + ", ".join(f"{k} = {v}" for k, v in codes.items()) if codes else "")
        lines.append(
            f"| `{col.name}` | {col.type} | {'yes' if col.required else 'no'} | {rule} | "
            f"{col.example or '(empty)'} | {col.description} | {names} |"
        )
    for rule in contract.row_rules:
        lines.append(f"\nRow rule `{rule.name}`: {rule.message}.")
    return "\n".join(lines) + "\n"


def render_contracts_markdown() -> str:
    toc = "\n".join(f"- [{c.name}](#{c.name})" for c in ALL_CONTRACTS)
    return INTRO + "\n" + toc + "\n\n" + "\n".join(render_contract(c) for c in ALL_CONTRACTS)
