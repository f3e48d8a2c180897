"""Reading the metric rule files in pipelines/config/ with errors that say which file, key and rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"


class ConfigError(ValueError):
    """A rule file is missing, unreadable or breaks a rule; the message names the file and the key."""


def load_yaml(name: str, config_dir: Path | None = None) -> dict[str, Any]:
    """One YAML file from the config folder (pipelines/config by default) as a dict."""
    path = (config_dir or CONFIG_DIR) / name
    if not path.exists():
        raise ConfigError(f"{path}: rule file not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of keys to values at the top level")
    return data


def number(source: str, key: str, value: object, *, minimum: float | None = None,
           maximum: float | None = None) -> float:
    """A numeric setting, checked against its bounds."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{source}: {key} must be a number, got {value!r}")
    if minimum is not None and value < minimum:
        raise ConfigError(f"{source}: {key} must be >= {minimum:g}, got {value!r}")
    if maximum is not None and value > maximum:
        raise ConfigError(f"{source}: {key} must be <= {maximum:g}, got {value!r}")
    return float(value)


def choice(source: str, key: str, value: object, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ConfigError(f"{source}: {key} must be one of {', '.join(allowed)}, got {value!r}")
    return str(value)
