"""Story clustering: group a growing corpus into stories (events), one document at a time.

Each document becomes a bag of hashed terms (words, capitalised names and name phrases) with
log term frequencies. A story is the running sum of its documents' unit term profiles. A new
document joins the story whose profile is most similar to it (cosine under the corpus's current
inverse document frequencies) if that similarity reaches a threshold and, when dates are known,
the story has a document within ``window_days`` of it; otherwise it starts a new story. This is
single-pass clustering: adding a document never re-clusters earlier ones, and the result depends
only on the order of the documents, so replaying them in stored order rebuilds the same state.

State is explicit and owned by the caller (:class:`StoryClusterer`); the per-document work
(:func:`story_features`) is a pure function that can run on workers. Memory per story is
bounded (its profile is cut to ``story_terms`` terms), the document-frequency table has a fixed
size, and in a dated stream a story no document can join any more (nothing within
``retire_after_days`` of the newest date) drops its profile, keeping only its summary.

With ``StorySettings(representation="embedding")`` (optional extra ``corroborate[embeddings]``) a
document also carries a sentence embedding of its title and lead and a story the sum of its
documents' embeddings; the similarity to a story adds the embedding cosine, shifted and scaled,
to the lexical one (between dated ones it can only lower it). The candidates are the same
(stories sharing a top term), so only the score changes: it is meant to tell apart neighbouring
topics that share names, which bags of words cannot; on WikiRef220 it gains little (0.934).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import zlib
from array import array
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from corroborate.lang.en.stopwords import CALENDAR_WORDS, STOPWORDS
from corroborate.provenance import embeddings
from corroborate.records import Document

__all__ = [
    "Story",
    "StoryClusterer",
    "StoryFeatures",
    "StorySettings",
    "cluster_stories",
    "story_features",
    "story_features_batch",
    "web_stories",
]

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’\-][A-Za-z0-9]+)*")
_SENTENCE_BREAK = re.compile(r"[.!?:;\"“”(\[|•–—\n]")
_FORMAT = "corroborate-stories-1"
_EMPTY_TERMS = np.empty(0, dtype=np.int32)
_EMPTY_WEIGHTS = np.empty(0, dtype=np.float32)
_REPRESENTATIONS = ("lexical", "embedding")


@dataclass(frozen=True, slots=True)
class StorySettings:
    """How documents are described and when one joins a story.

    Calibrated with ``benchmarks/stories.py`` on the two labelled sets under ../shared/eval,
    one threshold each (in-sample: each set tunes the one threshold it exercises):
    ``threshold`` on the 3,054 dated gun-violence articles (stories = incidents; B-cubed F1 is
    flat at 0.865-0.870 from 0.12 to 0.2, precision rising and recall falling), and
    ``undated_threshold`` on WikiRef220 (undated; stories = broad topics; mean F1 over the file
    order and four shuffles 0.926 at 0.06, 0.921 at 0.07, 0.915 at 0.08). Topic-sized stories
    need a lower bar than incidents; without dates nothing else tells two similar shootings a
    week apart from one. ``probe_terms`` 20 -> 40 raised WikiRef's mean from 0.915 to 0.926.

    WikiRef220 stays below 0.95 (mean of the file order + four shuffles 0.926) because the
    features themselves do not separate the remaining gold pairs (Barack vs Michelle Obama, Greek
    debt vs Greek elections, smartphone vs Galaxy S5): offline average-link clustering of the same
    vectors, cut where F1 is best in hindsight, reaches only 0.927 (``benchmarks/stories.py``,
    ceiling section). Measured and rejected, mean WikiRef F1 / casualties F1 (baseline 0.926 /
    0.870): lead 40 words x2 0.906 (one shuffle fell to 0.815) / 0.868; name phrases as bigrams
    0.923 / 0.869; a name-cosine mixed in at 0.3-0.5 0.923-0.924 / 0.868; requiring one of the
    document's top 8 names among the story's top 20 0.735 / 0.866; a join needing half the
    story's mean joining cosine 0.898 / 0.870; comparing with member documents (best member as a
    gate, as the score, or mixed with the centroid) 0.864-0.926 / 0.869; in-document name
    resolution (a bare or titled surname counted as the most recent or most frequent full name
    ending in it, the resolved-name weight 2-4, a boost for the most mentioned name) 0.926-0.928 /
    0.870, dropping the surname term too 0.903-0.913, ceiling 0.927-0.933 in every variant.
    """

    threshold: float = 0.15  # cosine to a story's profile needed to join it, both dated
    undated_threshold: float = 0.06  # the same when the document or the story has no date
    window_days: int = 7  # a dated document joins only stories with a document this close in time
    late_threshold: float | None = None  # a higher cosine that waives the window; None: never
    retire_after_days: int | None = 60  # drop profiles of stories this far behind the newest date
    name_weight: float = 2.0  # a capitalised word mid-sentence counts as this many plain words
    phrase_weight: float = 2.0  # weight of a multi-word name ("Premier League") as one extra term
    title_weight: float = 2.0  # terms of ``Document.title`` count this many times
    doc_terms: int = 150  # a document keeps its most distinctive terms, this many
    story_terms: int = 300  # a story's profile is cut back to this many terms when it grows past
    probe_terms: int = 40  # candidate stories are those sharing one of a document's top terms
    # a probe term remembers only its latest stories: a word common to the whole corpus would
    # otherwise make every new document scan every story (quadratic in a stream whose dates do not
    # advance, where stories never retire); the other 39 probes still find an older story
    posting_limit: int = 256
    hash_bits: int = 21  # terms are hashed into 2**hash_bits buckets (document frequencies)
    label_terms: int = 3
    # "embedding": add a sentence-embedding cosine to the lexical one (needs corroborate[embeddings])
    representation: str = "lexical"
    # calibrated on WikiRef220 as a set (file order + shuffles 5, 11, 23, 31, undated_threshold
    # 0.06), mean B-cubed F1 0.928 (lexical) -> 0.934; weight 0.25-1.0 within 0.005, offset 0.3 or
    # 0.5 -> 0.909 / 0.922, offset 0.55-0.65 (to split Barack from Michelle Obama) 0.78-0.905
    embedding_weight: float = 0.5  # similarity = lexical + weight x (embedding cosine - offset)
    embedding_offset: float = 0.4  # an embedding cosine below this lowers the similarity

    def __post_init__(self) -> None:
        if self.representation not in _REPRESENTATIONS:
            raise ValueError(f"representation must be one of {_REPRESENTATIONS}, got {self.representation!r}")
        for name in ("threshold", "undated_threshold"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be in (0, 1], got {getattr(self, name)}")
        if self.window_days < 0:
            raise ValueError(f"window_days must be >= 0, got {self.window_days}")
        if self.retire_after_days is not None and self.retire_after_days <= self.window_days:
            raise ValueError(
                f"retire_after_days ({self.retire_after_days}) must exceed window_days ({self.window_days}), "
                "or be None to keep every story joinable"
            )
        if self.posting_limit < 1:
            raise ValueError(f"posting_limit must be at least 1, got {self.posting_limit}")
        if not 8 <= self.hash_bits <= 30:
            raise ValueError(f"hash_bits must be between 8 and 30, got {self.hash_bits}")


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """A document's terms as the clusterer sees them: hashed ids, log-tf weights, label names."""

    terms: np.ndarray  # int32 bucket ids, sorted, unique
    weights: np.ndarray  # float32, 1 + log(weighted count), same order
    names: dict[int, str]  # bucket id -> surface form, for the terms that may label a story
    embedding: np.ndarray | None = None  # unit float32 vector of title + lead; representation="embedding"


