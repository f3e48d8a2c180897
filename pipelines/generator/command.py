"""The CLI-independent entry the `salesops generate` command calls."""

from __future__ import annotations

from pathlib import Path

from pipelines.generator.company import generate_company
from pipelines.generator.summary import GenerationSummary


def run_generate(out: str | Path, scale: float = 0.05, seed: int = 42) -> GenerationSummary:
    """Validate plain CLI values, generate, and return the summary (print `summary.describe()`).

    Raises ValueError with a user-facing message for a bad scale, seed or output path.
    """
    out_dir = Path(out).expanduser()
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"output path {out_dir} exists and is not a folder")
    try:
        scale = float(scale)
        seed_int = int(seed)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"scale must be a number and seed an integer (got {scale!r}, {seed!r})") from exc
    if seed_int != seed and not isinstance(seed, str):
        raise ValueError(f"seed must be an integer, got {seed!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    return generate_company(out_dir.resolve(), scale=scale, seed=seed_int)
