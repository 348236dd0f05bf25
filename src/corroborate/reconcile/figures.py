"""Group claims into figures and reconcile each one: consensus, support, contradiction, timeline.

"How many North Korean troops are in Russia, according to whom, and how has that changed?" is
not answered by averaging every number in the articles. A *figure* is one thing measured: what
is counted (measure and unit), whose (actor), where, in which period, and whether it is a
running total. Planned and deployed troops are different measures, so they never mix; "Kursk
region", "Kursk Oblast" and "Kursk" are one place.

Per figure, the consensus comes from :func:`~corroborate.reconcile.truth_discovery.discover`
(CRH/CATD on numbers, AccuCopy's copy discount), run once over every figure so a source's
reliability is learnt across them. Its sources are *origins*, not documents: a claim repeated
by a near-copy of an earlier article counts once (:func:`claim_origins`). Bounds are intervals
("up to 15,000" is [0, 15,000]); hypothetical claims are excluded, denials listed as
contradicting; the plain majority and median stand beside the consensus; thin evidence is
``undetermined``. Each figure carries its timeline: every claim by date and source, with
repeats of an already counted origin told apart from new information.

Corpus-wide: every function takes iterables of claims and document metadata and returns new
records; nothing is stored between calls.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from corroborate.lang.en import figures as words
from corroborate.provenance.cues import site_host
from corroborate.provenance.near_duplicates import find_near_duplicates
from corroborate.reconcile.truth_discovery import (
    ItemEstimate,
    Observation,
    TruthConfig,
    discover,
    majority,
    median,
)
from corroborate.records import MEASURES, Claim, Document, Figure, Rejection, TimelineEntry
from corroborate.store.sqlite_store import normalise_source

__all__ = [
    "UNDATED",
    "Figure",
    "FigureConfig",
    "FigureKey",
    "Reconciled",
    "TimelineEntry",
    "actor_of",
    "build_figures",
    "claim_origins",
    "figure_key",
    "headline",
    "place_key",
    "period_of",
]

UNDATED = "undated"
#: Modalities that state no figure at all: left out of the consensus, listed as ``excluded``.
EXCLUDED_MODALITIES = frozenset({"hypothetical"})
#: Modalities that deny a figure: left out of the consensus, listed as ``contradicting``.
DENIAL_MODALITIES = frozenset({"denied"})
_SET_ASIDE = EXCLUDED_MODALITIES | DENIAL_MODALITIES
PERIOD_GRAINS = {"day": 10, "month": 7, "year": 4, "all": 0}

_When = tuple[tuple[str, str, str], int, str]  # a claim's place in time: document rank, offset
_ISO_DATE = re.compile(r"^(?:19|20)\d\d(?:-\d\d(?:-\d\d)?)?$")
_ACTOR_WORD = {w: country for country, names in words.ACTORS.items() for w in names}
_ACTOR = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(w) for w in sorted(_ACTOR_WORD, key=len, reverse=True)) + r")(?!\w)"
)
_CUMULATIVE = re.compile(words.CUMULATIVE_PATTERN, re.IGNORECASE)
_ORIGINAL_SOURCE = re.compile(words.ORIGINAL_SOURCE_PATTERN)


@dataclass(frozen=True, slots=True)
class FigureConfig:
    """How claims are grouped into figures and reconciled."""

    period: str = "month"  # day | month | year | all: the span one consensus covers
    # A claim that names no actor or no place joins the one figure of its measure and period
    # that names them, when there is exactly one with evidence; else it stays a figure of its own.
    fill_missing: bool = True
    split_cumulative: bool = True  # running totals ("so far", "in all") are figures of their own
    # An origin stating several figures for one thing splits its vote by emphasis: how often
    # it states each, and its largest (the whole, not a part) ``whole_share`` times more.
    # Calibrated on eval/casualties as a set (benchmarks/reconcile_casualties.py --ablation):
    # against an even split, injured exact 0.464 -> 0.477, killed 0.579 -> 0.580. With the lead
    # share below, the largest-figure share no longer helps (1.0 and 2.0 within one incident).
    weigh_emphasis: bool = True
    whole_share: float = 1.0
    # the first figure an article states (its lead: news writes in an inverted pyramid) counts this
    # many times more; calibrated on eval/casualties as a set: killed 0.592 -> 0.593, injured
    # 0.484 -> 0.485 against lead_share 1 (1..3 all within two incidents)
    lead_share: float = 3.0
    skip_measures: tuple[str, ...] = ("other",)  # "other" lumps unrelated counts together
    significant_digits: int = 3  # bounds agree at this precision when repeats are matched
    truth: TruthConfig = TruthConfig()

    def __post_init__(self) -> None:
        if self.period not in PERIOD_GRAINS:
            grains = ", ".join(PERIOD_GRAINS)
            raise ValueError(f"FigureConfig: period must be one of {grains}, not {self.period!r}")
        if self.significant_digits < 1 or not self.whole_share > 0:
            raise ValueError("FigureConfig: significant_digits must be at least 1 and whole_share above 0")


@dataclass(frozen=True, slots=True, order=True)
class FigureKey:
    """What makes two claims measure the same thing; ``""`` is an unknown actor, place or unit."""

    measure: str
    unit: str
    actor: str
    place: str  # normalised: lower case, administrative word dropped
    period: str
    cumulative: bool

    def series(self) -> tuple[str, str, str, str, bool]:
        """The key without its period: the same figure at other times."""
        return (self.measure, self.unit, self.actor, self.place, self.cumulative)


@dataclass(frozen=True, slots=True)
class Reconciled:
    """The figures of a set of claims, and the claims that could not be used, with the reason."""

    figures: tuple[Figure, ...]
    rejections: tuple[Rejection, ...]


# -- what a claim measures ----------------------------------------------------------------------


def place_key(where: str | None) -> str:
    """A place as compared: lower case, no "the", no administrative word ("Kursk Oblast" -> "kursk")."""
    tokens = (where or "").split()
    while tokens and tokens[0].lower() in words.PLACE_DETERMINERS:
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1].lower() in words.REGION_WORDS:
        tokens.pop()
    return " ".join(tokens).lower()


def actor_of(claim: Claim) -> str:
    """Whose figure it is: the country named in the counted phrase ("North Korean troops"), else
    the first one named before the figure in its sentence outside the cited source; ``""`` if none.

    The first, not the nearest: "North Korea may send 100,000 troops to assist Russia in Ukraine,
    with initial deployments numbering 15,000" is North Korea's figure twice.
    """
    m = _ACTOR.search(claim.counted or "")
    if m:
        return _ACTOR_WORD[m.group(1)]
    cited = set(_ACTOR_WORD[a] for a in _ACTOR.findall(claim.source or ""))
    before = claim.sentence[: max(0, claim.start - claim.sentence_start)]
    for found in _ACTOR.findall(before):
        if _ACTOR_WORD[found] not in cited:
            return _ACTOR_WORD[found]
    return ""


def period_of(claim: Claim, published: str | None, grain: str) -> str:
    """The period a claim speaks of: its own resolved time, else its article's date, cut to ``grain``."""
    if grain == "all":
        return "all"
    when = None
    time = (claim.time or "").strip().lower()
    pub = (published or "")[:10]
    if _ISO_DATE.match(time):
        when = time
    elif time in words.RELATIVE_YEARS and _ISO_DATE.match(pub):
        when = str(int(pub[:4]) + words.RELATIVE_YEARS[time])
    elif _ISO_DATE.match(pub):
        when = pub
    return when[: PERIOD_GRAINS[grain]] if when else UNDATED