@dataclass(frozen=True, slots=True)
class Story:
    """A story (event): its documents, a short automatic label and its first/last dates."""

    id: str
    label: str
    doc_ids: tuple[str, ...]
    first: str | None  # ISO dates of the earliest and latest dated documents
    last: str | None


def story_features(
    text: str, title: str | None = None, settings: StorySettings = StorySettings()
) -> StoryFeatures:
    """Describe one document for story clustering (pure; safe to run on workers).

    With ``representation="embedding"`` this runs the model on the one document; embedding many
    at once is much faster (:func:`story_features_batch`).
    """
    lexical = _lexical_features(text, title, settings)
    if settings.representation != "embedding":
        return lexical
    return _with_embedding(lexical, embeddings.embed_documents([text], [title])[0])


def story_features_batch(
    texts: list[str], titles: list[str | None], settings: StorySettings = StorySettings()
) -> list[StoryFeatures]:
    """:func:`story_features` of many documents, the embeddings computed in batches."""
    lexical = [_lexical_features(text, title, settings) for text, title in zip(texts, titles, strict=True)]
    if settings.representation != "embedding":
        return lexical
    vectors = embeddings.embed_documents(texts, titles)
    return [_with_embedding(feats, vector) for feats, vector in zip(lexical, vectors, strict=True)]


