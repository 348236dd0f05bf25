"""Near-duplicate detection across a corpus: syndicated copies and lightly edited re-posts.

Ten articles repeating one wire story are one piece of evidence, not ten. Each document's clean
text becomes a set of word 5-gram shingles, summarised by a 128-slot MinHash signature (rensa's
R-MinHash, chosen over datasketch by ``benchmarks/near_duplicates.py``); an LSH index over bands
of the signatures finds candidate pairs, and a pair is kept when its estimated Jaccard similarity
reaches the threshold.

The index is explicit state owned by the caller (no module state). It is incremental: ``add``
indexes only the new document and returns the earlier documents it nearly duplicates. Signatures
are plain ``uint32`` arrays, computed by the pure function :func:`signature` (so workers can
compute them and a store can keep them); the LSH bands are derived data, rebuilt from the
signatures by :meth:`NearDuplicateIndex.from_signatures` / :meth:`NearDuplicateIndex.from_bytes`.
"""

from __future__ import annotations

import json
import re
import struct
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import rensa

from corroborate.records import Document

__all__ = [
    "DuplicateSettings",
    "NearDuplicate",
    "NearDuplicateIndex",
    "estimated_jaccard",
    "find_near_duplicates",
    "shingles",
    "signature",
    "signature_of_shingles",
]

_WORD = re.compile(r"\w+")
_FORMAT = b"CRBND1"  # magic + format version of NearDuplicateIndex.to_bytes
# signatures from another sketch algorithm (a rensa upgrade) must not be compared with these
_SCHEME = f"rensa-rminhash-v{rensa.RMinHash.ALGORITHM_VERSION}"


@dataclass(frozen=True, slots=True)
class DuplicateSettings:
    """How texts are shingled and sketched, and when two of them count as near-duplicates.

    Calibrated on planted copies as a set (``benchmarks/near_duplicates.py``: 300 copies with new
    boilerplate lines, shifted dates and 3-12 words cut, swapped or replaced, among 2,819 distinct
    casualty articles, pruned so that no two are at exact Jaccard >= 0.2; the raw set has ~750
    such pairs above 0.5, mostly one sign-up page scraped from many sites). The copies' exact
    Jaccard on word 5-grams has its 1st percentile at 0.50. Thresholds 0.30-0.40 find every copy
    with no false link; 0.45 misses 0.3%, 0.5 1.3%, 0.6 11% (estimate noise near the copies'
    Jaccard), so 0.4 leaves room for heavier edits. 32 bands of 2 rows give a pair at Jaccard 0.4
    a 99.6% chance of sharing a band (datasketch's own pick for 0.4, 32 x 4, gives 56%).
    """

    shingle_words: int = 5  # widest gap between copies and distinct texts (vs 3-grams, char 7-grams)
    num_perm: int = 128  # signature slots; the estimate's s.d. at J=0.5 is 0.044
    seed: int = 1
    threshold: float = 0.4  # estimated Jaccard at or above which a pair is a near-duplicate
    bands: int = 32  # LSH bands x rows must not exceed num_perm
    rows: int = 2
    # a text copied hundreds of times (a press release, a sign-up page) links to its closest
    # earlier copies only; the copies stay one group through them, and adding stays O(1)
    max_matches: int = 50

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.num_perm:
            raise ValueError(
                f"bands x rows ({self.bands} x {self.rows}) must not exceed num_perm ({self.num_perm}): "
                "lower bands or rows, or raise num_perm"
            )
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if self.shingle_words < 1:
            raise ValueError(f"shingle_words must be at least 1, got {self.shingle_words}")

    def candidate_probability(self, jaccard: float) -> float:
        """Chance that a pair with this true Jaccard shares at least one LSH band."""
        return 1.0 - (1.0 - jaccard**self.rows) ** self.bands


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """A pair of documents whose texts nearly coincide; ``earlier`` was indexed first."""

    doc_id: str
    earlier: str
    jaccard: float  # estimated from the signatures


def shingles(text: str, size: int = 5) -> list[str]:
    """The distinct word ``size``-grams of a text, case- and punctuation-normalised.

    A text shorter than ``size`` words is one shingle; an empty text has none.
    """
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if len(words) <= size:
        return [" ".join(words)] if words else []
    return list(dict.fromkeys(" ".join(words[i : i + size]) for i in range(len(words) - size + 1)))


def signature(text: str, settings: DuplicateSettings = DuplicateSettings()) -> np.ndarray:
    """The MinHash signature of a text: ``num_perm`` uint32 values (all-max for an empty text).

    Pure and deterministic across processes, so it can run on workers and be stored.
    """
    return signature_of_shingles(shingles(text, settings.shingle_words), settings)


