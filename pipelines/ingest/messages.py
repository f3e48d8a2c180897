"""The words of a check or build report in English and Chinese: rule names and the fix for each rule.

Rules are stored in English in the quarantine table (one spelling to group and query by); these
functions give the reader's language when the report is printed.
"""

from __future__ import annotations

import re

LANGS = ("en", "zh")

# (pattern on the English rule, Chinese rule, fix in English, fix in Chinese); the first match wins.
_RULES: tuple[tuple[str, str, str, str], ...] = (
    (r"must not be empty", "不能为空",
     "Fill in the cell, or leave the row out of the export",
     "填写该单元格，或从导出中去掉这一行"),
    (r"must be a date like (.*)", r"须为日期，如 \1",
     "Write dates as 2026-03-05 (2026/3/5, 2026.3.5, 2026年3月5日 and 20260305 are read too); for another "
     "order (day first) set date_formats in the source's mapping.yaml",
     "日期请写成 2026-03-05（也可写 2026/3/5、2026.3.5、2026年3月5日、20260305）；其他顺序（如日在前）请在该来源的 "
     "mapping.yaml 中设置 date_formats"),
    (r"must be a date-time like (.*)", r"须为日期时间，如 \1",
     "Write date-times as 2026-03-05 08:45:00", "日期时间请写成 2026-03-05 08:45:00"),
    (r"must be (a whole number|a number like .*)", r"须为数字",
     "Write a plain number; 1,234.50, ￥/¥/RMB/元, (1,234.50), 6% and 万/亿 are read too; for amounts in 万元 set "
     "units in mapping.yaml",
     "请写数字；1,234.50、￥/¥/RMB/元、(1,234.50)、6%、万/亿 也能识别；金额以万元计时请在 mapping.yaml 中设置 units"),
    (r"must be one of (.*)", r"须为以下之一：\1",
     "Use one of the listed values, or translate your own code under codes: in the source's mapping.yaml",
     "请使用列出的取值之一，或在该来源的 mapping.yaml 的 codes 中把自己的编码对应过去"),
    (r"must be (at least|greater than) (.*)", r"须不小于 \2",
     "Check the value: it is below what the contract allows (returns go to the returns export)",
     "请检查该值：低于允许的下限（退货请放在退货导出中）"),
    (r"must be at most (.*)", r"须不大于 \1",
     "Check the value: it is above what the contract allows", "请检查该值：高于允许的上限"),
    (r"unknown (\S+) (\S+) \(orphan reference\)", r"在 \1 中找不到该 \2（孤立引用）",
     "Add the id to the master export it refers to, or correct the id in this row",
     "请把该编码补进所引用的主数据导出，或更正本行中的编码"),
    (r"duplicate key.*", "主键重复",
     "Keep one row per key: remove the repeated row or give it its own number",
     "每个主键只保留一行：删去重复行或为其编号"),
    (r"malformed line.*|QUOTE NOT CLOSED.*|TEXT AFTER CLOSING QUOTE.*", "无法解析的行",
     "Re-export the file: the line does not split into the header's columns (look for a stray quote)",
     "请重新导出该文件：这一行无法按表头分列（检查是否有多余的引号）"),
    (r"amount must equal (.*)", r"金额须等于 \1",
     "Check qty, unit_price, discount_pct and amount of the row; leave out the columns you do not have",
     "请检查该行的数量、单价、折扣率和金额；没有的列可以不提供"),
)


