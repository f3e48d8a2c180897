"""Target decomposition (目标分解), attainment to date, run-rate projection and the gap list (指标跟踪).

Targets arrive at a high level: company or year x region, optionally by product or month, sometimes by rep.
Each is split down to rep x month by the rules in pipelines/config/target_rules.yaml:

* company -> regions: by each region's prior-year actual (region_split), regions with their own target excluded;
* region -> reps: by each eligible rep's prior-year monthly run rate (rep_split); a rep without prior-year
  history gets the median rate of the others (new_rep_share); reps with their own target are excluded;
* year -> months: by the region's prior-year monthly profile (month_split = prior_year_seasonality) when the
  prior year is covered by at least min_history_months months of data, else working days (month_fallback);
* a rep only receives months they are employed in (pro rata for partial months).

The cells (rep x month) of one target are weighted rate x season x employment and normalised, so the cells
always add up to the target. A more specific target wins over a less specific one of the same year, metric,
product and month: a rep's own target is deducted from its region's target, a region's own target from the
company's, and only the remainder is shared among the others.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.metrics.config import ConfigError, choice, load_yaml, number

METRICS = ("sales", "collections", "new_customers")
SPLITS = ("prior_year_share", "equal")
MONTH_SPLITS = ("prior_year_seasonality", "working_days", "equal")
NEW_REP_SHARES = ("median", "mean", "zero")


class TargetError(ValueError):
    """The targets source cannot be decomposed as given; the message names the target ids and the rule."""


@dataclass(frozen=True)
class SplitRules:
    region_split: str = "prior_year_share"
    rep_split: str = "prior_year_share"
    month_split: str = "prior_year_seasonality"
    month_fallback: str = "working_days"
    min_history_months: int = 12
    new_rep_share: str = "median"
    eligible_roles: tuple[str, ...] = ("rep",)


@dataclass(frozen=True)
class TargetRules:
    default: SplitRules = field(default_factory=SplitRules)
    by_metric: dict[str, SplitRules] = field(default_factory=dict)

    def for_metric(self, metric: str) -> SplitRules:
        return self.by_metric.get(metric, self.default)


def load_target_rules(config_dir: Path | None = None) -> TargetRules:
    name = "target_rules.yaml"
    raw = load_yaml(name, config_dir)
    default = _split_rules(name, "default", raw.get("default") or {}, SplitRules())
    by_metric = {}
    for metric, over in (raw.get("by_metric") or {}).items():
        choice(name, "by_metric", metric, METRICS)
        by_metric[metric] = _split_rules(name, f"by_metric.{metric}", over or {}, default)
    return TargetRules(default, by_metric)


def _split_rules(source: str, key: str, raw: dict, base: SplitRules) -> SplitRules:
    known = set(SplitRules.__dataclass_fields__)
    unknown = set(raw) - known
    if unknown:
        raise ConfigError(f"{source}: {key} has unknown settings {', '.join(sorted(unknown))}; "
                          f"known: {', '.join(sorted(known))}")
    out = replace(base, **{k: v for k, v in raw.items() if k != "eligible_roles"})
    if "eligible_roles" in raw:
        out = replace(out, eligible_roles=tuple(raw["eligible_roles"]))
    choice(source, f"{key}.region_split", out.region_split, SPLITS)
    choice(source, f"{key}.rep_split", out.rep_split, SPLITS)
    choice(source, f"{key}.month_split", out.month_split, MONTH_SPLITS)
    choice(source, f"{key}.month_fallback", out.month_fallback, MONTH_SPLITS[1:])
    choice(source, f"{key}.new_rep_share", out.new_rep_share, NEW_REP_SHARES)
    number(source, f"{key}.min_history_months", out.min_history_months, minimum=1, maximum=12)
    return out


# ---------------------------------------------------------------------------------------------------------
# Decomposition


@dataclass(frozen=True)
class Person:
    rep_id: str
    region_id: str
    role: str
    hire_date: date | None
    leave_date: date | None


@dataclass
class Context:
    """Everything the split rules look at, prepared once."""

    reps: pd.DataFrame  # rep_id, region_id, role, hire_date, leave_date
    regions: list[str]
    actuals: pd.DataFrame  # metric, product_id, rep_id, region_id, month_start (Timestamp), year, value
    data_start: date
    as_of: date
    people: dict[str, Person] = field(default_factory=dict, init=False, repr=False)
    _by_rep: dict = field(default_factory=dict, init=False, repr=False)
    _by_region: dict = field(default_factory=dict, init=False, repr=False)
    _region_months: dict = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        # Sum the actuals once into the three views the rules read, keyed by (metric, product or "", year).
        a = self.actuals.assign(product=self.actuals["product_id"].astype(object).where(
            self.actuals["product_id"].notna(), ""), month=self.actuals["month_start"].dt.month)
        for (metric, product, year, rep), v in a.groupby(
                ["metric", "product", "year", "rep_id"])["value"].sum().items():
            self._by_rep.setdefault((metric, product, int(year)), {})[rep] = float(v)
        for (metric, product, year, region), v in a.groupby(
                ["metric", "product", "year", "region_id"])["value"].sum().items():
            self._by_region.setdefault((metric, product, int(year)), {})[region] = float(v)
        for (metric, product, year, region, month), v in a.groupby(
                ["metric", "product", "year", "region_id", "month"])["value"].sum().items():
            self._region_months.setdefault((metric, product, int(year), region), np.zeros(12))[int(month) - 1] = v
        self.people = {
            r["rep_id"]: Person(r["rep_id"], r["region_id"], r["role"], r["hire_date"], r["leave_date"])
            for r in self.reps[["rep_id", "region_id", "role", "hire_date", "leave_date"]].to_dict("records")}

    def covered_months(self, year: int) -> list[int]:
        """Months of the year the data covers (from the first sale to the as-of date)."""
        first = (self.data_start.year, self.data_start.month)
        last = (self.as_of.year, self.as_of.month)
        return [m for m in range(1, 13) if first <= (year, m) <= last]

    def by_unit(self, unit: str, metric: str, product: str | None, year: int) -> dict[str, float]:
        """A year's actual per rep (unit "rep_id") or per customer region (unit "region_id")."""
        source = self._by_rep if unit == "rep_id" else self._by_region
        return source.get((metric, product or "", int(year)), {})

    def region_months(self, metric: str, product: str | None, year: int, region: str | None) -> np.ndarray:
        """A year's actual per month (Jan..Dec) of one region's customers, or of the company (region None)."""
        if region is not None:
            return self._region_months.get((metric, product or "", int(year), region), np.zeros(12))
        return sum((v for (m, p, y, _), v in self._region_months.items()
                    if (m, p, y) == (metric, product or "", int(year))), np.zeros(12))


