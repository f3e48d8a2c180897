"""Foot traffic (人流量调研): which candidate site is best and how sure, daily and typical traffic with
intervals, segment mix and the target segment, sheet quality, the method check and the sample planner.

Reads the footfall marts (pipelines/footfall/tables.py) of the latest study and draws them with the
figure functions the notebooks use (pipelines.analyst.figures). Sites have no sales region and a
study is a one-off, so the region and period filters do not apply; every note says so. When the
built-in default profile was used (no reference counters), the sections resting on it say so.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from pipelines.analyst import figures
from pipelines.dashboards.context import PageContext
from pipelines.dashboards.sections import Column, FigureSection, Section, TableSection
from pipelines.dashboards.theme import fmt_number, fmt_pct

# Marts carrying profile_source: "default" in any of them means the built-in profile was used.
PROFILE_MARTS = ("footfall_site_day", "footfall_site_typical", "footfall_sample_plan", "footfall_profile")


def uses_default_profile(ctx: PageContext) -> bool:
    for table in PROFILE_MARTS:
        if ctx.available(table) and "profile_source" in ctx.columns(table):
            found = ctx.sql(f"SELECT count(*) AS n FROM {table} WHERE profile_source = 'default'")  # own constants
            if int(found["n"].iloc[0]):
                return True
    return False


def _notes(ctx: PageContext, frame: pd.DataFrame | None = None, *, profile: bool = True, extra: str = "") -> str:
    """The filters note (naming the study), an extra sentence, and the default-profile warning when it applies."""
    L = ctx.labels
    parts = []
    if frame is not None and "study_id" in frame.columns and frame["study_id"].notna().any():
        parts.append(L("ff_study_note", study=", ".join(sorted(frame["study_id"].dropna().astype(str).unique()))))
    parts += [extra, L("ff_filters_note")]
    if profile and uses_default_profile(ctx):
        parts.append(L("ff_default_profile_note"))
    return " ".join(p for p in parts if p)


def _on_page(fig: figures.Figure) -> figures.Figure:
    """The section heading names the chart, so the figure's own title (for notebooks) goes; legends get room."""
    return fig.update_layout(title=None, margin_t=60 if fig.layout.annotations else 40)


def _plan_rows(plan: pd.DataFrame) -> pd.DataFrame:
    """Per day class, the plans of each length up to two hours past the recommended one (all when none is)."""
    parts = []
    for _, g in plan.groupby("day_class", sort=False):
        rec = g.loc[g["recommended"].fillna(False).astype(bool), "count_hours"]
        parts.append(g[g["count_hours"] <= int(rec.iloc[0]) + 2] if len(rec) else g)
    return pd.concat(parts, ignore_index=True) if parts else plan


def headline(ranking: pd.DataFrame, labels, name: Callable[[object], object] = lambda n: n) -> str:
    """One sentence: the best site on the headline metric, its P(best), estimate and interval, and the runner-up.

    name: how the page shows a site's name (PageContext.name: the sample's names in Chinese in the zh edition).
    """
    L = labels
    if ranking.empty:
        return ""
    metric = figures.footfall_headline_metric(ranking)
    g = ranking[ranking["metric"] == metric].sort_values(["p_best", "estimate"], ascending=False)
    g = g.assign(label=[name(s) for s in figures.footfall_site_label(g)])
    best = g.iloc[0]
    if len(g) == 1:
        return L("ff_headline_one", site=best["label"])
    second = g.iloc[1]
    return L("ff_headline", site=best["label"], metric=L.value("ff_class", metric), p=fmt_pct(best["p_best"], 0),
             estimate=fmt_number(best["estimate"]), level=fmt_pct(best["interval_level"], 0),
             lower=fmt_number(best["lower"]), upper=fmt_number(best["upper"]), second=second["label"],
             p2=fmt_pct(second["p_best"], 0))


def ranking(ctx: PageContext) -> Section:
    df = ctx.query("footfall_site_ranking")
    return FigureSection("", "", note=f"{headline(df, ctx.labels, ctx.name)} {_notes(ctx, df)}".strip(),
                         figure=_on_page(figures.footfall_ranking(df, lang=ctx.lang)), wide=True)


def ranking_table(ctx: PageContext) -> Section:
    df = ctx.query("footfall_site_ranking")
    L = ctx.labels
    df = df.assign(site=figures.footfall_site_label(df), metric_name=[L.value("ff_class", m) for m in df["metric"]])
    return TableSection("", "", note=_notes(ctx, df, profile=False), rows=df, limit=40,
                        columns=[Column("metric_name", L("ff_metric")), Column("rank", L("ff_rank"), "int"),
                                 Column("site", L("ff_site")), Column("estimate", L("ff_estimate"), "int"),
                                 Column("lower", L("ff_lower"), "int"), Column("upper", L("ff_upper"), "int"),
                                 Column("p_best", L("ff_p_best"), "pct")])


def site_day(ctx: PageContext) -> Section:
    df = ctx.query("footfall_site_day")
    return FigureSection("", "", note=_notes(ctx, df),
                         figure=_on_page(figures.footfall_site_days(df, lang=ctx.lang)), wide=True)


