"""What a generation run produced: returned to callers and written as manifest.json."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class GenerationSummary:
    out_dir: Path
    scale: float
    seed: int
    rows: dict[str, int]  # rows per raw source, in contract order
    seconds: float  # wall time of the run (not in manifest.json, which must be reproducible)
    ground_truth_rows: dict[str, int] = field(default_factory=dict)
    files: dict[str, list[str]] = field(default_factory=dict)  # source -> files relative to out_dir

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    def describe(self) -> str:
        """A short human summary, e.g. for the CLI."""
        width = max(len(name) for name in self.rows) if self.rows else 0
        lines = [f"Generated sample company (scale {self.scale:g}, seed {self.seed}) in {self.out_dir}"]
        lines += [f"  {name:<{width}}  {count:>12,}" for name, count in self.rows.items()]
        lines.append(f"  {'total':<{width}}  {self.total_rows:>12,} rows in {self.seconds:.1f} s")
        lines.append(f"  ground truth: {self.out_dir / '_ground_truth'}")
        return "\n".join(lines)
