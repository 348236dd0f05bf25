"""Weighted quantiles of interval claims, per item, as cumulative sums over sorted interval ends.

Part of :mod:`corroborate.reconcile.truth_discovery`: an interval claim ("up to 15,000" is
[0, 15,000]) supports every value inside it, so its loss at ``x`` is the distance from ``x`` to
the interval, and the weighted median becomes the minimiser of the weighted distances
(:func:`quantiles`). Sorting every finite end once per item (:func:`sweep`) turns each weighted
quantile of every item into a few vectorised cumulative sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from corroborate.reconcile.truth_discovery import _Prepared

__all__ = ["Sweep", "grouped_cumsum", "grouped_first", "quantiles", "sweep"]


@dataclass(frozen=True, slots=True)
class Sweep:
    """The finite ends of numeric claims sorted per item, so a weighted quantile is a cumsum.

    A run is the ends with one item and one value: the objective's slope changes only there.
    """

    obs: np.ndarray  # claim row of each end
    is_high: np.ndarray
    end_item: np.ndarray
    run_last: np.ndarray  # last end of each run
    run_item: np.ndarray
    run_value: np.ndarray
    items: np.ndarray  # numeric items with at least one finite end
    item_first_run: np.ndarray


def sweep(p: _Prepared) -> Sweep:
    rows = np.flatnonzero(~p.item_is_label[p.obs_item])
    obs = np.concatenate([rows, rows])
    is_high = np.repeat([False, True], len(rows))
    value = np.concatenate([p.obs_low[rows], p.obs_high[rows]])
    finite = np.isfinite(value)
    obs, is_high, value = obs[finite], is_high[finite], value[finite]
    order = np.lexsort((is_high, value, p.obs_item[obs]))
    obs, is_high, value = obs[order], is_high[order], value[order]
    item = p.obs_item[obs]
    run_first = np.flatnonzero(np.r_[True, (item[1:] != item[:-1]) | (value[1:] != value[:-1])][: len(item)])
    run_last = np.r_[run_first[1:] - 1, len(value) - 1] if len(value) else run_first
    items, item_first_run = np.unique(item[run_first], return_index=True)
    return Sweep(obs, is_high, item, run_last, item[run_first], value[run_first], items, item_first_run)


def grouped_first(cond: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per group (groups start at ``starts``), the first index where ``cond`` holds, else -1."""
    if len(starts) == 0:
        return np.zeros(0, dtype=np.int64)
    first = np.minimum.reduceat(np.where(cond, np.arange(len(cond)), len(cond)), starts)
    return np.where(first < np.r_[starts[1:], len(cond)], first, -1)


def grouped_cumsum(x: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Cumulative sum restarting at each group (rows sorted by group)."""
    if len(x) == 0:
        return x.copy()
    cs = np.cumsum(x)
    start = np.maximum.accumulate(np.where(np.r_[True, group[1:] != group[:-1]], np.arange(len(x)), 0))
    return cs - (cs - x)[start]


def quantiles(sw: Sweep, weight: np.ndarray, n_items: int, tau: float) -> tuple[np.ndarray, np.ndarray]:
    """Per numeric item, the set ``[lo, hi]`` of weighted tau-quantiles of its interval claims.

    The objective sum_o w_o ((1 - tau) (x - high_o)+ + tau (low_o - x)+) is convex and
    piecewise linear; just right of x its slope is (1 - tau) B(x) - tau A(x), B the weight of
    claims wholly at or below x and A of those wholly above. The minimisers run from the first
    end where the slope stops being negative to the first where it turns positive. On point
    claims this is the ordinary weighted quantile.
    """
    lo, hi = np.full(n_items, np.nan), np.full(n_items, np.nan)
    if len(sw.run_last) == 0:
        return lo, hi
    w = weight[sw.obs]
    w = (
        w / (np.bincount(sw.end_item, w, minlength=n_items) + 1e-300)[sw.end_item]
    )  # per item sum 1: exact cumsums
    below = grouped_cumsum(np.where(sw.is_high, w, 0.0), sw.end_item)[sw.run_last]
    lows = np.where(sw.is_high, 0.0, w)
    low_total = np.bincount(sw.end_item, lows, minlength=n_items)
    above = low_total[sw.run_item] - grouped_cumsum(lows, sw.end_item)[sw.run_last]
    slope, eps = (1.0 - tau) * below - tau * above, 1e-9
    first_lo = grouped_first(slope >= -eps, sw.item_first_run)
    first_hi = grouped_first(slope > eps, sw.item_first_run)
    lo[sw.items] = np.where(first_lo >= 0, sw.run_value[np.maximum(first_lo, 0)], np.nan)
    lo[sw.items] = np.where(low_total[sw.items] <= eps, -np.inf, lo[sw.items])
    hi[sw.items] = np.where(first_hi >= 0, sw.run_value[np.maximum(first_hi, 0)], np.inf)
    return lo, hi