@lru_cache(maxsize=65536)
def employed_fraction(hire: date | None, leave: date | None, year: int) -> np.ndarray:
    """Share of each month's days (Jan..Dec) the person was employed."""
    out = np.zeros(12)
    for m in range(1, 13):
        days = calendar.monthrange(year, m)[1]
        lo = max(date(year, m, 1), hire or date.min)
        hi = min(date(year, m, days), leave or date.max)
        out[m - 1] = max((hi - lo).days + 1, 0) / days
    out.setflags(write=False)  # shared by the cache
    return out


def working_days(year: int) -> np.ndarray:
    """Monday-Friday days per month (Jan..Dec)."""
    return np.array([int(np.busday_count(date(year, m, 1), date(year + (m == 12), m % 12 + 1, 1)))
                     for m in range(1, 13)], dtype=float)


def _season(ctx: Context, rules: SplitRules, metric: str, product: str | None, year: int,
            region: str | None) -> tuple[np.ndarray, str]:
    """Month weights (Jan..Dec) and the rule used."""
    rule = rules.month_split
    if rule == "prior_year_seasonality":
        covered = ctx.covered_months(year - 1)
        by_month = ctx.region_months(metric, product, year - 1, region)
        if len(covered) >= rules.min_history_months and by_month.sum() > 0:
            return by_month.astype(float), "prior_year_seasonality"
        rule = rules.month_fallback
        reason = f" (prior year has {len(covered)} of {rules.min_history_months} months of data)"
    else:
        reason = ""
    weights = working_days(year) if rule == "working_days" else np.ones(12)
    return weights, rule + reason


