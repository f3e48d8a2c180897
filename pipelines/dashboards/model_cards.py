"""Reading the risk models' cards (models/<name>/*.json) for the model-quality sections."""

from __future__ import annotations

import json
import logging
from pathlib import Path

log = logging.getLogger(__name__)


def load_model_cards(models_dir: Path | None) -> list[dict]:
    """Every readable JSON model card under models_dir/<model>/, with "name" set to the folder name."""
    if models_dir is None or not Path(models_dir).is_dir():
        return []
    cards = []
    for folder in sorted(p for p in Path(models_dir).iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*card*.json")):
            try:
                card = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                log.warning("model card %s is not readable JSON: %s", path, exc)
                continue
            if isinstance(card, dict):
                card.setdefault("name", folder.name)
                card["_path"] = str(path)
                cards.append(card)
    return cards
