"""Model cards: what the model predicts, on what data, how well against its baselines, with what."""

from __future__ import annotations

import hashlib
import platform
from datetime import UTC, datetime
from importlib import metadata

import pandas as pd

PACKAGES = ("scikit-learn", "numpy", "pandas", "scipy", "duckdb", "skops")
METRIC_LABELS = {"roc_auc": "ROC AUC", "pr_auc": "PR AUC", "brier": "Brier", "lift_top_decile": "Lift top 10%"}


def data_hash(frame: pd.DataFrame) -> str:
    """sha256 of the rows the model was trained and calibrated on (values, not memory layout)."""
    hashed = pd.util.hash_pandas_object(frame.reset_index(drop=True), index=False).to_numpy()
    digest = hashlib.sha256(hashed.tobytes())
    digest.update(",".join(map(str, frame.columns)).encode())
    return "sha256:" + digest.hexdigest()


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for p in PACKAGES:
        try:
            out[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            out[p] = "not installed"
    return out


def now_utc() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _fmt(v: object) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def card_markdown(card: dict[str, object]) -> str:
    """The card as a page a manager or reviewer can read."""
    if card.get("fallback"):
        return _fallback_markdown(card)
    tw = card["training_window"]
    lines = [
        f"# Model card: {card['title']} (`{card['model']}`)",
        "",
        f"**Predicts:** P({card['predicts']}).  ",
        f"**As of:** {card['as_of']} (trained {card['trained_at']}).  ",
        f"**Horizon:** {card['horizon_days']} days.  ",
        f"**Training window:** snapshots {tw['first_snapshot']} to {tw['last_snapshot']} "
        f"({tw['n_fit_rows']:,} rows fitted, {tw['n_calibration_rows']:,} rows for calibration on the later "
        f"snapshots {', '.join(tw['calibration_snapshots'])}).  ",
        f"**Estimator:** {card['estimator']['class']}, calibrated with {card['estimator']['calibration']}.  ",
        f"**Data hash:** `{card['data_hash']}`.  ",
        f"**Sources used:** {', '.join(card['sources_used'])}.  ",
        f"**Scores with:** `{card['champion']['scorer']}`: {card['champion']['reason']}.  ",
        f"**Snapshots:** {_plan_text(card['snapshot_plan'])}.",
        "",
        "## Backtest (time-based, gap = horizon)",
        "",
        str(card["backtest"]["design"]),
        "",
        "| scorer | ROC AUC | PR AUC | Brier | Lift top 10% | rows | events |",
        "|---|---|---|---|---|---|---|",
    ]
    for m in card["backtest"]["metrics"]:
        if m["snapshot_date"] is None:
            lines.append(f"| {m['scorer']} | {_fmt(m['roc_auc'])} | {_fmt(m['pr_auc'])} | {_fmt(m['brier'])} | "
                         f"{_fmt(m['lift_top_decile'])} | {m['n_rows']:,} | {m['n_events']:,} |")
    lines += ["", "Per snapshot:", "", "| snapshot | scorer | ROC AUC | PR AUC | Brier | Lift top 10% | rows |",
              "|---|---|---|---|---|---|---|"]
    for m in card["backtest"]["metrics"]:
        if m["snapshot_date"] is not None:
            lines.append(f"| {m['snapshot_date']} | {m['scorer']} | {_fmt(m['roc_auc'])} | {_fmt(m['pr_auc'])} | "
                         f"{_fmt(m['brier'])} | {_fmt(m['lift_top_decile'])} | {m['n_rows']:,} |")
    lines += ["", "Baselines:", ""]
    lines += [f"- `{name}`: {text}" for name, text in card["backtest"]["baselines"].items()]
    if card.get("ground_truth"):
        lines += ["", "## Against the sample company's planted ground truth", "",
                  "| scope | flagged | precision | recall | planted |", "|---|---|---|---|---|"]
        for g in card["ground_truth"]:
            lines.append(f"| {g['scope']} | {g['flagged']} | {_fmt(g['precision'])} | {_fmt(g['recall'])} | "
                         f"{g['planted']} |")
    lines += ["", "## Features", "", "| feature | driver group | meaning | needs |", "|---|---|---|---|"]
    for f in card["features"]:
        lines.append(f"| `{f['name']}` | {f['group']} | {f['description']} | {f.get('source', 'sales lines')} |")
    if card.get("features_dropped"):
        lines += ["", "Left out before fitting (nothing to learn from in the training rows):", ""]
        lines += [f"- `{d['name']}`: {d['reason']}" for d in card["features_dropped"]]
    lines += ["", "## Risk bands", "",
              f"high: probability >= {card['bands']['high']}; medium: >= {card['bands']['medium']}; low below.",
              "", "## Package versions", ""]
    lines += [f"- {k} {v}" for k, v in card["package_versions"].items()]
    return "\n".join(lines) + "\n"


def _plan_text(plan: dict[str, object]) -> str:
    step = plan["step_days"]
    return (f"{plan['labelled_snapshots']} labelled, every {step}{' days' if isinstance(step, int) else ''}, "
            f"{plan['first_snapshot']} to {plan['last_snapshot']}, the first {plan['warmup_days']} days after the "
            f"first invoice; backtest design {plan['design']}")


def _fallback_markdown(card: dict[str, object]) -> str:
    """A card for a model that could not be backtested: what scores instead and why."""
    lines = [
        f"# Model card: {card['title']} (`{card['model']}`)",
        "",
        f"**Predicts:** P({card['predicts']}).  ",
        f"**As of:** {card['as_of']} (trained {card['trained_at']}).  ",
        f"**Horizon:** {card['horizon_days']} days.  ",
        f"**Scores with:** `{card['champion']['scorer']}` (stand-in, not backtested).  ",
        f"**Snapshots:** {_plan_text(card['snapshot_plan'])}.",
        "",
        "## Why no backtested model",
        "",
        str(card["fallback"]),
        "",
        "## Stand-in",
        "",
    ]
    lines += [f"- `{name}`: {text}" for name, text in card["baselines"].items()]
    lines += ["", "## Package versions", ""]
    lines += [f"- {k} {v}" for k, v in card["package_versions"].items()]
    return "\n".join(lines) + "\n"
