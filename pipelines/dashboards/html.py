"""Turning sections into one HTML file per page: data as JSON, vanilla-JS filters, plotly.js in one file beside it.

No CDN, no fetch: a manager double-clicks the file without network. plotly.js (and, for the Chinese edition,
its zh-CN locale) is a plain <script src> to a file in the dashboards folder (``write_assets``), so the browser
reads it from disk once for all pages. The JSON payload is escaped so that no "</script>" in the data can end
the script element early.
"""

from __future__ import annotations

import html
import json
import math
import os
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

from pipelines.dashboards.kpis import RECORD_COLUMNS
from pipelines.dashboards.labels import LABELS, Labels
from pipelines.dashboards.names_zh import to_chinese
from pipelines.dashboards.sections import (
    FigureSection,
    KpiSection,
    NoDataSection,
    NoteSection,
    Section,
    TableSection,
)
from pipelines.dashboards.theme import CURRENCY, TEMPLATE

STATIC = Path(__file__).resolve().parent / "static"
TREND_MONTHS = 13
PLOTLY_JS = "plotly.min.js"
# plotly's locale per page language (a language without one keeps plotly's English toolbar).
PLOTLY_LOCALES = {"zh": "plotly-locale-zh-cn.js"}


@dataclass(frozen=True)
class NavLink:
    href: str
    label: str
    current: bool = False


@dataclass
class PageDoc:
    slug: str
    title: str
    labels: Labels
    sections: list[Section]
    nav: list[NavLink]
    other_language: NavLink | None
    built_at: str
    as_of: str
    regions: list[tuple[str, str]] = field(default_factory=list)  # the region filter's choices
    periods: list[str] = field(default_factory=list)
    region_names: dict[str, str] = field(default_factory=dict)  # every region, for table cells
    asset_prefix: str = ""  # relative path from the page to the folder holding plotly.min.js ("" or "../")


@cache
def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def _plotly_source() -> Path:
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / PLOTLY_JS


def write_assets(directory: Path) -> list[Path]:
    """plotly.min.js (from the installed plotly package) and its locales into directory, each file atomically.

    A file whose bytes are already there is left alone, so a page open in a browser never sees it change.
    """
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for source in (_plotly_source(), *(STATIC / name for name in PLOTLY_LOCALES.values())):
        target = directory / source.name
        if not target.exists() or target.stat().st_size != source.stat().st_size \
                or target.read_bytes() != source.read_bytes():
            tmp = directory / f".{source.name}.tmp-{os.getpid()}"
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
        written.append(target)
    return written


