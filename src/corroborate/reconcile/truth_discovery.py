"""Find the value most likely true for each item that sources disagree about, discounting copies.

An *observation* is one source's claim about one *item*: a label ("07:10") or a number given
as an interval ("about 4,000" is [4000, 4000], "up to 15,000" is [0, 15000], "more than 10,000"
is [10000, inf)). :func:`discover` estimates per item the value, a consensus interval, a
confidence, the sources that agree and whether the evidence suffices; per source a reliability;
and which sources look like copies of each other. :func:`majority` and :func:`median` are the
plain baselines to show beside it. The module knows nothing of articles: the caller decides what
items and sources are, leaves hypothetical claims out, and gives repeats of one origin a
``weight`` below 1. Contradicting sources are listed per item as ``dissent``.

Published methods, so each estimate can be checked against the papers:

* Labels: *AccuCopy*, X. L. Dong, L. Berti-Equille, D. Srivastava, "Integrating Conflicting
  Data: The Role of Source Dependence", PVLDB 2(1), 2009. A value's vote is the sum over the
  sources giving it of ``ln(n A / (1 - A))`` (``A`` the source's accuracy, ``n`` the number of
  false values of the item), each counted by the probability that the source gave it
  independently. Whether two sources are dependent follows by Bayes' rule from the values they
  share: independent sources rarely share a *false* value, so that gives copiers away.
* Numbers: *CRH*, Q. Li, Y. Li, J. Gao, B. Zhao, W. Fan, J. Han, "Resolving Conflicts in
  Heterogeneous Data by Truth Discovery and Source Reliability Estimation", SIGMOD 2014: the
  estimate is the weighted median, losses are normalised per item by the spread of its claims,
  and a source weighs ``-log`` of its share of the total error. The error itself is estimated
  as in *CATD*, Q. Li, Y. Li, J. Gao, L. Su, B. Zhao, M. Demirbas, W. Fan, J. Han, "A
  Confidence-Aware Approach for Truth Discovery on Long-Tail Data", PVLDB 8(4), 2015: the upper
  confidence bound ``sum of losses / chi2_{alpha/2}(N)``, so a source with few claims cannot
  look precise by luck. Copy detection runs on numbers too ("same value": the same interval).

AccuCopy judges dependence from estimated truths, so a copier group that outvotes the rest
looks true and hence independent. Two guards, both measured on the benchmarks: wholesale
copies (the same claim on every shared item, where other sources differ) are found before any
estimate and stay discounted; AccuCopy itself runs only once the estimates have settled, and
only its evidence beyond the prior discounts a vote.

An interval claim supports every value inside it: its loss at ``x`` is the distance from ``x``
to the interval, and the weighted median becomes the minimiser of the weighted distances
(:func:`quantiles`). The consensus interval runs between two weighted quantiles around the
median, so it always holds the point. An item is ``undetermined`` when fewer than
``min_independent_sources`` copy-discounted sources agree with the estimate, or when its
confidence is below ``min_confidence``.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

import numpy as np
from scipy.special import expit, gammaincinv

from corroborate.reconcile.copy_detection import (
    CopierGroup,
    Dependence,
    claim_pairs,
    copiers,
    dependence,
    exact_copies,
    false_values,
    independence,
)
from corroborate.reconcile.intervals import Sweep, grouped_first, quantiles, sweep
from corroborate.records import Rejection

__all__ = [
    "CopierGroup",
    "Dependence",
    "ItemEstimate",
    "Observation",
    "SourceReliability",
    "TruthConfig",
    "TruthResult",
    "discover",
    "majority",
    "median",
]

_Key = str | tuple[float, float]  # what a claim says: a label, or an interval


@dataclass(frozen=True, slots=True)
class Observation:
    """One source's claim about one item: a label in ``value``, or a number as ``[low, high]``.

    ``None`` bounds are open ("more than 10,000" has ``high=None``). ``weight`` below 1 counts a
    claim by less than a whole vote, e.g. a repeat of a story whose origin is already counted.
    """

    item: str
    source: str
    low: float | None = None
    high: float | None = None
    weight: float = 1.0
    value: str | None = None

    @classmethod
    def label(cls, item: str, source: str, value: str, weight: float = 1.0) -> Observation:
        """A categorical claim: ``source`` says ``item`` is ``value``."""
        return cls(item, source, None, None, weight, value)

    @classmethod
    def point(cls, item: str, source: str, x: float, weight: float = 1.0) -> Observation:
        """A numeric claim of one exact figure."""
        return cls(item, source, x, x, weight)


@dataclass(frozen=True, slots=True)
class TruthConfig:
    """Settings of :func:`discover`. Defaults are a-priori choices unless a comment says otherwise."""

    max_iterations: int = 50
    tolerance: float = 1e-4  # settled: no estimate changes and accuracies move less than this
    prior_accuracy: float = 0.8  # AccuCopy's starting accuracy (error rate 0.2)
    # AccuCopy's n. None: per item, the number of distinct claims minus one: a fixed large n makes
    # one vote decide an item and any shared false value damning. Calibrated on flights halves as
    # a set (a priori 100): 12 random halves >= 0.85 accurate 7 -> 11, full data 0.94 both.
    false_values: int | None = None
    detect_copying: bool = True
    copy_prior: float = 0.2  # a priori probability that two sources are dependent
    # Probability that a copier copies a given value; a copy keeps 1 - c of its vote. Calibrated on
    # flights halves as a set (a priori 0.8): 0.5 keeps sources that merely agree on every shared
    # item from erasing each other; 12 random halves >= 0.85 accurate 7 -> 11, full data 0.94 both.
    copy_rate: float = 0.5
    copy_rounds: int = 5  # re-estimations of dependence, each after the estimates settle
    # Pairs sharing fewer items keep the prior: too little to judge. A priori; on population 1
    # gives MAE 1543, 3 to 10 give 1421-1427; flights (pairs share dozens of items) do not move.
    min_shared_items: float = 5.0
    max_sources_per_item: int = 200  # bigger items skip copy detection (its cost is quadratic)
    dependence_threshold: float = 0.9  # pairs at least this likely dependent are reported
    # Pseudo-claims at ``prior_accuracy`` in every accuracy, so one claim neither makes nor
    # breaks a source (the long-tail point of CATD).
    prior_strength: float = 1.0
    catd_alpha: float = 0.05  # CATD's significance level, as in the paper
    # One pseudo-claim of this normalised loss per source (claims deviate from an item's mean by
    # one spread on average), so a source whose few claims all match is precise but not infinitely.
    pseudo_loss: float = 1.0
    agreement_tolerance: float = 0.01  # figures within 1% of the estimate agree with it
    interval_coverage: float = 0.5  # the consensus interval spans the middle half of the weight
    nonnegative: bool = True  # counts: an open lower bound ("up to 15,000") means 0
    min_independent_sources: float = 2.0
    min_confidence: float = 0.5

    def __post_init__(self) -> None:
        unit = ("prior_accuracy", "copy_prior", "copy_rate", "catd_alpha", "interval_coverage")
        for name in unit:
            if not 0.0 < getattr(self, name) < 1.0:
                raise ValueError(f"TruthConfig: {name} must lie strictly between 0 and 1.")
        if self.max_iterations < 1 or self.max_sources_per_item < 2 or self.pseudo_loss <= 0:
            raise ValueError("TruthConfig: max_iterations >= 1, max_sources_per_item >= 2, pseudo_loss > 0.")
        if (self.false_values is not None and self.false_values < 1) or self.prior_strength < 0:
            raise ValueError("TruthConfig: false_values must be None or >= 1, prior_strength >= 0.")


@dataclass(frozen=True, slots=True)
class ItemEstimate:
    """The consensus on one item, with what backs it and how sure it is.

    ``value`` is set for label items, ``point``/``low``/``high`` for numeric ones (``None``
    bounds are open). ``independent_support`` counts agreeing sources after copy discounts.
    """

    item: str
    kind: str  # "label" | "number"
    status: str  # "determined" | "undetermined"
    value: str | None
    point: float | None
    low: float | None
    high: float | None
    confidence: float
    independent_support: float
    support: tuple[str, ...]  # sources agreeing with the estimate
    dissent: tuple[str, ...]  # sources none of whose claims on the item allows the estimate


@dataclass(frozen=True, slots=True)
class SourceReliability:
    """How far a source is trusted: ``accuracy`` in [0, 1] and the ``weight`` its votes carried.

    The weight is CRH's for a source with numeric claims, else the log-odds of its accuracy.
    """

    source: str
    accuracy: float
    weight: float
    claims: float


@dataclass(frozen=True, slots=True)
class TruthResult:
    """Everything :func:`discover` found, each part sorted, so equal inputs give equal results."""

    estimates: tuple[ItemEstimate, ...]
    sources: tuple[SourceReliability, ...]
    dependences: tuple[Dependence, ...]
    copier_groups: tuple[CopierGroup, ...]
    iterations: int
    converged: bool
    rejections: tuple[Rejection, ...] = ()

    def by_item(self) -> dict[str, ItemEstimate]:
        """The estimates keyed by item."""
        return {e.item: e for e in self.estimates}


def _reject(obs: Observation, code: str, detail: str) -> Rejection:
    return Rejection("reconcile", code, f"{obs.item} / {obs.source}", detail, obs.item)


def _key(obs: Observation, config: TruthConfig) -> _Key | Rejection:
    """What the claim says (a label, or a closed interval with open ends infinite), or why not."""
    if not (isinstance(obs.weight, int | float) and 0.0 < obs.weight < math.inf):
        return _reject(obs, "bad_weight", f"weight {obs.weight!r} must be a positive finite number")
    if obs.value is not None:
        return str(obs.value)
    if obs.low is None and obs.high is None:
        return _reject(obs, "no_bounds", "a numeric claim needs a low or a high bound; give one or drop it")
    low = (0.0 if config.nonnegative else -math.inf) if obs.low is None else float(obs.low)
    high = math.inf if obs.high is None else float(obs.high)
    if (obs.low is not None and not math.isfinite(low)) or (obs.high is not None and not math.isfinite(high)):
        return _reject(obs, "bad_bound", "a bound is NaN or infinite; give a number, or None for open")
    if low > high:
        return _reject(obs, "inverted_bounds", f"low {low:g} exceeds high {high:g}; swap them")
    return low, high


@dataclass(frozen=True, slots=True)
class _Prepared:
    """The claims as arrays, one row per distinct claim, sorted by (item, candidate, source)."""

    items: list[str]
    sources: list[str]
    item_is_label: np.ndarray
    item_start: np.ndarray  # first row of each item
    item_sources: np.ndarray  # distinct sources per item
    cand_item: np.ndarray  # per candidate: a distinct label or interval of an item
    cand_label: list[str | None]
    obs_item: np.ndarray
    obs_src: np.ndarray
    obs_cand: np.ndarray
    obs_w: np.ndarray
    obs_low: np.ndarray  # NaN for labels
    obs_high: np.ndarray
    rejections: tuple[Rejection, ...]
    item_tie_high: np.ndarray | bool = False  # per item: settle a flat median on the higher figure

    def evidence(self) -> np.ndarray:
        """Per claim, what it tells about its source: its weight, or 0 if no one else claims the item.

        An uncontested claim agrees with itself and would make every prolific source look right.
        """
        return np.where(self.item_sources[self.obs_item] > 1, self.obs_w, 0.0)


def _prepare(observations: Iterable[Observation], config: TruthConfig) -> _Prepared:
    """Validate, deduplicate and index the observations, whatever their input order."""
    rejections: list[Rejection] = []
    parsed: list[tuple[Observation, _Key]] = []
    kinds: dict[str, list[int]] = {}
    for obs in observations:
        key = _key(obs, config)
        if isinstance(key, Rejection):
            rejections.append(key)
            continue
        parsed.append((obs, key))
        kinds.setdefault(obs.item, [0, 0])[int(isinstance(key, tuple))] += 1
    # one source, one item: a repeated claim counts once (at its largest weight), and a source
    # making m different claims on an item spends 1/m of its vote on each
    slots: dict[tuple[str, str], dict[_Key, float]] = {}
    for obs, key in parsed:
        labels, numbers = kinds[obs.item]
        if isinstance(key, str) != (labels >= numbers):
            detail = "the item mixes labels and numbers; the less common kind was left out"
            rejections.append(_reject(obs, "mixed_kinds", detail))
            continue
        slot = slots.setdefault((obs.item, obs.source), {})
        slot[key] = max(slot.get(key, 0.0), float(obs.weight))
    items = sorted({i for i, _ in slots})
    sources = sorted({s for _, s in slots})
    item_ix = {x: k for k, x in enumerate(items)}
    src_ix = {x: k for k, x in enumerate(sources)}

    def order(cand: tuple[int, _Key]) -> tuple[int, str, float, float]:
        k, key = cand
        return (k, key, 0.0, 0.0) if isinstance(key, str) else (k, "", *key)

    cands = sorted({(item_ix[i], key) for (i, _), slot in slots.items() for key in slot}, key=order)
    cand_ix = {c: k for k, c in enumerate(cands)}
    rows = sorted(
        (cand_ix[(item_ix[i], key)], src_ix[s], w / len(slot))
        for (i, s), slot in slots.items()
        for key, w in slot.items()
    )
    cand_item = np.array([k for k, _ in cands], dtype=np.int64)
    nan = (math.nan, math.nan)
    bounds = np.array([nan if isinstance(key, str) else key for _, key in cands]).reshape(-1, 2)
    obs_cand = np.array([r[0] for r in rows], dtype=np.int64)
    obs_src = np.array([r[1] for r in rows], dtype=np.int64)
    obs_item = cand_item[obs_cand]
    n_src = max(len(sources), 1)
    return _Prepared(
        items=items,
        sources=sources,
        item_is_label=np.array([kinds[i][0] >= kinds[i][1] for i in items], dtype=bool),
        item_start=np.searchsorted(obs_item, np.arange(len(items))),
        item_sources=np.bincount(np.unique(obs_item * n_src + obs_src) // n_src, minlength=len(items)),
        cand_item=cand_item,
        cand_label=[key if isinstance(key, str) else None for _, key in cands],
        obs_item=obs_item,
        obs_src=obs_src,
        obs_cand=obs_cand,
        obs_w=np.array([r[2] for r in rows], dtype=np.float64),
        obs_low=bounds[obs_cand, 0],
        obs_high=bounds[obs_cand, 1],
        rejections=tuple(sorted(rejections, key=lambda r: (r.origin, r.code, r.detail))),
    )


def _label_votes(
    p: _Prepared, acc: np.ndarray, indep: np.ndarray, config: TruthConfig
) -> tuple[np.ndarray, np.ndarray]:
    """AccuCopy's vote: per candidate the probability it is true, per item the winning candidate."""
    n = false_values(p, config)
    a = np.clip(acc, 0.0, 0.99)[p.obs_src]  # no source is beyond doubt
    strength = np.maximum(np.log(n[p.obs_item] * a / (1 - a) + 1e-300), 0.0)
    votes = np.bincount(p.obs_cand, p.obs_w * indep * strength, minlength=len(p.cand_item))
    starts = np.searchsorted(p.cand_item, np.arange(len(p.items)))
    if len(starts) == 0:
        return votes, starts
    top = np.maximum.reduceat(votes, starts)
    shifted = np.exp(votes - top[p.cand_item])
    unclaimed = np.maximum(n + 1 - np.diff(np.r_[starts, len(p.cand_item)]), 0.0)  # each keeps vote 0
    total = np.add.reduceat(shifted, starts) + unclaimed * np.exp(-top)
    return shifted / total[p.cand_item], grouped_first(votes >= top[p.cand_item], starts)


