"""Publishing what a build made, all together or not at all, so readers never see a half-built or mixed result.

A build writes its warehouse, dashboards and model files under the build folder (Settings.build_dir).
``publish_build`` then swaps them into place in two phases:

1. prepare: each output is copied (the warehouse: it stays the working copy for the next partial build)
   or moved next to its published place as ``.<name>.publishing`` and flushed to disk; nothing a reader
   sees has changed yet, and a crash here leaves every published output as it was;
2. commit: a journal listing the swaps is written, then each output is renamed into place (a published
   folder first moves aside to ``.<name>.previous``), the journal is removed and the old versions deleted.

A crash during the commit leaves the journal; the next build finishes those swaps first
(``finish_interrupted_publish``), so the published set is always one build's, never a mix.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.settings import Settings

JOURNAL = "publish-journal.json"


@dataclass
class PublishedOutput:
    kind: str  # warehouse | dashboards | models | quarantine report
    path: Path
    detail: str


@dataclass
class PublishReport:
    outputs: list[PublishedOutput] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"{o.kind:<18}{o.path}  ({o.detail})" for o in self.outputs]


def publishing_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.publishing")


def previous_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.previous")


def publish_warehouse(staging: Path, target: Path) -> Path:
    """Copy the staging database next to the target, fsync it, then os.replace it into place.

    Readers holding the old file keep reading the old inode; new readers open the new one.
    A crash before os.replace leaves the previous warehouse untouched.
    """
    tmp = _prepare_warehouse(staging, target)
    os.replace(tmp, target)
    _fsync_dir(target.parent)
    return target


def _prepare_warehouse(staging: Path, target: Path) -> Path:
    if not staging.exists():
        raise FileNotFoundError(f"nothing to publish: {staging} does not exist")
    wal = staging.with_name(staging.name + ".wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise RuntimeError(f"{wal} is not empty: a writer still has the staging warehouse open")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = publishing_path(target)
    shutil.copyfile(staging, tmp)
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    return tmp


def _prepare_folder(staged: Path, target: Path) -> Path:
    """Move a staged folder next to its target (a rename on one file system, else a copy) and flush it."""
    tmp = publishing_path(target)
    shutil.rmtree(tmp, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(staged), str(tmp))
    for folder, _dirs, files in os.walk(tmp):
        for name in files:
            with open(os.path.join(folder, name), "rb") as fh:
                os.fsync(fh.fileno())
    return tmp


def staged_outputs(settings: Settings) -> list[tuple[str, Path, Path]]:
    """(kind, staged path, published path) of everything a build publishes that exists under the build folder."""
    candidates = [("warehouse", settings.staging_warehouse, settings.warehouse),
                  ("dashboards", settings.staging_dashboards_dir, settings.dashboards_dir),
                  ("models", settings.staging_models_dir, settings.models_dir),
                  ("quarantine report", settings.build_dir / "quarantine", settings.quarantine_dir)]
    return [c for c in candidates if c[1].exists()]


def publish_build(settings: Settings, only: Collection[str] | None = None) -> PublishReport:
    """Swap the staged warehouse, dashboards, model files and quarantine report into place together.

    ``only`` publishes just those kinds (a build that stopped publishes its quarantine report alone).
    """
    outputs = staged_outputs(settings)
    if only is not None:
        outputs = [o for o in outputs if o[0] in only]
    elif not outputs or outputs[0][0] != "warehouse":
        raise FileNotFoundError(f"nothing to publish: {settings.staging_warehouse} does not exist")
    report = PublishReport([PublishedOutput(kind, target, describe_output(kind, staged))
                            for kind, staged, target in outputs])
    swaps = []
    for kind, staged, target in outputs:
        tmp = _prepare_warehouse(staged, target) if kind == "warehouse" else _prepare_folder(staged, target)
        swaps.append((str(tmp), str(target)))
    journal = settings.build_dir / JOURNAL
    _write_durably(journal, json.dumps(swaps))
    _commit(swaps)
    journal.unlink()
    for _tmp, target in swaps:
        shutil.rmtree(previous_path(Path(target)), ignore_errors=True)
    return report


def finish_interrupted_publish(settings: Settings) -> list[str]:
    """Complete the swaps of a publish that was cut off half way (its journal is still there); say which."""
    journal = settings.build_dir / JOURNAL
    if not journal.exists():
        return []
    swaps = [(tmp, target) for tmp, target in json.loads(journal.read_text(encoding="utf-8"))]
    pending = [target for tmp, target in swaps if Path(tmp).exists()]
    _commit(swaps)
    journal.unlink()
    for _tmp, target in swaps:
        shutil.rmtree(previous_path(Path(target)), ignore_errors=True)
    return [f"finished publishing {target} (an earlier build was stopped while publishing)" for target in pending]


def _commit(swaps: list[tuple[str, str]]) -> None:
    """Rename each prepared output into place; a swap already done (its prepared copy gone) is skipped."""
    for tmp_name, target_name in swaps:
        tmp, target = Path(tmp_name), Path(target_name)
        if not tmp.exists():
            continue
        if tmp.is_dir():
            if target.exists():
                shutil.rmtree(previous_path(target), ignore_errors=True)
                os.replace(target, previous_path(target))
            os.replace(tmp, target)
        else:
            os.replace(tmp, target)
        _fsync_dir(target.parent)


def describe_output(kind: str, path: Path) -> str:
    """What an output holds, in a few words, for the build's last message."""
    if kind == "warehouse":
        return f"{path.stat().st_size / 1e6:.1f} MB"
    files = [p for p in path.rglob("*") if p.is_file()]
    if kind == "dashboards":
        pages = [p for p in files if p.suffix == ".html"]
        return f"{len(pages)} pages"
    if kind == "models":
        models = [p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")]
        return f"{len(models)} model folders"
    return f"{len(files)} files"


def _write_durably(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make renames in a folder durable, so a power cut just after publishing cannot bring the old file back."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
