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
        return self._compose("en")

    def message_in(self, lang: str) -> str:
        """The message in the reader's language: "zh" gives Chinese (rules without a translation stay English)."""
        return self._compose("zh" if lang == "zh" else "en")

    def _compose(self, lang: str) -> str:
        words = _WORDS[lang]
        where = [words["source"].format(self.source)]
        if self.file:
            where.append(words["file"].format(self.file))
        if self.row is not None:
            where.append(words["row"].format(self.row))
        if self.column:
            where.append(words["column"].format(self.column))
        text = words["sep"].join(where)
        if self.value is not None:
            text += words["value"].format(self.value)
        text += words["colon"] + stop_text(self.rule, lang)
        if self.hint:
            text += words["stop"] + stop_text(self.hint, lang)
        return text


_WORDS = {
    "en": {"source": "source '{}'", "file": "file {}", "row": "row {}", "column": "column '{}'",
           "value": ", value '{}'", "sep": ", ", "colon": ": ", "stop": ". "},
    "zh": {"source": "来源 '{}'", "file": "文件 {}", "row": "第 {} 行", "column": "列 '{}'",
           "value": "，值 '{}'", "sep": "，", "colon": "：", "stop": "。"},
}
