"""The sample-data generator: contract-exact, deterministic, and carrying its planted behaviours."""

from __future__ import annotations

import filecmp
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipelines.contracts import CONTRACTS, Contract
from pipelines.generator import (
    GROUND_TRUTH_DIR,
    generate_company,
    generated_sources,
    run_generate,
    sizing_for,
)

SCALE, SEED = 0.01, 7

_FORMATS = {
    "int": re.compile(r"-?\d+"),
    "decimal": re.compile(r"-?\d+(\.\d+)?"),
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "timestamp": re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"),
    "time": re.compile(r"\d{2}:\d{2}"),
    "bool": re.compile(r"true|false"),
}


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("company")
    generate_company(out, scale=SCALE, seed=SEED)
    return out


def _read_file(path: Path) -> pd.DataFrame:
    """Every value as the exact text a loader sees (Parquet values cast to text)."""
    if path.suffix == ".parquet":
        table = pq.read_table(path)
        return pd.DataFrame({name: [("" if v is None else str(v)) for v in table.column(name).to_pylist()]
                             for name in table.column_names})
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _files(root: Path, source: str) -> list[Path]:
    return sorted(p for p in (root / source).iterdir() if p.suffix in (".csv", ".parquet"))


def _load(root: Path, source: str) -> pd.DataFrame:
    return pd.concat([_read_file(p) for p in _files(root, source)], ignore_index=True)


