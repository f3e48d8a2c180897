"""Why a row scored high: the top driver groups, found by swapping them with typical values.

A driver group is a few features explained together (say "recency": days since the last purchase
and that gap against the customer's usual one). A group's push on a row is the average of two
what-ifs (the two ends of a Shapley value): how much the probability drops when the group is set
to the typical values seen in training (median, or most common category) with the rest of the row
as it is, and how much it rises when the group keeps the row's values in an otherwise typical row.
The second what-if matters when several groups tell the same story (a customer who stopped buying
shows it in recency, frequency and spend at once: removing any one alone changes little). The groups
with the largest positive push are the row's drivers; each model turns them into a sentence.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from pipelines.risk.features import Feature

MIN_PUSH = 0.005  # a group must add at least half a percentage point to count as a driver


def typical_values(X: pd.DataFrame, features: tuple[Feature, ...]) -> dict[str, float | None]:
    """Median of each numeric feature and the most common code of each categorical one."""
    out: dict[str, float | None] = {}
    for f in features:
        col = X[f.name].dropna()
        if col.empty:
            out[f.name] = None
        elif f.categories:
            out[f.name] = float(col.mode().sort_values().iloc[0])
        else:
            out[f.name] = float(col.median())
    return out


def group_pushes(predict: Callable[[pd.DataFrame], np.ndarray], X: pd.DataFrame, features: tuple[Feature, ...],
                 typical: dict[str, float | None]) -> pd.DataFrame:
    """Per row and driver group: how much the group pushes the row's probability up (see module doc)."""
    base = predict(X)
    typical_row = pd.DataFrame({f.name: [np.nan if typical.get(f.name) is None else typical[f.name]]
                                for f in features})
    typical_p = float(predict(typical_row)[0])
    groups: dict[str, list[str]] = {}
    for f in features:
        groups.setdefault(f.group, []).append(f.name)
    # Every group's two what-ifs stacked into one matrix and scored in one call (the rows are scored one by one
    # either way; one call lets the prediction split into large chunks across cores).
    columns = list(X.columns)
    values, typical_values_row = X.to_numpy(dtype=np.float64), typical_row[columns].to_numpy(dtype=np.float64)[0]
    n = len(X)
    what_ifs = np.empty((2 * len(groups) * n, len(columns)))
    for i, names in enumerate(groups.values()):
        cols = [columns.index(c) for c in names]
        without = what_ifs[2 * i * n:(2 * i + 1) * n]
        alone = what_ifs[(2 * i + 1) * n:(2 * i + 2) * n]
        without[:] = values
        without[:, cols] = typical_values_row[cols]
        alone[:] = typical_values_row
        alone[:, cols] = values[:, cols]
    scored = predict(pd.DataFrame(what_ifs, columns=columns)).reshape(len(groups), 2, n)
    pushes = {group: 0.5 * ((base - scored[i, 0]) + (scored[i, 1] - typical_p)) for i, group in enumerate(groups)}
    return pd.DataFrame(pushes, index=X.index)


def top_groups(pushes: pd.DataFrame, k: int = 3) -> list[list[str]]:
    """The k groups with the largest positive push per row (ties broken by group order)."""
    values = pushes.to_numpy()
    names = np.array(pushes.columns)
    order = np.argsort(-values, axis=1, kind="stable")[:, :k]
    out = []
    for i, idx in enumerate(order):
        out.append([str(names[j]) for j in idx if values[i, j] >= MIN_PUSH])
    return out