def _rates(ctx: Context, rules: SplitRules, split: str, units: list[str], unit_col: str, metric: str,
           product: str | None, year: int, employed_prior: dict[str, float]) -> tuple[np.ndarray, str]:
    """Prior-year monthly run rate of each unit (rep or region), or equal weights, and the rule used."""
    if split == "equal" or not units:
        return np.ones(len(units)), "equal"
    prior = ctx.by_unit(unit_col, metric, product, year - 1)
    rates = np.full(len(units), np.nan)
    for i, u in enumerate(units):
        months = employed_prior.get(u, 0.0)
        if months > 0:
            rates[i] = prior.get(u, 0.0) / months
    known = rates[~np.isnan(rates)]
    if known.size == 0 or known.sum() <= 0:
        return np.ones(len(units)), "equal (no prior-year history)"
    fill = {"median": float(np.median(known)), "mean": float(known.mean()), "zero": 0.0}[rules.new_rep_share]
    rule = "prior_year_share"
    if np.isnan(rates).any():
        rule += f" (no history: {rules.new_rep_share})"
    return np.where(np.isnan(rates), fill, rates), rule


def _covered_employment(ctx: Context, hire: date | None, leave: date | None, year: int) -> float:
    """Months (fractional) of the year a person was employed while the data covers it."""
    frac = employed_fraction(hire, leave, year)
    return float(sum(frac[m - 1] for m in ctx.covered_months(year)))


def _month_mask(month: float | None) -> np.ndarray:
    if month is None or pd.isna(month):
        return np.ones(12, dtype=bool)
    mask = np.zeros(12, dtype=bool)
    mask[int(month) - 1] = True
    return mask


def _cells(t: dict, year: int, region: str, reps: list, weights: np.ndarray, value: float, split_rule: str,
           month_rule: str) -> dict[str, list]:
    """The non-zero cells of a normalised reps x months weight matrix, as column lists."""
    i, m = np.nonzero(weights > 0)
    n = len(i)
    return {
        "target_id": [t["target_id"]] * n, "year": [year] * n, "month_start": [date(year, int(k) + 1, 1) for k in m],
        "region_id": [region] * n, "rep_id": [reps[k] for k in i], "product_id": [t["product_id"]] * n,
        "metric": [t["metric"]] * n, "target_value": list(value * weights[i, m]), "split_rule": [split_rule] * n,
        "month_rule": [month_rule] * n,
    }


def _cells_for_region(ctx: Context, rules: SplitRules, t: dict, region: str, value: float,
                      skip_reps: set[str], region_rule: str) -> dict[str, list]:
    """Split one region's share of a target over eligible reps x months."""
    year, metric, product = int(t["year"]), t["metric"], t["product_id"]
    people = [p for p in ctx.people.values() if p.region_id == region and p.role in rules.eligible_roles
              and p.rep_id not in skip_reps]
    employed = {p.rep_id: employed_fraction(p.hire_date, p.leave_date, year) for p in people}
    people = [p for p in people if employed[p.rep_id].sum() > 0]
    season, month_rule = _season(ctx, rules, metric, product, year, region)
    mask = _month_mask(t["month"])
    if not mask.all():
        month_rule = "given month"
    season = np.where(mask, season, 0.0)
    if season.sum() <= 0:
        season = mask.astype(float)
    units = [p.rep_id for p in people]
    prior_emp = {p.rep_id: _covered_employment(ctx, p.hire_date, p.leave_date, year - 1) for p in people}
    rates, rep_rule = _rates(ctx, rules, rules.rep_split, units, "rep_id", metric, product, year, prior_emp)
    employment = np.array([employed[u] for u in units]).reshape(len(units), 12)
    weights = rates[:, None] * season[None, :] * employment
    if weights.sum() <= 0 and units:
        weights = season[None, :] * employment
        rep_rule = "equal (prior-year shares are all zero)"
    if not units or weights.sum() <= 0:
        # Nobody to carry it: keep the value on the region, unassigned, so totals still add up.
        units, weights, rep_rule = [None], season[None, :], "no eligible rep: unassigned"
    return _cells(t, year, region, units, weights / weights.sum(), value,
                  "; ".join(x for x in (region_rule, rep_rule) if x), month_rule)