# Structural problems that stop a source (ingest/errors.py), rule or hint: (pattern on the English, Chinese).
_STOPS: tuple[tuple[str, str], ...] = (
    (r"no CSV, text, Excel or Parquet file found; found only (.*), which are not read; this source is required",
     r"没有找到 CSV、文本、Excel 或 Parquet 文件（只有 \1，这些文件不会被读取）；该来源为必需"),
    (r"no CSV, text, Excel or Parquet file found; this source is required",
     "没有找到 CSV、文本、Excel 或 Parquet 文件；该来源为必需"),
    (r"Put your sales-line exports in (\S+); a project without sales needs files in (.*) instead \(see (.*)\)",
     r"请把销售明细导出放入 \1；没有销售数据的项目请把文件放入 \2（见 \3）"),
    (r"Put your sales-line exports in (\S+) \(see (.*)\)", r"请把销售明细导出放入 \1（见 \2）"),
    (r"required column is missing from the header", "表头中缺少必需的列"),
    (r"Found columns: (.*)\. Name the column in the header, or map it in (\S+) \(salesops map FILE --source (\S+) "
     r"proposes one\)",
     r"表头中的列：\1。请在表头中写出该列，或在 \2 中映射（salesops map 文件 --source \3 可生成建议）"),
    (r"the file is empty \(0 bytes\)", "文件为空（0 字节）"),
    (r"Re-export it, or remove it if it was delivered by mistake", "请重新导出，或删除误放的文件"),
    (r"the file is neither UTF-8, UTF-16 nor GBK text", "文件既不是 UTF-8、UTF-16 也不是 GBK 文本"),
    (r"Save it from Excel as 'CSV UTF-8 \(comma delimited\)'", "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”"),
    (r"column is not in the contract", "该列不在数据约定中"),
    (r"Allowed columns: (.*)", r"允许的列：\1"),
    (r"the header names this column twice \(columns (.*)\)", r"表头中该列出现了两次（\1 列）"),
    (r"Delete or rename one of the two columns", "请删除或重命名其中一列"),
    (r"the file cannot be read \((.*)\)", r"无法读取该文件（\1）"),
    (r"Check that it is a CSV, text, Excel or Parquet file with a header row",
     "请确认它是带表头行的 CSV、文本、Excel 或 Parquet 文件"),
)


def stop_text(text: str, lang: str = "en") -> str:
    """A structural problem's rule or hint in the reader's language (English when there is no translation)."""
    if lang == "zh":
        for pattern, zh in _STOPS:
            match = re.fullmatch(pattern, text)
            if match:
                return match.expand(zh)
    return text


def problem_text(file: str, row: int, column: str | None, value: str | None, rule: str, lang: str = "en") -> str:
    """One quarantined problem: file, row, column as the user sees it, value and rule."""
    if lang == "zh":
        where = f"{file} 第 {row} 行" + (f"，{column} 列，值 '{value or ''}'" if column else "")
        return f"{where}：{rule_text(rule, 'zh')}"
    where = f"{file} row {row}" + (f", column {column}, value '{value or ''}'" if column else "")
    return f"{where}: {rule}"


def beside(en: str, zh: str, lang: str) -> str:
    """English alone, or for a Chinese reader the Chinese with the English beside it (the next line)."""
    return f"{zh}\n  {en}" if lang == "zh" else en


def rule_text(rule: str, lang: str = "en") -> str:
    if lang != "zh":
        return rule
    for pattern, zh, _fix_en, _fix_zh in _RULES:
        match = re.fullmatch(pattern, rule)
        if match:
            return match.expand(zh)
    return rule


def fix_text(rule: str, lang: str = "en") -> str:
    for pattern, _zh, fix_en, fix_zh in _RULES:
        if re.fullmatch(pattern, rule):
            return fix_zh if lang == "zh" else fix_en
    return "按规则更正该值" if lang == "zh" else "Correct the value so that it follows the rule"


WORDS = {
    "en": {"ok": "ok", "absent": "no files (optional source; marts that need it are built empty)",
           "stopped": "STOPS THE BUILD", "too_many": "STOPS THE BUILD: {bad:,} of {rows:,} rows ({share:.2%}) "
           "would be quarantined; the limit is {limit:.2%}", "quarantined": "{bad:,} of {rows:,} rows ({share:.2%}) "
           "would be quarantined (below the {limit:.2%} limit)", "rows": "{n:,} rows", "fix": "fix",
           "row": "row", "column": "column", "value": "value", "pass": "A build would pass.",
           "fail": "A build would stop: fix the sources marked above and run `salesops check` again.",
           "unaccounted": "STOPS THE BUILD: {file}: {gap:+,} of {rows:,} rows not accounted for",
           "more": "... and {n:,} more"},
    "zh": {"ok": "正常", "absent": "无文件（可选来源；依赖它的报表为空）", "stopped": "会使构建停止",
           "too_many": "会使构建停止：{rows:,} 行中有 {bad:,} 行（{share:.2%}）将被隔离，上限为 {limit:.2%}",
           "quarantined": "{rows:,} 行中有 {bad:,} 行（{share:.2%}）将被隔离（低于上限 {limit:.2%}）",
           "rows": "{n:,} 行", "fix": "改法", "row": "第", "column": "列", "value": "值",
           "pass": "构建可以通过。", "fail": "构建会停止：请修正上面标出的来源后再运行 `salesops check`。",
           "unaccounted": "会使构建停止：{file}：{rows:,} 行中有 {gap:+,} 行对不上", "more": "……另有 {n:,} 条"},
}


def words(lang: str) -> dict[str, str]:
    return WORDS["zh" if lang == "zh" else "en"]