def typical(ctx: PageContext) -> Section:
    df = ctx.query("footfall_site_typical")
    return FigureSection("", "", note=_notes(ctx, df), figure=_on_page(figures.footfall_typical(df, lang=ctx.lang)))


def segment_mix(ctx: PageContext) -> Section:
    df = ctx.query("footfall_segment_mix")
    return FigureSection("", "", note=_notes(ctx, df, profile=False),
                         figure=_on_page(figures.footfall_segment_mix_panels(df, lang=ctx.lang)), wide=True)


def target_segment(ctx: PageContext) -> Section:
    df = ctx.query("footfall_target_segment")
    return FigureSection("", "", note=_notes(ctx, df),
                         figure=_on_page(figures.footfall_target_segment(df, lang=ctx.lang)))


def sheet_issues(ctx: PageContext) -> Section:
    L = ctx.labels
    columns = [Column("severity_name", L("ff_severity")), Column("rule_name", L("ff_rule")),
               Column("site_id", L("ff_site")), Column("observer_id", L("ff_observer")),
               Column("count_date", L("date"), "date"), Column("interval_text", L("ff_interval")),
               Column("action_name", L("ff_action")), Column("message", L("detail")),
               Column("source_file", L("ff_file"), "path")]
    if ctx.available("footfall_sheet_issues"):
        df = ctx.query("footfall_sheet_issues")
        if L.lang == "zh":  # the finding as the footfall checks wrote it in Chinese
            df = df.assign(message=df["message_zh"])
        df = df.assign(severity_name=[L.value("ff_severity", v) for v in df["severity"]],
                       rule_name=[L.value("ff_rule", v) for v in df["rule"]],
                       action_name=[L.value("ff_action", v) for v in df["action"]])
        note = L("ff_issues_note")
    else:
        df = pd.DataFrame(columns=[c.key for c in columns])
        note = L("ff_issues_none")
    return TableSection("", "", note=f"{note} {_notes(ctx, profile=False)}", rows=df, columns=columns, limit=30)


def method_check(ctx: PageContext) -> Section:
    df = ctx.query("footfall_method_check")
    counters = ctx.query("footfall_method_check_counters") if ctx.available("footfall_method_check_counters") else None
    n = ctx.labels("ff_method_counters", counters=fmt_number(df["n_counters"].max())) \
        if df["n_counters"].notna().any() else ""
    return FigureSection("", "", note=" ".join(p for p in (ctx.labels("ff_method_note"), n) if p),
                         figure=_on_page(figures.footfall_method_check(df, counters, lang=ctx.lang)), wide=True)


def sample_plan(ctx: PageContext) -> Section:
    df = ctx.query("footfall_sample_plan")
    return FigureSection("", "", note=_notes(ctx, extra=ctx.labels("ff_plan_note")),
                         figure=_on_page(figures.footfall_sample_plan(df, lang=ctx.lang)))


def plan_table(ctx: PageContext) -> Section:
    df = _plan_rows(ctx.query("footfall_sample_plan"))
    L = ctx.labels
    df = df.assign(day_class_name=[L.value("ff_class", v) for v in df["day_class"]],
                   recommended_text=[L("yes") if pd.notna(r) and bool(r) else "" for r in df["recommended"]],
                   short_text=[L("ff_short_of_coverage_rule") if pd.notna(m) and not bool(m) else ""
                               for m in df["meets_coverage_rule"]])
    return TableSection("", "", note=_notes(ctx), rows=df, limit=60,
                        columns=[Column("day_class_name", L("ff_day_class")),
                                 Column("count_hours", L("ff_hours_counted"), "int"),
                                 Column("plan", L("ff_window")),
                                 Column("expected_mape", L("ff_expected_error"), "pct"),
                                 Column("expected_coverage", L("ff_coverage"), "pct"),
                                 Column("min_counter_coverage", L("ff_worst_counter"), "pct"),
                                 Column("rel_precision_one_day", L("ff_precision_one_day"), "pct"),
                                 Column("days_for_typical_estimate", L("ff_days_needed"), "int"),
                                 Column("short_text", L("ff_coverage_rule")),
                                 Column("recommended_text", L("ff_recommended"))])


def profile(ctx: PageContext) -> Section:
    df = ctx.query("footfall_profile")
    source = "default" if (df["profile_source"] == "default").any() else "reference"
    note = ctx.labels("ff_default_profile_note" if source == "default" else "ff_reference_profile_note")
    return FigureSection("", "", note=note, figure=_on_page(figures.footfall_profile(df, lang=ctx.lang)))


BUILDERS = {
    "footfall.ranking": ranking,
    "footfall.ranking_table": ranking_table,
    "footfall.site_day": site_day,
    "footfall.typical": typical,
    "footfall.segment_mix": segment_mix,
    "footfall.target_segment": target_segment,
    "footfall.sheet_issues": sheet_issues,
    "footfall.method_check": method_check,
    "footfall.sample_plan": sample_plan,
    "footfall.plan_table": plan_table,
    "footfall.profile": profile,
}
