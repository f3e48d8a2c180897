"""What a feature is: its name, the driver group it explains, and the source it needs."""

from __future__ import annotations

from dataclasses import dataclass


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
