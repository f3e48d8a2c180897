"""Counting windows as hour weights, their early/late halves, and the candidate plans the planner compares.

A window is a row of 24 weights (minutes counted in each clock hour / 60): contiguous (11:00-13:00),
split into two blocks (12:00-13:00 + 17:00-18:00), spread as short blocks over the day (the first 15
minutes of every hour from 10:00 to 17:00: a sample of many clock hours), or scattered as half hours at any
clock hours (11:00-11:30 + 12:00-12:30 + 16:00-16:30 + 18:00-18:30). Its early half and late half
(by time, half the counted minutes each, at clock-hour resolution) give the window's own time-of-day
contrast: how the traffic of the counted place was spread over the counted time, which says something
about its shape.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np

# Spread plans: blocks of these minutes, one at the start of every `spacing`-th clock hour (at least 3 blocks).
SPREAD_BLOCK_MINUTES = (15, 20)
# Scattered plans: half-hour blocks at the start of any clock hours (evenly spaced ones among them).
SCATTERED_BLOCK_MINUTES = 30
Block = tuple[float, float]  # (start, end) in hours after midnight: (12, 13), or (10, 10.25) for 10:00-10:15


def block_weights(blocks: list[Block]) -> np.ndarray:
    """Hour weights of blocks [(start hour, end hour), ...]; a block may cover part of an hour (10, 10.25)."""
    hours = np.arange(24)
    weights = np.zeros(24)
    for start, end in blocks:
        weights += np.clip(np.minimum(end, hours + 1) - np.maximum(start, hours), 0.0, 1.0)
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


def blocks_label(blocks: list[Block]) -> str:
    return " + ".join(f"{_clock(a)}-{_clock(b)}" for a, b in blocks)


def _clock(hours: float) -> str:
    minutes = round(hours * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_plan(label: str) -> list[Block]:
    """'12:00-13:00 + 17:00-18:00' -> [(12, 13), (17, 18)]; '10:00-10:15 + ...' -> [(10, 10.25), ...]."""
    blocks = []
    for part in label.split(" + "):
        start, end = (int(t[:2]) + int(t[3:5]) / 60 for t in part.split("-"))
        blocks.append((start, end))
    return blocks


def candidate_plans(hours: int, earliest: int, latest: int, max_span: float = 24) -> list[list[Block]]:
    """Every contiguous window of `hours` whole hours inside [earliest, latest), every split into two blocks
    (sizes adding up to `hours`, at least an hour apart), every spread plan (short blocks at the start of
    evenly spaced clock hours) and every scattered plan (half-hour blocks at the start of any clock hours): what one
    observer can count in a day, on site at most max_span hours from the first block's start to the last block's
    end."""
    plans = [[(s, s + hours)] for s in range(earliest, latest - hours + 1)]
    for first_size in range(1, hours):
        second_size = hours - first_size
        for s1, s2 in combinations(range(earliest, latest), 2):
            if s2 >= s1 + first_size + 1 and s2 + second_size <= latest:
                plans.append([(s1, s1 + first_size), (s2, s2 + second_size)])
    plans = [p for p in plans + spread_plans(hours, earliest, latest) if p[-1][1] - p[0][0] <= max_span]
    return plans + scattered_plans(hours, earliest, latest, max_span)


def scattered_plans(hours: int, earliest: int, latest: int, max_span: float = 24) -> list[list[Block]]:
    """`hours` of counting as 2 * hours half-hour blocks at the start of any distinct clock hours, on site at most
    max_span hours: a late-morning pair and an evening pair (11:00-11:30 + 12:00-12:30 + 17:00-17:30 +
    18:00-18:30) samples where places differ least while still spreading the day's hour-to-hour strays."""
    size = SCATTERED_BLOCK_MINUTES / 60
    n = round(hours / size)
    plans = []
    for first in range(earliest, latest):
        last_start = min(latest - 1, math.floor(first + max_span - size))
        for rest in combinations(range(first + 1, last_start + 1), n - 1):
            plans.append([(h, h + size) for h in (first, *rest)])
    return plans


def spread_plans(hours: int, earliest: int, latest: int) -> list[list[Block]]:
    """`hours` of counting as n blocks of 15 or 20 minutes (n >= 3), one at the start of every k-th hour."""
    plans = []
    for minutes in SPREAD_BLOCK_MINUTES:
        n, rest = divmod(hours * 60, minutes)
        if rest or n < 3:
            continue
        for spacing in range(1, latest - earliest):
            for first in range(earliest, latest - (n - 1) * spacing):
                plans.append([(h, h + minutes / 60) for h in range(first, first + n * spacing, spacing)])
    return plans
