"""One row per risk model and build: trained or reused, which model scored, rows scored out of eligible,
backtest figures of the champion and the runner-up (the best baseline when the model won), and any stand-in
or skip with its reason.

Written by nightly scoring as `risk_run_summary`; the build summary prints it.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.warehouse.connection import table_exists

SUMMARY_TABLE = "risk_run_summary"
SUMMARY_COLUMNS = {
    "model": "string", "status": "string", "trained": "string", "scored_by": "string", "rows_scored": "Int64",
    "eligible": "Int64", "champion_roc_auc": "float64", "champion_brier": "float64", "runner_up": "string",
    "runner_up_roc_auc": "float64", "runner_up_brier": "float64", "warning": "string", "message": "string",
}


def summary_table(statuses: list) -> pd.DataFrame:
    """The summary rows from the run's ModelStatus list (pipelines.risk.run)."""
    rows = [{
        "model": s.model, "status": s.status,
        "trained": "trained now" if s.trained_now else ("reused" if s.status == "scored" else None),
        "scored_by": s.scored_by, "rows_scored": s.rows, "eligible": s.eligible,
        "champion_roc_auc": s.champion_metrics.get("roc_auc"), "champion_brier": s.champion_metrics.get("brier"),
        "runner_up": s.runner_up, "runner_up_roc_auc": s.runner_up_metrics.get("roc_auc"),
        "runner_up_brier": s.runner_up_metrics.get("brier"), "warning": s.warning, "message": s.message,
    } for s in statuses]
    df = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
    return df.astype({c: d for c, d in SUMMARY_COLUMNS.items()})


def _num(v: object, fmt: str) -> str:
    return "–" if v is None or pd.isna(v) else format(v, fmt)


def summary_lines(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The risk models' lines of the build summary (none when the table is absent)."""
    if not table_exists(con, SUMMARY_TABLE):
        return []
    df = con.execute(f"SELECT * FROM {SUMMARY_TABLE}").df()
    lines = [f"{'risk model':<11}{'status':<9}{'trained':<13}{'scored by':<20}{'scored/eligible':>17}"
             f"{'champion AUC / Brier':>23}   {'runner-up (best baseline if the model won): AUC / Brier'}"]
    for r in df.itertuples():
        cover = f"{_num(r.rows_scored, ',')}/{_num(r.eligible, ',')}"
        champ = f"{_num(r.champion_roc_auc, '.3f')} / {_num(r.champion_brier, '.4f')}"
        other = (f"{r.runner_up}: {_num(r.runner_up_roc_auc, '.3f')} / {_num(r.runner_up_brier, '.4f')}"
                 if isinstance(r.runner_up, str) else "–")
        lines.append(f"{r.model:<11}{r.status:<9}{r.trained or '–':<13}{r.scored_by or '–':<20}{cover:>17}"
                     f"{champ:>23}   {other}")
    for r in df.itertuples():
        if isinstance(r.warning, str):
            lines.append(f"WARNING risk {r.model}: {r.warning}")
    return lines