def _ground_truth(root: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(root / GROUND_TRUTH_DIR / f"{name}.csv", dtype=str, keep_default_na=False)


def _all_files(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


# --- layout and determinism -------------------------------------------------------------------------


def test_same_seed_gives_identical_bytes_and_other_seed_differs(company: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate_company(again, scale=SCALE, seed=SEED)
    files = _all_files(company)
    assert files == _all_files(again)
    match, mismatch, errors = filecmp.cmpfiles(company, again, [str(f) for f in files], shallow=False)
    assert not mismatch and not errors, (mismatch, errors)

    other = tmp_path / "other"
    generate_company(other, scale=SCALE, seed=SEED + 1)
    for name in ("sales_lines/sales_lines_2025-03.csv", "customers/customers.csv", "visits/visits.csv"):
        assert (company / name).read_bytes() != (other / name).read_bytes(), name


def test_every_generated_source_has_the_contract_columns_in_order(company: Path) -> None:
    expected = {c.name for c in CONTRACTS.values() if not c.filled_by_later_issue}
    assert set(generated_sources()) == expected
    for name, contract in CONTRACTS.items():
        folder = company / name
        if contract.filled_by_later_issue:
            # Written by the foot-traffic sample (tests/test_footfall_sample_data.py checks its columns).
            assert folder.is_dir() and any(folder.iterdir()), name
            continue
        files = _files(company, name)
        assert files, name
        for path in files:
            if path.suffix == ".parquet":
                header = pq.read_schema(path).names
            else:
                header = path.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
            assert header == list(contract.column_names), path


def test_file_formats_sales_monthly_inventory_parquet(company: Path) -> None:
    sales_files = _files(company, "sales_lines")
    assert len(sales_files) == 36  # 2023-11 .. 2026-10
    assert sales_files[0].name == "sales_lines_2023-11.csv"
    assert sales_files[-1].name == "sales_lines_2026-10.csv"
    for path in sales_files:
        month = path.stem.removeprefix("sales_lines_")
        dates = _read_file(path)["invoice_date"]
        assert len(dates) and dates.str.startswith(month).all(), path
    assert [p.suffix for p in _files(company, "inventory_snapshots")] == [".parquet"]
    for name in generated_sources():
        if name not in ("sales_lines", "inventory_snapshots"):
            assert [p.name for p in _files(company, name)] == [f"{name}.csv"]


def test_manifest_and_summary_agree_with_the_files(tmp_path: Path) -> None:
    summary = generate_company(tmp_path, scale=SCALE, seed=3)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["scale"] == SCALE and manifest["seed"] == 3
    assert manifest["date_range"] == {"start": "2023-11-01", "end": "2026-10-31"}
    assert manifest["rows"] == summary.rows
    assert list(summary.rows)[: len(generated_sources())] == list(generated_sources())
    assert {"footfall_counts", "footfall_sites", "footfall_reference"} <= set(summary.rows)
    assert summary.seconds > 0 and summary.out_dir == tmp_path
    for source, rel_paths in manifest["files"].items():
        assert sum(len(_read_file(tmp_path / p)) for p in rel_paths) == summary.rows[source]
    assert manifest["ground_truth_rows"] == summary.ground_truth_rows
    assert "sales_lines" in summary.describe()


def test_run_generate_replaces_its_old_output_and_validates_plain_values(company: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(company, out)
    keep = out / "notes.txt"
    keep.write_text("mine", encoding="utf-8")
    summary = run_generate(str(out), scale="0.01", seed="5")  # plain CLI strings
    assert summary.seed == 5 and summary.scale == SCALE
    assert keep.read_text(encoding="utf-8") == "mine"
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["seed"] == 5
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(ValueError):
        run_generate(tmp_path / "file", scale=0.01, seed=1)
    with pytest.raises(ValueError):
        run_generate(tmp_path / "x", scale="lots", seed=1)
    with pytest.raises(ValueError):
        run_generate(tmp_path / "x", scale=0.01, seed=1.5)


# --- contract values ----------------------------------------------------------------------------------


def _check_column_values(contract: Contract, df: pd.DataFrame) -> None:
    for col in contract.columns:
        values = df[col.name]
        empty = values == ""
        if not col.nullable:
            assert not empty.any(), f"{contract.name}.{col.name} has empty values"
        present = values[~empty]
        if col.type in _FORMATS:
            bad = present[~present.str.fullmatch(_FORMATS[col.type])]
            assert bad.empty, f"{contract.name}.{col.name} badly formatted: {bad.head().tolist()}"
        if col.type in ("date", "timestamp"):
            pd.to_datetime(present, format="%Y-%m-%d" if col.type == "date" else "%Y-%m-%d %H:%M:%S")
        if col.allowed:
            bad = present[~present.isin(col.allowed)]
            assert bad.empty, f"{contract.name}.{col.name} outside {col.allowed}: {bad.unique()[:5]}"
        if col.min_value is not None or col.max_value is not None:
            number = present.astype(float)
            if col.min_value is not None:
                ok = number > col.min_value if col.min_exclusive else number >= col.min_value
                assert ok.all(), f"{contract.name}.{col.name} below its minimum"
            if col.max_value is not None:
                assert (number <= col.max_value).all(), f"{contract.name}.{col.name} above its maximum"


def test_values_keys_and_references_satisfy_every_contract(company: Path) -> None:
    data = {name: _load(company, name) for name in generated_sources()}
    for name, df in data.items():
        contract = CONTRACTS[name]
        assert len(df) > 0, name
        _check_column_values(contract, df)
        assert not df.duplicated(list(contract.key)).any(), f"{name} key {contract.key} not unique"
        for col in contract.columns:
            if col.references:
                ref_source, ref_col = col.references.split(".")
                values = df.loc[df[col.name] != "", col.name]
                missing = set(values) - set(data[ref_source][ref_col])
                assert not missing, f"{name}.{col.name} -> {col.references}: {sorted(missing)[:5]}"


def test_sales_amounts_follow_the_row_rule_and_discounts_are_realistic(company: Path) -> None:
    sales = _load(company, "sales_lines")
    qty, price = sales["qty"].astype(float), sales["unit_price"].astype(float)
    disc, amount = sales["discount_pct"].astype(float), sales["amount"].astype(float)
    assert (np.abs(amount - qty * price * (1 - disc)) <= np.maximum(1, 0.01 * amount)).all()
    assert (np.abs(amount - np.round(qty * price * (1 - disc), 2)) < 0.006).all()  # rounded to cents
    assert disc.between(0, 0.15).mean() > 0.9 and disc.max() > 0.15  # mostly 0-15%, some deeper
    lines = sales.groupby("invoice_id")["line_no"].agg(["count", "max"])
    assert (lines["count"] == lines["max"].astype(int)).all()  # line numbers run 1..n
    assert lines["count"].between(1, 10).all() and lines["count"].max() >= 5
    per_invoice = sales.groupby("invoice_id")[["invoice_date", "customer_id", "payment_terms_days"]].nunique()
    assert (per_invoice <= 1).all().all()  # one date, customer and terms per invoice


def test_sales_only_between_opening_and_churn_stop(company: Path) -> None:
    sales = _load(company, "sales_lines")
    customers = _load(company, "customers").set_index("customer_id")
    opened = sales["customer_id"].map(customers["opened_date"])
    assert (sales["invoice_date"] >= opened).all()
    assert (customers["opened_date"] > "2023-11-01").sum() > 0.2 * len(customers)  # new customers keep coming
    churned = _ground_truth(company, "churned_customers").set_index("customer_id")
    stop = sales["customer_id"].map(churned["stop_date"]).fillna("9999-12-31")
    assert (sales["invoice_date"] <= stop).all()


def test_masters_hierarchy_and_products_are_consistent(company: Path) -> None:
    reps = _load(company, "reps").set_index("rep_id")
    regions = _load(company, "regions")
    assert sorted(regions["region_id"]) == [f"R{i:02d}" for i in range(1, 9)]
    assert len(reps) >= 20
    tops = reps.index[reps["manager_rep_id"] == ""]
    assert list(reps.loc[tops, "role"]) == ["director"]
    for rep in reps.index:  # every chain ends at the top without cycles
        seen, current = set(), rep
        while reps.at[current, "manager_rep_id"]:
            assert current not in seen
            seen.add(current)
            current = reps.at[current, "manager_rep_id"]
        assert current == tops[0]
    heads = reps.loc[regions["head_rep_id"]]
    assert (heads["role"] == "manager").all() and list(heads["region_id"]) == list(regions["region_id"])
    field = reps[reps["role"] == "rep"]
    assert (reps.loc[field["manager_rep_id"], "role"] == "manager").all()

    products = _load(company, "products")
    cost, price = products["unit_cost"].astype(float), products["list_price"].astype(float)
    margin = (price - cost) / price
    assert (cost < price).all() and margin.between(0.14, 0.61).all()
    assert products["supplier_lead_time_days"].astype(int).between(7, 60).all()
    assert 10 <= products["category"].nunique() <= 15 and len(products) >= 40


def test_rough_scale(company: Path) -> None:
    rows = json.loads((company / "manifest.json").read_text(encoding="utf-8"))["rows"]
    assert 5_000 <= rows["sales_lines"] <= 20_000
    assert rows["customers"] >= 150 and rows["products"] >= 40 and rows["regions"] == 8
    assert rows["sell_out"] <= 1.2 * rows["sales_lines"]
    small, big = sizing_for(0.01), sizing_for(10)
    assert big.target_lines == 10_000_000 and big.n_customers > small.n_customers
    with pytest.raises(ValueError):
        sizing_for(0)
    with pytest.raises(ValueError):
        generate_company(Path("unused"), scale=SCALE, seed=-1)


# --- flows --------------------------------------------------------------------------------------------


def test_collections_returns_and_stock_are_consistent(company: Path) -> None:
    sales = _load(company, "sales_lines")
    invoices = sales.assign(amount=sales["amount"].astype(float)).groupby("invoice_id")["amount"].sum()
    coll = _load(company, "collections")
    allocated = coll[coll["invoice_id"] != ""]
    paid = allocated.assign(amount=allocated["amount"].astype(float)).groupby("invoice_id")["amount"].sum()
    assert (paid <= invoices.loc[paid.index] + 0.05).all()  # never more than invoiced
    assert 0.01 < (coll["invoice_id"] == "").mean() < 0.1  # some unallocated receipts
    assert (allocated.groupby("invoice_id").size() > 1).any()  # partial payments
    first_sale = sales.groupby("invoice_id")["invoice_date"].first()
    assert (allocated["receipt_date"].values >= first_sale.loc[allocated["invoice_id"]].values).all()

    returns = _load(company, "returns")
    assert set(returns["return_type"]) == {"batch", "sporadic"}
    batch = returns[returns["return_type"] == "batch"]
    sporadic = returns[returns["return_type"] == "sporadic"]
    assert (batch["reason"] == "unsold").mean() > 0.5
    assert batch["qty"].astype(float).median() > sporadic["qty"].astype(float).median()

    stock = _load(company, "inventory_snapshots")
    assert set(stock["location_type"]) == {"company_warehouse", "distributor"}
    customers = _load(company, "customers").set_index("customer_id")
    dist = stock[stock["location_type"] == "distributor"]
    assert dist["location_id"].map(customers["customer_type"]).isin(["distributor", "agent"]).all()
    assert (stock["on_hand_qty"].astype(float) == 0).mean() < 0.2

    sell_out = _load(company, "sell_out")
    assert sell_out["distributor_id"].map(customers["customer_type"]).isin(["distributor", "agent"]).all()
    named = sell_out[sell_out["terminal_id"] != ""]
    assert (named["terminal_id"].map(customers["parent_distributor_id"]) == named["distributor_id"]).all()


def test_field_activity_and_expenses_look_like_a_sales_force(company: Path) -> None:
    checkins = _load(company, "rep_checkins")
    hours = pd.to_datetime(checkins["checkin_time"]).dt.hour
    assert hours.between(6, 12).all() and (pd.to_datetime(checkins["checkin_time"]).dt.day_of_week < 5).all()
    visits = _load(company, "visits")
    assert set(visits["visit_type"]) == {"development", "maintenance", "co_visit", "training"}
    co = visits[visits["visit_type"] == "co_visit"]
    reps = _load(company, "reps").set_index("rep_id")
    assert (co["manager_rep_id"] == co["rep_id"].map(reps["manager_rep_id"])).all()
    assert (visits.loc[visits["visit_type"] != "co_visit", "manager_rep_id"] == "").all()
    reports = _load(company, "rep_reports")
    assert set(reports["report_type"]) == {"daily", "weekly", "monthly"}
    on_time = reports[reports["submitted_time"] != ""]
    assert (on_time["submitted_time"] <= on_time["due_time"]).mean() > 0.75

    expenses = _load(company, "expenses")
    assert set(expenses["category"]) == set(CONTRACTS["expenses"].column("category").allowed)
    dev = expenses[expenses["category"] == "development_fee"]
    assert (dev["is_advance"] == "true").all() and dev["amortization_months"].astype(int).between(6, 24).all()
    assert (expenses.loc[expenses["category"] != "development_fee", "amortization_months"] == "").all()
    assert (expenses.loc[expenses["approval_level"] == "none", "approver_rep_id"] == "").all()
    assert set(expenses["regime"]) == {"contract", "budget"}
    budgets = _load(company, "budgets")
    assert len(budgets) == 36 * 8 * 6
    targets = _load(company, "targets")
    yearly = targets[targets["product_id"] == ""]
    assert len(yearly) == len(yearly[["year", "region_id", "metric"]].drop_duplicates()) == 3 * 8 * 3
    assert (targets.loc[targets["product_id"] != "", "metric"] == "sales").all()


# --- planted behaviours -------------------------------------------------------------------------------


def test_ground_truth_files_exist_and_reference_real_rows(company: Path) -> None:
    names = ["churned_customers", "stuffed_distributor_months", "stockout_product_locations",
             "undisciplined_reps", "expense_overrun_region_months", "skipped_approvals", "bad_debt_invoices"]
    assert (company / GROUND_TRUTH_DIR / "README.md").read_text(encoding="utf-8").count(".csv") >= len(names)
    truth = {name: _ground_truth(company, name) for name in names}
    for name, df in truth.items():
        assert len(df) > 0, name
    customers = _load(company, "customers").set_index("customer_id")
    assert set(truth["churned_customers"]["customer_id"]) <= set(customers.index)
    stuffed = truth["stuffed_distributor_months"]
    assert customers.loc[stuffed["customer_id"], "customer_type"].isin(["distributor", "agent"]).all()
    assert stuffed["month"].astype(int).isin([3, 6, 9, 12]).all()
    assert set(truth["undisciplined_reps"]["rep_id"]) <= set(_load(company, "reps")["rep_id"])

    expenses = _load(company, "expenses").set_index("expense_id")
    skipped = truth["skipped_approvals"].set_index("expense_id")
    assert set(skipped.index) <= set(expenses.index)
    assert (expenses.loc[skipped.index, "approval_level"] == skipped["approval_level"]).all()
    assert set(expenses.index[expenses["approval_level"].isin(["none", "top_only"])]) <= set(skipped.index)

    sales = _load(company, "sales_lines")
    bad = truth["bad_debt_invoices"]
    assert set(bad["invoice_id"]) <= set(sales["invoice_id"])
    coll = _load(company, "collections")
    paid = coll[coll["invoice_id"].isin(bad["invoice_id"])].assign(a=lambda d: d["amount"].astype(float))
    paid = paid.groupby("invoice_id")["a"].sum().reindex(bad["invoice_id"]).fillna(0)
    assert (paid.values < bad["invoice_amount"].astype(float).values).all()

    stock = _load(company, "inventory_snapshots")
    outs = truth["stockout_product_locations"]
    key = ["location_id", "product_id", "snapshot_date"]
    zero = outs.rename(columns={"first_zero_date": "snapshot_date"}).merge(stock, on=key, how="left")
    assert (zero["on_hand_qty"].astype(float) == 0).all()

    overruns = truth["expense_overrun_region_months"]
    assert (overruns["actual"].astype(float) > overruns["budget"].astype(float)).all()


def test_churners_fade_before_they_stop(company: Path) -> None:
    sales = _load(company, "sales_lines")
    sales["amount"] = sales["amount"].astype(float)
    churned = _ground_truth(company, "churned_customers")
    # Compare each churner's monthly spend during its fade with the months before it.
    ratios = []
    for row in churned.itertuples():
        own = sales[sales["customer_id"] == row.customer_id]
        before = own[own["invoice_date"] < row.fade_start]
        during = own[own["invoice_date"] >= row.fade_start]
        months_before = own["invoice_date"].str[:7].loc[before.index].nunique()
        if months_before >= 3 and len(during):
            fade_months = max(1, (pd.Timestamp(row.stop_date) - pd.Timestamp(row.fade_start)).days / 30.4)
            ratios.append(during["amount"].sum() / fade_months / (before["amount"].sum() / months_before))
    assert len(ratios) >= 5
    assert np.median(ratios) < 0.85


def test_stuffed_months_look_like_stuffing_but_overlap_with_ordinary_pushes(company: Path) -> None:
    sales = _load(company, "sales_lines")
    sales["date"] = pd.to_datetime(sales["invoice_date"])
    sales["ym"] = sales["date"].dt.to_period("M")
    stuffed = _ground_truth(company, "stuffed_distributor_months")
    marks = set(zip(stuffed["customer_id"], stuffed["year"].astype(int), stuffed["month"].astype(int),
                    strict=True))
    key = list(zip(sales["customer_id"], sales["date"].dt.year, sales["date"].dt.month, strict=True))
    in_stuffed = pd.Series([k in marks for k in key], index=sales.index)
    last5 = sales["date"].dt.days_in_month - sales["date"].dt.day < 5
    # Stuffed months: sales concentrated in the last 5 days, deeper discounts, longer terms.
    amount = sales["amount"].astype(float)
    share_last5 = amount[in_stuffed].groupby(last5[in_stuffed]).sum()
    assert share_last5[True] / share_last5.sum() > 0.5
    disc = sales["discount_pct"].astype(float)
    terms = pd.to_numeric(sales["payment_terms_days"])
    assert disc[in_stuffed].mean() > disc[~in_stuffed].mean() + 0.02
    assert terms[in_stuffed].mean() > terms[~in_stuffed].mean()
    # ... but not trivially separable: many ordinary lines are discounted as deeply.
    assert (disc[~in_stuffed] >= disc[in_stuffed].median()).sum() > in_stuffed.sum()


def test_undisciplined_reps_check_in_and_report_worse(company: Path) -> None:
    truth = _ground_truth(company, "undisciplined_reps")
    poor = set(truth.loc[truth["behaviour"] == "poor_discipline", "rep_id"])
    checkins = _load(company, "rep_checkins")
    reports = _load(company, "rep_reports")
    reports["bad"] = (reports["submitted_time"] == "") | (reports["submitted_time"] > reports["due_time"])
    daily = reports[reports["report_type"] == "daily"]
    # Check-in rate per daily-report day (a proxy for working days employed).
    rate = checkins.groupby("rep_id").size() / daily.groupby("rep_id").size()
    bad_rate = daily.groupby("rep_id")["bad"].mean()
    is_poor = rate.index.isin(poor)
    assert rate[is_poor].median() < rate[~is_poor].median() - 0.05
    assert bad_rate[bad_rate.index.isin(poor)].median() > bad_rate[~bad_rate.index.isin(poor)].median() + 0.05
    assert (rate[~is_poor] < rate[is_poor].max()).any()  # ordinary reps overlap with the planted ones


def test_generator_never_deletes_files_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "raw"
    (out / "sales_lines").mkdir(parents=True)
    own_export = out / "sales_lines" / "my_export.csv"
    own_export.write_text("invoice_id\nX\n", encoding="utf-8")
    with pytest.raises(ValueError, match="did not write.*sales_lines/my_export.csv"):
        generate_company(out, scale=0.01, seed=1)
    assert own_export.read_text(encoding="utf-8") == "invoice_id\nX\n"


def test_regenerating_replaces_only_its_own_previous_files(tmp_path: Path) -> None:
    out = tmp_path / "raw"
    first = generate_company(out, scale=0.01, seed=1)
    second = generate_company(out, scale=0.01, seed=1)
    assert first.rows == second.rows
    assert len(list((out / "sales_lines").glob("*.csv"))) == len(second.files["sales_lines"])
