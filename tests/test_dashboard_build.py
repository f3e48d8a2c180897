"""Building the dashboard files: layout of the two editions, manifest, partial rebuilds, atomic replacement."""

from __future__ import annotations

import json
import re
from html import escape as html_escape

import duckdb
import pytest

from pipelines.dashboards import build as build_module
from pipelines.dashboards.build import MANIFEST, build_all_languages, build_dashboards
from pipelines.dashboards.labels import LANGS, Labels
from pipelines.dashboards.registry import PAGES

PAGE_FILES = {"index.html", *(p.file_name for p in PAGES)}


def _page_data(path) -> dict:
    text = path.read_text(encoding="utf-8")
    payload = re.search(r'<script id="page-data" type="application/json">(.*?)</script>', text, re.S).group(1)
    return json.loads(payload.replace("<\\/", "</"))


def test_every_section_and_page_has_labels_in_both_languages():
    for lang in LANGS:
        labels = Labels(lang)
        for page in PAGES:
            assert labels(page.title_key) and labels(f"{page.title_key}_desc")
            for section in page.sections:
                assert labels(section.key)


def test_both_editions_are_built_side_by_side(built_tiny, tmp_path):
    out = tmp_path / "dashboards"
    editions = build_all_languages(built_tiny.warehouse, out, built_tiny.models_dir, strict=True)
    assert {p.name for p in out.iterdir() if p.suffix == ".html"} == PAGE_FILES
    assert {p.name for p in (out / "zh").iterdir() if p.suffix == ".html"} == PAGE_FILES
    assert not [p for p in out.parent.rglob("*building*")]  # temporary folders are gone
    en, zh = (out / "overview.html").read_text(encoding="utf-8"), (out / "zh" / "overview.html").read_text(
        encoding="utf-8")
    assert '<html lang="en">' in en and 'href="zh/overview.html"' in en
    assert '<html lang="zh-CN">' in zh and 'href="../overview.html"' in zh and "经营概览" in zh
    # plotly.js once beside the pages (never inside one); the Chinese pages also load plotly's zh-CN locale.
    assert '<script src="plotly.min.js"></script>' in en and "plotly.js v" not in en
    assert '<script src="../plotly.min.js"></script><script src="../plotly-locale-zh-cn.js"></script>' in zh
    assert "plotly.js v" in (out / "plotly.min.js").read_text(encoding="utf-8")[:200]
    assert "zh-CN" in (out / "plotly-locale-zh-cn.js").read_text(encoding="utf-8")
    assert not (out / "zh" / "plotly.min.js").exists()
    assert all(p.stat().st_size <= 1_500_000 for p in out.rglob("*.html"))
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"(https?:)?//", en)  # nothing loaded from the web
    assert "http" not in json.dumps(_page_data(out / "overview.html"))
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert list(manifest["pages"]) == [p.slug for p in PAGES]
    sections = {s["key"]: s for p in manifest["pages"].values() for s in p["sections"]}
    assert sections["overview.kpis"]["status"] == "ok"
    # Too little history for a stuffing model: its panel is empty, and the status panel above it says why.
    assert sections["risk.stuffing"]["status"] == "nodata"
    assert "risk_channel_stuffing" in sections["risk.stuffing"]["missing"]
    assert sections["risk.model_status"]["status"] == "ok"
    risk_page = (out / "risk.html").read_text(encoding="utf-8")
    assert "the ratio_rules fallback cannot be calibrated either" in risk_page
    assert "BG/NBD 复购模型" in (out / "zh" / "risk.html").read_text(encoding="utf-8")
    # The zh edition says why in Chinese, with the same figures (pipelines/risk/reasons_zh.py).
    status = next(x for x in _page_data(out / "zh" / "risk.html")["sections"] if x["kind"] == "table")
    reasons = [row[4] for row in status["rows"] if row[4]]
    assert reasons and all("无法校准" in r or "不足以" in r for r in reasons if "渠道压货" in r), reasons
    assert not [r for r in reasons if re.search(r"[a-z]{3,}", r.replace("data/raw/", ""))], reasons
    assert editions["en"].pages[0].path == out / "overview.html"
    # The tiny company's as-of date and its two regions reach the page.
    data = _page_data(out / "overview.html")
    assert data["periods"][-1] == "2024-03" and {r["id"] for r in data["regions"]} == {"R1", "R2"}


def test_an_edition_built_in_a_side_process_equals_one_built_in_process(built_tiny, tmp_path, monkeypatch):
    # With two cores the second language builds in a process of its own; its pages must be the same pages.
    monkeypatch.setattr(build_module, "usable_cores", lambda: 2)
    side = build_all_languages(built_tiny.warehouse, tmp_path / "side", built_tiny.models_dir, strict=True)
    monkeypatch.setattr(build_module, "usable_cores", lambda: 1)
    here = build_all_languages(built_tiny.warehouse, tmp_path / "here", built_tiny.models_dir, strict=True)
    assert [p.slug for p in side["zh"].pages] == [p.slug for p in here["zh"].pages] == [p.slug for p in PAGES]
    for page in (p.file_name for p in PAGES):
        assert _page_data(tmp_path / "side" / "zh" / page) == _page_data(tmp_path / "here" / "zh" / page), page
    assert not [p for p in tmp_path.rglob("*building*")]