def _script_json(payload: object) -> str:
    text = json.dumps(payload, cls=PlotlyJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def _figure_json(fig: go.Figure) -> dict:
    """data + layout without the template (sent once per page)."""
    spec = fig.to_plotly_json()
    layout = dict(spec.get("layout", {}))
    layout.pop("template", None)
    return {"data": spec.get("data", []), "layout": layout}


# Decimals kept per table format: what the page shows and a little more (keeps pages small).
_DECIMALS = {"money": 0, "int": 0, "pct": 4, "num1": 2, "num2": 3}


def _cell(value: object, fmt: str = "text") -> object:
    """A table cell as plain JSON: dates as ISO text, numbers rounded for their format, missing as null."""
    if isinstance(value, pd.Timestamp | datetime | date | np.datetime64):
        return None if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = _DECIMALS.get(fmt)
        if digits is None:
            return value
        return int(round(value)) if digits == 0 else round(float(value), digits)
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


# Trace keys whose strings are names from the data (categories, legend entries, point labels).
_NAME_KEYS = ("name", "x", "y", "text", "labels", "hovertext")


def _chinese_names(payload: dict) -> dict:
    """The page's names from the data (people, regions, customers, products) in Chinese where known."""
    def names(value: object) -> object:
        if isinstance(value, str):
            return to_chinese(value)
        if isinstance(value, np.ndarray) and value.dtype == object:
            value = value.tolist()
        if isinstance(value, list | tuple):
            return [to_chinese(v) if isinstance(v, str) else v for v in value]
        return value

    def figure(fig: dict) -> None:
        for trace in fig.get("data", []):
            for key in _NAME_KEYS:
                if key in trace:
                    trace[key] = names(trace[key])

    payload["regions"] = [{**r, "name": to_chinese(r["name"])} for r in payload["regions"]]
    payload["region_names"] = {k: to_chinese(v) for k, v in payload["region_names"].items()}
    for sec in payload["sections"]:
        if sec["kind"] == "figure":
            for fig in (sec.get("variants") or {"": sec.get("fig") or {}}).values():
                figure(fig)
        elif sec["kind"] == "table":
            text_cols = [c["index"] for c in sec["columns"] if c["fmt"] == "text"]
            for row in sec["rows"]:
                for i in text_cols:
                    if isinstance(row[i], str):
                        row[i] = to_chinese(row[i])
    return payload


def _section_payload(sec: Section, idx: int) -> dict | None:
    sid = f"sec-{idx}"
    if isinstance(sec, FigureSection):
        payload: dict = {"id": sid, "kind": "figure", "by_region": sec.by_region, "by_period": sec.by_period}
        if sec.sum_rule is not None:
            payload["sum"] = sec.sum_rule.payload()
        if sec.variants:
            payload["variants"] = {k: _figure_json(f) for k, f in sec.variants.items()}
        else:
            payload["fig"] = _figure_json(sec.figure)
        return payload
    if isinstance(sec, TableSection):
        keys = list(dict.fromkeys([c.key for c in sec.columns]
                                  + [k for k in (sec.region_col, sec.period_col) if k]))
        fmts = [next((c.fmt for c in sec.columns if c.key == k), "text") for k in keys]
        rows = [[_cell(v, f) for v, f in zip(rec, fmts, strict=True)]
                for rec in sec.rows[keys].itertuples(index=False, name=None)]
        return {"id": sid, "kind": "table", "title": sec.title, "limit": sec.limit, "rows": rows,
                "columns": [{"label": c.label, "fmt": c.fmt, "index": keys.index(c.key)} for c in sec.columns],
                "region_col": keys.index(sec.region_col) if sec.region_col else None,
                "period_col": keys.index(sec.period_col) if sec.period_col else None,
                "period_shown": any(c.key == sec.period_col for c in sec.columns),
                "period_mode": sec.period_mode}
    if isinstance(sec, KpiSection):
        recs = sec.records
        cols = RECORD_COLUMNS
        has_target = {m: bool(recs.loc[recs["metric"] == m, "target_ytd"].notna().any()) for m, _ in sec.metrics}
        return {"id": sid, "kind": "kpis",
                "records": [[_cell(v) for v in r] for r in recs[cols].itertuples(index=False, name=None)],
                "metrics": [{"key": m, "label": label, "has_target": has_target[m],
                             "lower_is_better": m in sec.lower_is_better} for m, label in sec.metrics],
                "labels": sec.card_labels}
    return None


def export_folder(source: str) -> str:
    return f"data/raw/{source}/"


def source_title(labels: Labels, source: str) -> str:
    """An export's name for people (HTML): its label, or the contract name as code when it has none yet."""
    key = f"source.{source}"
    return html.escape(labels(key)) if labels.has(key) else f"<code>{html.escape(source)}</code>"


def missing_text(labels: Labels, missing: list[str], exports: list[str]) -> str:
    """What a section without data needs, in export terms: "Expenses: files in data/raw/expenses/" (HTML).

    Tables are named only when every export is there and the tables are still empty for this section.
    """
    if exports:
        items = "".join(f"<li>{html.escape(labels('export_where', title='{t}', folder='{f}'))}</li>"
                        .replace("{t}", source_title(labels, s))
                        .replace("{f}", f"<code>{html.escape(export_folder(s))}</code>") for s in exports)
        head = html.escape(labels("no_data_add_exports"))
        return f'<span class="what">{head}:</span><ul class="exports">{items}</ul>'
    if missing:
        return (f'<span class="what">{html.escape(labels("no_data_empty"))}:</span> '
                + ", ".join(f"<code>{html.escape(t)}</code>" for t in missing))
    return ""


def _section_html(sec: Section, idx: int, labels: Labels) -> str:
    wide = " wide" if getattr(sec, "wide", False) else ""
    title = f"<h2>{html.escape(sec.title)}</h2>"
    note = f'<p class="note">{html.escape(sec.note)}</p>' if sec.note else ""
    if isinstance(sec, NoDataSection):
        if sec.error:
            body = (f'<div class="nodata-panel error"><strong>{html.escape(labels("section_error"))}</strong>'
                    f"<code>{html.escape(sec.error)}</code></div>")
        else:
            body = (f'<div class="nodata-panel"><strong>{html.escape(labels("no_data"))}</strong>'
                    f"{missing_text(labels, sec.missing, sec.exports)}</div>")
        return (f'<section class="card nodata{wide}" data-section="{html.escape(sec.key)}" data-status="nodata">'
                f"{title}{note}{body}</section>")
    if isinstance(sec, NoteSection):
        return (f'<section class="card{wide}" data-section="{html.escape(sec.key)}" data-status="ok" data-kind="note">'
                f"{title}{note}</section>")
    kind = {FigureSection: "figure", TableSection: "table", KpiSection: "kpis"}[type(sec)]
    box_class = "plot" if kind == "figure" else kind
    return (f'<section class="card{wide}" data-section="{html.escape(sec.key)}" data-status="ok" data-kind="{kind}">'
            f'{title}{note}<div class="{box_class}" id="sec-{idx}"></div></section>')


def _header(doc_title: str, labels: Labels, nav: list[NavLink], other: NavLink | None, built_at: str,
            as_of: str) -> str:
    links = "".join(f'<a href="{html.escape(n.href)}"{" class=current" if n.current else ""}>{html.escape(n.label)}</a>'
                    for n in nav)
    if other:
        links += f'<a class="lang" href="{html.escape(other.href)}">{html.escape(other.label)}</a>'
    return (f"<header><h1>{html.escape(doc_title)}</h1><div class=\"meta\">"
            f"<span>{html.escape(labels('data_as_of'))}: <b id=\"as-of\">{html.escape(as_of)}</b></span>"
            f"<span>{html.escape(labels('built_at'))}: {html.escape(built_at)}</span></div></header>"
            f"<nav>{links}</nav>")


def _document(title: str, labels: Labels, body: str, with_plotly: bool, asset_prefix: str = "") -> str:
    plotly = ""
    if with_plotly:
        scripts = [PLOTLY_JS] + ([PLOTLY_LOCALES[labels.lang]] if labels.lang in PLOTLY_LOCALES else [])
        plotly = "".join(f'<script src="{html.escape(asset_prefix + name)}"></script>' for name in scripts)
    return (f'<!DOCTYPE html><html lang="{labels.html_lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{_static('page.css')}</style>{plotly}</head>"
            f"<body>{body}</body></html>")


def _follows_filters(sec: Section) -> bool:
    if isinstance(sec, KpiSection):
        return True
    if isinstance(sec, FigureSection):
        return bool(sec.by_region or sec.by_period)
    if isinstance(sec, TableSection):
        return bool(sec.region_col or sec.period_col)
    return False


def render_page(doc: PageDoc) -> str:
    labels = doc.labels
    payload_sections = [p for i, s in enumerate(doc.sections) if (p := _section_payload(s, i)) is not None]
    payload = {
        "lang": labels.lang, "locale": labels.html_lang, "currency": CURRENCY,
        "plotly_locale": labels.html_lang if labels.lang in PLOTLY_LOCALES else None,
        "regions": [{"id": rid, "name": name} for rid, name in doc.regions],
        "region_names": doc.region_names,
        "periods": doc.periods, "default_period": doc.periods[-1] if doc.periods else None,
        "period_labels": {p: labels.month(p) for p in doc.periods},
        "trend_months": TREND_MONTHS,
        "labels": {k: labels(k) for k in ("all_regions", "no_data_selection", "rows_shown", "na_base_small",
                                            "na_base_nonpositive", "table_filter", "show_all", "show_top",
                                            "export_csv", "export_excel", "sort_hint", "mode.month",
                                            "mode.quarter", "mode.ytd", "mode.range", "period")},
        "bands": {k.split(".", 1)[1]: labels(k) for k in LABELS if k.startswith("band.")},
        "template": TEMPLATE.to_plotly_json(),
        "sections": payload_sections,
    }
    if labels.lang == "zh":
        payload = _chinese_names(payload)
    # A page none of whose sections follows the region or the period (a foot-traffic study) shows no filters
    # that would do nothing; the choice still travels on to the next page in the links.
    filters = (f'<div class="filters"><label>{html.escape(labels("region"))}<select id="filter-region"></select>'
               f'</label><label>{html.escape(labels("period_mode"))}<select id="filter-mode"></select></label>'
               f'<label>{html.escape(labels("range_from"))}<select id="filter-from"></select></label>'
               f'<label>{html.escape(labels("period"))}<select id="filter-period"></select></label></div>')
    if not any(_follows_filters(s) for s in doc.sections):
        filters = ""
    sections = "".join(_section_html(s, i, labels) for i, s in enumerate(doc.sections))
    body = (_header(f"{labels('product')} · {doc.title}", labels, doc.nav, doc.other_language, doc.built_at,
                    doc.as_of)
            + filters + f"<main>{sections}</main>"
            + f'<script id="page-data" type="application/json">{_script_json(payload)}</script>'
            + f"<script>{_static('page.js')}</script>")
    return _document(f"{doc.title} · {labels('product')}", labels, body, with_plotly=True,
                     asset_prefix=doc.asset_prefix)


@dataclass(frozen=True)
class IndexEntry:
    href: str
    title: str
    description: str
    sections_ok: int
    sections_total: int


@dataclass(frozen=True)
class MissingEntry:
    page: str
    section: str
    tables: str
    exports: list[str] = field(default_factory=list)
    error: str = ""


def render_index(labels: Labels, entries: list[IndexEntry], missing: list[MissingEntry], absent_sources: list[str],
                 nav: list[NavLink], other: NavLink | None, built_at: str, as_of: str) -> str:
    items = "".join(
        f'<li><a href="{html.escape(e.href)}">{html.escape(e.title)}</a>'
        f'<div class="desc">{html.escape(e.description)}</div>'
        f'<div class="status">{e.sections_ok} / {e.sections_total} '
        f'{html.escape(labels("sections_with_data"))}</div></li>'
        for e in entries)
    if missing:
        rows = "".join(
            f"<tr><td>{html.escape(m.page)}</td><td>{html.escape(m.section)}</td><td>"
            + (f"<code>{html.escape(m.error)}</code>" if m.error else
               missing_text(labels, [t for t in m.tables.split(", ") if t], m.exports))
            + "</td></tr>" for m in missing)
        missing_html = (f'<table class="data" id="missing-data"><thead><tr><th>{html.escape(labels("page"))}</th>'
                        f'<th>{html.escape(labels("missing_section"))}</th><th>{html.escape(labels("missing_what"))}'
                        f"</th></tr></thead><tbody>{rows}</tbody></table>")
    else:
        missing_html = f'<p id="missing-data">{html.escape(labels("missing_none"))}</p>'
    if absent_sources:
        missing_html += (f'<p class="note">{html.escape(labels("absent_sources"))}: '
                         + ", ".join(f"{source_title(labels, s)} (<code>{html.escape(export_folder(s))}</code>)"
                                     for s in absent_sources)
                         + "</p>")
    body = (_header(f"{labels('product')} · {labels('index_title')}", labels, nav, other, built_at, as_of)
            + f'<main><section class="card wide"><h2>{html.escape(labels("pages"))}</h2>'
            + f'<p class="note">{html.escape(labels("index_intro"))}</p><ul class="index-list">{items}</ul></section>'
            + f'<section class="card wide"><h2>{html.escape(labels("missing_data"))}</h2>{missing_html}</section>'
            + "</main>")
    return _document(f"{labels('index_title')} · {labels('product')}", labels, body, with_plotly=False)
