"""Building the dashboard pages from the published warehouse, atomically.

Layout (documented in docs/dashboards.md): the primary language's edition sits in the dashboards folder
itself (index.html, overview.html, ...), every other language in a sub-folder named after it (zh/...).
Each edition also gets a manifest.json saying which sections have data, for the index page and tests.
plotly.min.js (and plotly's zh-CN locale) is written once into the dashboards folder; the pages of a language
sub-folder load it through "../".
Pages are first written into a temporary folder next to the target and then moved into place one by
one with os.replace, so a manager never opens a half-written page.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipelines.cores import usable_cores
from pipelines.dashboards.context import PageContext
from pipelines.dashboards.exports import delivered, exports_to_add
from pipelines.dashboards.html import (
    IndexEntry,
    MissingEntry,
    NavLink,
    PageDoc,
    render_index,
    render_page,
    write_assets,
)
from pipelines.dashboards.labels import LANGS, Labels
from pipelines.dashboards.model_cards import load_model_cards
from pipelines.dashboards.registry import PAGE_BY_SLUG, PAGES, PageSpec, SectionSpec
from pipelines.dashboards.sections import FigureSection, NoDataSection, Section
from pipelines.warehouse.readonly import open_warehouse

log = logging.getLogger(__name__)

INDEX = "index.html"
MANIFEST = "manifest.json"
Builder = Callable[[PageContext], Section]


@dataclass
class PageResult:
    slug: str
    path: Path
    seconds: float
    sections: list[dict] = field(default_factory=list)

    @property
    def plots(self) -> int:
        return sum(1 for s in self.sections if s["status"] == "ok" and s["kind"] == "figure")


def edition_dir(out_dir: Path, lang: str, primary_lang: str = "en") -> Path:
    """Where a language's pages go: the dashboards folder for the primary language, else <out_dir>/<lang>."""
    return Path(out_dir) if lang == primary_lang else Path(out_dir) / lang


def _builders(slug: str) -> dict[str, Builder]:
    return importlib.import_module(f"pipelines.dashboards.pages.{slug}").BUILDERS


def missing_inputs(ctx: PageContext, spec: SectionSpec) -> list[str]:
    """What a section lacks: tables that are absent or empty, or model cards."""
    missing = [t for t in spec.tables if not ctx.available(t)]
    if spec.any_tables and not any(ctx.available(t) for t in spec.any_tables):
        missing.append(" | ".join(spec.any_tables))
    if spec.table_prefix and not any(ctx.available(t) for t in ctx.tables_with_prefix(spec.table_prefix)):
        missing.append(f"{spec.table_prefix}*")
    if spec.model_cards and not ctx.model_cards:
        missing.append(f"{ctx.models_dir or 'models'}/<model>/model_card.json")
    missing += [f"stg_{s}" for s in spec.sources if not delivered(ctx, s)]
    return missing


def build_section(ctx: PageContext, spec: SectionSpec, builder: Builder, strict: bool = False) -> Section:
    title = ctx.labels(spec.key)
    missing = missing_inputs(ctx, spec)
    if missing:
        return NoDataSection(spec.key, title, missing=missing,
                             exports=exports_to_add(ctx, [t for t in missing if " " not in t and "/" not in t]))
    try:
        section = builder(ctx)
    except Exception as exc:
        if strict:
            raise
        log.exception("dashboard section %s failed", spec.key)
        return NoDataSection(spec.key, title, error=f"{type(exc).__name__}: {exc}")
    section.key = spec.key
    section.title = section.title or title
    return section


def _section_status(section: Section) -> dict:
    kind = type(section).__name__.removesuffix("Section").lower()
    status = "ok"
    if isinstance(section, NoDataSection):
        status, kind = ("error" if section.error else "nodata"), "nodata"
    elif isinstance(section, FigureSection) and section.figure is None and not section.variants:
        status = "nodata"
    return {"key": section.key, "title": section.title, "kind": kind, "status": status,
            "missing": getattr(section, "missing", []), "exports": getattr(section, "exports", []),
            "error": getattr(section, "error", "")}