def figure_key(claim: Claim, published: str | None, config: FigureConfig) -> FigureKey:
    """What the claim measures, before claims missing an actor or a place are matched up."""
    lower = claim.sentence.lower()
    cumulative = (
        config.split_cumulative
        and any(hint in lower for hint in words.CUMULATIVE_HINTS)
        and bool(_CUMULATIVE.search(claim.sentence))
    )
    where, when = place_key(claim.where), period_of(claim, published, config.period)
    return FigureKey(claim.measure, claim.unit or "", actor_of(claim), where, when, cumulative)


def _fill_missing(keys: Mapping[str, FigureKey], evidence: set[FigureKey]) -> dict[str, FigureKey]:
    """Move claims lacking an actor or place to the one more specific key with evidence, if unique.

    Among the candidates, those filling the fewest fields win: a claim with neither actor nor
    place joins "North Korea, no place" before "North Korea in Kursk". Where no key has
    evidence (hypotheticals only), every key is a candidate.
    """
    by_rest: dict[tuple[str, str, str, bool], list[FigureKey]] = defaultdict(list)
    for k in sorted(set(keys.values())):
        by_rest[(k.measure, k.unit, k.period, k.cumulative)].append(k)
    target: dict[FigureKey, FigureKey] = {}
    for k in sorted(set(keys.values())):
        if k.actor and k.place:
            continue
        options = [
            o
            for o in by_rest[(k.measure, k.unit, k.period, k.cumulative)]
            if o != k
            and (not k.actor or o.actor == k.actor)
            and (not k.place or o.place == k.place)
            and _filled(o) > _filled(k)
        ]
        options = [o for o in options if o in evidence] or options
        fewest = min((_filled(o) for o in options), default=0)
        best = [o for o in options if _filled(o) == fewest]
        if len(best) == 1:
            target[k] = best[0]

    def final(k: FigureKey) -> FigureKey:
        while k in target:  # each step fills a field, so this ends
            k = target[k]
        return k

    resolved = {k: final(k) for k in set(keys.values())}
    return {cid: resolved[k] for cid, k in keys.items()}


