"""The sample company as a Chinese ERP would export it (`salesops generate --style erp-zh`).

The same rows as the standard sample, written the way 用友/金蝶 exports look after a trip through Excel:
Chinese headers (each column's first Chinese name in the contracts) and codes (经销商, 是/否), Chinese
customer and rep names, master data and money sources as .xlsx workbooks with a title row, an export
date and a 合计 row, the high-volume sources as GBK CSV, sales dates written 2026年3月5日 and amounts
with thousands separators, budgets in 万元 (with the mapping.yaml a user would write for it), and the
sales export without its line numbers (the minimum-columns path derives them). Built, it must give the
same marts as the standard sample apart from display names.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import duckdb
import xlsxwriter

from pipelines.contracts import CONTRACTS, Contract
from pipelines.contracts.synonyms import VALUE_CODES, chinese_name
from pipelines.generator.company import GenerationSummary, clear_previous_output, generate_company

WORKBOOK_SOURCES = ("regions", "reps", "customers", "products", "returns", "collections", "expenses", "budgets")
TITLES = {"regions": "区域档案", "reps": "职员档案", "customers": "客户档案", "products": "存货档案",
          "returns": "销售退货单", "collections": "收款单", "expenses": "费用报销单", "budgets": "费用预算表"}
WAN_YUAN_SOURCE = "budgets"  # amounts in 万元
DROPPED = {"sales_lines": ("line_no",)}  # the minimum-columns path numbers the lines itself
EXPORTED_ON = dt.date(2026, 11, 1)
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯邓曹彭曾肖田董潘袁蔡蒋"
_GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英",
          "霞", "平", "刚", "慧", "浩", "宇", "琳", "鹏", "斌", "丹", "婷", "鑫", "凯")
_CITIES = ("杭州", "宁波", "广州", "深圳", "石家庄", "武汉", "成都", "沈阳", "西安", "南京", "苏州", "无锡")
_BRANDS = ("康达", "佳禾", "华信", "瑞康", "天润", "益康", "盛世", "百信", "恒泰", "民生", "德信", "福源")
_KINDS = ("医药有限公司", "商贸有限公司", "大药房", "医院", "贸易有限公司", "连锁超市")


def _pick(options: tuple[str, ...] | str, key: str, salt: int) -> str:
    items = [f"'{o}'" for o in options]
    return f"[{', '.join(items)}][1 + (hash({key}, {salt}) % {len(items)})::INT]"


def _chinese_names(source: str) -> dict[str, str]:
    """Display names as a Chinese ERP holds them, picked from the id (the same id, the same name)."""
    if source == "customers":
        key = '"customer_id"'
        return {"customer_name": f"{_pick(_CITIES, key, 1)} || {_pick(_BRANDS, key, 2)} || {_pick(_KINDS, key, 3)}"}
    if source == "reps":
        key = '"rep_id"'
        return {"rep_name": f"{_pick(_SURNAMES, key, 4)} || {_pick(_GIVEN, key, 5)}"}
    return {}


def _column_sql(contract: Contract, column: str, in_workbook: bool) -> str:
    col = contract.column(column)
    q = f'"{column}"'
    if column in _chinese_names(contract.name):
        return _chinese_names(contract.name)[column]
    if col.allowed and column in VALUE_CODES:
        to_code: dict[str, str] = {}
        for code, value in VALUE_CODES[column].items():
            to_code.setdefault(value, code)
        whens = " ".join(f"WHEN '{v}' THEN '{c}'" for v, c in to_code.items() if v in col.allowed)
        return f"CASE {q} {whens} ELSE {q} END"
    if col.type == "bool":
        return f"CASE lower({q}) WHEN 'true' THEN '是' WHEN 'false' THEN '否' END"
    if col.type == "date" and not in_workbook:
        return f"strftime(TRY_CAST({q} AS DATE), '%Y年%-m月%-d日')"
    if column == "amount" and contract.name == "sales_lines":
        return f"format('{{:,.2f}}', TRY_CAST({q} AS DOUBLE))"
    if column == "amount" and contract.name == WAN_YUAN_SOURCE:
        return f"CAST(TRY_CAST({q} AS DECIMAL(18, 2)) / 10000 AS VARCHAR)"
    return q


def _header(contract: Contract, column: str) -> str:
    name = chinese_name(contract.name, column)
    return f"{name}(万元)" if column == "amount" and contract.name == WAN_YUAN_SOURCE else name


def _read(con: duckdb.DuckDBPyConnection, folder: Path) -> str:
    files = sorted(folder.iterdir())
    parquet = [str(f) for f in files if f.suffix == ".parquet"]
    csv = [str(f) for f in files if f.suffix == ".csv"]
    reader = (f"read_parquet({parquet!r})" if parquet else f"read_csv({csv!r}, all_varchar = true, header = true)")
    con.execute(f"CREATE OR REPLACE TEMP VIEW src AS SELECT * FROM {reader}")
    return "src"


def _converted(con: duckdb.DuckDBPyConnection, contract: Contract, in_workbook: bool, where: str = "") -> tuple:
    columns = [c for c in contract.column_names if c not in DROPPED.get(contract.name, ())]
    select = ", ".join(f"CAST({_column_sql(contract, c, in_workbook)} AS VARCHAR)" for c in columns)
    rows = con.execute(f"SELECT {select} FROM src {where}").fetchall()
    return [_header(contract, c) for c in columns], columns, rows


def _write_workbook(path: Path, contract: Contract, header: list[str], columns: list[str], rows: list[tuple]) -> None:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet(TITLES[contract.name])
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write(0, 0, f"{TITLES[contract.name]}（示例公司）")
    sheet.write(1, 0, f"导出日期：{EXPORTED_ON:%Y年%m月%d日}")
    sheet.write_row(3, 0, header)
    kinds = [contract.column(c).type for c in columns]
    totals = [0.0 if c == "amount" else None for c in columns]
    r = 3
    for r, row in enumerate(rows, start=4):
        for i, (kind, value) in enumerate(zip(kinds, row, strict=True)):
            if value is None:
                continue
            if kind == "date":
                sheet.write_datetime(r, i, dt.datetime.fromisoformat(value), date_format)
            elif kind in ("decimal", "int"):
                sheet.write_number(r, i, float(value))
                if totals[i] is not None:
                    totals[i] += float(value)
            else:
                sheet.write_string(r, i, value)
    sheet.write(r + 1, 0, "合计")
    for i, total in enumerate(totals):
        if total is not None:
            sheet.write_number(r + 1, i, round(total, 2))
    book.close()


def _write_gbk_csv(path: Path, header: list[str], rows: list[tuple], title: str | None) -> None:
    with path.open("w", encoding="gbk", newline="") as fh:
        if title:
            fh.write(title + "\r\n")
        fh.write(",".join(header) + "\r\n")
        for row in rows:
            fh.write(",".join("" if v is None else (f'"{v}"' if "," in v else v) for v in row) + "\r\n")


def generate_erp_zh(out_dir: Path, scale: float = 0.05, seed: int = 42) -> GenerationSummary:
    """Write the sample company in the erp-zh style to out_dir; the summary lists what was written."""
    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="salesops-erp-zh-") as tmp:
        summary = generate_company(Path(tmp), scale=scale, seed=seed)
        out_dir.mkdir(parents=True, exist_ok=True)
        clear_previous_output(out_dir)  # only what an earlier generation wrote; a user's own files stop it
        con = duckdb.connect()
        files: dict[str, list[str]] = {}
        for source in summary.rows:
            contract = CONTRACTS[source]
            folder = out_dir / source
            folder.mkdir(exist_ok=True)
            _read(con, Path(tmp) / source)
            if source in WORKBOOK_SOURCES:
                path = folder / f"{TITLES[source]}.xlsx"
                _write_workbook(path, contract, *_converted(con, contract, in_workbook=True))
                written = [path]
            elif source == "sales_lines":
                written = _sales_by_month(con, contract, folder)
            else:
                path = folder / f"{source}.csv"
                header, _columns, rows = _converted(con, contract, in_workbook=False)
                _write_gbk_csv(path, header, rows, None)
                written = [path]
            files[source] = [f"{source}/{p.name}" for p in written]
        con.close()
        (out_dir / WAN_YUAN_SOURCE / "mapping.yaml").write_text(
            "# 预算金额以万元计\nunits:\n  amount: 10000\n", encoding="utf-8")
        files[WAN_YUAN_SOURCE].append(f"{WAN_YUAN_SOURCE}/mapping.yaml")
        shutil.copytree(Path(tmp) / "_ground_truth", out_dir / "_ground_truth", dirs_exist_ok=True)
        manifest = json.loads((Path(tmp) / "manifest.json").read_text(encoding="utf-8"))
        manifest.update({"style": "erp-zh", "files": files})
        (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                               encoding="utf-8")
    return dataclasses.replace(summary, out_dir=out_dir, files=files)


def _sales_by_month(con: duckdb.DuckDBPyConnection, contract: Contract, folder: Path) -> list[Path]:
    """One GBK CSV per month (销售出库单), with a title row and a 合计 row, in the ERP's invoice-line order."""
    months = [m for (m,) in con.execute("SELECT DISTINCT strftime(invoice_date::DATE, '%Y-%m') AS m FROM src "
                                        "ORDER BY m").fetchall()]
    written = []
    for month in months:
        header, _columns, rows = _converted(
            con, contract, in_workbook=False,
            where=f"WHERE strftime(invoice_date::DATE, '%Y-%m') = '{month}' ORDER BY invoice_id, line_no::INT")
        total = con.execute("SELECT sum(amount::DOUBLE) FROM src WHERE strftime(invoice_date::DATE, '%Y-%m') = ?",
                            [month]).fetchone()[0]
        path = folder / f"销售出库单_{month}.csv"
        amount_at = header.index(chinese_name("sales_lines", "amount"))
        total_row = ("合计", *[None] * (amount_at - 1), f"{total:,.2f}", *[None] * (len(header) - amount_at - 1))
        _write_gbk_csv(path, header, [*rows, total_row], f"{month[:4]}年{int(month[5:])}月销售出库单")
        written.append(path)
    return written
