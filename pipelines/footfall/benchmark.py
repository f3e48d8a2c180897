"""`salesops bench --footfall`: a footfall-only study as large as a real one, built and timed.

Writes ~1,100 count sheets and 20 reference counters with a year of hours each (bench_study.py), then, each
in its own subprocess so peak RSS belongs to that run alone:
- build: the whole nightly job through Dagster (what `salesops build` runs on a study without sales),
  with wall time per Dagster step;
- stages: the same footfall work without Dagster: ingest of the three footfall sources, reading them, and
  every stage of the study (profile, sheet checks, estimates, segments, planner, method check).
Prints wall and CPU seconds (CPU far below wall means the machine was busy with something else) and peak RSS.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipelines.settings import Settings


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _settings(root: Path) -> Settings:
    return Settings.from_env(environ={}, raw_dir=root / "raw", warehouse=root / "marts" / "warehouse.duckdb",
                             models_dir=root / "models", dashboards_dir=root / "marts" / "dashboards",
                             dagster_home=root / "dagster_home")


def child_build(root: Path) -> dict:
    from pipelines.orchestration.run_build import run_nightly_job

    outcome = run_nightly_job(_settings(root))
    return {"seconds": outcome.seconds, "cpu_seconds": _cpu(), "stages": outcome.step_seconds,
            "success": outcome.success, "failures": outcome.failures[:3], "peak_rss_mb": _peak_rss_mb()}


def child_stages(root: Path) -> dict:
    import duckdb

    from pipelines.contracts import CONTRACTS
    from pipelines.footfall.config import load_config
    from pipelines.footfall.study import FOOTFALL_SOURCES, read_inputs, run_footfall_study
    from pipelines.ingest.ingest_source import ingest_source

    started, cpu = time.perf_counter(), _cpu()
    con = duckdb.connect()
    for source in FOOTFALL_SOURCES:
        ingest_source(con, CONTRACTS[source], root / "raw", root / "stages_work")
    stages = {"ingest (footfall sources)": time.perf_counter() - started}
    mark = time.perf_counter()
    inputs = read_inputs(con)
    stages["read staged inputs"] = time.perf_counter() - mark
    result = run_footfall_study(inputs, load_config())
    stages.update(result.seconds)
    return {"seconds": time.perf_counter() - started, "cpu_seconds": _cpu() - cpu, "stages": stages,
            "rows": {"count rows": len(inputs.counts), "reference hours": len(inputs.reference)},
            "peak_rss_mb": _peak_rss_mb()}


def _run_child(kind: str, root: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "pipelines.footfall.benchmark", "--child", kind, str(root)],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"footfall bench child {kind} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_footfall_benchmark(work_dir: Path | None = None, sheets: int = 1100, counters: int = 20,
                           segmented: bool = True) -> int:
    from pipelines.footfall.bench_study import write_benchmark_study

    with tempfile.TemporaryDirectory(prefix="salesops_footfall_bench_") as tmp:
        root = Path(work_dir) if work_dir else Path(tmp)
        started = time.perf_counter()
        rows = write_benchmark_study(root / "raw", sheets=sheets, counters=counters, segmented=segmented)
        print(f"footfall-only study: {sheets:,} sheets ({rows['footfall_counts']:,} count rows, "
              f"{'by segment' if segmented else 'totals only'}), {rows['footfall_sites']} sites, {counters} "
              f"reference counters ({rows['footfall_reference']:,} hours); written in "
              f"{time.perf_counter() - started:.1f} s (not timed below)")
        for kind, title in (("stages", "footfall stages without Dagster"), ("build", "salesops build (Dagster)")):
            r = _run_child(kind, root)
            print(f"\n{title}: {r['seconds']:.1f} s wall, {r['cpu_seconds']:.1f} s CPU, "
                  f"peak RSS {r['peak_rss_mb']:.0f} MB" + ("" if r.get("success", True) else "  FAILED"))
            for stage, seconds in r["stages"].items():
                print(f"  {stage:<32}{seconds:>8.2f} s")
            for failure in r.get("failures", []):
                print(f"  ! {failure}")
    return 0


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "--child":
    kind, root = sys.argv[2], Path(sys.argv[3])
    print(json.dumps(child_build(root) if kind == "build" else child_stages(root)))
