"""A sales export without a rep column (业务员): every sale is credited to 'unassigned' (pipelines.ingest.derive),
so a figure or table by rep would show one bar or one row. The pages that show reps say why, in both languages.

One real build of the tiny company whose sales file lacks rep_id (everything else delivered), against the tiny
company with reps (the session's built_tiny), where no such note may appear."""

from __future__ import annotations

from html import escape

import pytest
from conftest import settings_in
from tiny_company import ROWS, write_source, write_tiny_company

from pipelines.contracts import CONTRACTS
from pipelines.dashboards.build import build_all_languages, build_dashboards
from pipelines.dashboards.labels import Labels
from pipelines.dashboards.names_zh import to_chinese
from pipelines.warehouse.readonly import query

REP_PAGES = ["targets", "collections"]
NOTE = {lang: escape(Labels(lang)("reps_unassigned_note")) for lang in ("en", "zh")}  # as the HTML writes it
# Sections that list or chart reps, and carry the note when there are none.
REP_SECTIONS = {"targets.attainment", "targets.gap_list", "targets.scorecards", "targets.commissions",
                "collections.aging"}


@pytest.fixture(scope="module")
def built_without_reps(tmp_path_factory: pytest.TempPathFactory):
    from pipelines.orchestration.run_build import run_nightly_job

    root = tmp_path_factory.mktemp("no_reps")
    raw = write_tiny_company(root / "raw")
    write_source(raw, "sales_lines", ROWS["sales_lines"],
                 columns=[c for c in CONTRACTS["sales_lines"].column_names if c != "rep_id"])
    settings = settings_in(root)
    outcome = run_nightly_job(settings)
    assert outcome.success, outcome.failures
    return settings


def test_the_build_credits_every_sale_to_unassigned(built_without_reps):
    reps = query("SELECT DISTINCT rep_id FROM fct_sales_lines", path=built_without_reps.warehouse)
    assert reps["rep_id"].tolist() == ["unassigned"]


def test_the_placeholder_rep_is_not_judged_or_scored(built_without_reps):
    """'unassigned' is nobody: no working days, so no 放牧式 (unmanaged) flag and no rank in a scorecard."""
    for table in ("mart_rep_discipline_month", "mart_rep_scorecard"):
        rows = query(f"SELECT count(*) AS n FROM {table} WHERE rep_id = 'unassigned'",
                     path=built_without_reps.warehouse)
        assert rows["n"].iloc[0] == 0, table


def test_the_dbt_project_and_ingest_name_the_placeholder_alike() -> None:
    import yaml

    from pipelines.contracts.minimum import UNASSIGNED
    from pipelines.dbt_layer.project import DBT_PROJECT_DIR

    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    assert project["vars"]["unassigned_id"] == UNASSIGNED


def test_pages_with_reps_say_rep_figures_are_not_available(built_without_reps, tmp_path):
    editions = build_all_languages(built_without_reps.warehouse, tmp_path / "dash", pages=REP_PAGES, strict=True)
    for lang, edition in editions.items():
        for page in edition.pages:
            html = page.path.read_text(encoding="utf-8")
            assert NOTE[lang] in html, f"{lang}/{page.slug}: no word that rep figures are not available"
        shown = {s["key"] for p in edition.pages for s in p.sections if s["status"] == "ok"}
        assert REP_SECTIONS <= shown, f"{lang}: rep sections without data {REP_SECTIONS - shown}"
    zh = (tmp_path / "dash" / "zh" / "targets.html").read_text(encoding="utf-8")
    assert "业务员" in NOTE["zh"] and zh.count(NOTE["zh"]) >= 3  # on each rep section of the page, not once
    # The placeholder rep is named in Chinese in the zh tables (the scorecard lists it).
    assert to_chinese("unassigned") == "未分配" and '"unassigned"' not in zh


def test_pages_with_reps_say_nothing_when_the_export_has_them(built_tiny, tmp_path):
    for path in build_dashboards(built_tiny.warehouse, tmp_path / "dash", "en", None, pages=REP_PAGES, strict=True):
        assert NOTE["en"] not in path.read_text(encoding="utf-8"), path.name
