"""Progress of a running build, one stage at a time: a line per stage in logs and CI, a live line on a terminal."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

# What each step of the nightly job does, in a user's words (other steps show their own name).
STAGE_NAMES = {
    "ingest_sources": "read and validate raw files",
    "build_params": "fix the as-of date",
    "sql_models": "dbt build: models and data tests",
    "metric_marts": "compute metrics",
    "footfall_study": "estimate foot traffic",
    "risk_scores": "score risk models",
    "dashboards": "build dashboards",
    "published_warehouse": "publish",
}


@dataclass
class StageDone:
    step: str
    ok: bool
    seconds: float
    rows_read: int = 0  # rows read from raw files (the ingest stage)
    rows_written: int = 0  # rows of the tables the stage built
    tables: int = 0


class ProgressPrinter:
    """Receives stage starts and ends from the build; prints them for a person or a log file."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self.live = self.stream.isatty()
        self.done = 0

    def started(self, step: str) -> None:
        if self.live:
            self.stream.write(f"\r\033[K  [{self.done + 1}] {STAGE_NAMES.get(step, step)} ...")
            self.stream.flush()

    def finished(self, stage: StageDone) -> None:
        self.done += 1
        rows = []
        if stage.rows_read:
            rows.append(f"{stage.rows_read:,} rows read")
        if stage.tables:
            rows.append(f"{stage.rows_written:,} rows in {stage.tables} tables")
        state = "done" if stage.ok else "FAILED"
        line = (f"  {STAGE_NAMES.get(stage.step, stage.step):<32}{state:<7}{stage.seconds:>7.1f} s"
                + (f"   {', '.join(rows)}" if rows else ""))
        self.stream.write(("\r\033[K" if self.live else "") + line + "\n")
        self.stream.flush()

    def say(self, text: str) -> None:
        self.stream.write(("\r\033[K" if self.live else "") + text + "\n")
        self.stream.flush()
