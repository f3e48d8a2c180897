"""Errors a business user can act on: which file, row, column, value and rule."""

from __future__ import annotations

from pathlib import Path

from pipelines.ingest.messages import stop_text


class SourceError(Exception):
    """A structural problem that stops one source (the others still load)."""

    def __init__(
        self,
        source: str,
        file: Path | str | None,
        rule: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.source = source
        self.file = str(file) if file is not None else None
        self.rule = rule
        self.row = row
        self.column = column
        self.value = value
        self.hint = hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = [f"source '{self.source}'"]
        if self.file:
            where.append(f"file {self.file}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        text = ", ".join(where)
        if self.value is not None:
            text += f", value '{self.value}'"
        text += f": {self.rule}"
        if self.hint:
            text += f". {self.hint}"
        return text

    def message_in(self, lang: str) -> str:
        """The message in the reader's language: "zh" gives Chinese (rules without a translation stay English)."""
        if lang != "zh":
            return self.message
        where = [f"来源 '{self.source}'"]
        if self.file:
            where.append(f"文件 {self.file}")
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(f"列 '{self.column}'")
        text = "，".join(where)
        if self.value is not None:
            text += f"，值 '{self.value}'"
        text += f"：{stop_text(self.rule, lang)}"
        if self.hint:
            text += f"。{stop_text(self.hint, lang)}"
        return text
