"""The analyst API (pipelines.analyst): periods, the workbench's parameters, the catalogue, model files,
figures in two languages, the churn wrapper and the foot-traffic estimate on a count sheet."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pandas as pd
import pytest

from pipelines.analyst import (
    compare_periods,
    describe_mart,
    estimate_footfall,
    figures,
    list_marts,
    load_churn_model,
    open_workbench,
    parse_period,
    preview_model,
    retrain_churn,
    write_model,
)
from pipelines.analyst.sql_models import model_description
from pipelines.dbt_layer.project import DBT_PROJECT_DIR, parse_project
from pipelines.settings import Settings

AS_OF = date(2026, 10, 20)


@pytest.mark.parametrize("spec, first, last, label", [
    ("month", "2026-10", "2026-10", "2026-10"),
    ("quarter", "2026-10", "2026-10", "2026-Q4 to 2026-10"),  # to date: no empty months in a comparison
    ("year", "2026-01", "2026-10", "2026 to 2026-10"),
    ("ytd", "2026-01", "2026-10", "2026 to 2026-10"),
    ("2026-08", "2026-08", "2026-08", "2026-08"),
    ("2026-Q3", "2026-07", "2026-09", "2026-Q3"),
    ("2026q1", "2026-01", "2026-03", "2026-Q1"),
    ("2025", "2025-01", "2025-12", "2025"),
    ("2026-03-15..2026-08-02", "2026-03", "2026-08", "2026-03..2026-08"),  # whole months the range touches
    (("2026/3/1", "2026/5/31"), "2026-03", "2026-05", "2026-03..2026-05"),
])
def test_periods_as_an_analyst_writes_them(spec, first, last, label):
    p = parse_period(spec, AS_OF)
    assert (str(p.first), str(p.last), p.label) == (first, last, label)


def test_same_period_last_year_and_the_one_before():
    q3 = parse_period("2026-Q3")
    assert (q3.last_year().label, q3.previous().label) == ("2025-Q3", "2026-Q2")
    custom = parse_period("2026-03..2026-07")
    assert (str(custom.previous().first), str(custom.previous().last)) == ("2025-10", "2026-02")
    assert custom.months == 5 and custom.start == date(2026, 3, 1) and custom.end == date(2026, 7, 31)


@pytest.mark.parametrize("spec", ["last week", "2026-13", "2026-Q5", ("2026-05", "2026-01"), "quarter"])
def test_a_period_that_cannot_be_read_says_how_to_write_one(spec):
    with pytest.raises(ValueError, match="period|month|date"):
        parse_period(spec)  # "quarter" without an as-of date cannot be placed


def test_compare_periods_with_written_periods_and_a_region(built_tiny):
    # Tiny company sales: R1 300 (2024-01) + 380 (2024-02); R2 100 (2024-02) + 50 (2024-03).
    with open_workbench(settings=built_tiny) as wb:
        out = compare_periods(wb.con, "mart_sales_region_month", "2024-Q1", "2024-01", metrics=["sales_amount"],
                              by=["region_id"], region="R1")
        everyone = compare_periods(wb.con, "mart_sales_region_month", "2024-02..2024-03", "2024-01",
                                   metrics=["sales_amount"])
    assert out[["region_id", "value_a", "value_b", "months_a", "months_b"]].values.tolist() == [
        ["R1", 680.0, 300.0, 3, 1]]
    assert (out["period_a"].iloc[0], out["period_b"].iloc[0]) == ("2024-Q1", "2024-01")
    assert everyone[["value_a", "value_b", "per_month_a"]].values.tolist() == [[530.0, 300.0, 265.0]]


def test_the_workbench_checks_its_parameters_against_the_warehouse(built_tiny):
    with pytest.raises(ValueError, match="region 'R9' is not in dim_region; use 'all' or one of .*R1, R2"):
        open_workbench(region="R9", settings=built_tiny)
    with open_workbench(settings=built_tiny) as wb:
        built = wb.as_of
    with pytest.raises(ValueError, match="after the warehouse's as-of date"):
        open_workbench(as_of=str(built.replace(year=built.year + 1)), settings=built_tiny)
    with pytest.raises(ValueError, match="lang 'fr'"):
        open_workbench(lang="fr", settings=built_tiny)


def test_the_workbench_cuts_tables_to_region_and_as_of(built_tiny):
    with open_workbench(as_of="2024-02-29", region="R2", period="quarter", settings=built_tiny) as wb:
        sales = wb.table("mart_sales_region_month")
        assert set(sales["region_id"]) == {"R2"} and sales["sales_amount"].sum() == 100.0  # March is after as-of
        assert set(wb.table("mart_sales_region_month", all_regions=True)["region_id"]) == {"R1", "R2"}
        assert sales["region_name"].iloc[0] == "North / 华北"
        assert wb.period.label == "2024-Q1 to 2024-02"
        assert wb.period_notes == []  # 2024-02-29 ends February: nothing partial
    with open_workbench(as_of="2024-02-20", settings=built_tiny, lang="zh") as wb:
        assert wb.region_label == "全部区域"
        assert "NOTE: the as-of month is partial (data up to 2024-02-20)" in wb.summary()


def test_marts_are_listed_and_described_from_their_definitions(built_tiny):
    with open_workbench(settings=built_tiny) as wb:
        marts = list_marts(wb.con)
        assert {"mart_sales_region_month", "stg_sales_lines", "build_params"} <= set(marts["table"])
        undescribed = marts[(marts["description"] == "(no description recorded)") & (marts["kind"] != "build")]
        assert undescribed.empty, undescribed  # every model, source, risk and footfall table says what it holds
        sales = describe_mart(wb.con, "mart_sales_region_month")
        assert sales.description == "Sales, margin, returns and collections per region and month."
        assert sales.defined_in == "pipelines/dbt_project/models/marts/mart_sales_region_month.sql"
        staged = describe_mart(wb.con, "stg_footfall_counts")
        meaning = dict(zip(staged.columns["column"], staged.columns["meaning"], strict=True))
        assert meaning["interval_end"].startswith("Interval end")
        assert set(list_marts(wb.con, kind="dimension")["table"]) >= {"dim_region", "dim_customer"}
        with pytest.raises(ValueError, match="no table 'mart_sales_regoin_month'"):
            describe_mart(wb.con, "mart_sales_regoin_month")


def test_a_new_model_is_previewed_read_only_and_written_once(built_tiny, tmp_path):
    sql = "SELECT region_id, count(*) AS months FROM mart_sales_region_month GROUP BY ALL ORDER BY 1"
    with open_workbench(settings=built_tiny) as wb:
        assert preview_model(wb.con, sql).values.tolist() == [["R1", 2], ["R2", 2]]
        with pytest.raises(ValueError, match="one SELECT"):
            preview_model(wb.con, "SELECT 1; DROP TABLE dim_region")
        with pytest.raises(ValueError, match="only reads: found 'DELETE'"):
            preview_model(wb.con, "WITH gone AS (DELETE FROM dim_region RETURNING *) SELECT * FROM gone")
    # Written into a copy of the dbt project, which dbt then parses: the model reads its parent through ref().
    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    path = write_model("mart_region_months", sql, "Months with sales per region.\nSecond line.",
                       folder=project / "models" / "marts")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("-- Months with sales per region.\n-- Second line.\nSELECT")
    assert "FROM {{ ref('mart_sales_region_month') }} GROUP BY ALL" in text
    assert model_description(text) == "Months with sales per region. Second line."
    nodes = json.loads(parse_project(project, tmp_path / "target").read_text(encoding="utf-8"))["nodes"]
    parsed = nodes["model.salesops.mart_region_months"]
    assert parsed["depends_on"]["nodes"] == ["model.salesops.mart_sales_region_month"]
    assert parsed["description"] == "Months with sales per region. Second line."  # what list_marts will show
    assert parsed["config"]["meta"]["dagster"]["group"] == "metrics"
    with pytest.raises(FileExistsError):
        write_model("mart_region_months", sql, "again", folder=project / "models" / "marts")
    with pytest.raises(ValueError, match="model name"):
        write_model("Region Months", sql, "bad name", folder=tmp_path)


def test_figures_take_a_frame_and_a_language():
    bands = pd.DataFrame({"band": ["high", "low"], "count": [3, 9]})
    assert list(figures.risk_band_chart(bands, lang="zh").data[0].x) == ["高", "低"]
    assert list(figures.risk_band_chart(bands).data[0].x) == ["High", "Low"]
    trend = pd.DataFrame({"month_start": pd.to_datetime(["2026-01-01", "2026-02-01"]), "region_id": "R1",
                          "sales_amount": [1.0, 2.0]})
    fig = figures.region_lines(trend, "sales_amount", lang="zh", colours={"R1": "#123456"})
    assert fig.data[0].line.color == "#123456"
    assert figures.region_lines.__name__ == "region_lines" and "lang" in figures.region_lines.__doc__
    titled = figures.risk_band_chart(bands, lang="zh", title="流失风险")
    assert titled.layout.title.text == "流失风险"
    assert titled.layout.title.automargin and titled.layout.title.yref == "container"  # above the legend, not on it
    assert "footfall_ranking" in figures.FIGURES and len(figures.FIGURES) >= 20


def test_churn_scores_a_list_explains_one_and_takes_a_what_if(built_sample, tmp_path):
    with open_workbench(settings=built_sample) as wb:
        churn = load_churn_model(wb.con, built_sample.models_dir, built_sample)
        model = load_churn_model(wb.con, built_sample.models_dir, built_sample, scorer="model")
        if churn is None or model is None:
            pytest.fail("the scale-0.01 sample should train a supervised churn model")
        ids = list(churn.customers()[:3])
        scored = churn.score([*ids, "NOT-A-CUSTOMER"]).set_index("customer_id")
        assert scored.loc[ids, "status"].eq("scored").all()
        assert scored.loc["NOT-A-CUSTOMER", "status"].startswith("not scored")
        published = wb.table("risk_customer_churn").set_index("customer_id")
        assert scored.loc[ids, "probability"].round(4).tolist() == published.loc[ids, "probability"].round(4).tolist()
        assert scored.loc[ids, "scored_by"].tolist() == published.loc[ids, "scored_by"].tolist()
        assert set(scored.loc[ids, "scored_by"]) == {churn.scored_by}
        drivers = model.explain(ids[0])
        assert {"driver", "contribution", "sentence"} <= set(drivers.columns)
        assert drivers["sentence"].str.len().min() > 0 and drivers["contribution"].is_monotonic_decreasing
        before = model.score([ids[0]])["probability"].iloc[0]
        lapsed = {ids[0]: {"recency_days": 2000.0, "purchase_days_90": 0.0, "amount_90": 0.0}}
        assert model.score([ids[0]], changes=lapsed)["probability"].iloc[0] != before
        with pytest.raises(ValueError, match="features the churn model does not use: favourite_colour"):
            model.score(ids, changes={ids[0]: {"favourite_colour": 1}})
        if churn.scored_by != "model":
            with pytest.raises(ValueError, match="explain\\(\\) needs the supervised model"):
                churn.explain(ids[0])
        with pytest.raises(ValueError, match="published models folder"):
            retrain_churn(wb.con, 60, Settings.from_env().models_dir)


def test_footfall_estimate_on_a_count_sheet_file(tmp_path):
    sheet = tmp_path / "pilot.csv"
    rows = ["study_id,site_id,observer_id,count_date,interval_start,interval_end,gender,count"]
    rows += [f"S1,NEW,O1,2026-09-08,10:{m:02d},{'10:' + format(m + 15, '02d') if m < 45 else '11:00'},female,{n}"
             for m, n in zip((0, 15, 30, 45), (120, 130, 110, 140), strict=True)]
    rows.append("S1,NEW,O1,2026-09-08,12:00,13:30,female,500")  # 90 minutes: breaks the contract
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = estimate_footfall(sheet)
    assert result.rejected[["source_row", "column_name"]].values.tolist() == [[6, "interval_end"]]
    day = result["footfall_site_day"]
    assert day[["site_id", "observed_count", "counted_hours"]].values.tolist() == [["NEW", 500.0, 1.0]]
    assert day["profile_source"].iloc[0] == "default" and any("default profile" in n for n in result.notes)
    assert result["footfall_sample_plan"]["assumed_hourly_rate"].iloc[0] == 500.0
    assert sheet.read_text(encoding="utf-8").count("\n") == 6  # the user's file is only read
