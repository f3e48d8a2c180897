"""BG/NBD repeat-buying model (Fader, Hardie & Lee 2005), fitted by maximum likelihood with scipy.

Each customer is summarised by x (repeat purchase days), t_x (time of the last purchase since the
first) and T (time from the first purchase to the snapshot). Time is measured in weeks, which keeps
the optimiser well scaled. The probability of no purchase in the next h weeks is the ratio of the
likelihood of the same history observed for T + h to the likelihood for T: exact under the model.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln, logsumexp


@dataclass(frozen=True)
class BgNbdParams:
    r: float
    alpha: float
    a: float
    b: float

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


def log_likelihood(params: BgNbdParams, x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Per-customer log-likelihood of (x, t_x, T)."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    x = np.asarray(x, dtype=float)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    repeat = x > 0
    a4 = np.where(repeat, np.log(a) - np.log(np.maximum(b + x - 1, 1e-12)) - (r + x) * np.log(alpha + t_x), -np.inf)
    return a1 + a2 + logsumexp(np.vstack([a3, a4]), axis=0)


def fit(x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> BgNbdParams:
    """Maximum-likelihood parameters (log-parametrised, L-BFGS-B; deterministic)."""
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    if len(x) == 0:
        raise ValueError("BG/NBD needs at least one customer with a purchase")

    def objective(theta: np.ndarray) -> float:
        p = BgNbdParams(*np.exp(np.clip(theta, -12, 12)))
        ll = log_likelihood(p, x, t_x, T)
        return -float(ll.sum()) / len(x)

    start = np.log([1.0, max(float(np.mean(T)), 1.0), 1.0, 3.0])
    res = minimize(objective, start, method="L-BFGS-B", options={"maxiter": 500})
    return BgNbdParams(*(float(v) for v in np.exp(np.clip(res.x, -12, 12))))


def prob_no_purchase(params: BgNbdParams, x: np.ndarray, t_x: np.ndarray, T: np.ndarray,
                     horizon: float) -> np.ndarray:
    """P(no purchase in (T, T + horizon]) given the history."""
    T = np.asarray(T, dtype=float)
    later = log_likelihood(params, x, t_x, T + horizon)
    now = log_likelihood(params, x, t_x, T)
    return np.clip(np.exp(later - now), 0.0, 1.0)
