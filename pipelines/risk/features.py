"""What a feature is: its name, the driver group it explains, and the source it needs."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd


@dataclass(frozen=True)
class Feature:
    name: str
    group: str  # driver group: features explained together in one phrase
    description: str
    source: str | None = None  # optional raw source the feature needs; None: always available
    categories: tuple[str, ...] = ()  # non-empty for a categorical feature

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"name": self.name, "group": self.group, "description": self.description}
        if self.source:
            out["source"] = self.source
        if self.categories:
            out["categories"] = list(self.categories)
        return out


def usable(features: tuple[Feature, ...], sources_with_rows: set[str]) -> tuple[Feature, ...]:
    """Features whose optional source was delivered."""
    return tuple(f for f in features if f.source is None or f.source in sources_with_rows)


# Gradient boosting takes at most 255 categories per feature (one bin is kept for missing values).
MAX_CATEGORIES = 254


def with_found_categories(features: tuple[Feature, ...], frame: pd.DataFrame) -> tuple[Feature, ...]:
    """Categorical features re-coded on the categories the data holds (most frequent first, then by name),
    so a company's own customer types or size classes are learnt rather than mapped to missing."""
    out = []
    for f in features:
        if f.categories and f.name in frame.columns:
            counts = frame[f.name].dropna().astype(str).value_counts()
            found = sorted(counts.index, key=lambda c: (-counts[c], c))[:MAX_CATEGORIES]
            f = replace(f, categories=tuple(sorted(found)))
        out.append(f)
    return tuple(out)
