"""Which sources copy each other, and how much a copied claim still counts (AccuCopy).

Part of :mod:`corroborate.reconcile.truth_discovery`. X. L. Dong, L. Berti-Equille,
D. Srivastava, "Integrating Conflicting Data: The Role of Source Dependence", PVLDB 2(1), 2009:
independent sources rarely share a *false* value, so sharing many gives copiers away
(:func:`dependence`, by Bayes' rule from the values two sources share); a claim counts by the
probability it was made independently (:func:`independence`). :func:`exact_copies` finds
wholesale copying (the same claim on every shared item where others differ) before any
estimate exists, and :func:`copiers` groups dependent sources for the report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy.special import expit

if TYPE_CHECKING:
    from corroborate.reconcile.truth_discovery import TruthConfig, _Prepared

__all__ = [
    "CopierGroup",
    "Dependence",
    "Pairs",
    "claim_pairs",
    "copiers",
    "dependence",
    "exact_copies",
    "false_values",
    "independence",
]


@dataclass(frozen=True, slots=True)
class Dependence:
    """Two sources judged dependent (one copies the other, or both copy a third)."""

    source_a: str
    source_b: str
    probability: float
    shared_items: float
    same_values: float


@dataclass(frozen=True, slots=True)
class CopierGroup:
    """Sources every two of which are dependent; ``probability`` is the weakest such pair's."""

    sources: tuple[str, ...]
    probability: float


@dataclass(frozen=True, slots=True)
class Pairs:
    """Pairs of claims on one item by two sources, the lower-numbered source's claim in ``a``."""

    a: np.ndarray
    b: np.ndarray
    same: np.ndarray  # both claim the same label or interval
    pair: np.ndarray  # index of the source pair
    src_a: np.ndarray  # per source pair
    src_b: np.ndarray
    weight: np.ndarray  # per claim pair, the product of the claims' weights