def _number_step(
    p: _Prepared, sw: Sweep, w_src: np.ndarray, indep: np.ndarray, config: TruthConfig
) -> tuple[np.ndarray, ...]:
    """One CRH step: per item point and confidence, per claim agreement and P(true), per source weight."""
    n_items, n_src, numeric = len(p.items), len(p.sources), ~p.item_is_label[p.obs_item]
    vote = p.obs_w * indep * w_src[p.obs_src]

    def per_item(x: np.ndarray) -> np.ndarray:
        return np.bincount(p.obs_item, np.where(numeric, x, 0.0), minlength=n_items)

    lo, hi = quantiles(sw, vote, n_items, 0.5)
    # A flat median between two claimed figures: take the better-backed one (the lower on a
    # tie), so the estimate is a figure some source stated, not a midpoint nobody did.
    held = [per_item(vote * ((p.obs_low <= x[p.obs_item]) & (x[p.obs_item] <= p.obs_high))) for x in (lo, hi)]
    lower_wins = np.where(p.item_tie_high, held[0] > held[1], held[0] >= held[1])
    point = np.where(np.isfinite(lo) & (lower_wins | ~np.isfinite(hi)), lo, hi)
    x = point[p.obs_item]
    nearest = np.clip(x, p.obs_low, p.obs_high)  # the claim's value closest to the estimate
    dist = np.where(numeric, np.abs(nearest - x), 0.0)
    # CRH normalises an item's losses by the spread of its claims, so big and small items weigh alike
    count = per_item(np.ones(len(x))) + 1e-300
    mean = per_item(nearest) / count
    spread = np.sqrt(per_item((nearest - mean[p.obs_item]) ** 2) / count)
    spread = np.maximum(spread, 1e-9 * np.maximum(1.0, np.abs(np.nan_to_num(point))))
    agree = numeric & (dist <= config.agreement_tolerance * np.abs(x) + 1e-9 * np.maximum(1.0, np.abs(x)))
    confidence = per_item(np.where(agree, vote, 0.0)) / (per_item(vote) + 1e-300)
    conf = confidence[p.obs_item]
    evidence = np.where(numeric, p.evidence(), 0.0)
    claims = np.bincount(p.obs_src, evidence, minlength=n_src)
    losses = np.bincount(p.obs_src, evidence * (dist / spread[p.obs_item]) ** 2, minlength=n_src)
    # CATD: the error variance's upper bound, chi-square at alpha/2 with one degree per claim;
    # one pseudo-claim each, and a reference source with nothing else, keep every weight positive
    error = (losses + config.pseudo_loss) / (2.0 * gammaincinv((claims + 1.0) / 2, config.catd_alpha / 2))
    reference = config.pseudo_loss / (2.0 * gammaincinv(0.5, config.catd_alpha / 2))
    active = np.bincount(p.obs_src, numeric.astype(float), minlength=n_src) > 0
    share = error / (np.sum(error, where=active) + reference)
    return point, confidence, agree, np.where(agree, conf, 1.0 - conf), np.where(active, -np.log(share), 0.0)