def _filled(k: FigureKey) -> int:
    return bool(k.actor) + bool(k.place)


# -- origins ------------------------------------------------------------------------------------


def _rounded(x: float | None, digits: int) -> float | None:
    if x is None or not math.isfinite(x) or x == 0:
        return x
    return round(x, digits - 1 - int(math.floor(math.log10(abs(x)))))


def _original_source_links(docs: Sequence[Document]) -> list[tuple[str, str]]:
    """Pairs (copy, original) where a copy names the other's site as its "Original Source"."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        for host in {site_host(d.url or ""), site_host(d.site or "")} - {""}:
            by_host[host].append(d.id)
    links = []
    for d in docs:
        for m in _ORIGINAL_SOURCE.finditer(d.text or d.raw or ""):
            named = site_host(m.group(1).strip())
            links += [(d.id, other) for other in by_host.get(named, []) if other != d.id]
    return links


def claim_origins(
    claims: Iterable[Claim],
    documents: Iterable[Document],
    duplicates: Iterable[tuple[str, str]] | None = None,
    significant_digits: int = 3,
) -> dict[str, str]:
    """Per claim id, its origin: the id of the earliest document that states it independently.

    Claims with the same measure, bounds (to ``significant_digits``) and cited source in
    documents that are near-copies of each other, or of which one names the other's site as
    its "Original Source", are one origin; otherwise every document is an origin of its own.
    ``duplicates`` are (copy, original) pairs of document ids of near-copies; by default they are
    found with :func:`corroborate.provenance.near_duplicates.find_near_duplicates` over the
    documents' texts, so pass documents with text. This is the one place that decides what
    counts as a copy; a fuller provenance stage can replace it.
    """
    docs, claims = list(documents), list(claims)
    rank = {d.id: _doc_rank(d) for d in docs}
    parent = {d.id: d.id for d in docs}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    rounded = {x: _rounded(x, significant_digits) for c in claims for x in (c.value_low, c.value_high)}
    cited = {s: normalise_source(s) for s in {c.source or "" for c in claims}}
    statements = {
        c.id: (c.measure, c.unit, rounded[c.value_low], rounded[c.value_high], cited[c.source or ""])
        for c in claims
    }
    if duplicates is None:
        # only articles sharing a statement with another article can share an origin
        makers: dict[tuple[object, ...], set[str]] = defaultdict(set)
        for c in claims:
            makers[statements[c.id]].add(c.doc_id)
        shared = {d for ids in makers.values() if len(ids) > 1 for d in ids}
        # indexed in time order, so "earlier" does not depend on the order documents came in
        candidates = sorted((d for d in docs if d.text and d.id in shared), key=_doc_rank)
        duplicates = [(n.doc_id, n.earlier) for n in find_near_duplicates(candidates)]
    for copy, original in [*duplicates, *_original_source_links(docs)]:
        ra, rb = root(copy), root(original)
        if ra != rb:  # the earlier published leads the group; the original, if neither is earlier
            earlier = rank.get(ra, ("9999",))[0] < rank.get(rb, ("9999",))[0]
            parent[rb if earlier else ra] = ra if earlier else rb
    out: dict[str, str] = {}
    first_said: dict[tuple[object, ...], str] = {}

    def order(c: Claim) -> tuple[object, ...]:
        date, name, _ = rank.get(c.doc_id, ("9999", c.doc, c.doc_id))
        return (date, root(c.doc_id) != c.doc_id, name, c.doc_id, c.start, c.id)

    for c in sorted(claims, key=order):
        out[c.id] = first_said.setdefault((root(c.doc_id), *statements[c.id]), c.doc_id)
    return out


# -- figures ------------------------------------------------------------------------------------


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:12]


def _agrees(c: Claim, point: float | None, tolerance: float) -> bool:
    """Whether the claim's interval allows the consensus point (to the agreement tolerance)."""
    if point is None:
        return False
    slack = tolerance * abs(point) + 1e-9 * max(1.0, abs(point))
    return (c.value_low is None or c.value_low <= point + slack) and (
        c.value_high is None or c.value_high >= point - slack
    )


