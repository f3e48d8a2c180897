"""`salesops check` (every source validated, nothing built) and `salesops map` (a mapping proposed from a file)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from fingerprints import raw_fingerprint
from test_readers import ROWS, ZH_HEADER, text_lines, workbook
from tiny_company import write_tiny_company

from pipelines.cli import main


def check(raw: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    before = raw_fingerprint(raw)
    code = main(["check", "--raw-dir", str(raw), *extra])
    assert raw_fingerprint(raw) == before, "check changed a raw file"
    return code, capsys.readouterr().out


def test_a_clean_company_passes_with_exit_code_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(write_tiny_company(tmp_path / "raw"), capsys)
    assert code == 0
    assert "sales_lines: ok (5 rows)" in out
    assert out.rstrip().endswith("A build would pass.")


def test_every_problem_of_a_source_at_once_grouped_by_rule_with_examples_and_fix(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = write_tiny_company(tmp_path / "raw", ("regions", "reps", "products"))
    (raw / "customers").mkdir()
    header = ["客户编码", "客户名称", "客户类型", "区域编码", "业务员编码", "开户日期"]
    rows = [["C1", "甲", "经销商", "R1", "P1", "2023-01-01"], ["C2", "乙", "批发商", "R1", "P1", "2023/1/2"],
            ["C3", "丙", "批发商", "R2", "P2", "2023年1月3日"], ["C4", "丁", "医院", "R2", "P2", "2023-13-01"]]
    workbook(raw / "customers" / "客户档案.xlsx", {"客户": [["客户档案"], header, *rows]})
    code, out = check(raw, capsys)
    assert code == 1
    assert "customers: STOPS THE BUILD: 3 of 4 rows (75.00%) would be quarantined; the limit is 1.00%" in out
    assert ("  [customer_type] must be one of distributor, agent, terminal, hospital, retailer, corporate: 2 rows\n"
            "    customers/客户档案.xlsx row 4, column 客户类型 (C) -> customer_type, value '批发商'\n"
            "    customers/客户档案.xlsx row 5, column 客户类型 (C) -> customer_type, value '批发商'\n"
            "    fix: Use one of the listed values, or translate your own code under codes: in the source's "
            "mapping.yaml") in out
    assert "customers/客户档案.xlsx row 6, column 开户日期 (F) -> opened_date, value '2023-13-01'" in out
    assert out.rstrip().endswith("A build would stop: fix the sources marked above and run `salesops check` again.")
    code, out = check(raw, capsys, "--lang", "zh")
    assert "customers: 会使构建停止：4 行中有 3 行（75.00%）将被隔离，上限为 1.00%" in out
    assert "  [customer_type] 须为以下之一：distributor, agent, terminal, hospital, retailer, corporate: 2 行" in out
    assert "customers/客户档案.xlsx 第 4 行, 列 客户类型 (C) -> customer_type, 值 '批发商'" in out
    assert "改法: 请使用列出的取值之一" in out


def test_a_source_that_would_stop_shows_the_builds_own_message(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    raw = write_tiny_company(tmp_path / "raw")
    (raw / "regions" / "regions.csv").write_text("region_id\nR1\n", encoding="utf-8")
    code, out = check(raw, capsys)
    assert code == 1
    assert ("regions: STOPS THE BUILD\n  source 'regions', file regions/regions.csv, row 1, column 'region_name': "
            "required column is missing from the header.") in out


def test_map_proposes_a_mapping_from_headers_and_first_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    header = [*ZH_HEADER[:9], "金额(万元)", "备注"]
    rows = [[*r[:9], r[9] / 10000, ""] for r in ROWS]
    path = workbook(tmp_path / "销售.xlsx", {"明细": [["2026年3月销售明细表"], [], header, *rows]})
    assert main(["map", str(path), "--source", "sales_lines"]) == 0
    text = capsys.readouterr().out
    assert "# headers not placed (ignored unless you map them): 备注" in text
    assert "# contract columns not found: payment_terms_days" in text
    proposal = yaml.safe_load(text)
    assert proposal["sheet"] == "明细" and proposal["header_row"] == 3
    assert proposal["columns"]["金额(万元)"] == "amount"
    assert proposal["units"] == {"amount": 10000}


def test_map_names_required_columns_it_could_not_place_and_unknown_codes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "customers.csv"
    path.write_text(text_lines([["客户编码", "名称", "客户类型"], ["C1", "甲", "经销商"], ["C2", "乙", "批发商"]], ","),
                    encoding="gbk")
    assert main(["map", str(path), "--source", "customers"]) == 1
    text = capsys.readouterr().out
    assert "# REQUIRED and not found (the build stops without them): customer_name, region_id, rep_id, opened_date" \
        in text
    assert yaml.safe_load(text)["codes"] == {"customer_type": {"批发商": "?"}}