def test_chinese_as_primary_language_swaps_the_folders(built_tiny, tmp_path):
    out = tmp_path / "dashboards"
    build_all_languages(built_tiny.warehouse, out, None, primary_lang="zh")
    assert '<html lang="zh-CN">' in (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in (out / "en" / "index.html").read_text(encoding="utf-8")
    assert '<script src="plotly.min.js"></script><script src="plotly-locale-zh-cn.js">' in (
        out / "overview.html").read_text(encoding="utf-8")
    assert '<script src="../plotly.min.js"></script></head>' in (out / "en" / "overview.html").read_text(
        encoding="utf-8")


def test_a_partial_rebuild_keeps_the_other_pages_in_the_index(built_tiny, tmp_path):
    out = tmp_path / "dashboards"
    build_dashboards(built_tiny.warehouse, out, "en", None)
    before = (out / "costs.html").stat().st_mtime_ns
    paths = build_dashboards(built_tiny.warehouse, out, "en", None, pages=["overview"])
    assert [p.name for p in paths] == ["index.html", "overview.html"]
    assert (out / "costs.html").stat().st_mtime_ns == before
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert list(manifest["pages"]) == [p.slug for p in PAGES]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{p.file_name}"' in index for p in PAGES)


def test_a_failed_build_leaves_the_published_pages_alone(built_tiny, tmp_path, monkeypatch):
    out = tmp_path / "dashboards"
    build_dashboards(built_tiny.warehouse, out, "en", None)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def broken(ctx):
        raise RuntimeError("boom")

    real = build_module._builders
    monkeypatch.setattr(build_module, "_builders",
                        lambda slug: {**real(slug), "costs.structure": broken} if slug == "costs" else real(slug))
    with pytest.raises(RuntimeError, match="boom"):
        build_dashboards(built_tiny.warehouse, out, "en", None, strict=True)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert not [p for p in tmp_path.rglob("*building*")]
    # Not strict (the nightly run): the section becomes an error panel, the rest of the page is built.
    build_dashboards(built_tiny.warehouse, out, "en", None, pages=["costs"])
    costs = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["pages"]["costs"]["sections"]
    assert [s["status"] for s in costs if s["key"] == "costs.structure"] == ["error"]
    assert "boom" in (out / "costs.html").read_text(encoding="utf-8")


def test_bad_requests_get_clear_errors(built_tiny, tmp_path):
    with pytest.raises(FileNotFoundError, match="no published warehouse"):
        build_dashboards(tmp_path / "missing.duckdb", tmp_path / "out", "en", None)
    with pytest.raises(ValueError, match="unknown dashboard page"):
        build_dashboards(built_tiny.warehouse, tmp_path / "out", "en", None, pages=["sales"])
    with pytest.raises(ValueError, match="not supported"):
        build_dashboards(built_tiny.warehouse, tmp_path / "out", "fr", None)


def test_footfall_page_says_when_the_default_profile_was_used(tmp_path):
    """A study expanded with the built-in profile (no reference counters): the estimate sections say so in both
    languages, and the sections whose marts are empty (no reference data: no method check) show "no data"."""
    import duckdb
    import pandas as pd

    from pipelines.footfall.tables import MARTS, empty_frame, write_mart

    warehouse = tmp_path / "footfall.duckdb"
    con = duckdb.connect(str(warehouse))
    con.execute("CREATE TABLE build_params AS SELECT DATE '2026-10-31' AS as_of")
    site = {"study_id": "FT1", "interval_level": 0.9}
    frames = {
        "footfall_site_typical": pd.DataFrame([{**site, "site_id": s, "site_name": s, "day_class": c,
                                                "estimate": e, "lower": e * 0.7, "upper": e * 1.4, "days_used": 2,
                                                "dates_used": "", "basis": "counted", "days_with_reference": 0,
                                                "sd_log": 0.2, "profile_source": "default"}
                                               for s, e in (("S1", 5000.0), ("S2", 4000.0))
                                               for c in ("weekday", "weekend", "week_average")]),
        "footfall_site_ranking": pd.DataFrame([{**site, "metric": "week_average", "site_id": s, "site_name": s,
                                                "estimate": e, "lower": e * 0.7, "upper": e * 1.4, "rank": r,
                                                "p_best": p, "headline": True, "n_sites": 2}
                                               for s, e, r, p in (("S1", 5000.0, 1, 0.8), ("S2", 4000.0, 2, 0.2))]),
    }
    for table in MARTS:
        write_mart(con, table, frames.get(table, empty_frame(table)))
    con.close()
    out = tmp_path / "dash"
    build_all_languages(warehouse, out, None, pages=["footfall"], strict=True)
    for edition, lang in (("", "en"), ("zh", "zh")):
        sections = json.loads((out / edition / MANIFEST).read_text(encoding="utf-8"))["pages"]["footfall"]["sections"]
        status = {s["key"]: s["status"] for s in sections}
        assert status["footfall.ranking"] == status["footfall.typical"] == "ok"
        assert status["footfall.method_check"] == status["footfall.site_day"] == "nodata"
        assert status["footfall.sheet_issues"] == "nodata"  # no sheets delivered at all
        page = (out / edition / "footfall.html").read_text(encoding="utf-8")
        assert page.count(html_escape(Labels(lang)("ff_default_profile_note"))) >= 2  # ranking and typical days
        assert html_escape(Labels(lang)("ff_headline", site="S1", metric=Labels(lang).value("ff_class", "week_average"),
                                        p="80%", estimate="5,000", level="90%", lower="3,500", upper="7,000",
                                        second="S2", p2="20%")) in page


def _risk_warehouse(path, as_of: str) -> duckdb.DuckDBPyConnection:
    """A hand-made warehouse with an as-of date, one region and one rep, for the risk tables a test adds."""
    con = duckdb.connect(str(path))
    con.execute(f"CREATE TABLE build_params AS SELECT DATE '{as_of}' AS as_of")
    con.execute("CREATE TABLE dim_region AS SELECT 'R1' AS region_id, 'East' AS region_name")
    con.execute("CREATE TABLE dim_rep AS SELECT 'P1' AS rep_id, 'Zhang Wei' AS rep_name")
    return con


def test_stuffing_list_shows_scored_distributors_when_all_are_low(tmp_path):
    """52 distributors scored, all low: the panel lists them (riskiest first) and says so, not "no data"."""
    warehouse = tmp_path / "risk.duckdb"
    con = _risk_warehouse(warehouse, "2026-10-31")
    con.execute("""CREATE TABLE risk_channel_stuffing AS SELECT 'D' || i AS distributor_id, 'Dist ' || i AS
        distributor_name, 'R1' AS region_id, 'P1' AS rep_id, DATE '2026-10-01' AS month_start, 1000.0 * i AS
        sell_in_amount, 0.1 AS last_5_days_share, 1.0 AS sell_in_vs_sell_out, 4.0 AS weeks_of_supply,
        0.01 * i AS probability, 'low' AS risk_band, 'steady' AS driver_1, NULL AS driver_2, NULL AS driver_3,
        '平稳' AS driver_1_zh, NULL AS driver_2_zh, NULL AS driver_3_zh, 'model' AS scored_by FROM range(1, 6) t(i)""")
    con.close()
    out = tmp_path / "dash"
    build_dashboards(warehouse, out, "en", None, pages=["risk"], strict=True)
    section = next(s for s in _page_data(out / "risk.html")["sections"] if s["kind"] == "table")
    assert len(section["rows"]) == 5
    assert [r[0] for r in section["rows"]][0] == "Dist 5"  # riskiest first
    assert "All 5 scored rows are low risk" in (out / "risk.html").read_text(encoding="utf-8")


def test_churn_alerts_put_the_most_sales_at_stake_first(tmp_path):
    """The overview's churn alerts: a customer who bought nothing for a year (99%) comes after one with sales."""
    warehouse = tmp_path / "w.duckdb"
    con = _risk_warehouse(warehouse, "2026-03-31")
    con.execute("""CREATE TABLE risk_customer_churn AS SELECT * FROM (VALUES
        ('C1', 'Gone Ltd', 'retailer', 'R1', 'P1', 400, 30, 0.0, 0.99, 'high'),
        ('C2', 'Big Buyer', 'hospital', 'R1', 'P1', 60, 20, 90000.0, 0.80, 'high'),
        ('C3', 'Calm Co', 'retailer', 'R1', 'P1', 10, 20, 50000.0, 0.05, 'low'))
        t(customer_id, customer_name, customer_type, region_id, rep_id, recency_days, usual_gap_days,
          sales_last_365_days, probability, risk_band)""")
    for col in ("driver_1", "driver_2", "driver_3", "driver_1_zh", "driver_2_zh", "driver_3_zh", "scored_by"):
        con.execute(f"ALTER TABLE risk_customer_churn ADD COLUMN {col} VARCHAR")
    con.close()
    out = tmp_path / "dash"
    build_dashboards(warehouse, out, "en", pages=["overview"], strict=True)
    alerts = next(s for s in _page_data(out / "overview.html")["sections"] if s["kind"] == "table")
    subject = next(c["index"] for c in alerts["columns"] if c["label"] == Labels("en")("subject"))
    assert [r[subject] for r in alerts["rows"]] == ["Big Buyer", "Gone Ltd"]