def signature_of_shingles(
    grams: Sequence[str], settings: DuplicateSettings = DuplicateSettings()
) -> np.ndarray:
    """The MinHash signature of a set of shingles (see :func:`shingles`)."""
    if not grams:
        return np.full(settings.num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    sketch = rensa.RMinHash(settings.num_perm, settings.seed)
    sketch.update(grams if isinstance(grams, list) else list(grams))
    return np.asarray(sketch.digest(), dtype=np.uint32)


def estimated_jaccard(first: np.ndarray, second: np.ndarray) -> float:
    """Jaccard similarity estimated from two signatures: the share of equal slots."""
    return float(np.count_nonzero(first == second)) / len(first)


_EMPTY_SLOT = np.uint32(0xFFFFFFFF)  # what every slot of an empty text's signature holds


def _is_empty(sig: np.ndarray) -> bool:
    return bool(sig[0] == _EMPTY_SLOT and sig.min() == _EMPTY_SLOT)


_MIX = np.uint64(0x9E3779B97F4A7C15)
_MUL = np.uint64(0xBF58476D1CE4E5B9)
_SHIFT = np.uint64(31)


def _band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """64-bit keys, one per (signature, band): equal keys mean equal band values (bar collisions)."""
    matrix = np.atleast_2d(sigs)[:, : bands * rows].astype(np.uint64).reshape(-1, bands, rows)
    keys = np.empty(matrix.shape[:2], dtype=np.uint64)
    keys[:] = (np.arange(1, bands + 1, dtype=np.uint64) * _MIX)[None, :]  # a different seed per band
    for col in range(rows):
        keys ^= matrix[:, :, col]
        keys *= _MUL
        keys ^= keys >> _SHIFT
    return keys


class NearDuplicateIndex:
    """An incremental MinHash-LSH index of documents; the caller owns it and passes it around.

    ``add`` indexes one document and returns the earlier ones it nearly duplicates. Memory is a
    constant per document: its signature (4 x num_perm bytes), its id, and 12 bytes per band.
    """

    def __init__(self, settings: DuplicateSettings = DuplicateSettings()) -> None:
        self.settings = settings
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._sigs = np.empty((64, settings.num_perm), dtype=np.uint32)
        # LSH bands as one sorted array of keys (and the row each came from), plus a small
        # dict of recent inserts merged in when it grows: ~12 bytes per band per document,
        # where a dict of lists would take ~10 times that
        self._keys = np.empty(0, dtype=np.uint64)
        self._key_rows = np.empty(0, dtype=np.int32)
        self._tail: dict[int, list[int]] = {}
        self._tail_size = 0

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._row_of

    @property
    def ids(self) -> list[str]:
        """Indexed document ids in the order they were added."""
        return list(self._ids)

    def signatures(self) -> np.ndarray:
        """The signature matrix, one row per indexed document (a copy)."""
        return self._sigs[: len(self._ids)].copy()

    def add(self, doc_id: str, text: str) -> list[tuple[str, float]]:
        """Index a document; return earlier documents it nearly duplicates, most similar first.

        Ties go to the earlier document; at most ``settings.max_matches`` are returned.
        """
        if doc_id in self._row_of:
            return self.query_id(doc_id)
        return self.add_signature(doc_id, signature(text, self.settings))

    def add_signature(self, doc_id: str, sig: np.ndarray) -> list[tuple[str, float]]:
        """Like :meth:`add` for a signature computed elsewhere (a worker, a store)."""
        if doc_id in self._row_of:
            return self.query_id(doc_id)
        sig = self._checked(sig)
        empty = _is_empty(sig)
        keys = None if empty else _band_keys(sig, self.settings.bands, self.settings.rows)[0]
        matches = [] if keys is None else self._lookup(sig, keys)
        row = len(self._ids)
        if row == len(self._sigs):
            self._sigs = np.concatenate([self._sigs, np.empty_like(self._sigs)])
        self._sigs[row] = sig
        self._ids.append(doc_id)
        self._row_of[doc_id] = row
        if keys is not None:  # empty texts are kept (ids stay aligned) but never match
            for key in keys.tolist():
                self._tail.setdefault(key, []).append(row)
            self._tail_size += self.settings.bands
            # the tail costs ~100 bytes an entry against 12 once merged: keep it to ~1/16 of the keys
            if self._tail_size > max(8_192, len(self._keys) // 16):
                self._merge_tail()
        return matches

    def query(self, sig: np.ndarray) -> list[tuple[str, float]]:
        """Indexed documents whose estimated Jaccard with ``sig`` reaches the threshold."""
        sig = self._checked(sig)
        if _is_empty(sig) or not self._ids:
            return []
        return self._lookup(sig, _band_keys(sig, self.settings.bands, self.settings.rows)[0])

    def _lookup(self, sig: np.ndarray, keys: np.ndarray) -> list[tuple[str, float]]:
        found: list[np.ndarray] = []
        if len(self._keys):
            lo = np.searchsorted(self._keys, keys, side="left")
            hi = np.searchsorted(self._keys, keys, side="right")
            found.extend(self._key_rows[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=True) if b > a)
        for key in keys.tolist():
            rows = self._tail.get(key)
            if rows:
                found.append(np.asarray(rows, dtype=np.int32))
        if not found:
            return []
        rows = np.unique(np.concatenate(found))
        similarity = np.count_nonzero(self._sigs[rows] == sig, axis=1) / self.settings.num_perm
        keep = similarity >= self.settings.threshold
        rows, similarity = rows[keep], similarity[keep]
        best = np.lexsort((rows, -similarity))[: self.settings.max_matches]  # most similar, then earliest
        return [
            (self._ids[r], float(s))
            for r, s in zip(rows[best].tolist(), similarity[best].tolist(), strict=True)
        ]

    def query_id(self, doc_id: str) -> list[tuple[str, float]]:
        """Near-duplicates of an indexed document, other than itself, whenever they were added."""
        row = self._row_of[doc_id]
        return [pair for pair in self.query(self._sigs[row]) if pair[0] != doc_id]

    def _checked(self, sig: np.ndarray) -> np.ndarray:
        sig = np.asarray(sig, dtype=np.uint32)
        if sig.shape != (self.settings.num_perm,):
            raise ValueError(
                f"signature has shape {sig.shape}, this index takes ({self.settings.num_perm},): "
                "compute it with signature(text, index.settings)"
            )
        return sig

    def _merge_tail(self) -> None:
        if not self._tail:
            return
        tail_keys = np.fromiter(
            (key for key, rows in self._tail.items() for _ in rows), dtype=np.uint64, count=self._tail_size
        )
        tail_rows = np.fromiter(
            (row for rows in self._tail.values() for row in rows), dtype=np.int32, count=self._tail_size
        )
        tail_order = np.argsort(tail_keys, kind="stable")
        keys = np.concatenate([self._keys, tail_keys[tail_order]])
        rows = np.concatenate([self._key_rows, tail_rows[tail_order]])
        # two sorted runs: a stable sort merges them in linear time and keeps equal keys in row order
        order = np.argsort(keys, kind="stable")
        self._keys, self._key_rows = keys[order], rows[order]
        self._tail, self._tail_size = {}, 0

    # -- persistence: only ids and signatures are stored; the bands are rebuilt from them --

    @classmethod
    def from_signatures(
        cls, ids: Sequence[str], sigs: np.ndarray, settings: DuplicateSettings = DuplicateSettings()
    ) -> NearDuplicateIndex:
        """Rebuild an index from stored ids and signatures (rows in the order they were added)."""
        sigs = np.asarray(sigs, dtype=np.uint32).reshape(len(ids), settings.num_perm)
        if len(set(ids)) != len(ids):
            raise ValueError("ids must be unique: each document is indexed once")
        index = cls(settings)
        index._ids = list(ids)
        index._row_of = {doc_id: row for row, doc_id in enumerate(ids)}
        index._sigs = sigs.copy() if len(ids) else index._sigs
        full = ~np.all(sigs == _EMPTY_SLOT, axis=1)
        keys = _band_keys(sigs[full], settings.bands, settings.rows).ravel() if full.any() else index._keys
        rows = np.repeat(np.flatnonzero(full).astype(np.int32), settings.bands)
        order = np.lexsort((rows, keys))
        index._keys, index._key_rows = keys[order], rows[order]
        return index

    def to_bytes(self) -> bytes:
        """Serialise ids, signatures and settings (the LSH bands are rebuilt on load)."""
        header = json.dumps(
            {"scheme": _SCHEME, "settings": asdict(self.settings), "ids": self._ids}, ensure_ascii=False
        ).encode("utf-8")
        body = self._sigs[: len(self._ids)].astype("<u4").tobytes()
        return _FORMAT + struct.pack("<Q", len(header)) + header + body

    @classmethod
    def from_bytes(cls, data: bytes) -> NearDuplicateIndex:
        """Load an index written by :meth:`to_bytes`."""
        if not data.startswith(_FORMAT):
            raise ValueError("not a near-duplicate index: it lacks the CRBND1 header written by to_bytes()")
        start = len(_FORMAT) + 8
        (size,) = struct.unpack("<Q", data[len(_FORMAT) : start])
        header = json.loads(data[start : start + size].decode("utf-8"))
        if header["scheme"] != _SCHEME:
            raise ValueError(
                f"index signatures were made with {header['scheme']}, this install makes {_SCHEME}: "
                "rebuild the index from the documents' texts"
            )
        settings = DuplicateSettings(**header["settings"])
        sigs = np.frombuffer(data[start + size :], dtype="<u4").astype(np.uint32)
        return cls.from_signatures(header["ids"], sigs, settings)


def find_near_duplicates(
    documents: Iterable[Document], index: NearDuplicateIndex | None = None
) -> list[NearDuplicate]:
    """Corpus-wide: index documents in order and list every near-duplicate pair found.

    Pass an existing ``index`` to add documents to it (only the new ones are indexed); a
    document already in it is reported against everything it matches.
    """
    index = index if index is not None else NearDuplicateIndex()
    links = []
    for doc in documents:
        for earlier, jaccard in index.add(doc.id, doc.text):
            links.append(NearDuplicate(doc.id, earlier, jaccard))
    return links