def discover(
    observations: Iterable[Observation],
    config: TruthConfig | None = None,
    *,
    higher_on_tie: Collection[str] = (),
) -> TruthResult:
    """Estimate each item's value, each source's reliability and which sources copy each other.

    Wholesale copies (:func:`exact_copies`) are discounted from the start; estimates and
    accuracies then iterate until they settle, AccuCopy judges dependence from the settled
    estimates, and they settle again, ``copy_rounds`` times at most and ``max_iterations`` steps
    in all. Unusable observations come back as ``rejections``.
    """
    config = config or TruthConfig()
    with np.errstate(all="ignore"):
        p = _prepare(observations, config)
        if higher_on_tie:
            # casualty tolls: early and partial reports undercount, so a tie goes to the higher
            wanted = set(higher_on_tie)
            p = replace(p, item_tie_high=np.array([item in wanted for item in p.items], dtype=bool))
        return _discover(p, config)


def _discover(p: _Prepared, config: TruthConfig) -> TruthResult:
    n_src, n_obs = len(p.sources), len(p.obs_item)
    sw = sweep(p)
    pairs = claim_pairs(p, config) if config.detect_copying and n_obs else None
    can_copy = pairs is not None and len(pairs.src_a) > 0
    acc, w_src, indep = np.full(n_src, config.prior_accuracy), np.ones(n_src), np.ones(n_obs)
    # log-odds of dependence per source pair: AccuCopy's once estimates settle (the prior until
    # then), and exact copying, which needs no estimate and so holds from the start
    dep = np.zeros(0)
    exact = exact_copies(pairs, p, config) if can_copy else np.zeros(0)
    if can_copy:
        dep = np.full(len(exact), math.log(config.copy_prior / (1 - config.copy_prior)))
        indep = independence(pairs, p, acc, np.maximum(dep, exact), config)
    is_label, evidence, k0 = p.item_is_label[p.obs_item], p.evidence(), config.prior_strength
    last: tuple[np.ndarray, np.ndarray] | None = None
    converged, iteration, rounds = False, 0, 0
    for iteration in range(1, config.max_iterations + 1):  # noqa: B007 (reported after the loop)
        prob, best = _label_votes(p, acc, indep, config)
        point, confidence, agree, num_true, new_w = _number_step(p, sw, w_src, indep, config)
        p_true = np.where(is_label, prob[p.obs_cand], num_true)
        new_acc = (
            np.bincount(p.obs_src, evidence * p_true, minlength=n_src) + k0 * config.prior_accuracy
        ) / (np.bincount(p.obs_src, evidence, minlength=n_src) + k0)
        moved = max(
            float(np.max(np.abs(new_acc - acc), initial=0.0)),
            float(np.max(np.abs(new_w - w_src), initial=0.0) / max(float(np.max(w_src, initial=0)), 1e-12)),
        )
        same = (
            last is not None
            and np.array_equal(last[0], best)
            and np.array_equal(last[1], point, equal_nan=True)
        )
        acc, w_src, last = new_acc, new_w, (best, point)
        if not (same and moved < config.tolerance):
            continue
        if not can_copy:
            converged = True
            break
        # Dependence is estimated only once the estimates have settled: which shared values are
        # false decides who copies, and mid-iteration guesses make it oscillate.
        new_dep = dependence(pairs, p, acc, p_true, config)
        if rounds and np.max(np.abs(expit(new_dep) - expit(dep))) < config.tolerance:
            converged = True
            break
        if rounds == config.copy_rounds:  # out of rounds; if any ran, a near-tie still flips
            converged = rounds == 0
            break
        dep, last, rounds = new_dep, None, rounds + 1
        indep = independence(pairs, p, acc, np.maximum(dep, exact), config)
    prob, best = _label_votes(p, acc, indep, config)
    point, confidence, agree, _, _ = _number_step(p, sw, w_src, indep, config)
    vote = p.obs_w * indep * w_src[p.obs_src]
    low, _ = quantiles(sw, vote, len(p.items), (1 - config.interval_coverage) / 2)
    _, high = quantiles(sw, vote, len(p.items), (1 + config.interval_coverage) / 2)
    agree = np.where(is_label, p.obs_cand == best[p.obs_item], agree)
    estimates = _estimates(p, (prob, best), (point, low, high, confidence), agree, indep, config)
    odds = np.clip(acc, 0.01, 0.99)
    log_odds = np.log(odds / (1 - odds))
    claims = np.bincount(p.obs_src, p.obs_w, minlength=n_src)
    numeric = np.bincount(p.obs_src, (~is_label).astype(float), minlength=n_src) > 0
    sources = tuple(
        SourceReliability(
            name, float(acc[k]), float(w_src[k] if numeric[k] else log_odds[k]), float(claims[k])
        )
        for k, name in enumerate(p.sources)
    )
    dependences, groups = copiers(p, pairs, np.maximum(dep, exact), config) if can_copy else ((), ())
    return TruthResult(estimates, sources, dependences, groups, iteration, converged, p.rejections)


