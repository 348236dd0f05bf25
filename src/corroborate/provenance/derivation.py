"""The derivation graph: which article derives from which, and how many independent origins
stand behind each claim.

An edge "B derives from A" (:class:`Link`) is one of

* ``copy``: B's text nearly duplicates A's (MinHash, :mod:`.near_duplicates`);
* ``rewrite``: B rewords A's claim sentences (:mod:`.rewrites`): two or more of B's claim
  sentences each reword one of A's that states the same figure from a compatible source, or
  one does near-verbatim, or one does and either article says it restates another
  ("Original Source: ...");
* ``cites``: B names A's outlet as a source ("according to Yonhap", "(AP) --") and A is that
  outlet's article of the same story.

The direction follows publication dates; between articles of one date (or undated) the one that
names an upstream outlet is the copy, then the one that names the other's outlet; failing all
that, the later in name order (so the answer never depends on the order articles came in).

Each claim gets its *origins* (:func:`claim_origins`): among the claims of its story that state
the same figure (same measure and unit, bounds within 0.5%, an open bound matching anything) from
a compatible source (the same words, one name inside the other, or a source that names nobody:
"reports", "some analysts"), the articles split into connected components of the derivation
graph; each component is one independent origin, the claim's own component minus its article
are its *repeats*, and the component's root (the article nothing in it derives from, earliest
first) is its origin document, the key :func:`corroborate.reconcile.figures.build_figures`
takes as ``origins``.

Corpus-wide but stateless: every function takes what it needs and returns new records.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from corroborate.lang.en import provenance as words
from corroborate.provenance.cues import DERIVING_KINDS, Cue, publisher
from corroborate.provenance.rewrites import SentenceLink
from corroborate.records import Claim, Document
from corroborate.store.sqlite_store import normalise_source

__all__ = [
    "LINK_KINDS",
    "ClaimOrigin",
    "DerivationSettings",
    "DocInfo",
    "Link",
    "claim_origins",
    "comparable_pairs",
    "cite_links",
    "copy_links",
    "doc_info",
    "figure_origins",
    "orient",
    "outlet_set",
    "rank",
    "rewrite_links",
    "same_figure",
    "same_outlet",
    "same_source",
    "scopes",
    "strongest_links",
]

#: Link kinds, strongest evidence first: one link is kept per pair of articles, the strongest.
LINK_KINDS = ("copy", "rewrite", "cites")
_UNDATED = "9999"
# words of a source name that say nothing about who it is ("the", "to", "of")
_SOURCE_FILLER = frozenset("the a an of to in for at by on from and".split())


@dataclass(frozen=True, slots=True)
class DerivationSettings:
    """How claims are matched and when sentence rewrites make two articles one origin."""

    tolerance: float = 0.005  # bounds within this share of each other state the same figure
    min_sentence_pairs: int = 2  # reworded claim sentences that make an article a rewrite


@dataclass(frozen=True, slots=True)
class DocInfo:
    """What derivation needs to know of an article: its date, name and outlets."""

    id: str
    name: str
    published: str | None
    publisher: str  # outlet key of its site; "" when unknown
    carried: frozenset[str]  # outlets it says its text came from (dateline, credit, original source)
    named: frozenset[str]  # every outlet it names in a cue, attribution too
    restates: frozenset[str] = frozenset()  # outlets it names as its "Original Source": a rewrite


@dataclass(frozen=True, slots=True)
class Link:
    """An edge of the derivation graph: article ``derived`` derives from article ``original``."""

    derived: str
    original: str
    kind: str  # copy | rewrite | cites
    score: float  # Jaccard for copies, mean sentence similarity for rewrites, 1 for cites
    evidence: str  # what links them and what decided the direction, for people


@dataclass(frozen=True, slots=True)
class ClaimOrigin:
    """Where a claim comes from: its origin article, how many independent origins state its
    figure, and the other articles of its own origin that merely repeat it."""

    claim_id: str
    origin_doc: str
    origins: int
    repeats: tuple[str, ...]  # document ids, in time order


def same_outlet(a: str, b: str) -> bool:
    """Whether two outlet keys name one outlet: equal, one a prefix of the other ("wave" and
    "wave3" for WAVE 3 News's wave3.com, "wmc" and "wmcactionnews5"), or a masthead's last word
    of five letters or more ("the Tribune" in a chicagotribune.com article)."""
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return (
        short == long
        or (len(short) >= 3 and long.startswith(short))
        or (len(short) >= 5 and long.endswith(short))
    )


def doc_info(doc: Document, cues: Sequence[Cue]) -> DocInfo:
    """An article's date, name and outlets, from its metadata and its cues (pure)."""
    own = publisher(doc)
    key = own.key if own else ""
    carried = {c.outlet for c in cues if c.kind in DERIVING_KINDS and not same_outlet(c.outlet, key)}
    named = {c.outlet for c in cues if not same_outlet(c.outlet, key)}
    restates = {c.outlet for c in cues if c.kind == "original_source" and not same_outlet(c.outlet, key)}
    return DocInfo(
        doc.id, doc.name, doc.published, key, outlet_set(carried), outlet_set(named), outlet_set(restates)
    )


_NO_OUTLETS: frozenset[str] = frozenset()


def outlet_set(outlets: Iterable[str]) -> frozenset[str]:
    """Outlets as a frozenset, the empty ones all one object: most articles name none, and an
    empty frozenset takes 216 bytes (three per DocInfo, 100,000 DocInfos held by a run)."""
    found = frozenset(outlets)
    return found if found else _NO_OUTLETS


def rank(info: DocInfo) -> tuple[str, str, str]:
    """An article's place in time order: date, then name, then id (undated ones last)."""
    return ((info.published or _UNDATED)[:10], info.name, info.id)


def _outlets(info: DocInfo) -> set[str]:
    return ({info.publisher} if info.publisher else set()) | set(info.carried)


def _names_outlet_of(a: DocInfo, b: DocInfo) -> bool:
    """Whether article ``a`` names an outlet that published or carried article ``b``."""
    return any(same_outlet(x, y) for x in a.named for y in _outlets(b))


def orient(a: DocInfo, b: DocInfo) -> tuple[str, str, str]:
    """(derived, original, why) for two linked articles: dates first, then cues, then names."""
    da, db = (a.published or "")[:10], (b.published or "")[:10]
    if da and db and da != db:
        return (a.id, b.id, "published later") if da > db else (b.id, a.id, "published later")
    if bool(a.carried) != bool(b.carried):
        copy, original = (a, b) if a.carried else (b, a)
        return copy.id, original.id, "names the outlet its text came from"
    a_names, b_names = _names_outlet_of(a, b), _names_outlet_of(b, a)
    if a_names != b_names:
        copy, original = (a, b) if a_names else (b, a)
        return copy.id, original.id, "names the other's outlet"
    copy, original = (a, b) if rank(a) > rank(b) else (b, a)
    return copy.id, original.id, "no date or cue decides: later in name order"


def copy_links(pairs: Iterable[tuple[str, str, float]], info: Mapping[str, DocInfo]) -> list[Link]:
    """Links for near-duplicate pairs (doc id, doc id, estimated Jaccard) of known articles."""
    out = []
    for x, y, jaccard in pairs:
        if x in info and y in info and x != y:
            derived, original, why = orient(info[x], info[y])
            out.append(Link(derived, original, "copy", round(jaccard, 4), f"near-duplicate text; {why}"))
    return out


# -- which claims state the same thing -------------------------------------------------------


def _close(x: float, y: float, tolerance: float) -> bool:
    return abs(x - y) <= tolerance * max(abs(x), abs(y))


def same_figure(a: Claim, b: Claim, tolerance: float = 0.005) -> bool:
    """Whether two claims state one figure: same measure and unit, and their bounds agree.

    An open bound matches anything ("up to 100,000" and "100,000" are one figure, hedged
    differently), but at least one bound must be stated by both and agree.
    """
    if a.measure != b.measure or (a.unit or "") != (b.unit or ""):
        return False
    agreed = False
    for x, y in ((a.value_low, b.value_low), (a.value_high, b.value_high)):
        if x is None or y is None:
            continue
        if not _close(x, y, tolerance):
            return False
        agreed = True
    return agreed


def source_words(source: str | None) -> frozenset[str]:
    """The words of a cited source that say who it is; empty when it names nobody."""
    found = set(normalise_source(source or "").split()) - _SOURCE_FILLER
    if found <= words.UNNAMED_SOURCE_WORDS:
        return frozenset()
    return frozenset(found)


def same_source(a: Claim, b: Claim) -> bool:
    """Whether two claims may cite one source: either names nobody, or one's words hold the other's
    ("The Ukrainian ambassador to South Korea" and "... ambassador to South Korea, Dmytro
    Ponomarenko")."""
    return _compatible(source_words(a.source), source_words(b.source))


class _FigureIndex:
    """Claims bucketed by what they count and by each stated bound on a log scale, so finding the
    claims that may state one figure looks at a few buckets, not at every claim of a story."""

    def __init__(self, claims: Iterable[Claim], settings: DerivationSettings) -> None:
        self.settings = settings
        self._step = math.log1p(settings.tolerance)
        self._buckets: dict[tuple[str, str, int], list[Claim]] = defaultdict(list)
        self._sources: dict[str, frozenset[str]] = {}
        for c in claims:
            self._sources[c.id] = source_words(c.source)
            for key in {k for x in _bounds(c) for k in self._keys(c, x, 0)}:
                self._buckets[key].append(c)

    def _keys(self, c: Claim, x: float, spread: int) -> list[tuple[str, str, int]]:
        # zero and negative values get buckets of their own sign; figures are mostly positive
        centre = int(math.floor(math.log(x) / self._step)) if x > 0 else (-1 << 40 if x == 0 else -(1 << 41))
        return [(c.measure, c.unit or "", centre + k) for k in range(-spread, spread + 1)]

    def matches(self, c: Claim) -> list[Claim]:
        """Indexed claims of other articles stating the same figure as ``c`` from a compatible source."""
        seen: set[str] = set()
        out = []
        words_c = self._sources.get(c.id) or source_words(c.source)
        for x in _bounds(c):
            for key in self._keys(c, x, 1):
                for d in self._buckets.get(key, ()):
                    if d.id in seen or d.doc_id == c.doc_id:
                        continue
                    seen.add(d.id)
                    if same_figure(c, d, self.settings.tolerance) and _compatible(
                        words_c, self._sources[d.id]
                    ):
                        out.append(d)
        return out


def _bounds(c: Claim) -> list[float]:
    return [x for x in (c.value_low, c.value_high) if x is not None and math.isfinite(x)]


def _compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or a <= b or b <= a


def comparable_pairs(
    claims: Sequence[Claim], candidates: Sequence[Claim], settings: DerivationSettings = DerivationSettings()
) -> list[tuple[Claim, Claim]]:
    """(claim, candidate) pairs from different articles that state one figure from one source."""
    index = _FigureIndex(candidates, settings)
    return [(c, d) for c in claims for d in index.matches(c)]


# -- links from sentences and cues ------------------------------------------------------------


def rewrite_links(
    sentence_links: Iterable[SentenceLink],
    info: Mapping[str, DocInfo],
    settings: DerivationSettings = DerivationSettings(),
) -> list[Link]:
    """Article-level rewrite links from claim-sentence links (two figures of one sentence
    reworded in one sentence count once)."""
    by_pair: dict[frozenset[str], list[SentenceLink]] = defaultdict(list)
    for s in sentence_links:
        if s.doc_id in info and s.other_doc in info and s.doc_id != s.other_doc:
            by_pair[frozenset((s.doc_id, s.other_doc))].append(s)
    out = []
    for pair, found in by_pair.items():
        x, y = sorted(pair)
        distinct = {
            frozenset(((s.doc_id, s.sentence_start), (s.other_doc, s.other_sentence_start))) for s in found
        }
        strong = any(s.strong for s in found)
        declared = bool(info[x].restates or info[y].restates)
        if len(distinct) >= settings.min_sentence_pairs:
            reason = f"{len(distinct)} claim sentences reworded"
        elif strong:
            reason = "a claim sentence copied nearly word for word"
        elif declared:
            reason = "a claim sentence reworded, and the text says it restates another article"
        else:
            continue
        derived, original, why = orient(info[x], info[y])
        score = sum(s.score for s in found) / len(found)
        out.append(Link(derived, original, "rewrite", round(score, 4), f"{reason}; {why}"))
    return out


def cite_links(new: DocInfo, others: Iterable[DocInfo]) -> list[Link]:
    """Links between an article and others of its story where one names the other's outlet.

    The naming article derives from the named one, unless it was published first (an article
    cannot take from a later one: it cited an earlier report the corpus lacks).
    """
    out = []
    for other in others:
        if other.id == new.id:
            continue
        for copy, original in ((new, other), (other, new)):
            if not _names_outlet_of(copy, original):
                continue
            dc, do = (copy.published or "")[:10], (original.published or "")[:10]
            if dc and do and dc < do:
                continue
            outlet = next(x for x in sorted(copy.named) if any(same_outlet(x, y) for y in _outlets(original)))
            out.append(Link(copy.id, original.id, "cites", 1.0, f"names {outlet}, the other's outlet"))
            break
    return out


def strongest_links(links: Iterable[Link]) -> list[Link]:
    """One link per pair of articles: the strongest kind (copy, rewrite, cites), then score."""
    best: dict[frozenset[str], Link] = {}
    for link in links:
        pair = frozenset((link.derived, link.original))
        held = best.get(pair)
        if held is None or (LINK_KINDS.index(link.kind), -link.score) < (
            LINK_KINDS.index(held.kind),
            -held.score,
        ):
            best[pair] = link
    return sorted(best.values(), key=lambda link: (link.original, link.derived))


# -- origins ----------------------------------------------------------------------------------


def claim_origins(
    claims: Iterable[Claim],
    links: Iterable[tuple[str, str]],
    info: Mapping[str, DocInfo],
    story_of: Mapping[str, str] | None = None,
    settings: DerivationSettings = DerivationSettings(),
) -> dict[str, ClaimOrigin]:
    """Per claim id, its origin article, the number of independent origins of its figure and the
    articles that repeat it (see the module docstring).

    ``links`` are the derivation graph's edges as (derived, original) document ids: which
    articles are joined and which way, not how (a store holds millions; see ``pairs_within``).
    Claims are compared within their story (``story_of`` maps document ids to story ids; None
    puts every claim in one story) and within articles linked to theirs.
    """
    links = list(links)
    neighbours: dict[str, set[str]] = defaultdict(set)
    parents: dict[str, set[str]] = defaultdict(set)
    for derived, original in links:
        neighbours[derived].add(original)
        neighbours[original].add(derived)
        parents[derived].add(original)
    scope = scopes(story_of, links)
    groups: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        groups[scope(c.doc_id)].append(c)

    def time_order(doc_id: str) -> tuple[str, str, str]:
        d = info.get(doc_id)
        return rank(d) if d else (_UNDATED, doc_id, doc_id)

    out = {}
    for members in groups.values():
        index = _FigureIndex(members, settings)
        # claims stating one figure from one source share their pool of articles, so its components
        # are found once: a figure repeated by a thousand copies was otherwise solved a thousand times
        solved: dict[tuple[object, ...], tuple[dict[str, int], list[tuple[list[str], str]]]] = {}
        for c in members:
            key = (c.measure, c.unit or "", c.value_low, c.value_high, source_words(c.source))
            found = solved.get(key)
            if found is None or c.doc_id not in found[0]:  # (a claim with no bound matches only itself)
                pool = {c.doc_id} | {d.doc_id for d in index.matches(c)}
                parts = []
                for own in _components(pool, neighbours):
                    roots = [d for d in own if not (parents.get(d, set()) & own)] or list(own)
                    parts.append((sorted(own, key=time_order), min(roots, key=time_order)))
                found = solved[key] = ({d: k for k, (own, _) in enumerate(parts) for d in own}, parts)
            where, parts = found
            ordered, origin = parts[where[c.doc_id]]
            repeats = tuple(d for d in ordered if d != c.doc_id)
            out[c.id] = ClaimOrigin(c.id, origin, len(parts), repeats)
    return out


def scopes(story_of: Mapping[str, str] | None, pairs: Iterable[tuple[str, str]]) -> Callable[[str], str]:
    """Document id -> its scope, the unit claims are compared in: its story, stories joined where a
    link (a pair of document ids) crosses them (everything is one scope when ``story_of`` is None).
    ``pairs`` is read once, so it may stream from a store."""
    if story_of is None:
        return lambda doc_id: ""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for derived, original in pairs:
        a = root(story_of.get(derived, derived))
        b = root(story_of.get(original, original))
        if a != b:
            parent[max(a, b)] = min(a, b)
    return lambda doc_id: root(story_of.get(doc_id, doc_id))


def _components(docs: set[str], neighbours: Mapping[str, set[str]]) -> list[set[str]]:
    """Connected components of the derivation graph restricted to ``docs``."""
    left = set(docs)
    out = []
    while left:
        start = left.pop()
        component, frontier = {start}, [start]
        while frontier:
            for nxt in neighbours.get(frontier.pop(), ()):
                if nxt in left:
                    left.discard(nxt)
                    component.add(nxt)
                    frontier.append(nxt)
        out.append(component)
    return out


def figure_origins(origins: Mapping[str, ClaimOrigin]) -> dict[str, str]:
    """Claim id -> origin document id: what ``reconcile.figures.build_figures`` takes as ``origins``."""
    return {cid: o.origin_doc for cid, o in origins.items()}