def _unusable(c: Claim) -> str | None:
    """Why the claim's bounds cannot be reconciled, or None when they can."""
    low, high = c.value_low, c.value_high
    if low is not None and high is not None and low <= high and math.isfinite(low) and math.isfinite(high):
        return None  # the common case, decided quickly
    ends = [x for x in (low, high) if x is not None]
    if not ends:
        return "the claim has neither a lower nor an upper bound"
    if not all(math.isfinite(x) for x in ends):
        return "a bound is not a finite number"
    if c.value_low is not None and c.value_high is not None and c.value_low > c.value_high:
        return f"its lower bound {c.value_low:g} exceeds its upper bound {c.value_high:g}"
    return None


def _is_evidence(c: Claim) -> bool:
    """Whether the claim states a usable figure: not hypothetical, not denied, with sound bounds."""
    return c.modality not in _SET_ASIDE and _unusable(c) is None


def _role(c: Claim, estimate: ItemEstimate | None, tolerance: float) -> str:
    if c.modality in EXCLUDED_MODALITIES:
        return "excluded"
    if c.modality in DENIAL_MODALITIES:
        return "denies"
    if estimate is None or _unusable(c):
        return "open"
    return "supports" if _agrees(c, estimate.point, tolerance) else "dissents"


def _observations(
    members: Mapping[str, list[Claim]], origins: Mapping[str, str], config: FigureConfig
) -> list[Observation]:
    """Per figure and origin, the distinct figures it states, its one vote split among them.

    The split follows emphasis: a figure stated n times gets n shares, the origin's largest
    figure (by lower bound) ``whole_share`` times that, since the smaller figures an article
    gives for one thing are mostly parts of it ("two of the wounded"), and the first figure it
    states ``lead_share`` times. ``discover`` spends 1/m
    of a source's vote on each of its m claims, hence the factor m.
    """
    out = []
    for item, claims in members.items():
        said: Counter[tuple[str, float | None, float | None]] = Counter(
            (origins[c.id], c.value_low, c.value_high) for c in claims if _is_evidence(c)
        )
        largest: dict[str, float] = {}
        for origin, low, _ in said:
            largest[origin] = max(largest.get(origin, -math.inf), low or 0.0)
        # inverted pyramid: the figure an article states first is the one its lead reports
        first: dict[str, tuple[float | None, float | None]] = {}
        for c in sorted((c for c in claims if _is_evidence(c)), key=lambda c: (c.doc_id, c.start)):
            first.setdefault(origins[c.id], (c.value_low, c.value_high))
        shares = {
            key: n
            * (config.whole_share if (key[1] or 0.0) >= largest[key[0]] else 1.0)
            * (config.lead_share if first.get(key[0]) == (key[1], key[2]) else 1.0)
            for key, n in said.items()
        }
        total: Counter[str] = Counter()
        distinct: Counter[str] = Counter()
        for (origin, _, _), share in shares.items():
            total[origin] += share
            distinct[origin] += 1
        for (origin, low, high), share in shares.items():
            weight = distinct[origin] * share / total[origin] if config.weigh_emphasis else 1.0
            out.append(Observation(item, origin, low, high, weight))
    return out


