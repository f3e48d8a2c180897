"""Master files are optional: ids with no row in a delivered master become members named by their id, flagged in
the load report (members_from_ids, the build summary, a warning check), never quarantined."""

from __future__ import annotations

from pathlib import Path

from conftest import settings_in
from tiny_company import ROWS, write_source, write_tiny_company

from pipelines.build_outcome import EXIT_WARNINGS
from pipelines.build_summary import summarize
from pipelines.orchestration.run_build import run_nightly_job
from pipelines.warehouse.readonly import query


def test_ids_missing_from_the_masters_build_as_members_named_by_their_id_with_a_warning(tmp_path: Path) -> None:
    raw = write_tiny_company(tmp_path / "raw")
    sales = [dict(r) for r in ROWS["sales_lines"]]
    # A new customer served by a new rep, buying a new SKU: none of the three is in its master export yet.
    sales.append(sales[-1] | {"invoice_id": "I5", "customer_id": "C9", "rep_id": "P9", "product_id": "K9"})
    write_source(raw, "sales_lines", sales)
    customers = [dict(r) for r in ROWS["customers"]]
    customers[3]["region_id"] = "R9"  # a department missing from the regions export
    write_source(raw, "customers", customers)
    settings = settings_in(tmp_path, raw)
    outcome = run_nightly_job(settings)
    assert outcome.exit_code == EXIT_WARNINGS, outcome.failures
    path = settings.warehouse
    assert query("SELECT count(*) AS n FROM quarantine WHERE rule <> 'duplicate_redelivered'", path=path).n[0] == 0
    members = query("SELECT master_source, member_id, referring_source, referring_rows FROM members_from_ids "
                    "ORDER BY 1, 3", path=path)
    assert list(members.itertuples(index=False, name=None)) == [
        ("customers", "C9", "sales_lines", 1), ("products", "K9", "sales_lines", 1),
        ("regions", "R9", "customers", 1), ("reps", "P9", "sales_lines", 1)]
    assert query("SELECT customer_name, in_master FROM dim_customer WHERE customer_id = 'C9'", path=path) \
        .values.tolist() == [["C9", False]]
    assert query("SELECT rep_name, in_master FROM dim_rep WHERE rep_id = 'P9'", path=path).values.tolist() \
        == [["P9", False]]
    assert query("SELECT region_name, in_master FROM dim_region WHERE region_id = 'R9'", path=path).values.tolist() \
        == [["R9", False]]
    assert query("SELECT sum(amount) AS s FROM fct_sales_lines WHERE customer_id = 'C9'", path=path).s[0] == 50
    warnings = [w for w in outcome.warnings if "ids_have_master_rows" in w]
    assert len(warnings) == 2, outcome.warnings  # sales_lines and customers
    assert any("stg_sales_lines" in w and "(C9)" in w and "(P9)" in w and "(K9)" in w for w in warnings), warnings
    summary = summarize(path).splitlines()
    assert ("MEMBERS FROM IDS: 1 customer_id value(s) have no row in the customers export (C9); 1 sales_lines rows "
            "(column customer_id) use them. Kept as members named by their id; add them to the customers export "
            "to give them names: SELECT * FROM members_from_ids WHERE master_source = 'customers'") in summary
