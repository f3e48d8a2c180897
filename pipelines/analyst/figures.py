"""The dashboards' figure functions, each taking a DataFrame and a language ("en" or "zh").

    from pipelines.analyst import figures
    figures.region_lines(df, "sales_amount", lang="zh", colours=region_colours(con), title="...")

The dashboard pages draw every figure through these same functions (tests/test_pages_use_the_api.py refuses a
page that imports a figure module or plotly), so a page and a notebook cannot drift apart. Each wraps a builder
of pipelines/dashboards/figures or pipelines/footfall/figures with `lang` in place of the pages' label object;
its docstring lists the columns it needs. Foot-traffic figures carry a `footfall_` prefix.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import plotly.graph_objects as go

from pipelines.dashboards.figures import collections, costs, inventory, risk, targets, trends
from pipelines.dashboards.labels import Labels
from pipelines.footfall import figures as footfall

Figure = go.Figure
FigureFunction = Callable[..., Figure]
TITLE_ON_TOP = {"automargin": True, "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 8}}


def with_language(function: FigureFunction, name: str | None = None) -> FigureFunction:
    """The figure function with a `lang` keyword instead of `labels`."""

    @functools.wraps(function)
    def figure(df, *args: object, lang: str = "en", **kwargs: object) -> go.Figure:
        fig = function(df, *args, labels=Labels(lang), **kwargs)
        if kwargs.get("title"):
            # In a notebook the title sits in the figure: at the very top, with room reserved for it, so a legend
            # of many regions (two rows and more) stays below it instead of running through it.
            fig.update_layout(title=TITLE_ON_TOP)
        return fig

    figure.__name__ = figure.__qualname__ = name or function.__name__
    figure.__doc__ = f"{function.__doc__ or ''}\n\nlang: 'en' or 'zh' (wraps {function.__module__}.{function.__name__})"
    return figure


# Sales, collections and targets
region_lines = with_language(trends.region_lines)
sales_collections_trend = with_language(trends.sales_collections_trend)
margin_profit_trend = with_language(trends.margin_profit_trend)
aging_chart = with_language(collections.aging_chart)
attainment_chart = with_language(targets.attainment_chart)
run_rate_chart = with_language(targets.run_rate_chart)
discipline_chart = with_language(targets.discipline_chart)
# Costs
expense_structure = with_language(costs.expense_structure)
budget_vs_actual = with_language(costs.budget_vs_actual)
period_comparison = with_language(costs.period_comparison)
approval_breakdown = with_language(costs.approval_breakdown)
# Inventory and channel
days_of_inventory_chart = with_language(inventory.days_of_inventory_chart)
sell_in_sell_out = with_language(inventory.sell_in_sell_out)
weeks_of_supply_chart = with_language(inventory.weeks_of_supply_chart)
diversion_chart = with_language(inventory.diversion_chart)
# Risk
risk_band_chart = with_language(risk.risk_band_chart)
calibration_chart = with_language(risk.calibration_chart)
lift_chart = with_language(risk.lift_chart)
drivers_chart = with_language(risk.drivers_chart)
# Foot traffic
footfall_site_days = with_language(footfall.site_day_estimates, "footfall_site_days")
footfall_typical = with_language(footfall.typical_estimates, "footfall_typical")
footfall_ranking = with_language(footfall.ranking, "footfall_ranking")
footfall_segment_mix = with_language(footfall.segment_mix, "footfall_segment_mix")
footfall_segment_mix_panels = with_language(footfall.segment_mix_panels, "footfall_segment_mix_panels")
footfall_target_segment = with_language(footfall.target_segment, "footfall_target_segment")
footfall_profile = with_language(footfall.profile, "footfall_profile")
footfall_method_check = with_language(footfall.method_check, "footfall_method_check")
footfall_sample_plan = with_language(footfall.sample_plan, "footfall_sample_plan")

# What the figures above rank or label by (not figures themselves).
SKIPPED_LINE = costs.SKIPPED_LINE  # approval levels that skip the line manager (approval_breakdown ranks by them)
footfall_site_label = footfall.site_label  # a site's name as the foot-traffic figures write it
footfall_headline_metric = footfall.headline_metric  # the day class footfall_ranking compares sites on

FIGURES: tuple[str, ...] = tuple(name for name, value in list(globals().items())
                                 if callable(value) and getattr(value, "__wrapped__", None) is not None)
