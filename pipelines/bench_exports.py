"""`salesops bench-exports`: what reading real exports costs, measured side by side in one run.

1. Reading format: the scale-1 sales lines as one .xlsx workbook against the same rows as one CSV
   (rows/s of our ingest of each) and against DuckDB's bare read_csv of that CSV (the floor).
2. Mapping and value normalisation: ingest of every source of the generated sample with this code against
   the same code with the plain casts of the path before normalisation (the control that isolates what
   mapping and normalisation cost), and, unless --baseline none, against a baseline revision (default: the
   commit before the readers, which also lacks everything added to ingest since); same files, each run its
   own process, the variants alternating so that machine noise hits all alike. Wall and CPU time are given.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipelines.contracts import Column

XLSX_MAX_ROWS = 1_048_575  # rows under the header in one sheet
BASELINE = "b7d0ade"  # main just before the readers landed: line accounting, plain CSV headers, old casts

# Runs in a child process against whichever `pipelines` package is first on PYTHONPATH (this one or the baseline).
_INGEST_CHILD = """
import json, sys, time
from pathlib import Path
import duckdb
from pipelines.contracts import ALL_CONTRACTS, CONTRACTS
from pipelines.ingest.ingest_source import ingest_source
raw, work, only = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
if sys.argv[4] == "plain":
    import pipelines.ingest.validate_sql as validate_sql
    from pipelines.bench_exports import plain_cast
    validate_sql.typed_expression = plain_cast
contracts = [CONTRACTS[only]] if only != "all" else list(ALL_CONTRACTS)
con = duckdb.connect(str(work / "bench.duckdb"))
started, cpu = time.perf_counter(), time.process_time()
rows = 0
for contract in contracts:
    report = ingest_source(con, contract, raw, work / "build")
    rows += report.stage.rows_in if report.stage else 0