def _nav(labels: Labels, current: str) -> list[NavLink]:
    return [NavLink(INDEX, labels("home"), current == "index")] + [
        NavLink(p.file_name, labels(p.title_key), current == p.slug) for p in PAGES]


def _other_language(lang: str, primary_lang: str, file_name: str) -> NavLink | None:
    others = [other for other in LANGS if other != lang]
    if not others:
        return None
    other = others[0]
    href = f"{other}/{file_name}" if lang == primary_lang else (
        f"../{file_name}" if other == primary_lang else f"../{other}/{file_name}")
    return NavLink(href, Labels(lang)("other_language"))


def build_dashboards(warehouse_path: Path | str, out_dir: Path | str, lang: str = "en",
                     models_dir: Path | str | None = None, *, pages: Iterable[str] | None = None,
                     primary_lang: str = "en", strict: bool = False) -> list[Path]:
    """Build the index and every page (or the named ones) in one language; return the files written.

    Reads the warehouse read-only. ``strict`` re-raises a section's error instead of showing an
    error panel (tests use it; the nightly run keeps the other sections).
    """
    return build_edition(warehouse_path, out_dir, lang, models_dir, pages=pages, primary_lang=primary_lang,
                         strict=strict).paths


@dataclass
class EditionResult:
    lang: str
    directory: Path
    pages: list[PageResult]
    index: Path
    seconds: float

    @property
    def paths(self) -> list[Path]:
        return [self.index] + [p.path for p in self.pages]


