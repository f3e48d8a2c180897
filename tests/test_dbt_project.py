"""The dbt project: sources generated from the contracts, every model documented and grouped, no layer read
backwards, and the manifest's lineage (not a scan of the SQL) behind what pages and notebooks are told."""

from __future__ import annotations

import re
from pathlib import Path

from pipelines.contracts import CONTRACTS
from pipelines.dbt_layer.models import model_description, model_group, model_names, model_reads
from pipelines.dbt_layer.project import DBT_PROJECT_DIR
from pipelines.dbt_layer.sources_yaml import SOURCES_FILE, render_sources_yaml

LAYERS = ("stg_", "int_", "dim_", "fct_", "mart_")


def test_the_committed_sources_file_is_what_the_contracts_say() -> None:
    assert SOURCES_FILE.read_text(encoding="utf-8") == render_sources_yaml(), (
        "a contract changed: run `python -m pipelines.dbt_layer.sources_yaml` and commit the result")
    assert f"name: stg_{next(iter(CONTRACTS))}" in render_sources_yaml()


def test_every_model_has_a_description_and_a_dagster_group() -> None:
    names = model_names()
    assert len(names) >= 50
    assert [n for n in names if not model_description(n)] == []
    assert {model_group(n) for n in names} <= {"core", "metrics", "marts"}


def test_no_model_reads_a_later_group() -> None:
    """Groups build in order core -> marts -> metrics, and a run of the first groups (the benchmark's foundation,
    a selection in Dagster's UI) builds only those: a marts model reading a metrics model would fail there."""
    order = {"core": 0, "marts": 1, "metrics": 2}
    names = set(model_names())
    later = {n: [t for t in model_reads(n) if t in names and order[model_group(t)] > order[model_group(n)]]
             for n in names}
    assert {n: reads for n, reads in later.items() if reads} == {}


def test_dims_and_facts_read_only_staging_and_each_other() -> None:
    for name in model_names():
        if name.startswith(("dim_", "fct_")):
            assert all(t.startswith(("stg_", "dim_", "fct_")) or t == "build_params" for t in model_reads(name)), name


def test_lineage_comes_from_ref_and_source() -> None:
    assert model_reads("mart_collections_region_month") == (
        "build_params", "int_collections_customer_month", "int_metric_params")
    assert "stg_sales_lines" in model_reads("fct_sales_lines")


def test_dbt_docs_site_opens_offline_with_the_models_and_their_columns(built_tiny, tmp_path) -> None:
    from pipelines.cli import main

    assert main(["dbt-docs", "--warehouse", str(built_tiny.warehouse), "--out", str(tmp_path)]) == 0
    page = (tmp_path / "static_index.html").read_text(encoding="utf-8")
    assert "mart_collections_region_month" in page and "fct_collections_key_unique" in page
    assert '"collection_rate_3m"' in page  # a column read from the published warehouse's catalog
    assert re.search(r"<script[^>]*src=|<link[^>]*href=\"http", page) is None  # nothing fetched from a network


def test_the_scaling_notes_list_every_model_as_its_sql_stands() -> None:
    from pipelines.dbt_layer.portability import model_table_markdown

    doc = (Path(__file__).resolve().parents[1] / "docs" / "scaling.md").read_text(encoding="utf-8")
    generated = doc.split("<!-- generated: python -m pipelines.dbt_layer.portability -->\n")[1].split(
        "<!-- end generated -->")[0]
    assert generated == model_table_markdown(), (
        "a model's SQL changed: paste `python -m pipelines.dbt_layer.portability` into docs/scaling.md")


def test_no_int_model_reads_a_mart() -> None:
    """Layers flow one way (stg -> int -> fct/dim -> mart): a quantity two marts share lives in an int_ model."""
    backwards = {n: [t for t in model_reads(n) if t.startswith("mart_")] for n in model_names() if n.startswith("int_")}
    assert {n: reads for n, reads in backwards.items() if reads} == {}


def test_dso_and_cei_are_written_once() -> None:
    """"Where is DSO computed" is one grep: the collection_kpis macro, whatever the grain."""
    formula = re.compile(r"\bAS (dso|cei)\b", re.IGNORECASE)
    files = sorted(str(p.relative_to(DBT_PROJECT_DIR)) for p in DBT_PROJECT_DIR.rglob("*.sql")
                   if "target" not in p.parts and formula.search(p.read_text(encoding="utf-8")))
    assert files == ["macros/collection_kpis.sql"]
    for grain in ("customer", "region", "rep", "company"):
        assert "collection_kpis(" in (DBT_PROJECT_DIR / f"models/marts/mart_collections_{grain}_month.sql").read_text()
