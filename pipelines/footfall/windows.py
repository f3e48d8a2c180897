"""Counting windows as hour weights, their early/late halves, and the candidate plans the planner compares.

A window is a row of 24 weights (minutes counted in each clock hour / 60): contiguous (11:00-13:00) or
split into blocks (12:00-13:00 + 17:00-18:00). Its early half and late half (by time, half the counted
minutes each, at clock-hour resolution) give the window's own time-of-day contrast: how the traffic of
the counted place was spread over the counted time, which says something about its shape.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np


def block_weights(blocks: list[tuple[int, int]]) -> np.ndarray:
    """Hour weights of whole-hour blocks [(first hour, end hour exclusive), ...]."""
    weights = np.zeros(24)
    for first, end in blocks:
        weights[first:end] = 1.0
    return weights


def early_part(weights: np.ndarray) -> np.ndarray:
    """The early half of each window (rows of hour weights): hours in time order until half the time is reached.

    A window counted in a single clock hour has no late part (all zeros come back), so it carries no contrast.
    """
    weights = np.atleast_2d(np.asarray(weights, dtype=float))
    cumulative = np.cumsum(weights, axis=1)
    half = weights.sum(axis=1, keepdims=True) / 2
    early = np.where(cumulative <= half + 1e-9, weights, 0.0)
    hours = (weights > 0).sum(axis=1)
    early[hours < 2] = 0.0
    return early


def blocks_label(blocks: list[tuple[int, int]]) -> str:
    return " + ".join(f"{a:02d}:00-{b:02d}:00" for a, b in blocks)


def candidate_plans(hours: int, earliest: int, latest: int) -> list[list[tuple[int, int]]]:
    """Every contiguous window of `hours` whole hours inside [earliest, latest), and every split into two blocks
    (sizes adding up to `hours`, at least an hour apart): what one observer can count in a day."""
    plans = [[(s, s + hours)] for s in range(earliest, latest - hours + 1)]
    for first_size in range(1, hours):
        second_size = hours - first_size
        for s1, s2 in combinations(range(earliest, latest), 2):
            if s2 >= s1 + first_size + 1 and s2 + second_size <= latest:
                plans.append([(s1, s1 + first_size), (s2, s2 + second_size)])
    return plans