def build_edition(warehouse_path: Path | str, out_dir: Path | str, lang: str = "en",
                  models_dir: Path | str | None = None, *, pages: Iterable[str] | None = None,
                  primary_lang: str = "en", strict: bool = False) -> EditionResult:
    started = time.perf_counter()
    labels = Labels(lang)
    target = edition_dir(Path(out_dir), lang, primary_lang)
    selected = list(pages) if pages is not None else [p.slug for p in PAGES]
    unknown = [s for s in selected if s not in PAGE_BY_SLUG]
    if unknown:
        raise ValueError(f"unknown dashboard page(s) {', '.join(unknown)}; pages are "
                         f"{', '.join(PAGE_BY_SLUG)}")
    built_at = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()
    con = open_warehouse(warehouse_path)
    try:
        ctx = PageContext(con, labels, Path(models_dir) if models_dir else None)
        ctx.model_cards = load_model_cards(ctx.models_dir) if ctx.models_dir else []
        as_of = ctx.as_of.isoformat() if ctx.as_of else "–"
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
        try:
            results = []
            for slug in selected:
                t0 = time.perf_counter()
                spec = PAGE_BY_SLUG[slug]
                sections = _build_page_sections(ctx, spec, strict)
                doc = PageDoc(slug=slug, title=labels(spec.title_key), labels=labels, sections=sections,
                              nav=_nav(labels, slug), other_language=_other_language(lang, primary_lang,
                                                                                     spec.file_name),
                              built_at=built_at, as_of=as_of,
                              regions=list(zip(ctx.regions["region_id"], ctx.regions["region_name"], strict=True)),
                              periods=ctx.periods, region_names=ctx.region_names(),
                              asset_prefix="" if target == Path(out_dir) else "../")
                (staging / spec.file_name).write_text(render_page(doc), encoding="utf-8")
                results.append(PageResult(slug, target / spec.file_name, time.perf_counter() - t0,
                                          [_section_status(s) for s in sections]))
            manifest = _merge_manifest(target / MANIFEST, results, lang, built_at, as_of, staging)
            (staging / INDEX).write_text(
                _render_index(labels, manifest, _absent_sources(ctx), lang, primary_lang, built_at, as_of),
                encoding="utf-8")
            write_assets(Path(out_dir))  # plotly.js once for every edition, before the pages that load it
            _publish(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    finally:
        con.close()
    return EditionResult(lang, target, results, target / INDEX, time.perf_counter() - started)


def build_all_languages(warehouse_path: Path | str, out_dir: Path | str, models_dir: Path | str | None = None, *,
                        pages: Iterable[str] | None = None, primary_lang: str = "en",
                        strict: bool = False) -> dict[str, EditionResult]:
    """Every language edition (en and zh): the primary in out_dir, the other in out_dir/<lang>."""
    if primary_lang not in LANGS:
        raise ValueError(f"dashboard language {primary_lang!r} is not supported; use one of {', '.join(LANGS)}")
    selected = list(pages) if pages is not None else None
    langs = sorted(LANGS, key=lambda x: x != primary_lang)
    options = {"pages": selected, "primary_lang": primary_lang, "strict": strict}
    from pipelines.dashboards.side_process import finish_edition, start_edition  # it imports this module

    if usable_cores() < 2:
        return {lang: build_edition(warehouse_path, out_dir, lang, models_dir, **options) for lang in langs}
    # An edition is single-threaded Python: the other languages build in processes of their own meanwhile.
    children = {lang: start_edition(warehouse_path, out_dir, lang, models_dir, **options) for lang in langs[1:]}
    try:
        editions = {langs[0]: build_edition(warehouse_path, out_dir, langs[0], models_dir, **options)}
    except BaseException:
        for child in children.values():  # let them finish (and clean up their staging folders), then fail
            child.communicate()
        raise
    return {**editions, **{lang: finish_edition(child, lang) for lang, child in children.items()}}


def _build_page_sections(ctx: PageContext, spec: PageSpec, strict: bool) -> list[Section]:
    builders = _builders(spec.slug)
    out = []
    for section_spec in spec.sections:
        builder = builders.get(section_spec.key)
        if builder is None:
            raise KeyError(f"no builder for dashboard section {section_spec.key!r} in "
                           f"pipelines/dashboards/pages/{spec.slug}.py")
        out.append(build_section(ctx, section_spec, builder, strict))
    return out


def _merge_manifest(path: Path, results: list[PageResult], lang: str, built_at: str, as_of: str,
                    staging: Path) -> dict:
    """Pages built now replace their entries; pages not rebuilt keep theirs (a partial rebuild)."""
    manifest = {"pages": {}}
    if path.exists():
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, OSError):
            manifest = {"pages": {}}
    manifest.update({"lang": lang, "built_at": built_at, "as_of": as_of})
    for r in results:
        size = (staging / r.path.name).stat().st_size
        manifest["pages"][r.slug] = {"file": r.path.name, "bytes": size, "seconds": round(r.seconds, 3),
                                     "plots": r.plots, "sections": r.sections}
    manifest["pages"] = {p.slug: manifest["pages"][p.slug] for p in PAGES if p.slug in manifest["pages"]}
    (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def _render_index(labels: Labels, manifest: dict, absent: list[str], lang: str, primary_lang: str,
                  built_at: str, as_of: str) -> str:
    entries, missing = [], []
    for spec in PAGES:
        page = manifest["pages"].get(spec.slug)
        if page is None:
            continue
        ok = sum(1 for s in page["sections"] if s["status"] == "ok")
        entries.append(IndexEntry(spec.file_name, labels(spec.title_key), labels(f"{spec.title_key}_desc"), ok,
                                  len(page["sections"])))
        for s in page["sections"]:
            if s["status"] != "ok":
                missing.append(MissingEntry(labels(spec.title_key), labels(s["key"]), ", ".join(s["missing"]),
                                            s.get("exports", []), s.get("error", "")))
    return render_index(labels, entries, missing, absent, _nav(labels, "index"),
                        _other_language(lang, primary_lang, INDEX), built_at, as_of)


def _absent_sources(ctx: PageContext) -> list[str]:
    if not ctx.exists("load_log") or "status" not in ctx.columns("load_log"):
        return []
    return [r for r in ctx.sql("SELECT source FROM load_log WHERE status = 'absent' ORDER BY source")["source"]]


def _publish(staging: Path, target: Path) -> None:
    """Move every finished file into place; each os.replace is atomic on one file system."""
    target.mkdir(parents=True, exist_ok=True)
    # Pages first, then the manifest and index that point at them.
    names = sorted(p.name for p in staging.iterdir() if p.is_file())
    names.sort(key=lambda n: (n in (MANIFEST, INDEX), n == INDEX))
    for name in names:
        os.replace(staging / name, target / name)
