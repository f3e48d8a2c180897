"""`salesops check`: every source validated as the build would, nothing built or published.

Each source is read and staged into an in-memory DuckDB exactly like the build does (same readers,
same contract checks, same texts); the report groups the quarantined rows by rule with counts,
the first examples (file, row, column as Excel shows it, value) and the fix in words.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.contracts import ALL_CONTRACTS
from pipelines.ingest.errors import SourceError
from pipelines.ingest.ingest_source import ingest_source
from pipelines.ingest.messages import beside, fix_text, rule_text, words
from pipelines.ingest.raw_files import unaccounted_files
from pipelines.ingest.rule_groups import RuleGroup, rule_groups


@dataclass
class SourceCheck:
    source: str
    status: str  # ok | absent | stopped
    rows_in: int = 0
    rows_quarantined: int = 0
    share: float = 0.0
    message: str = ""
    message_zh: str = ""  # a stopped source's message in Chinese
    groups: list[RuleGroup] = field(default_factory=list)
    unaccounted: list[tuple[str, int, int]] = field(default_factory=list)

    def stops_build(self, limit: float) -> bool:
        return self.status == "stopped" or self.share > limit or bool(self.unaccounted)


def check_sources(raw_dir: Path, work_dir: Path | None = None) -> list[SourceCheck]:
    """Validate every source under raw_dir; the build folder for transcoded copies is a temporary one."""
    with tempfile.TemporaryDirectory(prefix="salesops-check-") as tmp:
        con = duckdb.connect(":memory:")
        try:
            return [_check(con, contract, raw_dir, work_dir or Path(tmp)) for contract in ALL_CONTRACTS]
        finally:
            con.close()


def _check(con: duckdb.DuckDBPyConnection, contract, raw_dir: Path, work_dir: Path) -> SourceCheck:
    try:
        report = ingest_source(con, contract, raw_dir, work_dir)
    except SourceError as exc:
        return SourceCheck(contract.name, "stopped", message=exc.message, message_zh=exc.message_in("zh"))
    stage = report.stage
    result = SourceCheck(contract.name, report.status, stage.rows_in, stage.rows_quarantined,
                         stage.quarantined_share, report.message)
    result.unaccounted = unaccounted_files(con, contract.name)
    result.groups = rule_groups(con, contract.name)
    return result


def render(checks: list[SourceCheck], limit: float, lang: str = "en") -> str:
    """The report as printed: one block per source, problems grouped by rule, the verdict last."""
    w = words(lang)
    out = []
    for check in checks:
        if check.status == "absent":
            out.append(f"{check.source}: {w['absent']}")
            continue
        if check.status == "stopped":
            out.append(f"{check.source}: {w['stopped']}\n  "
                       + beside(check.message, check.message_zh, lang).replace("\n", "\n  "))
            continue
        values = {"bad": check.rows_quarantined, "rows": check.rows_in, "share": check.share, "limit": limit}
        if check.share > limit:
            head = w["too_many"].format(**values)
        elif check.rows_quarantined:
            head = w["quarantined"].format(**values)
        else:
            head = f"{w['ok']} ({w['rows'].format(n=check.rows_in)})"
        out.append(f"{check.source}: {head}")
        out += [f"  {w['unaccounted'].format(file=f, rows=rows, gap=gap)}" for f, rows, gap in check.unaccounted]
        for group in check.groups:
            out.append(f"  [{group.column}] {rule_text(group.rule, lang)}: {w['rows'].format(n=group.count)}")
            for file, row, column, value in group.examples:
                row_text = f"第 {row} 行" if lang == "zh" else f"row {row}"
                out.append(f"    {file} {row_text}, {w['column']} {column}, {w['value']} '{value}'")
            if group.count > len(group.examples):
                out.append("    " + w["more"].format(n=group.count - len(group.examples)))
            out.append(f"    {w['fix']}: {fix_text(group.rule, lang)}")
        if check.message:
            out.append(f"  {check.message}")
    out.append(w["fail"] if any(c.stops_build(limit) for c in checks) else w["pass"])
    return "\n".join(out)