def _with_embedding(feats: StoryFeatures, vector: np.ndarray) -> StoryFeatures:
    return StoryFeatures(feats.terms, feats.weights, feats.names, np.asarray(vector, dtype=np.float32))


def _lexical_features(text: str, title: str | None, settings: StorySettings) -> StoryFeatures:
    counts: dict[str, float] = {}
    names: dict[str, str] = {}
    _count_terms(text, 1.0, settings, counts, names)
    if title:
        _count_terms(title, settings.title_weight, settings, counts, names)
    mask = (1 << settings.hash_bits) - 1
    buckets: dict[int, float] = {}
    surface: dict[int, str] = {}
    for term, count in counts.items():
        bucket = zlib.crc32(term.encode("utf-8")) & mask  # stable across processes, unlike hash()
        buckets[bucket] = buckets.get(bucket, 0.0) + count
        if term in names:
            surface.setdefault(bucket, names[term])
    ordered = sorted(buckets)
    terms = np.array(ordered, dtype=np.int32)
    weights = np.array([1.0 + math.log(max(buckets[t], 1.0)) for t in ordered], dtype=np.float32)
    return StoryFeatures(terms, weights, surface)


def _count_terms(
    text: str, scale: float, settings: StorySettings, counts: dict[str, float], names: dict[str, str]
) -> None:
    run: list[str] = []
    previous_end = 0

    def close_run() -> None:
        if len(run) >= 2:
            phrase = " ".join(run)
            key = phrase.lower()
            counts[key] = counts.get(key, 0.0) + settings.phrase_weight * scale
            names.setdefault(key, phrase)
        run.clear()

    for match in _TOKEN.finditer(text):
        word = match.group()
        start = match.start()
        gap = text[previous_end:start]
        if gap.strip(" \t"):  # punctuation or a line break between words ends a name phrase
            close_run()
        # a capital at the start of the text, a sentence, a line or a quote says nothing
        mid_sentence = start > 0 and not _SENTENCE_BREAK.search(gap)
        previous_end = match.end()
        lower = word.lower().replace("’", "'")
        if lower.endswith("'s"):
            lower, word = lower[:-2], word[:-2]
        if lower in STOPWORDS or lower in CALENDAR_WORDS:
            close_run()
            continue
        capital = word[0].isupper()
        if capital:
            run.append(word)
        else:
            close_run()
        if len(lower) < 3 and not any(ch.isdigit() for ch in lower):
            continue
        name = capital and mid_sentence
        counts[lower] = counts.get(lower, 0.0) + (settings.name_weight if name else 1.0) * scale
        if name:
            names.setdefault(lower, word)
    close_run()


@dataclass(slots=True)
class _StoryState:
    """Mutable state of one story inside a clusterer."""

    id: str
    terms: np.ndarray  # int32 bucket ids, sorted; empty once retired
    weights: np.ndarray  # float32 summed unit profiles
    doc_ids: list[str]
    first: dt.date | None = None
    last: dt.date | None = None
    names: dict[str, float] = field(default_factory=dict)  # label candidates and their weight
    retired: bool = False
    label: str | None = None  # fixed when the story retires, and its candidates dropped
    # the sum of its documents' unit embeddings; empty without embeddings or once retired
    embedding: np.ndarray = field(default_factory=lambda: _EMPTY_WEIGHTS)


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None  # an unreadable date only costs the time window, not the document