def _estimates(
    p: _Prepared,
    labels: tuple[np.ndarray, np.ndarray],
    numbers: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    agree: np.ndarray,
    indep: np.ndarray,
    config: TruthConfig,
) -> tuple[ItemEstimate, ...]:
    """One record per item: labels as (P(candidate), winner), numbers as (point, low, high, confidence)."""
    (prob, best), (point, low, high, confidence) = labels, numbers
    backing = np.bincount(p.obs_item, np.where(agree, p.obs_w * indep, 0.0), minlength=len(p.items))
    ends = np.r_[p.item_start[1:], len(p.obs_item)]
    out = []
    for k, item in enumerate(p.items):
        rows = range(p.item_start[k], ends[k])
        support = tuple(sorted({p.sources[p.obs_src[r]] for r in rows if agree[r]}))
        dissent = tuple(sorted({p.sources[p.obs_src[r]] for r in rows} - set(support)))
        if p.item_is_label[k]:
            fields = ("label", p.cand_label[best[k]], None, None, None, float(prob[best[k]]))
        else:
            lo, hi = (None if math.isinf(x[k]) else float(x[k]) for x in (low, high))
            fields = ("number", None, float(point[k]), lo, hi, float(confidence[k]))
        sure = backing[k] >= config.min_independent_sources - 1e-9 and fields[-1] >= config.min_confidence
        status = "determined" if sure else "undetermined"
        out.append(ItemEstimate(item, fields[0], status, *fields[1:], float(backing[k]), support, dissent))
    return tuple(out)