def _cells_for_rep(ctx: Context, rules: SplitRules, t: dict, value: float) -> dict[str, list]:
    year = int(t["year"])
    person = ctx.people.get(t["rep_id"])
    region = t["region_id"]
    season, month_rule = _season(ctx, rules, t["metric"], t["product_id"], year, region)
    mask = _month_mask(t["month"])
    if not mask.all():
        month_rule = "given month"
    employed = employed_fraction(person.hire_date, person.leave_date, year) if person else np.ones(12)
    weights = np.where(mask, season * employed, 0.0)
    if weights.sum() <= 0:
        weights = mask.astype(float)
        month_rule += " (rep not employed in these months: spread evenly)"
    return _cells(t, year, region, [t["rep_id"]], (weights / weights.sum())[None, :], value, "given for the rep",
                  month_rule)


@dataclass
class Decomposition:
    cells: pd.DataFrame  # target_id, year, month_start, region_id, rep_id, product_id, metric, target_value, rules
    sources: pd.DataFrame  # each target with its level, the value deducted for more specific targets, allocated


CELL_COLUMNS = ["target_id", "year", "month_start", "region_id", "rep_id", "product_id", "metric", "target_value",
                "split_rule", "month_rule"]
SOURCE_COLUMNS = ["target_id", "year", "month", "region_id", "rep_id", "product_id", "metric", "level",
                  "target_value", "deducted_for_specific_targets", "allocated_value"]


def prepare_targets(targets: pd.DataFrame, reps: pd.DataFrame) -> pd.DataFrame:
    """Targets with their level, missing regions of rep targets filled in, and clear errors for what cannot work."""
    t = targets.copy()
    for col in ("region_id", "rep_id", "product_id"):
        t[col] = t[col].astype(object).where(t[col].notna(), None)
    t["month"] = t["month"].astype(float)
    bad = t[~t["metric"].isin(METRICS)]
    if len(bad):
        raise TargetError(f"targets {', '.join(bad['target_id'])}: metric must be one of {', '.join(METRICS)}")
    bad = t[(t["metric"] != "sales") & t["product_id"].notna()]
    if len(bad):
        raise TargetError(f"targets {', '.join(bad['target_id'])}: only sales targets can be set by product")
    home = reps.set_index("rep_id")["region_id"]
    no_region = t["region_id"].isna() & t["rep_id"].notna()
    t.loc[no_region, "region_id"] = t.loc[no_region, "rep_id"].map(home)
    t["level"] = np.where(t["rep_id"].notna(), "rep", np.where(t["region_id"].notna(), "region", "company"))
    # A yearly and a monthly target for the same unit would count the same sales twice.
    unit = ["year", "metric", "product_id", "region_id", "rep_id"]
    keyed = t.assign(**{c: t[c].fillna("-") for c in ("product_id", "region_id", "rep_id")})
    for _, grp in keyed.groupby(unit):
        if grp["month"].isna().any() and grp["month"].notna().any():
            raise TargetError(
                f"targets {', '.join(sorted(grp['target_id']))} set both a yearly and a monthly "
                f"{grp['metric'].iloc[0]} target for the same unit and year; keep one level")
    dup = keyed[keyed.duplicated([*unit, "month"], keep=False)]
    if len(dup):
        raise TargetError(f"targets {', '.join(sorted(dup['target_id']))} repeat the same year, metric, product, "
                          "region, rep and month; keep one")
    return t