def claim_pairs(p: _Prepared, config: TruthConfig) -> Pairs:
    n_obs, n_src = len(p.obs_item), max(len(p.sources), 1)
    rows = np.flatnonzero((p.item_sources <= config.max_sources_per_item)[p.obs_item])
    item_end = np.r_[p.item_start[1:], n_obs][p.obs_item]
    partners = (item_end - np.arange(n_obs) - 1)[rows]  # the later rows of the same item
    a = np.repeat(rows, partners)
    b = a + 1 + np.arange(len(a)) - np.repeat(np.cumsum(partners) - partners, partners)
    keep = p.obs_src[a] != p.obs_src[b]
    a, b = a[keep], b[keep]
    swap = p.obs_src[a] > p.obs_src[b]
    a, b = np.where(swap, b, a), np.where(swap, a, b)
    keys, pair = np.unique(p.obs_src[a] * n_src + p.obs_src[b], return_inverse=True)
    same = p.obs_cand[a] == p.obs_cand[b]
    return Pairs(a, b, same, pair.reshape(-1), keys // n_src, keys % n_src, p.obs_w[a] * p.obs_w[b])


def false_values(p: _Prepared, config: TruthConfig) -> np.ndarray:
    """AccuCopy's n per item: as configured, else the number of distinct claims minus one."""
    if config.false_values is not None:
        return np.full(len(p.items), float(config.false_values))
    return np.maximum(np.bincount(p.cand_item, minlength=len(p.items)) - 1, 1).astype(np.float64)


def dependence(
    pr: Pairs, p: _Prepared, acc: np.ndarray, p_true: np.ndarray, config: TruthConfig
) -> np.ndarray:
    """Posterior log-odds that each source pair is dependent (Dong et al. 2009, section 3).

    Per shared item, independent sources give the same true value with probability A1 A2 and
    the same false one with (1 - A1)(1 - A2) / n; if S1 copies S2 (each value with probability
    c) a shared value is S2's, true with probability A2; different values cost a copier 1 - c.
    A value's truth is uncertain, so each shared value mixes both cases by its probability.
    """
    c, alpha = config.copy_rate, config.copy_prior
    n = false_values(p, config)[p.obs_item[pr.a]]
    a1, a2, q = acc[p.obs_src[pr.a]], acc[p.obs_src[pr.b]], p_true[pr.a]
    pt, pf = a1 * a2, (1 - a1) * (1 - a2) / n
    independent = q * pt + (1 - q) * pf
    a_copies = q * (c * a2 + (1 - c) * pt) + (1 - q) * (c * (1 - a2) + (1 - c) * pf)
    b_copies = q * (c * a1 + (1 - c) * pt) + (1 - q) * (c * (1 - a1) + (1 - c) * pf)
    n_pairs = len(pr.src_a)

    def log_copy(copy: np.ndarray) -> np.ndarray:
        ratio = np.where(pr.same, np.log(copy / independent), math.log(1 - c))
        return math.log(alpha / 2) + np.bincount(pr.pair, pr.weight * ratio, minlength=n_pairs)

    log_odds = np.logaddexp(log_copy(a_copies), log_copy(b_copies)) - math.log(1 - alpha)
    shared = np.bincount(pr.pair, pr.weight, minlength=n_pairs)
    return np.where(shared >= config.min_shared_items, log_odds, math.log(alpha / (1 - alpha)))


def exact_copies(pr: Pairs, p: _Prepared, config: TruthConfig) -> np.ndarray:
    """Log-odds that each source pair copies wholesale: the same claim on every shared item.

    AccuCopy's likelihood ratio with copy rate 1 and, since no truth is known yet, the chance
    that an independent source makes the same claim read off how the other sources split on the
    item. Agreeing where everyone agrees is no evidence; agreeing where others differ is, and one
    difference rules wholesale copying out. This needs no estimate, so it cannot be talked out of
    a copy by a copier group that outvotes the rest.
    """
    n_pairs = len(pr.src_a)
    cand_w = np.bincount(p.obs_cand, p.obs_w, minlength=len(p.cand_item))[p.obs_cand[pr.a]]
    item_w = np.bincount(p.obs_item, p.obs_w, minlength=len(p.items))[p.obs_item[pr.a]]
    both = p.obs_w[pr.a] + p.obs_w[pr.b]
    chance = (np.maximum(cand_w - both, 0.0) + 0.5) / (np.maximum(item_w - both, 0.0) + 1.0)
    evidence = np.bincount(pr.pair, np.where(pr.same, -pr.weight * np.log(chance), 0.0), minlength=n_pairs)
    differ = np.bincount(pr.pair, np.where(pr.same, 0.0, pr.weight), minlength=n_pairs)
    shared = np.bincount(pr.pair, pr.weight, minlength=n_pairs)
    prior = math.log(config.copy_prior / (1 - config.copy_prior))
    return np.where((differ == 0) & (shared >= config.min_shared_items), prior + evidence, -np.inf)


def independence(
    pr: Pairs, p: _Prepared, acc: np.ndarray, dep: np.ndarray, config: TruthConfig
) -> np.ndarray:
    """Per claim, the probability it was made independently of more accurate sources saying the same.

    AccuCopy orders the sources of a value by accuracy (then index) and counts each by the
    product of (1 - c P(dependent)) over those before it. Only dependence beyond the prior
    counts: with many sources that share an item or two, the prior alone would count every
    consensus as copying.
    """
    s = pr.same
    a, b = pr.a[s], pr.b[s]
    later = np.where(acc[p.obs_src[a]] >= acc[p.obs_src[b]], b, a)
    excess = np.maximum(expit(dep[pr.pair[s]]) - config.copy_prior, 0.0) / (1.0 - config.copy_prior)
    return np.exp(np.bincount(later, np.log1p(-config.copy_rate * excess), minlength=len(p.obs_item)))


def copiers(
    p: _Prepared, pairs: Pairs, log_odds: np.ndarray, config: TruthConfig
) -> tuple[tuple[Dependence, ...], tuple[CopierGroup, ...]]:
    """Dependent pairs above the threshold, grouped so that every two members are dependent.

    Complete linkage, strongest evidence first: a chain of dependences (A~B, B~C) alone does
    not make A and C copies of each other.
    """
    prob, names = expit(log_odds), p.sources
    shared = np.bincount(pairs.pair, pairs.weight, minlength=len(prob))
    same = np.bincount(pairs.pair, np.where(pairs.same, pairs.weight, 0.0), minlength=len(prob))
    strong = sorted(np.flatnonzero(prob >= config.dependence_threshold), key=lambda k: (-log_odds[k], k))
    found = tuple(
        Dependence(
            names[pairs.src_a[k]], names[pairs.src_b[k]], float(prob[k]), float(shared[k]), float(same[k])
        )
        for k in strong
    )
    linked = {(int(pairs.src_a[k]), int(pairs.src_b[k])): float(prob[k]) for k in strong}
    group_of: dict[int, list[int]] = {}
    for a, b in linked:
        ga, gb = group_of.get(a, [a]), group_of.get(b, [b])
        if ga is not gb and all((min(x, y), max(x, y)) in linked for x in ga for y in gb):
            ga.extend(gb)
            group_of.update((x, ga) for x in ga)
    groups = [
        CopierGroup(tuple(sorted(names[x] for x in g)), min(linked[(x, y)] for x in g for y in g if x < y))
        for g in {id(g): g for g in group_of.values()}.values()
    ]
    return found, tuple(sorted(groups, key=lambda g: (-len(g.sources), g.sources)))