def _plain_claims(observations: Iterable[Observation]) -> dict[str, dict[str, set[str | float]]]:
    """Per item and source the distinct claims; a number stands for its interval.

    A bounded interval stands for its midpoint, a one-sided one for its finite end. The
    baselines use no weights, no copy detection and no configuration: one source, one vote.
    """
    out: dict[str, dict[str, set[str | float]]] = {}
    for obs in observations:
        ends = [float(x) for x in (obs.low, obs.high) if x is not None and math.isfinite(float(x))]
        if obs.value is None and not ends:
            continue
        claim = str(obs.value) if obs.value is not None else sum(ends) / len(ends)
        out.setdefault(obs.item, {}).setdefault(obs.source, set()).add(claim)
    return out


def majority(observations: Iterable[Observation]) -> dict[str, str | float]:
    """The plain majority per item: the claim made by most sources, one vote per source.

    Ties go to the lower median of the tied numbers, or the first tied label in sorted order.
    """
    out: dict[str, str | float] = {}
    for item, by_source in _plain_claims(observations).items():
        counts: dict[str | float, int] = {}
        for claim in (c for claims in by_source.values() for c in claims):
            counts[claim] = counts.get(claim, 0) + 1
        top = max(counts.values())
        tied = sorted((c for c, n in counts.items() if n == top), key=lambda c: (isinstance(c, str), c))
        labels = [c for c in tied if isinstance(c, str)]
        out[item] = labels[0] if labels else tied[(len(tied) - 1) // 2]
    return out


def median(observations: Iterable[Observation]) -> dict[str, float]:
    """The plain median per numeric item: the lower middle claim, so always a claimed figure."""
    out: dict[str, float] = {}
    for item, by_source in _plain_claims(observations).items():
        numbers = sorted(c for claims in by_source.values() for c in claims if isinstance(c, float))
        if numbers:
            out[item] = numbers[(len(numbers) - 1) // 2]
    return out
