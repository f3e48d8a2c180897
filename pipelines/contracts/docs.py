"""data/raw/README.md rendered from the contracts, so the docs can never drift from validation."""

from __future__ import annotations

from pipelines.contracts.model import Contract
from pipelines.contracts.sources import ALL_CONTRACTS

INTRO = """# Raw sources: what to put in data/raw

Generated from `pipelines/contracts/sources.py` by `salesops docs`; do not edit by hand.

Put each export in its own folder, `data/raw/<source>/`, as CSV (UTF-8 or GBK, header row) or Parquet.
Several files per source (daily or monthly drops) are unioned; a row delivered again in a later file
is recognised as a re-delivery and not counted twice. Only `sales_lines` is required; every other
source is optional and the pipeline builds whatever the delivered sources allow.

Rows that break a rule go to the `quarantine` table of the warehouse with file, row, column, value and
rule; the good rows still flow. When more than 1% of a source's rows are quarantined
(`SALESOPS_QUARANTINE_THRESHOLD`) the build stops before the marts and the last published warehouse
stays in place. Structural problems (unreadable file, missing required column) stop that source with a
message naming the file. Files under data/raw are only ever read.

Dates may be written 2025-03-31 or 2025/3/31; numbers may carry thousands separators; allowed values
are matched case-insensitively. `_ground_truth/` (written by the sample generator) is never loaded.
"""


def render_contract(contract: Contract) -> str:
    lines = [f"## {contract.name}", "", contract.description, ""]
    required = "**required source**" + (f" (unless {' or '.join(contract.required_unless)} is delivered)"
                                        if contract.required_unless else "")
    flags = [required if contract.required_source else "optional source",
             f"key: {', '.join(contract.key)}"]
    if contract.strict:
        flags.append("strict: unknown columns stop the source")
    lines += [" · ".join(flags), "",
              "| column | type | required | rule | example | meaning |",
              "|---|---|---|---|---|---|"]
    for col in contract.columns:
        lines.append(
            f"| `{col.name}` | {col.type} | {'yes' if col.required else 'no'} | {col.rule_text()} | "
            f"{col.example or '(empty)'} | {col.description} |"
        )
    for rule in contract.row_rules:
        lines.append(f"\nRow rule `{rule.name}`: {rule.message}.")
    return "\n".join(lines) + "\n"


def render_contracts_markdown() -> str:
    toc = "\n".join(f"- [{c.name}](#{c.name})" for c in ALL_CONTRACTS)
    return INTRO + "\n" + toc + "\n\n" + "\n".join(render_contract(c) for c in ALL_CONTRACTS)
