"""Foot-traffic figure builders (pipelines/footfall/figures.py) and the page's headline, on small hand-made marts.

Every figure is re-validated by plotly (``go.Figure(fig.to_dict())``) in both languages.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from pipelines.dashboards.labels import Labels
from pipelines.dashboards.pages.footfall import headline
from pipelines.footfall import figures

SITES = [("S1", "North gate"), ("S2", "S2"), ("S3", "Metro exit")]


def _valid(fig: go.Figure) -> go.Figure:
    go.Figure(fig.to_dict())  # raises on anything plotly would reject
    return fig


def _ranking() -> pd.DataFrame:
    rows = []
    for metric, headline_flag, values in (("week_average", True, [(9000, 0.7), (8000, 0.3), (3000, 0.0)]),
                                          ("weekend", False, [(7000, 0.2), (9500, 0.8), (2000, 0.0)])):
        ranks = pd.Series([v for v, _ in values]).rank(ascending=False).astype(int).tolist()
        for (site, name), (est, p), rank in zip(SITES, values, ranks, strict=True):
            rows.append({"study_id": "FT1", "metric": metric, "site_id": site, "site_name": name, "estimate": est,
                         "lower": est * 0.85, "upper": est * 1.2, "interval_level": 0.9, "rank": rank,
                         "p_best": p, "headline": headline_flag, "n_sites": 3})
    return pd.DataFrame(rows)


def _site_day() -> pd.DataFrame:
    rows = []
    for i, (site, name) in enumerate(SITES):
        for day in ("2026-09-07", "2026-09-09", "2026-09-12"):
            est = 5000 + 1000 * i
            rows.append({"study_id": "FT1", "site_id": site, "site_name": name, "count_date": pd.Timestamp(day),
                         "day_type": pd.Timestamp(day).strftime("%a").lower(), "observed_count": 900.0,
                         "counted_hours": 2.0, "daily_estimate": est, "lower": est * 0.8, "upper": est * 1.3,
                         "interval_level": 0.9})
    return pd.DataFrame(rows)


def _mix() -> pd.DataFrame:
    rows = []
    for site, name in SITES[:2]:
        for dim, segs in (("gender", ["unknown", "male", "female"]), ("age_band", ["unknown", "20-35", "<20"]),
                          ("direction", ["south", "north"])):
            for seg in segs:
                rows.append({"study_id": "FT1", "site_id": site, "site_name": name, "dimension": dim, "segment": seg,
                             "count": 10.0, "share": 1 / len(segs), "lower": 0.8 / len(segs),
                             "upper": 1.2 / len(segs), "interval_level": 0.9})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ranking_puts_the_best_site_on_top_and_shows_how_sure(lang):
    L = Labels(lang)
    fig = _valid(figures.ranking(_ranking(), labels=L))
    estimates, p_best = fig.data
    assert list(estimates.y)[-1] == "S1 North gate"  # horizontal bars: the last is drawn on top
    assert list(p_best.x) == [0.0, 0.3, 0.7] and p_best.text[-1] == "70%"
    assert estimates.marker.color[-1] == figures.BEST and set(estimates.marker.color[:-1]) == {figures.OTHER}
    assert L.value("ff_class", "week_average") in fig.layout.title.text  # the headline metric by default
    # Another metric on request: site S2 leads there.
    other = figures.ranking(_ranking(), "weekend", labels=L)
    assert list(other.data[1].y)[-1] == "S2"


def test_headline_names_the_best_site_its_probability_and_the_runner_up():
    en = headline(_ranking(), Labels("en"))
    assert en.startswith("S1 North gate is the best site on Week average with probability 70%")
    assert "9,000 passers-by per day" in en and "7,650–10,800" in en and "next: S2 with 30%" in en
    zh = headline(_ranking(), Labels("zh"))
    assert "全周日均" in zh and "70%" in zh and "S2（30%）" in zh
    assert headline(_ranking().head(1), Labels("en")) == "Only one site was compared: S1 North gate."


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_site_day_draws_each_site_inside_its_interval_band(lang):
    frame = _site_day()
    fig = _valid(figures.site_day_estimates(frame, Labels(lang)))
    bands, lines = fig.data[0::2], fig.data[1::2]
    assert len(lines) == len(SITES) and all(b.fill == "toself" and b.showlegend is False for b in bands)
    for band, line in zip(bands, lines, strict=True):
        n = len(line.x)
        upper, lower = list(band.y[:n]), list(band.y[n:])[::-1]
        assert all(lo <= y <= up for lo, y, up in zip(lower, line.y, upper, strict=True))
        assert band.fillcolor.startswith("rgba(") and band.legendgroup == line.legendgroup
    colours = [t.line.color for t in lines]
    assert len(set(colours)) == len(SITES)
    assert "90%" in fig.layout.title.text
    if lang == "zh":
        assert fig.layout.yaxis.title.text == "日人流量（人次）"


def test_segment_panels_one_panel_per_dimension_in_natural_order_with_site_colours():
    fig = _valid(figures.segment_mix_panels(_mix(), Labels("zh")))
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["年龄段", "性别", "行走方向"]
    by_panel = {}
    for t in fig.data:
        by_panel.setdefault(t.xaxis, []).append(t)
    age = by_panel["x"][0]
    assert list(age.x) == ["<20", "20-35", "未识别"]  # natural order, unknown last
    assert list(by_panel["x2"][0].x) == ["女", "男", "未识别"]
    # A site keeps its colour in every panel and is in the legend once.
    colours = {}
    for t in fig.data:
        colours.setdefault(t.name, set()).add(t.marker.color)
    assert all(len(c) == 1 for c in colours.values()) and len(colours) == 2
    assert sum(1 for t in fig.data if t.showlegend) == 2
    bars = figures.segment_mix(_mix(), "gender", Labels("en"))
    assert {t.name for t in bars.data} == {"Female", "Male", "Unknown"}


def test_typical_and_target_bars_carry_their_intervals():
    typical = pd.DataFrame([{"study_id": "FT1", "site_id": s, "site_name": n, "day_class": c, "estimate": 1000.0,
                             "lower": 900.0, "upper": 1300.0, "interval_level": 0.9, "basis": "counted"}
                            for s, n in SITES for c in ("weekday", "weekend", "week_average")])
    fig = _valid(figures.typical_estimates(typical, Labels("en")))
    assert [t.name for t in fig.data] == ["Weekday", "Weekend", "Week average"]
    assert list(fig.data[0].error_y.array) == [300.0] * 3 and list(fig.data[0].error_y.arrayminus) == [100.0] * 3
    target = typical.rename(columns={"estimate": "target_daily_estimate"}).assign(
        segment_label="women 20-35", target_share=0.25)
    tfig = _valid(figures.target_segment(target, labels=Labels("zh")))
    assert [t.name for t in tfig.data] == ["工作日", "周末", "全周日均"] and "women 20-35" in tfig.layout.title.text
    one = figures.target_segment(target, "weekday", labels=Labels("en"))
    assert len(one.data) == 1


def test_method_check_plan_and_profile():
    check = pd.DataFrame([{"windows": w, "count_hours": h, "plan": "x", "mape": 0.2 / h, "coverage": 0.9,
                           "min_counter_coverage": 0.82, "worst_counter": "C1", "target_coverage_low": 0.88,
                           "target_coverage_high": 0.92, "target_min_counter_coverage": 0.8,
                           "target_mape": 0.11 if h == 2 else None}
                          for w in ("every contiguous window", "planner's best plan") for h in (1, 2, 4)])
    counters = pd.DataFrame([{"windows": "planner's best plan", "count_hours": 2, "counter_id": c, "coverage": v}
                             for c, v in (("C1", 0.82), ("C2", 0.95))])
    fig = _valid(figures.method_check(check, counters, Labels("zh")))
    assert {t.name for t in fig.data if t.showlegend is not False} == {"所有连续时段", "计数方案推荐时段"}
    per_counter = [t for t in fig.data if t.xaxis == "x3"]
    assert len(per_counter) == 1 and list(per_counter[0].customdata) == ["C1", "C2"]
    plan = pd.DataFrame([{"day_class": c, "count_hours": h, "plan": f"10:00-{10 + h}:00", "best_for_length": r == 1,
                          "rank_in_length": r, "expected_mape": 0.3 / h + r / 100, "rel_precision_one_day": 0.3 / h,
                          "target_rel_precision": 0.15, "recommended": h == 2 and r == 1}
                         for c in ("weekday", "saturday") for h in (1, 2, 3) for r in (1, 2)])
    pfig = _valid(figures.sample_plan(plan, Labels("en")))
    assert [t.name for t in pfig.data] == ["Weekday", "Saturday"]
    assert list(pfig.data[0].marker.symbol) == ["circle", "star", "circle"]
    assert list(pfig.data[0].y) == pytest.approx([0.31, 0.16, 0.11])  # the best plan of each length only
    prof = pd.DataFrame({"day_type": ["mon"] * 24 + ["sat"] * 24, "hour": list(range(24)) * 2,
                         "share": [1 / 24] * 48, "profile_source": "default"})
    prof_fig = _valid(figures.profile(prof, Labels("en")))
    assert [t.name for t in prof_fig.data] == ["Mon", "Sat"] and "built-in default" in prof_fig.layout.title.text


@pytest.mark.parametrize("builder", [figures.site_day_estimates, figures.typical_estimates, figures.ranking,
                                     figures.segment_mix, figures.segment_mix_panels, figures.target_segment,
                                     figures.profile, figures.method_check, figures.sample_plan])
def test_empty_marts_give_a_message_not_an_error(builder):
    fig = _valid(builder(pd.DataFrame()))
    assert not fig.data and len(fig.layout.annotations) == 1