def decompose_targets(targets: pd.DataFrame, ctx: Context, rules: TargetRules) -> Decomposition:
    """Every target split down to rep x month (x product when given); see the module docstring for the rules."""
    if targets.empty:
        return Decomposition(pd.DataFrame(columns=CELL_COLUMNS), pd.DataFrame(columns=SOURCE_COLUMNS))
    t = prepare_targets(targets, ctx.reps)
    # A stream: targets of the same year, metric, product and month, which precedence works within.
    t["stream"] = [f"{y}|{m}|{p or ''}|{'' if pd.isna(mo) else int(mo)}"
                   for y, m, p, mo in zip(t["year"], t["metric"], t["product_id"], t["month"], strict=True)]
    rep_explicit = t[t["level"] == "rep"].groupby(["stream", "region_id"])["target_value"].sum()
    region_explicit = t[t["level"] == "region"].groupby("stream")["target_value"].sum()
    rep_skip = t[t["level"] == "rep"].groupby(["stream", "region_id"])["rep_id"].agg(set)
    region_skip = t[t["level"] == "region"].groupby("stream")["region_id"].agg(set)
    cells: list[dict[str, list]] = []
    sources = []
    for row in t.to_dict("records"):
        r = rules.for_metric(row["metric"])
        stream = row["stream"]
        if row["level"] == "rep":
            deducted = 0.0
        elif row["level"] == "region":
            deducted = float(rep_explicit.get((stream, row["region_id"]), 0.0))
        else:
            deducted = float(region_explicit.get(stream, 0.0)) + float(
                rep_explicit[rep_explicit.index.get_level_values(0) == stream].sum())
        allocated = max(float(row["target_value"]) - deducted, 0.0)
        sources.append({**{c: row[c] for c in SOURCE_COLUMNS if c in row}, "deducted_for_specific_targets": deducted,
                        "allocated_value": allocated})
        if row["level"] == "rep":
            cells.append(_cells_for_rep(ctx, r, row, allocated))
        elif row["level"] == "region":
            cells.append(_cells_for_region(ctx, r, row, row["region_id"], allocated,
                                           rep_skip.get((stream, row["region_id"]), set()), ""))
        else:
            cells += _company_cells(ctx, r, row, allocated, region_skip.get(stream, set()),
                                    {reg: reps for (s, reg), reps in rep_skip.items() if s == stream})
    out = pd.DataFrame({c: [v for part in cells for v in part[c]] for c in CELL_COLUMNS}, columns=CELL_COLUMNS)
    return Decomposition(out, pd.DataFrame(sources, columns=SOURCE_COLUMNS))


def _company_cells(ctx: Context, rules: SplitRules, t: dict, value: float, skip_regions: set[str],
                   skip_reps: dict[str, set[str]]) -> list[dict[str, list]]:
    year = int(t["year"])
    regions = [g for g in ctx.regions if g not in skip_regions]
    employed_prior = {g: float(len(ctx.covered_months(year - 1))) for g in regions}
    rates, rule = _rates(ctx, rules, rules.region_split, regions, "region_id", t["metric"], t["product_id"], year,
                         employed_prior)
    if rates.sum() <= 0:
        rates, rule = np.ones(len(regions)), "equal"
    shares = rates / rates.sum()
    return [_cells_for_region(ctx, rules, t, region, value * share, skip_reps.get(region, set()),
                              f"company -> region by {rule}")
            for region, share in zip(regions, shares, strict=True) if share > 0]


# ---------------------------------------------------------------------------------------------------------
# Attainment and gap list

ON_TRACK = 0.9  # attainment to date at or above this is "on track"; at or above 1 "ahead"


def due_share(month_start: pd.Series, as_of: date) -> pd.Series:
    """Share of each month's target due by the as-of date: whole months before it, the as-of month pro rata.

    The one rule behind "target to date" (attainment, gap list and the dashboards' targets).
    """
    start = pd.to_datetime(month_start)
    return np.clip(((pd.Timestamp(as_of) - start).dt.days + 1) / start.dt.days_in_month, 0, 1)


