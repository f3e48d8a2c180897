"""`salesops bench-exports`: what reading real exports costs, measured side by side in one run.

1. Reading format: the scale-1 sales lines as one .xlsx workbook against the same rows as one CSV
   (rows/s of our ingest of each) and against DuckDB's bare read_csv of that CSV (the floor).
2. Mapping and value normalisation: ingest of every source of the generated sample with this code
   against a baseline revision (default: the commit before the readers) on the same files; each run
   is its own process, and the two alternate so that machine noise hits both alike.
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


def _median(runs: list[dict]) -> dict:
    return sorted(runs, key=lambda r: r["seconds"])[(len(runs) - 1) // 2]


def _ingest(raw: Path, only: str, pythonpath: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as work:
        return _child(_INGEST_CHILD, [str(raw), work, only], pythonpath)


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
    old = str(_baseline_tree(baseline, root / "baseline"))
    here = str(Path(__file__).resolve().parents[1])
    result = {"scale": scale, "baseline": [], "current": []}
    for _ in range(repeat):
        result["baseline"].append(_ingest(root / "raw", "all", old))
        result["current"].append(_ingest(root / "raw", "all", here))
    return result


def _runs(runs: list[dict], key: str = "seconds") -> str:
    return ", ".join(f"{r[key]:.2f}" for r in runs)


def _median_cpu(runs: list[dict]) -> float:
    return sorted(r["cpu"] for r in runs)[(len(runs) - 1) // 2]


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
            old, new = _median(m["baseline"]), _median(m["current"])
            old_cpu, new_cpu = _median_cpu(m["baseline"]), _median_cpu(m["current"])
            print(f"\n=== ingest of every source at scale {scale:g}: {new['rows']:,} rows, baseline {baseline}")
            print(f"baseline (no mapping/normalisation) {old['seconds']:7.2f} s wall, {old_cpu:7.2f} s CPU   "
                  f"(runs {_runs(m['baseline'])}; CPU {_runs(m['baseline'], 'cpu')})")
            print(f"current (mapping + normalisation)   {new['seconds']:7.2f} s wall, {new_cpu:7.2f} s CPU   "
                  f"(runs {_runs(m['current'])}; CPU {_runs(m['current'], 'cpu')})")
            # CPU time (every thread of the ingest process) is the work done; on a shared machine it varies far
            # less than wall time, which also counts the waits for other processes' turns on the cores.
            print(f"added by mapping and normalisation: {new['seconds'] / old['seconds'] - 1:+.1%} wall, "
                  f"{new_cpu / old_cpu - 1:+.1%} CPU")
            shutil.rmtree(scratch / f"mapping_{scale:g}", ignore_errors=True)
    finally:
        if not work_dir:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0
