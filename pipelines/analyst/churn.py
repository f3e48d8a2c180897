"""The saved churn model for analysts: score a customer list, explain one score, try a what-if, retrain.

A thin layer over pipelines.risk (scoring, drivers and training are the nightly run's own code):

    churn = load_churn_model(con)                    # None when the build has no churn model yet
    churn.score(["C0001", "C0002"])                  # probability, band, drivers in words, status
    model = load_churn_model(con, scorer="model")    # the supervised model itself (None without its file)
    model.explain("C0001")                           # driver group, push on the probability, sentence
    model.score(["C0001"], changes={"C0001": {"days_since_visit": 3}})    # a what-if
    retrain_churn(con, horizon_days=60, models_dir=scratch)               # card of a model fitted anew

Scores are for the warehouse's as-of date, with the horizon the model was trained for (its card). The
nightly run scores with the champion of the backtest, which may be a baseline (BG/NBD, the recency rule);
explanations and what-ifs on feature values need the supervised model (`scorer="model"`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.risk.backtest import MODEL_SCORER
from pipelines.risk.base import Context, read_context
from pipelines.risk.champion import Scorer, SupervisedScorer, scorer_for
from pipelines.risk.churn import ChurnModel
from pipelines.risk.drivers import group_pushes
from pipelines.risk.estimator import design_matrix
from pipelines.risk.persist import CARD_MD, ModelBundle, load_bundle, model_dir, read_card
from pipelines.risk.score import _sentence, score_rows
from pipelines.risk.train import train_model
from pipelines.settings import Settings

MODEL_NAME = "churn"
Changes = Mapping[str, Mapping[str, object]] | pd.DataFrame


@dataclass
class ChurnScorer:
    """The saved churn model with the feature rows of every customer it scores at the as-of date."""

    bundle: ModelBundle
    context: Context
    frame: pd.DataFrame  # one row per customer in the model's base: customer_id, features, profile
    model: ChurnModel
    scorer: Scorer  # the champion nightly scoring uses, or the supervised model

    @property
    def scored_by(self) -> str:
        """Which scorer gives the probabilities: "model" (supervised) or a baseline's name."""
        return self.scorer.name

    @property
    def card(self) -> dict[str, object]:
        return self.bundle.card

    @property
    def horizon_days(self) -> int:
        return int(self.bundle.card["horizon_days"])

    @property
    def features(self) -> pd.DataFrame:
        """The model's features: name, driver group, description (what `changes` may set)."""
        return pd.DataFrame([{"feature": f.name, "group": f.group, "description": f.description}
                             for f in self.bundle.features])

    def customers(self) -> pd.Series:
        """Ids of the customers the model scores at the as-of date (its base)."""
        return self.frame["customer_id"]

    def feature_rows(self, customers: Iterable[str] | None = None, changes: Changes | None = None) -> pd.DataFrame:
        """The feature rows of the customers (all when None), with `changes` applied."""
        frame = self.frame if customers is None else self.frame[self.frame["customer_id"].isin(list(customers))]
        return self._apply(frame.copy(), changes)

    def score(self, customers: Iterable[str] | pd.DataFrame | None = None, changes: Changes | None = None
              ) -> pd.DataFrame:
        """Probability of no purchase in the horizon, risk band and top drivers per customer, as nightly scoring
        writes them; `status` says "scored" or why a listed customer is not.

        customers: ids, or a frame with customer_id (None: everyone in the base). changes: per customer, feature
        values to assume instead of today's ({"C0001": {"visits_90": 4}} or a frame indexed by customer_id).
        """
        ids = _ids(customers)
        rows = self.feature_rows(ids, changes)
        scored = score_rows(self.model, self.scorer, rows, self.context, str(self.card["as_of"]))
        scored = scored.assign(status="scored")
        if ids is None:
            return scored
        missing = [c for c in dict.fromkeys(ids) if c not in set(scored["customer_id"])]
        if missing:
            why = f"not scored: not in the churn model's base at {self.context.as_of} (see churn.customers())"
            scored = pd.concat([scored, pd.DataFrame({"customer_id": missing, "status": why})], ignore_index=True)
        return scored

    def explain(self, customer_id: str, changes: Changes | None = None) -> pd.DataFrame:
        """How much each driver group pushes this customer's probability (positive = riskier), with the
        sentence the dashboards show; columns driver, contribution, sentence (largest push first)."""
        if self.bundle.classifier is None or self.scorer.name != MODEL_SCORER:
            raise ValueError(f"explain() needs the supervised model; this scorer is {self.scorer.name!r}: "
                             "load_churn_model(con, scorer='model')")
        rows = self.feature_rows([customer_id], changes)
        if rows.empty:
            raise ValueError(f"customer {customer_id!r} is not in the churn model's base at {self.context.as_of}; "
                             "churn.customers() lists the base")
        X = design_matrix(rows, self.bundle.features)
        pushes = group_pushes(self.bundle.predict, X, self.bundle.features, self.bundle.typical).iloc[0]
        record = rows.iloc[0].to_dict()
        out = pd.DataFrame({"driver": pushes.index, "contribution": pushes.to_numpy()})
        out["sentence"] = [_sentence(self.model, g, record) for g in out["driver"]]
        return out.sort_values("contribution", ascending=False, ignore_index=True)

    def _apply(self, frame: pd.DataFrame, changes: Changes | None) -> pd.DataFrame:
        if changes is None:
            return frame
        table = changes if isinstance(changes, pd.DataFrame) else pd.DataFrame.from_dict(changes, orient="index")
        known = {f.name for f in self.bundle.features}
        unknown = sorted(set(table.columns) - known)
        if unknown:
            raise ValueError(f"changes name features the churn model does not use: {', '.join(unknown)}; "
                             f"its features: {', '.join(sorted(known))}")
        position = pd.Series(frame.index, index=frame["customer_id"].to_numpy())
        for customer, values in table.iterrows():
            if customer not in position.index:
                raise ValueError(f"changes for customer {customer!r}, who is not among the customers scored")
            for feature, value in values.dropna().items():
                frame.loc[position[customer], feature] = value
        return frame


