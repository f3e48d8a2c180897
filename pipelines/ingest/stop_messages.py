"""Why a source's rows stop the build, as the build prints it: root causes first, then the source's own worst problem.

The text is the quarantine check's description, which the build lists when it stops. For a Chinese reader
(SALESOPS_LANG=zh or `--lang zh`) each line comes in Chinese with the English beside it, so the ERP user and the
on-call engineer read the same message; the words are those of `salesops check` (ingest/messages.py).
"""

from __future__ import annotations

import duckdb

from pipelines.ingest.messages import beside, fix_text, problem_text
from pipelines.ingest.root_causes import REJECTED_REFERENCE, root_cause_lines
from pipelines.ingest.rule_groups import rule_groups
from pipelines.ingest.stage import StageReport


def quarantine_verdict(con: duckdb.DuckDBPyConnection, stage: StageReport, threshold: float,
                       lang: str = "en") -> str:
    """The share quarantined against the threshold, with what to fix first."""
    source, share = stage.source, stage.quarantined_share
    en = (f"{stage.rows_quarantined} of {stage.rows_new} rows of {source} quarantined "
          f"({share:.2%}; threshold {threshold:.2%})")
    zh = f"{source} 的 {stage.rows_new} 行中有 {stage.rows_quarantined} 行被隔离（{share:.2%}，上限 {threshold:.2%}）"
    if stage.rows_redelivered:
        en += f", not counting {stage.rows_redelivered} rows re-delivered unchanged"
        zh += f"，不含原样重复发送的 {stage.rows_redelivered} 行"
    own = rule_groups(con, source, 1, leave_out_prefix=REJECTED_REFERENCE) if share > threshold else []
    if own:  # rows that only refer to a rejected row are told by their root cause line
        worst = own[0]
        first = worst.examples[0]
        en += (f"; most frequent problem ({worst.count} rows), first at {problem_text(*first, worst.rule)}"
               f"; fix: {fix_text(worst.rule)}")
        zh += (f"；最常见的问题（{worst.count} 行），第一处：{problem_text(*first, worst.rule, 'zh')}"
               f"；改法：{fix_text(worst.rule, 'zh')}")
    en += "; see the quarantine table for file, row, column, value and rule"
    zh += "；每一行的文件、行号、列、值和规则见隔离报告（quarantine）"
    roots = root_cause_lines(con, source, lang)
    if lang == "zh":
        return "\n".join([*roots, beside(en, zh, lang)])
    return "".join(f"{line}. " for line in roots) + en