#: Measures that are tolls: counts that only grow as reports firm up, so ties settle upward.
_TOLLS = frozenset({"casualties_killed", "casualties_wounded", "casualties_killed_or_wounded", "captured"})


def build_figures(
    claims: Iterable[Claim],
    documents: Iterable[Document],
    config: FigureConfig = FigureConfig(),
    origins: Mapping[str, str] | None = None,
) -> Reconciled:
    """Group the claims into figures and reconcile each (corpus-wide: takes every claim at once).

    ``documents`` give publication dates, names and (for :func:`claim_origins`, unless
    ``origins`` is given) texts; claims whose document is missing count as undated. Figures come
    sorted by measure (as in ``records.MEASURES``), actor, place, running total and period.
    """
    docs = {d.id: d for d in documents}
    when = _timeline_order(docs)
    chosen = sorted((c for c in claims if c.measure not in config.skip_measures), key=when)
    if origins is None:
        origins = claim_origins(chosen, docs.values(), significant_digits=config.significant_digits)
    origins = {c.id: origins.get(c.id, c.doc_id) for c in chosen}
    keys = {
        c.id: figure_key(c, docs[c.doc_id].published if c.doc_id in docs else None, config) for c in chosen
    }
    if config.fill_missing:
        evidence = {keys[c.id] for c in chosen if _is_evidence(c)}
        keys = _fill_missing(keys, evidence)
    groups: dict[FigureKey, list[Claim]] = defaultdict(list)
    for c in chosen:
        groups[keys[c.id]].append(c)
    item = {k: _digest(*k.series(), k.period) for k in groups}
    members = {item[k]: cs for k, cs in groups.items()}
    observations = _observations(members, origins, config)
    tolls = [item for item, claims in members.items() if claims and claims[0].measure in _TOLLS]
    result = discover(observations, config.truth, higher_on_tie=tolls)
    estimates = result.by_item()
    plain_majority, plain_median = majority(observations), median(observations)
    rejections = tuple(
        Rejection("reconcile", "unusable_bounds", f"{c.doc}:{c.start}", f"{why}; left out", c.doc)
        for c in chosen
        if (why := _unusable(c))
    )
    news = _new_information(chosen, keys, origins, config.significant_digits)
    context = ((plain_majority, plain_median), origins, news, docs, config.truth.agreement_tolerance)
    figures = [_figure(k, item[k], cs, estimates.get(item[k]), *context) for k, cs in groups.items()]
    figures.sort(key=_figure_order)
    return Reconciled(tuple(figures), rejections + result.rejections)


def _figure_order(f: Figure) -> tuple[object, ...]:
    """Figures by measure (as in ``records.MEASURES``), actor, place, running total, then period."""
    rank = MEASURES.index(f.measure) if f.measure in MEASURES else len(MEASURES)
    what = (f.measure, f.unit or "", f.actor or "~", f.where or "~", f.cumulative)
    return (rank, what, f.period == UNDATED, f.period)


def _new_information(
    claims: Sequence[Claim], keys: Mapping[str, FigureKey], origins: Mapping[str, str], digits: int
) -> dict[str, bool]:
    """Per claim (in time order), False when an earlier claim of its series had its origin and bounds."""
    seen: set[tuple[object, ...]] = set()
    out = {}
    rounded = {x: _rounded(x, digits) for c in claims for x in (c.value_low, c.value_high)}
    for c in claims:
        said = (keys[c.id].series(), origins[c.id], rounded[c.value_low], rounded[c.value_high])
        out[c.id] = said not in seen
        seen.add(said)
    return out