def _ids(customers: Iterable[str] | pd.DataFrame | None) -> list[str] | None:
    if customers is None:
        return None
    if isinstance(customers, pd.DataFrame):
        if "customer_id" not in customers.columns:
            raise ValueError("the customer list needs a customer_id column; it has " + ", ".join(customers.columns))
        customers = customers["customer_id"]
    if isinstance(customers, str):
        customers = [customers]
    return [str(c) for c in customers]


def load_churn_model(con: duckdb.DuckDBPyConnection, models_dir: Path | str | None = None,
                     settings: Settings | None = None, scorer: str = "champion") -> ChurnScorer | None:
    """The saved churn model ready to score this warehouse, or None when there is none.

    scorer: "champion" scores as the nightly run does (the supervised model or the baseline that won its
    backtest); "model" uses the supervised model, for explanations and what-ifs (None when the card has no
    model file: a baseline stood in, and `read_model_card()["fallback"]` says why).
    models_dir: where the model files are (default: Settings, i.e. models/ or SALESOPS_MODELS_DIR).
    """
    if scorer not in ("champion", MODEL_SCORER):
        raise ValueError(f"scorer {scorer!r}: use 'champion' or 'model'")
    settings = settings or Settings.from_env()
    folder = Path(models_dir) if models_dir else settings.models_dir
    bundle = load_bundle(folder, MODEL_NAME)
    if bundle is None or (scorer == MODEL_SCORER and bundle.classifier is None):
        return None
    model = ChurnModel()
    ctx = read_context(con, settings)
    horizon = int(bundle.card["horizon_days"])
    data = model.load(con, ctx, horizon)
    frame = model.frame(data, model.scoring_snapshots(ctx, horizon), horizon)
    chosen = SupervisedScorer(MODEL_SCORER, bundle) if scorer == MODEL_SCORER else scorer_for(model, bundle, data,
                                                                                              horizon)
    return ChurnScorer(bundle, ctx, frame.reset_index(drop=True), model, chosen)


def read_model_card(name: str = MODEL_NAME, models_dir: Path | str | None = None) -> dict[str, object] | None:
    """A model's card (JSON) with its Markdown text under "markdown"; None when the model has no card."""
    folder = Path(models_dir) if models_dir else Settings.from_env().models_dir
    card = read_card(folder, name)
    if card is None:
        return None
    md = model_dir(folder, name) / CARD_MD
    return {**card, "markdown": md.read_text(encoding="utf-8") if md.exists() else ""}


@dataclass
class RetrainResult:
    status: str  # trained | skipped
    message: str
    models_dir: Path
    card: dict[str, object] | None


def retrain_churn(con: duckdb.DuckDBPyConnection, horizon_days: int, models_dir: Path | str,
                  settings: Settings | None = None) -> RetrainResult:
    """Backtest and fit the churn model for another horizon, saved under models_dir/churn/ with its card.

    models_dir is required and should be a scratch folder: the published models/ folder belongs to the
    nightly run. Too little history for the horizon gives status "skipped" and the reason, not an error.
    """
    settings = replace(settings or Settings.from_env(), models_dir=Path(models_dir), churn_horizon_days=horizon_days)
    if settings.models_dir.resolve() == Settings.from_env().models_dir.resolve():
        raise ValueError(f"{settings.models_dir} is the published models folder the nightly run writes; "
                         "retrain into a scratch folder")
    outcome = train_model(ChurnModel(), con, settings)
    card = read_model_card(MODEL_NAME, settings.models_dir) if outcome.status == "trained" else None
    return RetrainResult(outcome.status, outcome.message, settings.models_dir, card)


def card_table(card: dict[str, object], key: str) -> pd.DataFrame:
    """A table from a model card's backtest: "overall" (one row per scorer: the model and each baseline),
    "metrics" (per scorer and snapshot), "calibration_curve", "lift_by_decile". A `model` column names the
    scorer, as the calibration and lift figures expect."""
    backtest = card.get("backtest") or {}
    if key == "overall":
        rows = [{"scorer": s, **m} for s, m in (backtest.get("overall") or {}).items()]
    else:
        rows = [r for r in (backtest.get(key) or card.get(key) or []) if isinstance(r, dict)]
    frame = pd.DataFrame(rows)
    return frame.assign(model=frame["scorer"]) if "scorer" in frame.columns else frame
