"""The message of a build stopped by bad input, for a Chinese ERP user: Chinese beside the English, root cause first."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import settings_in
from tiny_company import ROWS, write_source, write_tiny_company

from pipelines.build_outcome import EXIT_FAILED, render_outcome
from pipelines.cli import main
from pipelines.contracts import CONTRACTS
from pipelines.ingest.check import check_sources, render
from pipelines.ingest.errors import SourceError
from pipelines.ingest.ingest_source import ingest_source
from pipelines.orchestration.run_build import run_nightly_job

CUSTOMER_TYPES = "distributor, agent, terminal, hospital, retailer, corporate"


def test_a_missing_column_is_told_in_chinese(tmp_path: Path) -> None:
    folder = tmp_path / "raw" / "sales_lines"
    folder.mkdir(parents=True)
    (folder / "销售.csv").write_text("单据日期,客户编码\n2026-03-05,C1\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        ingest_source(duckdb.connect(), CONTRACTS["sales_lines"], tmp_path / "raw", tmp_path / "build")
    assert info.value.message_in("zh") == (
        "来源 'sales_lines'，文件 sales_lines/销售.csv，第 1 行，列 'amount'：表头中缺少必需的列。"
        "表头中的列：单据日期, 客户编码。请在表头中写出该列，或在 sales_lines/mapping.yaml 中映射"
        "（salesops map 文件 --source sales_lines 可生成建议）")
    assert info.value.message_in("en") == info.value.message and info.value.message.startswith(
        "source 'sales_lines', file sales_lines/销售.csv, row 1, column 'amount': required column is missing")
    # `salesops check --lang zh` says the same, with the English beside it.
    report = render(check_sources(tmp_path / "raw", tmp_path / "check"), 0.01, "zh").splitlines()
    at = report.index("sales_lines: 会使构建停止")
    assert report[at + 1] == "  " + info.value.message_in("zh") and report[at + 2] == "    " + info.value.message


def test_a_rejected_customer_stops_the_build_with_its_root_cause_in_chinese_beside_english(tmp_path: Path) -> None:
    raw = write_tiny_company(tmp_path / "raw")
    customers = [dict(r) for r in ROWS["customers"]]
    customers[0]["customer_type"] = "太空站"  # C1 rejected; its three sales lines refer to it
    write_source(raw, "customers", customers)
    settings = settings_in(tmp_path, raw, lang="zh")
    outcome = run_nightly_job(settings)
    assert outcome.exit_code == EXIT_FAILED
    lines = render_outcome(outcome, settings).splitlines()
    assert lines[0].startswith("构建失败（用时 ") and lines[0].endswith("原因如下，根本原因在前：")
    assert lines[1].startswith("  BUILD FAILED after ")
    # The master row's own problem comes first, with where it is, the fix, and the English beside it.
    customers_at = next(i for i, line in enumerate(lines) if "stg_customers.quarantined_share" in line)
    assert lines[customers_at].endswith(
        "customers 的 4 行中有 1 行被隔离（25.00%，上限 1.00%）；最常见的问题（1 行），第一处："
        f"customers/customers.csv 第 2 行，customer_type (C) 列，值 '太空站'：须为以下之一：{CUSTOMER_TYPES}；"
        "改法：请使用列出的取值之一，或在该来源的 mapping.yaml 的 codes 中把自己的编码对应过去；"
        "每一行的文件、行号、列、值和规则见隔离报告（quarantine）")
    assert lines[customers_at + 1] == (
        "      1 of 4 rows of customers quarantined (25.00%; threshold 1.00%); most frequent problem (1 rows), "
        "first at customers/customers.csv row 2, column customer_type (C), value '太空站': must be one of "
        f"{CUSTOMER_TYPES}; fix: Use one of the listed values, or translate your own code under codes: in the "
        "source's mapping.yaml; see the quarantine table for file, row, column, value and rule")
    # The sales lines are told under that root cause, not as orphans blamed on the sales file.
    sales_at = next(i for i, line in enumerate(lines) if "stg_sales_lines.quarantined_share" in line)
    assert customers_at < sales_at
    assert lines[sales_at].endswith(
        "根本原因：customers 中 customer_id 为 C1 的行被拒收：customers/customers.csv 第 2 行，"
        f"customer_type (C) 列，值 '太空站'：须为以下之一：{CUSTOMER_TYPES}；"
        "引用它的有 sales_lines 3 行（customer_id 列）。"
        "改法：请使用列出的取值之一，或在该来源的 mapping.yaml 的 codes 中把自己的编码对应过去")
    assert lines[sales_at + 1].startswith(
        "      ROOT CAUSE customers customer_id C1 was rejected: customers/customers.csv row 2, column "
        "customer_type (C): value '太空站' breaks rule: must be one of ")
    assert lines[sales_at + 2] == ("    sales_lines 的 5 行中有 3 行被隔离（60.00%，上限 1.00%）；"
                                   "每一行的文件、行号、列、值和规则见隔离报告（quarantine）")
    assert any(line.startswith("本次构建有 ") and "quarantine.xlsx" in line for line in lines)


def test_build_lang_zh_puts_a_stopped_source_in_chinese_beside_english(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = write_tiny_company(tmp_path / "raw", ("regions", "sales_lines"))
    (raw / "sales_lines" / "sales_lines.csv").write_text("单据日期,客户编码\n2026-03-05,C1\n", encoding="utf-8")
    code = main(["build", "--raw-dir", str(raw), "--warehouse", str(tmp_path / "marts" / "w.duckdb"), "--lang", "zh"])
    err = capsys.readouterr().err
    assert code == EXIT_FAILED
    assert ("  - ingest_sources: 来源 'sales_lines'，文件 sales_lines/sales_lines.csv，第 1 行，列 'amount'："
            "表头中缺少必需的列。" in err), err
    assert "\n      source 'sales_lines', file sales_lines/sales_lines.csv, row 1, column 'amount': required column " \
           "is missing from the header" in err