class StoryClusterer:
    """Incremental story clustering; the caller owns this state and feeds it documents in order."""

    def __init__(self, settings: StorySettings = StorySettings()) -> None:
        self.settings = settings
        self._df = np.zeros(1 << settings.hash_bits, dtype=np.int32)
        self._docs = 0
        self._stories: list[_StoryState] = []
        self._story_of: dict[str, int] = {}
        # probe term -> stories (may hold retired ones): int32 arrays, which a document's 40 probes
        # turn into one candidate array without a Python loop over thousands of entries
        self._postings: dict[int, array] = {}
        self._active: set[int] = set()  # dated stories not yet retired
        self._newest: dt.date | None = None
        self._retired_since_compaction = 0
        # each story's first and last day (proleptic ordinals, 0: undated) and whether it retired,
        # as arrays: a document's candidates are hundreds of stories, filtered at once
        self._first_day = np.zeros(64, dtype=np.int64)
        self._last_day = np.zeros(64, dtype=np.int64)
        self._gone = np.zeros(64, dtype=bool)

    def __len__(self) -> int:
        return len(self._story_of)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._story_of

    def story_of(self, doc_id: str) -> str:
        """The id of the story a document was put in."""
        return self._stories[self._story_of[doc_id]].id

    def add(self, doc: Document) -> str:
        """Put one document in a story (an existing one or a new one); return the story id.

        A document already added keeps its story; adding it again changes nothing.
        """
        if doc.id in self._story_of:
            return self.story_of(doc.id)
        return self.add_features(doc.id, doc.published, story_features(doc.text, doc.title, self.settings))

    def add_features(self, doc_id: str, published: str | None, feats: StoryFeatures) -> str:
        """Like :meth:`add` for features computed elsewhere (a worker, a store)."""
        if doc_id in self._story_of:
            return self.story_of(doc_id)
        settings = self.settings
        if settings.representation == "embedding" and feats.embedding is None:
            raise ValueError(
                "representation='embedding' needs features with an embedding: compute them with "
                "story_features(text, title, settings) or story_features_batch(...) and the same settings"
            )
        self._docs += 1
        self._df[feats.terms] += 1  # terms are unique, so plain fancy-index adding is exact
        idf = self._idf(feats.terms)
        scores = feats.weights * idf
        top = np.argsort(-scores, kind="stable")[: settings.doc_terms]
        keep = np.sort(top)
        terms, weights, idf_kept = feats.terms[keep], feats.weights[keep], idf[keep]
        profile = (weights / (np.linalg.norm(weights) or 1.0)).astype(np.float32)
        vector = profile * idf_kept
        vector /= np.linalg.norm(vector) or 1.0
        probes = feats.terms[top[: settings.probe_terms]].tolist()
        date = _parse_date(published)

        index = self._best_story(terms, vector, probes, date, feats.embedding)
        if index is None:
            index = len(self._stories)
            self._stories.append(_StoryState(f"story-{doc_id}", _EMPTY_TERMS, _EMPTY_WEIGHTS, []))
        story = self._stories[index]
        self._absorb(story, terms, profile)
        if feats.embedding is not None and settings.representation == "embedding":
            story.embedding = (
                feats.embedding.copy() if not len(story.embedding) else story.embedding + feats.embedding
            )
        story.doc_ids.append(doc_id)
        if date is not None:
            story.first = date if story.first is None else min(story.first, date)
            story.last = date if story.last is None else max(story.last, date)
            self._active.add(index)
        self._note(index)
        self._add_names(story, feats, feats.terms[top[:8]], scores[top[:8]])
        for term in probes:
            posting = self._postings.get(term)
            if posting is None:
                posting = self._postings[term] = array("i")
            if not posting or posting[-1] != index:
                posting.append(index)
                if len(posting) > 2 * settings.posting_limit:  # trimmed in steps: amortised O(1)
                    # keep the latest distinct stories: a story met again and again between other
                    # stories' documents would otherwise fill the list with itself
                    latest = list(dict.fromkeys(reversed(posting)))[: settings.posting_limit]
                    self._postings[term] = array("i", reversed(latest))
        self._story_of[doc_id] = index
        if date is not None and (self._newest is None or date > self._newest):
            self._newest = date
            self._retire_stale()
        return story.id

    def _idf(self, terms: np.ndarray) -> np.ndarray:
        return (np.log((self._docs + 1.0) / (self._df[terms] + 1.0)) + 1.0).astype(np.float32)

    def _note(self, index: int) -> None:
        """Copy a story's dates and retirement into the arrays candidates are filtered with."""
        if index >= len(self._gone):
            size = max(2 * len(self._gone), index + 1)
            for name in ("_first_day", "_last_day", "_gone"):
                grown = np.zeros(size, dtype=getattr(self, name).dtype)
                grown[: len(getattr(self, name))] = getattr(self, name)
                setattr(self, name, grown)
        story = self._stories[index]
        self._first_day[index] = story.first.toordinal() if story.first else 0
        self._last_day[index] = story.last.toordinal() if story.last else 0
        self._gone[index] = story.retired

    def _best_story(
        self,
        terms: np.ndarray,
        vector: np.ndarray,
        probes: list[int],
        date: dt.date | None,
        embedding: np.ndarray | None,
    ) -> int | None:
        settings = self.settings
        postings = [np.frombuffer(self._postings[t], dtype=np.int32) for t in probes if t in self._postings]
        if not postings:
            return None
        marked = np.zeros(len(self._stories), dtype=bool)  # a set of stories, without sorting
        marked[np.concatenate(postings)] = True
        candidates = np.flatnonzero(marked & ~self._gone[: len(self._stories)])
        first, last = self._first_day[candidates], self._last_day[candidates]
        dated = (first > 0) if date is not None else np.zeros(len(candidates), dtype=bool)
        needed = np.full(len(candidates), settings.undated_threshold)
        if date is not None:
            day = date.toordinal()
            near = np.maximum(np.maximum(first - day, day - last), 0) <= settings.window_days
            needed[dated & near] = settings.threshold
            if settings.late_threshold is None:  # only stories within the window may be joined
                keep = ~dated | near
                candidates, dated, needed = candidates[keep], dated[keep], needed[keep]
            else:
                needed[dated & ~near] = settings.late_threshold
        if not len(candidates):
            return None
        sims = self._cosines(terms, vector, [self._stories[i] for i in candidates.tolist()])
        if embedding is not None:
            for k, index in enumerate(candidates.tolist()):
                story = self._stories[index]
                if not len(story.embedding):
                    continue
                closeness = float(np.dot(embedding, story.embedding)) / (
                    float(np.linalg.norm(story.embedding)) or 1.0
                )
                shift = closeness - settings.embedding_offset
                # dated, the window already confines candidates to one week, where the model finds
                # every shooting like every other: a bonus there merged distinct incidents
                # (casualties, first 1,000: F1 0.889 -> 0.457), so with dates it can only lower
                sims[k] += settings.embedding_weight * (min(shift, 0.0) if dated[k] else shift)
        eligible = sims >= needed
        if not eligible.any():
            return None
        return int(candidates[int(np.argmax(np.where(eligible, sims, -np.inf)))])  # ties: the oldest story

    def _cosines(self, terms: np.ndarray, vector: np.ndarray, stories: list[_StoryState]) -> np.ndarray:
        """Cosine of a document's vector (over its sorted ``terms``) with each story's idf-weighted
        profile, all stories at once: a document meets hundreds of candidates, and a few array
        operations over their concatenated profiles cost what two per-story ones did."""
        sizes = np.fromiter((len(s.terms) for s in stories), dtype=np.int64, count=len(stories))
        story_terms = np.concatenate([s.terms for s in stories])
        weighted = (np.concatenate([s.weights for s in stories]) * self._idf(story_terms)).astype(np.float64)
        segment = np.repeat(np.arange(len(stories)), sizes)
        norms = np.sqrt(np.bincount(segment, weights=weighted * weighted, minlength=len(stories)))
        if not len(terms):
            return np.zeros(len(stories))
        at = np.searchsorted(terms, story_terms)
        at[at == len(terms)] = 0
        shared = terms[at] == story_terms
        dots = np.bincount(
            segment[shared],
            weights=vector[at[shared]].astype(np.float64) * weighted[shared],
            minlength=len(stories),
        )
        return np.divide(dots, norms, out=np.zeros(len(stories)), where=norms > 0)

    def _absorb(self, story: _StoryState, terms: np.ndarray, profile: np.ndarray) -> None:
        merged = np.union1d(story.terms, terms)
        weights = np.zeros(len(merged), dtype=np.float32)
        weights[np.searchsorted(merged, story.terms)] += story.weights
        weights[np.searchsorted(merged, terms)] += profile
        limit = self.settings.story_terms
        if len(merged) > limit + limit // 2:
            # cut back to the most distinctive terms; the slack above the limit spares a sort per add
            keep = np.sort(np.argsort(-(weights * self._idf(merged)), kind="stable")[:limit])
            merged, weights = merged[keep], weights[keep]
        story.terms, story.weights = merged, weights

    def _add_names(
        self, story: _StoryState, feats: StoryFeatures, terms: np.ndarray, scores: np.ndarray
    ) -> None:
        for term, score in zip(terms.tolist(), scores.tolist(), strict=True):
            name = feats.names.get(term)
            if name is not None:
                story.names[name] = story.names.get(name, 0.0) + score
        if len(story.names) > 16:  # the strongest candidates only: bounded per story
            story.names = dict(sorted(story.names.items(), key=lambda kv: (-kv[1], kv[0]))[:12])

    def _retire_stale(self) -> None:
        """Drop the profiles of dated stories no new document can join any more."""
        limit = self.settings.retire_after_days
        if limit is None or self.settings.late_threshold is not None or self._newest is None:
            return
        cutoff = self._newest - dt.timedelta(days=limit)
        stale = [i for i in self._active if self._stories[i].last < cutoff]  # type: ignore[operator]
        for index in stale:
            story = self._stories[index]
            story.terms, story.weights, story.retired = _EMPTY_TERMS, _EMPTY_WEIGHTS, True
            self._gone[index] = True
            story.embedding = _EMPTY_WEIGHTS
            story.label, story.names = _label(story.names, self.settings.label_terms), {}
            self._active.discard(index)
        self._retired_since_compaction += len(stale)
        if self._retired_since_compaction > max(256, len(self._active)):
            self._compact_postings()

    def _compact_postings(self) -> None:
        stories = self._stories
        for term in list(self._postings):
            live = array("i", (i for i in self._postings[term] if not stories[i].retired))
            if live:
                self._postings[term] = live
            else:
                del self._postings[term]
        self._retired_since_compaction = 0

    def stories(self) -> list[Story]:
        """Every story so far, largest first (ties: earliest first)."""
        out = [self._summary(s) for s in self._stories]
        return sorted(out, key=lambda s: (-len(s.doc_ids), s.first or "", s.id))

    def _summary(self, story: _StoryState) -> Story:
        return Story(
            id=story.id,
            label=story.label if story.label is not None else _label(story.names, self.settings.label_terms),
            doc_ids=tuple(story.doc_ids),
            first=story.first.isoformat() if story.first else None,
            last=story.last.isoformat() if story.last else None,
        )

    # -- persistence: the whole state, so a store can resume clustering where it stopped --

    def to_bytes(self) -> bytes:
        """Serialise the clusterer's whole state; loading it and going on equals never stopping."""
        nonzero = np.flatnonzero(self._df)
        posting_terms = sorted(self._postings)
        meta = {
            "format": _FORMAT,
            "settings": asdict(self.settings),
            "docs": self._docs,
            "newest": self._newest.isoformat() if self._newest else None,
            "retired_since_compaction": self._retired_since_compaction,
            "stories": [
                {
                    "id": s.id,
                    "doc_ids": s.doc_ids,
                    "first": s.first.isoformat() if s.first else None,
                    "last": s.last.isoformat() if s.last else None,
                    "names": s.names,
                    "size": len(s.terms),
                    "embedded": bool(len(s.embedding)),
                    "retired": s.retired,
                    "label": s.label,
                }
                for s in self._stories
            ],
        }
        arrays = {
            "df_at": nonzero.astype(np.int64),
            "df": self._df[nonzero],
            "terms": np.concatenate([_EMPTY_TERMS, *(s.terms for s in self._stories)]),
            "weights": np.concatenate([_EMPTY_WEIGHTS, *(s.weights for s in self._stories)]),
            "embeddings": np.stack([s.embedding for s in self._stories if len(s.embedding)])
            if any(len(s.embedding) for s in self._stories)
            else np.empty((0, 0), dtype=np.float32),
            "posting_terms": np.array(posting_terms, dtype=np.int64),
            "posting_sizes": np.array([len(self._postings[t]) for t in posting_terms], dtype=np.int64),
            "posting_stories": np.array(
                [i for t in posting_terms for i in self._postings[t]], dtype=np.int64
            ),
        }
        buffer = io.BytesIO()
        meta_bytes = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
        np.savez_compressed(buffer, meta=meta_bytes, **arrays)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> StoryClusterer:
        """Load a clusterer written by :meth:`to_bytes`."""
        with np.load(io.BytesIO(data), allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
        if meta.get("format") != _FORMAT:
            raise ValueError(f"not a story clusterer state (format {meta.get('format')!r}, want {_FORMAT!r})")
        clusterer = cls(StorySettings(**meta["settings"]))
        clusterer._docs = meta["docs"]
        clusterer._newest = _parse_date(meta["newest"])
        clusterer._retired_since_compaction = meta["retired_since_compaction"]
        clusterer._df[arrays["df_at"]] = arrays["df"]
        offset = 0
        stored_embeddings = iter(arrays["embeddings"]) if "embeddings" in arrays else iter(())
        for index, row in enumerate(meta["stories"]):
            size = row["size"]
            story = _StoryState(
                row["id"],
                arrays["terms"][offset : offset + size].copy(),
                arrays["weights"][offset : offset + size].copy(),
                list(row["doc_ids"]),
                _parse_date(row["first"]),
                _parse_date(row["last"]),
                dict(row["names"]),
                row["retired"],
                row["label"],
            )
            offset += size
            if row.get("embedded"):
                story.embedding = next(stored_embeddings).copy()
            clusterer._stories.append(story)
            clusterer._note(index)
            clusterer._story_of.update((doc_id, index) for doc_id in story.doc_ids)
            if story.first is not None and not story.retired:
                clusterer._active.add(index)
        stories = arrays["posting_stories"].tolist()
        start = 0
        for term, size in zip(
            arrays["posting_terms"].tolist(), arrays["posting_sizes"].tolist(), strict=True
        ):
            clusterer._postings[term] = array("i", stories[start : start + size])
            start += size
        return clusterer


def _label(names: dict[str, float], count: int) -> str:
    """The story's strongest names; a name phrase replaces a single word it contains."""
    chosen: list[tuple[str, float]] = []
    for name, score in sorted(names.items(), key=lambda kv: (-kv[1], kv[0])):
        words = set(name.lower().split())
        overlapping = [i for i, (c, _) in enumerate(chosen) if words & set(c.lower().split())]
        if not overlapping:
            if len(chosen) < count:
                chosen.append((name, score))
            continue
        i = overlapping[0]
        # "Premier League" replaces "League" (and "Premier") when nearly as strong and longer
        if len(words) > max(len(chosen[j][0].split()) for j in overlapping) and score >= 0.5 * chosen[i][1]:
            chosen[i] = (name, chosen[i][1])
            chosen = [c for j, c in enumerate(chosen) if j == i or j not in overlapping]
    return " · ".join(name for name, _ in chosen)


def web_stories(store: Any) -> list[Story]:
    """The stories of every document in a store, for the web app (``present/web_state.py``).

    Documents go in date order (undated ones last, each group in the order stored), fetched one
    at a time so a large store is never held in memory at once.
    """
    listed = [(doc.published or "9999", n, doc.id) for n, doc in enumerate(store.documents(text=False))]
    clusterer = StoryClusterer()
    for _, _, doc_id in sorted(listed):
        doc = store.document(doc_id)
        if doc is not None:
            clusterer.add(doc)
    return clusterer.stories()


def cluster_stories(documents: Iterable[Document], clusterer: StoryClusterer | None = None) -> dict[str, str]:
    """Corpus-wide: put each document in a story, in the order given; return doc id -> story id.

    Pass an existing ``clusterer`` to add documents to it; documents it holds keep their story.
    """
    clusterer = clusterer if clusterer is not None else StoryClusterer()
    return {doc.id: clusterer.add(doc) for doc in documents}
