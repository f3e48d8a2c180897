"""Errors a business user can act on: which file, row, column, value and rule."""

from __future__ import annotations

from pathlib import Path


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
