"""Benchmark of the risk step: train (backtest + fit) and score all three models on a built warehouse.

    python -m pipelines.risk.bench --warehouse W.duckdb --models-dir /tmp/models [--raw-dir RAW]

Prints one JSON object: wall and CPU seconds, peak RSS of this process, per-model seconds and status,
and the time of a second, scoring-only pass with the saved models. The models folder is emptied first
(so every model trains); run it in its own process so the peak RSS is the risk step's alone.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import time
from pathlib import Path

from pipelines.settings import Settings


def bench_risk(warehouse: Path, models_dir: Path, raw_dir: Path | None = None) -> dict[str, object]:
    from pipelines.risk.run import score_all
    from pipelines.warehouse.connection import connect

    shutil.rmtree(models_dir, ignore_errors=True)
    settings = Settings.from_env(warehouse=warehouse, models_dir=models_dir,
                                 raw_dir=raw_dir or warehouse.parent.parent / "raw")
    with connect(warehouse, settings, read_only=True) as con:
        wall, cpu = time.perf_counter(), time.process_time()
        run = score_all(con, settings)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        again = time.perf_counter()
        score_all(con, settings, train_if_needed=False)
        score_only = time.perf_counter() - again
    return {
        "train_and_score_seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "score_only_seconds": round(score_only, 1),
        "models": {s.model: {"status": s.status, "seconds": round(s.seconds, 1), "rows": s.rows}
                   for s in run.statuses},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", required=True, type=Path)
    parser.add_argument("--models-dir", required=True, type=Path)
    parser.add_argument("--raw-dir", type=Path)
    args = parser.parse_args()
    print(json.dumps(bench_risk(args.warehouse, args.models_dir, args.raw_dir), indent=2))


if __name__ == "__main__":
    main()