def targets_rep_month(cells: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """Monthly targets per rep (or unassigned) with the actual, monthly and year-to-date attainment."""
    cols = ["year", "month_start", "region_id", "rep_id", "product_id", "metric", "target_value", "actual_value",
            "attainment", "target_ytd", "actual_ytd", "attainment_ytd"]
    if cells.empty:
        return pd.DataFrame(columns=cols)
    keys = ["year", "month_start", "region_id", "rep_id", "product_id", "metric"]
    unit = ["year", "region_id", "rep_id", "product_id", "metric"]
    g = cells.assign(**{c: cells[c].fillna("") for c in ("rep_id", "product_id")}).groupby(keys, as_index=False)
    out = g["target_value"].sum()
    # Every month of the year for each target holder, so actuals of months without a target still count.
    units = out[unit].drop_duplicates()
    months = pd.DataFrame({"month": range(1, 13)})
    dense = units.merge(months, how="cross")
    dense["month_start"] = [date(int(y), int(m), 1) for y, m in zip(dense["year"], dense["month"], strict=True)]
    out = dense.drop(columns="month").merge(out, how="left", on=keys)
    out["target_value"] = out["target_value"].fillna(0.0)
    act = ctx.actuals.assign(product_id=ctx.actuals["product_id"].fillna(""),
                             month_start=ctx.actuals["month_start"].dt.date)
    act = act.groupby(["metric", "product_id", "rep_id", "month_start"], as_index=False)["value"].sum()
    out = out.merge(act.rename(columns={"value": "actual_value"}), how="left",
                    on=["metric", "product_id", "rep_id", "month_start"])
    started = pd.to_datetime(out["month_start"]).dt.date <= ctx.as_of
    out["actual_value"] = out["actual_value"].fillna(0.0).where(started & (out["rep_id"] != ""))
    out["attainment"] = out["actual_value"] / out["target_value"].where(out["target_value"] > 0)
    out = out.sort_values(keys, ignore_index=True)
    ytd = out.groupby(["year", "region_id", "rep_id", "product_id", "metric"])
    out["target_ytd"] = ytd["target_value"].cumsum()
    out["actual_ytd"] = ytd["actual_value"].cumsum()
    out["attainment_ytd"] = out["actual_ytd"] / out["target_ytd"].where(out["target_ytd"] > 0)
    for c in ("rep_id", "product_id"):
        out[c] = out[c].replace("", None)
    return out[cols]


def attainment_to_date(monthly: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """Per year x metric x product x rep (level rep) and x region (level region): target, actual to date,
    attainment, run-rate projection to year end and the gap."""
    cols = ["year", "level", "region_id", "rep_id", "product_id", "metric", "target_year", "target_to_date",
            "actual_to_date", "attainment_to_date", "attainment_of_year", "elapsed_share", "run_rate_projection",
            "seasonal_projection", "gap_to_date", "remaining_to_target", "projected_gap",
            "needed_per_remaining_month", "status"]
    if monthly.empty:
        return pd.DataFrame(columns=cols)
    m = monthly.copy()
    m["product_id"] = m["product_id"].fillna("")
    m["month_start"] = pd.to_datetime(m["month_start"])
    as_of = pd.Timestamp(ctx.as_of)
    m["target_due"] = m["target_value"] * due_share(m["month_start"], ctx.as_of)
    rep_level = m[m["rep_id"].notna()].groupby(["year", "region_id", "rep_id", "product_id", "metric"],
                                                as_index=False).agg(
        target_year=("target_value", "sum"), target_to_date=("target_due", "sum"),
        actual_to_date=("actual_value", "sum"))
    rep_level["level"] = "rep"
    region = m.groupby(["year", "region_id", "product_id", "metric"], as_index=False).agg(
        target_year=("target_value", "sum"), target_to_date=("target_due", "sum"))
    act = ctx.actuals.assign(product_id=ctx.actuals["product_id"].fillna(""))
    region_act = act.groupby(["year", "region_id", "product_id", "metric"], as_index=False)["value"].sum()
    region = region.merge(region_act.rename(columns={"value": "actual_to_date"}), how="left",
                          on=["year", "region_id", "product_id", "metric"])
    region["actual_to_date"] = region["actual_to_date"].fillna(0.0)
    region["level"] = "region"
    region["rep_id"] = None
    out = pd.concat([rep_level, region], ignore_index=True)
    out["product_id"] = out["product_id"].replace("", None)
    year_start = pd.to_datetime(out["year"].astype(str) + "-01-01")
    year_days = np.where(pd.to_datetime(out["year"].astype(str) + "-12-31").dt.is_leap_year, 366, 365)
    elapsed = np.clip((as_of - year_start).dt.days + 1, 0, year_days)
    out["elapsed_share"] = elapsed / year_days
    out["attainment_to_date"] = out["actual_to_date"] / out["target_to_date"].where(out["target_to_date"] > 0)
    out["attainment_of_year"] = out["actual_to_date"] / out["target_year"].where(out["target_year"] > 0)
    out["run_rate_projection"] = np.where(elapsed > 0, out["actual_to_date"] / np.maximum(elapsed, 1) * year_days,
                                          np.nan)
    out["seasonal_projection"] = out["actual_to_date"] / out["target_to_date"].where(out["target_to_date"] > 0) \
        * out["target_year"]
    out["gap_to_date"] = out["target_to_date"] - out["actual_to_date"]
    out["remaining_to_target"] = np.maximum(out["target_year"] - out["actual_to_date"], 0.0)
    out["projected_gap"] = out["target_year"] - out["run_rate_projection"]
    remaining_months = (year_days - elapsed) / year_days * 12
    out["needed_per_remaining_month"] = np.where(remaining_months > 0,
                                                 out["remaining_to_target"] / np.where(remaining_months > 0,
                                                                                       remaining_months, 1), np.nan)
    att = out["attainment_to_date"]
    out["status"] = np.select([att.isna(), att >= 1, att >= ON_TRACK], ["no target due yet", "ahead", "on track"],
                              "behind")
    return out[cols].sort_values(["year", "metric", "level", "region_id", "rep_id"], ignore_index=True)


def gap_list(attainment: pd.DataFrame, reps: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The as-of year's gap per rep, worst attainment first within each region: what a manager sends each rep."""
    cols = ["year", "metric", "product_id", "region_id", "rep_id", "rep_name", "manager_rep_id", "target_year",
            "target_to_date", "actual_to_date", "attainment_to_date", "gap_to_date", "remaining_to_target",
            "run_rate_projection", "projected_gap", "needed_per_remaining_month", "status", "rank_in_region",
            "rank_overall", "message"]
    a = attainment[(attainment["level"] == "rep") & (attainment["year"] == as_of.year)].copy()
    if a.empty:
        return pd.DataFrame(columns=cols)
    a = a.merge(reps[["rep_id", "rep_name", "manager_rep_id"]], on="rep_id", how="left")
    a["_prod"] = a["product_id"].fillna("")
    a["_att"] = a["attainment_to_date"].fillna(np.inf)
    a["rank_in_region"] = a.groupby(["metric", "_prod", "region_id"])["_att"].rank(method="first").astype(int)
    a["rank_overall"] = a.groupby(["metric", "_prod"])["_att"].rank(method="first").astype(int)
    a["message"] = [_message(r) for r in a.itertuples()]
    return a[cols].sort_values(["metric", "product_id", "region_id", "rank_in_region"], ignore_index=True,
                               na_position="first")


def _message(r: object) -> str:
    what = r.metric.replace("_", " ") + (f" of {r.product_id}" if isinstance(r.product_id, str) else "")
    if pd.isna(r.attainment_to_date):
        return f"{what}: no target due yet this year."
    amount = "{:,.0f}"
    text = (f"{what}: {r.attainment_to_date:.0%} of the target due to date "
            f"({amount.format(r.actual_to_date)} of {amount.format(r.target_to_date)}).")
    if r.gap_to_date > 0:
        text += f" Behind by {amount.format(r.gap_to_date)}."
    if r.remaining_to_target > 0 and not pd.isna(r.needed_per_remaining_month):
        text += (f" {amount.format(r.remaining_to_target)} still to go for the year: "
                 f"{amount.format(r.needed_per_remaining_month)} a month.")
    return text
