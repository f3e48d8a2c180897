"""Fits and predictions side by side (pipelines/risk/workers.py) give the same numbers as one at a time."""

import threading

import numpy as np
import pandas as pd
from sklearn.utils._openmp_helpers import _openmp_effective_n_threads

from pipelines.risk import estimator, workers
from pipelines.risk.estimator import fit_calibrated
from pipelines.risk.features import Feature
from pipelines.risk.workers import Workers, map_row_chunks

FEATURES = (Feature("a", "g1", "a"), Feature("b", "g2", "b"), Feature("kind", "g3", "kind", categories=("x", "y")))


def _data(n: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"a": rng.normal(size=n), "b": np.where(rng.random(n) < 0.2, np.nan, rng.normal(size=n)),
                      "kind": rng.integers(0, 2, n).astype(float)})
    y = (X["a"] + np.nan_to_num(X["b"]) * X["kind"] + rng.normal(size=n) > 0.3).astype(int).to_numpy()
    return X, y


def test_row_chunks_come_back_in_order_from_several_threads(monkeypatch):
    monkeypatch.setattr(workers, "worker_count", lambda: 3)
    seen: list[tuple[int, int]] = []

    def square(part: pd.DataFrame) -> np.ndarray:
        seen.append((len(part), threading.get_ident()))
        return part["v"].to_numpy() ** 2

    rows = pd.DataFrame({"v": np.arange(10.0)})
    assert map_row_chunks(square, rows, len(rows), 3).tolist() == [v * v for v in range(10)]
    assert sorted(n for n, _ in seen) == [3, 3, 4]  # three chunks covering every row once
    assert threading.get_ident() not in {t for _, t in seen}
    seen.clear()
    assert map_row_chunks(square, rows, len(rows), 6).tolist() == [v * v for v in range(10)]
    assert seen == [(10, threading.get_ident())]  # too few rows to split: one call, here


def test_jobs_run_on_one_openmp_thread_and_leave_the_caller_alone():
    before = _openmp_effective_n_threads()
    with Workers(2) as pool:
        inside = [pool.submit(_openmp_effective_n_threads) for _ in range(3)]
        assert [f.result() for f in inside] == [1, 1, 1]
    assert _openmp_effective_n_threads() == before


def test_fits_side_by_side_and_chunked_predictions_match_one_at_a_time(monkeypatch):
    X_fit, y_fit = _data(3000, 1)
    X_cal, y_cal = _data(1500, 2)
    X_new, _ = _data(1000, 3)
    jobs = [(X_fit, y_fit, X_cal, y_cal, FEATURES), (X_cal, y_cal, X_fit, y_fit, FEATURES)]
    alone = [fit_calibrated(*job) for job in jobs]
    with Workers(2) as pool:
        side_by_side = [f.result() for f in [pool.submit(fit_calibrated, *job) for job in jobs]]
    whole = alone[0].classifier.predict_proba(X_new)[:, 1]
    monkeypatch.setattr(workers, "worker_count", lambda: 2)
    monkeypatch.setattr(estimator, "PREDICT_CHUNK_ROWS", 300)  # 1,000 rows: two chunks of 500
    for a, b in zip(alone, side_by_side, strict=True):
        np.testing.assert_array_equal(a.predict(X_new), b.predict(X_new))
    np.testing.assert_array_equal(alone[0].predict(X_new), whole)
    assert not np.array_equal(alone[0].predict(X_new), alone[1].predict(X_new))  # each job kept its own fit
