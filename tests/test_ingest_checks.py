"""The ingest step's Dagster checks: every line accounted for (blocking) and nothing to review (warning)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from conftest import settings_in
from raw_loader import Loader
from test_line_accounting import sales_line, write_sales_text
from tiny_company import write_tiny_company

from pipelines.build_summary import summarize
from pipelines.ingest.raw_files import unaccounted_files
from pipelines.orchestration.resources import SalesOpsConfig
from pipelines.orchestration.source_assets import LINES_CHECK, REVIEW_CHECK, ingest_sources


def test_files_not_read_warn_and_every_line_is_accounted_for(tmp_path: Path) -> None:
    raw = write_tiny_company(tmp_path / "raw")
    (raw / "sales_lines" / "scan of the invoice.pdf").write_bytes(b"%PDF-1.4")
    (raw / "customers" / "old").mkdir()
    settings = settings_in(tmp_path, raw)
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize([ingest_sources], instance=instance,
                                resources={"salesops": SalesOpsConfig.from_settings(settings)})
    assert result.success
    checks = {(e.asset_key.path[-1], e.check_name): e for e in result.get_asset_check_evaluations()}
    review = checks[("stg_sales_lines", REVIEW_CHECK)]
    assert (review.passed, review.severity) == (False, dg.AssetCheckSeverity.WARN)
    assert review.description == ("NOT READ sales_lines/scan of the invoice.pdf: "
                                  "only .csv, .txt, .tsv, .parquet, .xlsx, .xlsm, .xls files are read")
    assert not checks[("stg_customers", REVIEW_CHECK)].passed
    assert checks[("stg_regions", REVIEW_CHECK)].passed
    assert all(e.passed for (_asset, name), e in checks.items() if name == LINES_CHECK)
    summary = summarize(settings.staging_warehouse).splitlines()
    assert "NOT READ customers/old/: a folder: files in sub-folders are not read" in summary
    assert "NOT READ sales_lines/scan of the invoice.pdf: only .csv, .txt, .tsv, .parquet, .xlsx, .xlsm, .xls " \
           "files are read" in summary


def test_a_file_whose_rows_do_not_add_up_is_named(loader: Loader) -> None:
    write_sales_text(loader, [sales_line(n) for n in range(1, 6)])
    loader.snapshot()
    loader.ingest_sales()
    assert unaccounted_files(loader.con, "sales_lines") == []
    # As if the reader had lost a row without saying so: the check names the file and the gap.
    loader.con.execute("UPDATE raw_files SET rows_accepted = rows_accepted - 1 WHERE source = 'sales_lines'")
    assert unaccounted_files(loader.con, "sales_lines") == [("sales_lines/sales_lines.csv", 5, 1)]