print(json.dumps({"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "rows": rows}))
"""

_FLOOR_CHILD = """
import json, sys, time
import duckdb
con = duckdb.connect()
started = time.perf_counter()
n = con.execute("SELECT count(*) FROM (SELECT * FROM read_csv($p))", {"p": sys.argv[1]}).fetchone()[0]
print(json.dumps({"seconds": time.perf_counter() - started, "rows": n}))
"""


def _child(code: str, args: list[str], pythonpath: str) -> dict:
    os.sync()
    env = {**os.environ, "PYTHONPATH": pythonpath}
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=False)
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def plain_cast(col: Column, fmt: object = None) -> str:
    """The casts of the path before mapping and normalisation: ISO dates and plain numbers only, codes as written."""
    from pipelines.ingest.validate_sql import raw_name

    raw = raw_name(col.name)
    if col.type in ("decimal", "int"):
        return f"coalesce(TRY_CAST({raw} AS DOUBLE), TRY_CAST(replace({raw}, ',', '') AS DOUBLE))"
    if col.type == "date":
        return f"coalesce(TRY_CAST({raw} AS DATE), TRY_STRPTIME({raw}, '%Y/%m/%d')::DATE)"
    if col.type == "timestamp":
        return f"coalesce(TRY_CAST({raw} AS TIMESTAMP), TRY_STRPTIME({raw}, '%Y/%m/%d %H:%M:%S'))"
    if col.type == "bool":
        return (f"CASE lower({raw}) WHEN 'true' THEN true WHEN '1' THEN true WHEN 'false' THEN false "
                "WHEN '0' THEN false END")
    if col.type == "time":
        return f"TRY_CAST({raw} AS TIME)"
    return f"lower({raw})" if col.allowed else raw


def _median(runs: list[dict]) -> dict:
    return sorted(runs, key=lambda r: r["seconds"])[(len(runs) - 1) // 2]


def _ingest(raw: Path, only: str, pythonpath: str, casts: str = "normalised") -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as work:
        return _child(_INGEST_CHILD, [str(raw), work, only, casts], pythonpath)


def write_sales_as_one_file(raw: Path, out: Path) -> tuple[Path, Path, int]:
    """The generated sales lines as one CSV and one .xlsx (several sheets past Excel's row limit)."""
    import duckdb
    import xlsxwriter

    csv_path = out / "csv" / "sales_lines" / "sales_lines.csv"
    xlsx_path = out / "xlsx" / "sales_lines" / "sales_lines.xlsx"
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    xlsx_path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("CREATE TABLE s AS SELECT * FROM read_csv($p, all_varchar = true)",
                {"p": str(raw / "sales_lines" / "*.csv")})
    con.execute("COPY s TO $p (HEADER, DELIMITER ',')", {"p": str(csv_path)})
    header = [d[0] for d in con.execute("SELECT * FROM s LIMIT 0").description]
    book = xlsxwriter.Workbook(str(xlsx_path), {"constant_memory": True})
    cursor = con.execute("SELECT * FROM s")
    rows, sheet, row_in_sheet = 0, None, XLSX_MAX_ROWS
    while batch := cursor.fetchmany(100_000):
        for record in batch:
            if row_in_sheet == XLSX_MAX_ROWS:
                sheet = book.add_worksheet(f"明细{len(book.worksheets()) + 1}")
                sheet.write_row(0, 0, header)
                row_in_sheet = 0
            row_in_sheet += 1
            sheet.write_row(row_in_sheet, 0, record)
            rows += 1
    book.close()
    return csv_path, xlsx_path, rows


def bench_formats(root: Path, repeat: int, scale: float = 1.0) -> dict:
    from pipelines.generator import generate_company

    generate_company(root / "raw", scale=scale, seed=42)
    started = time.perf_counter()
    csv_path, _xlsx, rows = write_sales_as_one_file(root / "raw", root)
    result = {"rows": rows, "write_s": time.perf_counter() - started, "floor": [], "csv": [], "xlsx": []}
    here = str(Path(__file__).resolve().parents[1])
    for _ in range(repeat):
        result["floor"].append(_child(_FLOOR_CHILD, [str(csv_path)], here))
        result["csv"].append(_ingest(root / "csv", "sales_lines", here))
        result["xlsx"].append(_ingest(root / "xlsx", "sales_lines", here))
    return result


def _baseline_tree(rev: str, target: Path) -> Path:
    repo = Path(__file__).resolve().parents[1]
    target.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(repo), "archive", rev, "pipelines"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def bench_mapping(root: Path, scale: float, repeat: int, baseline: str) -> dict:
    from pipelines.generator import generate_company

    generate_company(root / "raw", scale=scale, seed=42)
    old = str(_baseline_tree(baseline, root / "baseline")) if baseline != "none" else None
    here = str(Path(__file__).resolve().parents[1])
    result: dict = {"scale": scale, "baseline": [], "plain": [], "current": []}
    for _ in range(repeat):
        if old:
            result["baseline"].append(_ingest(root / "raw", "all", old))
        result["plain"].append(_ingest(root / "raw", "all", here, "plain"))
        result["current"].append(_ingest(root / "raw", "all", here))
    return result


def _runs(runs: list[dict], key: str = "seconds") -> str:
    return ", ".join(f"{r[key]:.2f}" for r in runs)


def _median_cpu(runs: list[dict]) -> float:
    return sorted(r["cpu"] for r in runs)[(len(runs) - 1) // 2]


def _added(runs: list[dict], against: list[dict]) -> str:
    wall = _median(runs)["seconds"] / _median(against)["seconds"] - 1
    return f"{wall:+.1%} wall, {_median_cpu(runs) / _median_cpu(against) - 1:+.1%} CPU"


def _rate(label: str, run: dict, runs: list[dict]) -> str:
    return f"{label:<30}{run['seconds']:7.2f} s {run['rows'] / run['seconds']:>12,.0f} rows/s   (runs {_runs(runs)})"


def run_export_benchmark(scales: list[float], repeat: int = 3, baseline: str = BASELINE,
                         work_dir: Path | None = None, formats: bool = True, xlsx_scale: float = 1.0) -> int:
    scratch = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="salesops-bench-exports-"))
    print(f"scratch folder: {scratch}")
    try:
        if formats:
            f = bench_formats(scratch / "formats", repeat, xlsx_scale)
            floor, csv, xlsx = (_median(f[k]) for k in ("floor", "csv", "xlsx"))
            print(f"\n=== scale-{xlsx_scale:g} sales lines as one file: {f['rows']:,} rows "
                  f"(xlsx written in {f['write_s']:.0f} s)")
            print(_rate("DuckDB bare read_csv (floor)", floor, f["floor"]))
            print(_rate("ingest from CSV", csv, f["csv"]) + f" = {csv['seconds'] / floor['seconds']:.2f}x floor")
            print(_rate("ingest from xlsx", xlsx, f["xlsx"]) + f" = {xlsx['seconds'] / floor['seconds']:.2f}x floor, "
                  f"{xlsx['seconds'] / csv['seconds']:.2f}x CSV")
            shutil.rmtree(scratch / "formats", ignore_errors=True)
        for scale in scales:
            m = bench_mapping(scratch / f"mapping_{scale:g}", scale, repeat, baseline)
            new = _median(m["current"])
            print(f"\n=== ingest of every source at scale {scale:g}: {new['rows']:,} rows")
            labels = {"baseline": f"baseline {baseline} (before readers)", "plain": "this code, plain casts",
                      "current": "this code (mapping + normalisation)"}
            for key, label in labels.items():
                if m[key]:
                    print(f"{label:<38}{_median(m[key])['seconds']:8.2f} s wall {_median_cpu(m[key]):8.2f} s CPU   "
                          f"(runs {_runs(m[key])}; CPU {_runs(m[key], 'cpu')})")
            # CPU time (every thread of the ingest process) is the work done; on a shared machine it varies far
            # less than wall time, which also counts the waits for other processes' turns on the cores.
            print(f"added by mapping and normalisation (against plain casts): {_added(m['current'], m['plain'])}")
            if m["baseline"]:
                print(f"added since {baseline} (also plausibility, corrections, outliers, new sources): "
                      f"{_added(m['current'], m['baseline'])}")
            shutil.rmtree(scratch / f"mapping_{scale:g}", ignore_errors=True)
    finally:
        if not work_dir:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0