def _doc_rank(d: Document) -> tuple[str, str, str]:
    """Documents in time: by publication date (undated last), then name, whatever the input order."""
    return (d.published or "9999", d.name, d.id)


def _timeline_order(docs: Mapping[str, Document]) -> Callable[[Claim], _When]:
    """Sort key of a claim in time: its document's rank, then its place in the document."""

    def when(c: Claim) -> _When:
        doc = docs.get(c.doc_id)
        return (_doc_rank(doc) if doc else ("9999", c.doc, c.doc_id), c.start, c.id)

    return when


def _figure(
    key: FigureKey,
    fid: str,
    claims: list[Claim],  # in time order
    estimate: ItemEstimate | None,
    baselines: tuple[Mapping[str, str | float], Mapping[str, float]],
    origins: Mapping[str, str],
    news: Mapping[str, bool],
    docs: Mapping[str, Document],
    tolerance: float,
) -> Figure:
    roles = {c.id: _role(c, estimate, tolerance) for c in claims}

    def having(*wanted: str) -> list[Claim]:
        return [c for c in claims if roles[c.id] in wanted]

    supporting = having("supports")
    stated = any(c.value_low is not None and c.value_high is not None for c in supporting)
    places = {w: place_key(w) for w in {c.where for c in claims if c.where}}
    spellings = Counter(c.where for c in claims if c.where and places[c.where] == key.place)
    sources: dict[str, str] = {}
    for name in dict.fromkeys(c.source.strip() for c in claims if c.source and c.source.strip()):
        sources.setdefault(normalise_source(name), name)  # each source once, as first spelt
    timeline = []
    for c in claims:
        doc = docs.get(c.doc_id)
        date, name = (doc.published, doc.name) if doc else (None, c.doc)
        timeline.append(
            TimelineEntry(
                c.id,
                date,
                c.doc_id,
                name,
                c.start,
                c.source,
                c.figure,
                c.value_low,
                c.value_high,
                c.modality,
                origins[c.id],
                roles[c.id],
                news[c.id],
            )
        )
    majority_value, median_value = (found.get(fid) for found in baselines)
    return Figure(
        id=fid,
        series=_digest(*key.series()),
        measure=key.measure,
        unit=key.unit or None,
        actor=key.actor or None,
        where=min(spellings, key=lambda w: (-spellings[w], w)) if spellings else None,
        period=key.period,
        cumulative=key.cumulative,
        status=estimate.status if estimate else "undetermined",
        point=estimate.point if estimate and stated else None,
        low=estimate.low if estimate else None,
        high=estimate.high if estimate else None,
        confidence=estimate.confidence if estimate else 0.0,
        independent_support=estimate.independent_support if estimate else 0.0,
        majority=majority_value if isinstance(majority_value, float) else None,
        median=median_value if isinstance(median_value, float) else None,
        claims=tuple(c.id for c in claims),
        supporting=tuple(c.id for c in supporting),
        dissenting=tuple(c.id for c in having("dissents")),
        contradicting=tuple(c.id for c in having("denies")),
        excluded=tuple(c.id for c in having("excluded")),
        origins=tuple(sorted({origins[c.id] for c in having("supports", "dissents", "open")})),
        independent_origins=len({origins[c.id] for c in supporting}),
        sources=tuple(sorted(sources.values(), key=str.lower)),
        documents=tuple(dict.fromkeys(c.doc_id for c in claims)),
        timeline=tuple(timeline),
    )


def headline(figures: Iterable[Figure], measure: str) -> Figure | None:
    """The figure of ``measure`` most articles speak of: the most independent origins, then the
    most evidence, then the one stated earliest in its articles (news leads with its headline
    figure; background and detail come later).
    """

    def lead(f: Figure) -> int:
        return min((e.start for e in f.timeline if e.role in ("supports", "dissents")), default=0)

    candidates = [f for f in figures if f.measure == measure and f.origins]
    if not candidates:
        return None
    # a running total or roundup is background to the event an article is about
    return max(
        candidates,
        key=lambda f: (not f.cumulative, len(f.origins), len(f.supporting + f.dissenting), -lead(f), f.id),
    )
