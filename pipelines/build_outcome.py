"""How a build ended, told apart by exit code and by the last lines it prints.

- 0 success: everything built and published, no warnings;
- 3 success with warnings: everything published, but something did not go as it should (a model fell
  back, failed or was skipped, files were not read, outliers were flagged, a WARN check failed); each
  warning is listed (see pipelines/build_warnings.py for how a step raises one);
- 1 failure: nothing of this build was published; the message says what is still published.
A nightly scheduler can alert on 3 and page on 1 without reading the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipelines.ingest.messages import beside
from pipelines.settings import Settings
from pipelines.warehouse.publish import describe_output
from pipelines.warehouse.quarantine_report import DATABASE, WORKBOOK

EXIT_SUCCESS = 0
EXIT_FAILED = 1
EXIT_WARNINGS = 3


@dataclass
class BuildOutcome:
    success: bool = False  # every step ran; see `published` for whether this build's outputs are in place
    seconds: float = 0.0
    step_seconds: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. leftovers of a killed build removed
    published: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, path, what it holds)
    quarantine_report: Path | None = None  # published even when the build stops
    quarantined_problems: int = 0
    run_id: str = ""

    @property
    def exit_code(self) -> int:
        if not self.success or self.failures:
            return EXIT_FAILED
        return EXIT_WARNINGS if self.warnings else EXIT_SUCCESS

    @property
    def status(self) -> str:
        return {EXIT_SUCCESS: "success", EXIT_WARNINGS: "success with warnings", EXIT_FAILED: "failed"}[self.exit_code]


def currently_published(settings: Settings, leave_out: Iterable[str] = ()) -> list[str]:
    """What a reader finds in place now, with when each output was published."""
    lines = []
    for kind, path in (("warehouse", settings.warehouse), ("dashboards", settings.dashboards_dir),
                       ("models", settings.models_dir), ("quarantine report", settings.quarantine_dir)):
        if kind in leave_out or not path.exists():
            continue
        when = datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        lines.append(f"{kind:<18}{path}  ({describe_output(kind, path)}, published {when})")
    return lines


def render_outcome(outcome: BuildOutcome, settings: Settings) -> str:
    """The last lines of a build: the outcome, every warning or failure, and where each output is."""
    lines = []
    lang = settings.lang
    if outcome.exit_code == EXIT_FAILED:
        lines.append(beside(f"BUILD FAILED after {outcome.seconds:.1f} s (exit code {EXIT_FAILED}); its warehouse, "
                            "dashboards and model files were not published.",
                            f"构建失败（用时 {outcome.seconds:.1f} 秒，退出码 {EXIT_FAILED}）："
                            "本次构建的数据仓库、看板和模型文件均未发布。原因如下，根本原因在前：", lang))
        # A reason in two languages spans lines: keep them under their bullet.
        lines += ["  - " + f.replace("\n", "\n    ") for f in outcome.failures]
    else:
        lines.append(f"BUILD {outcome.status.upper()} in {outcome.seconds:.1f} s (exit code {outcome.exit_code}, "
                     f"Dagster run {outcome.run_id})")
    if outcome.warnings:
        lines.append(f"{len(outcome.warnings)} warning(s):")
        lines += [f"  ! {w}" for w in outcome.warnings]
    if outcome.published:
        lines.append("published by this build:")
        lines += [f"  {kind:<18}{path}  ({detail})" for kind, path, detail in outcome.published]
    elif outcome.success:
        lines.append("nothing was published (the publish step was not part of this run)")
    if outcome.exit_code == EXIT_FAILED:
        still = currently_published(settings, leave_out=[kind for kind, _path, _detail in outcome.published])
        lines.append(beside("still published (from an earlier build):", "仍在使用的（上一次构建发布的）：", lang)
                     if still else beside(f"no warehouse is published at {settings.warehouse} yet.",
                                          f"{settings.warehouse} 尚无已发布的数据仓库。", lang))
        lines += [f"  {line}" for line in still]
    if outcome.quarantine_report and outcome.quarantined_problems:
        report = outcome.quarantine_report
        lines.append(beside(f"{outcome.quarantined_problems:,} quarantined problems of this build, root causes first: "
                            f"{report / WORKBOOK}, one CSV per source in {report}/, table quarantine in "
                            f"{report / DATABASE}",
                            f"本次构建有 {outcome.quarantined_problems:,} 个被隔离的问题，根本原因在前："
                            f"{report / WORKBOOK}；每个来源一个 CSV，在 {report}/；数据库 {report / DATABASE} 的 "
                            "quarantine 表", lang))
    return "\n".join(lines)
