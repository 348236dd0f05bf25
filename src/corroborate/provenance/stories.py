"""Story clustering: group a growing corpus into stories (events), one document at a time.

Each document becomes a bag of hashed terms (words, capitalised names and name phrases) with log
term frequencies (:mod:`corroborate.provenance.story_terms`, with the settings). A story is the
running sum of its documents' unit term profiles. A new document joins the story whose profile
is most similar to it (cosine under the corpus's current inverse document frequencies) if that
similarity reaches a threshold and, when dates are known, the story has a document within
``window_days`` of it; otherwise it starts a new story. This is single-pass clustering: adding a
document never re-clusters earlier ones, and the result depends only on the order of the
documents, so replaying them in stored order rebuilds the same state.

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
from array import array
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from corroborate.provenance.story_terms import (
    StoryFeatures,
    StorySettings,
    story_features,
    story_features_batch,
)
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

_FORMAT = "corroborate-stories-1"
_EMPTY_TERMS = np.empty(0, dtype=np.int32)
_EMPTY_WEIGHTS = np.empty(0, dtype=np.float32)


@dataclass(frozen=True, slots=True)
class Story:
    """A story (event): its documents, a short automatic label and its first/last dates."""

    id: str
    label: str
    doc_ids: tuple[str, ...]
    first: str | None  # ISO dates of the earliest and latest dated documents
    last: str | None


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
            self._note(index)
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

    def stories(self, ids: Collection[str] | None = None) -> list[Story]:
        """Every story so far (or those with the given ids), largest first (ties: earliest first)."""
        out = [self._summary(s) for s in self._stories if ids is None or s.id in ids]
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
