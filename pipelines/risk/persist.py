"""Model files under models/<name>/: the calibrated classifier (skops) and its model card (JSON + Markdown).

skops refuses to load types it was not told to trust; we trust only scikit-learn and numpy types,
so a tampered file fails loudly instead of running arbitrary code.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import skops.io as sio
from sklearn.calibration import CalibratedClassifierCV

from pipelines.risk.estimator import predict_proba
from pipelines.risk.features import Feature

MODEL_FILE = "model.skops"
CARD_JSON = "model_card.json"
CARD_MD = "model_card.md"
STAGING_DIR = ".staging"  # under models_dir: readers list only the direct model folders
_TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.")
# skops lists functools.partial too (scikit-learn wraps its own validators in one); the function it wraps
# is itself checked against the prefixes above.
_TRUSTED_NAMES = {"functools.partial"}


@dataclass
class ModelBundle:
    """A loaded model: classifier, the features it was trained on, and its card."""

    classifier: CalibratedClassifierCV | None  # None when a baseline won or stood in (the card says which)
    card: dict[str, object]

    @property
    def features(self) -> tuple[Feature, ...]:
        return tuple(Feature(f["name"], f["group"], f["description"], f.get("source"),
                             tuple(f.get("categories", ()))) for f in self.card["features"])

    @property
    def typical(self) -> dict[str, float | None]:
        return dict((self.card.get("drivers") or {}).get("typical_values") or {})

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return predict_proba(self.classifier, X)


def model_dir(models_dir: Path, name: str) -> Path:
    return Path(models_dir) / name


def save_bundle(models_dir: Path, name: str, classifier: CalibratedClassifierCV | None, card: dict[str, object],
                card_markdown: str) -> Path:
    """Write model and cards into a staging folder, then swap it in, so a reader never mixes versions."""
    folder = model_dir(models_dir, name)
    staging = Path(models_dir) / STAGING_DIR
    new, old = staging / name, staging / f"{name}.old"
    for path in (new, old):
        shutil.rmtree(path, ignore_errors=True)
    new.mkdir(parents=True)
    if classifier is not None:
        sio.dump(classifier, new / MODEL_FILE)
    (new / CARD_JSON).write_text(json.dumps(card, indent=2, ensure_ascii=False, default=str) + "\n",
                                 encoding="utf-8")
    (new / CARD_MD).write_text(card_markdown, encoding="utf-8")
    if folder.exists():
        os.replace(folder, old)
    os.replace(new, folder)
    shutil.rmtree(old, ignore_errors=True)
    return folder


def read_card(models_dir: Path, name: str) -> dict[str, object] | None:
    path = model_dir(models_dir, name) / CARD_JSON
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def load_bundle(models_dir: Path, name: str) -> ModelBundle | None:
    """The saved model, or None when there is none yet (a card whose champion is a baseline may have no file)."""
    folder = model_dir(models_dir, name)
    card = read_card(models_dir, name)
    path = folder / MODEL_FILE
    if card is None:
        return None
    if not path.exists():
        return None if (card.get("champion") or {}).get("scorer", "model") == "model" else ModelBundle(None, card)
    untrusted = sio.get_untrusted_types(file=path)
    unexpected = [t for t in untrusted if not t.startswith(_TRUSTED_PREFIXES) and t not in _TRUSTED_NAMES]
    if unexpected:
        raise ValueError(f"{path} contains types that are not scikit-learn or numpy: {unexpected}; "
                         "delete the folder and let the pipeline retrain")
    return ModelBundle(sio.load(path, trusted=untrusted), card)
