"""The corpus-wide provenance stage: bring a store's provenance up to date with its documents.

:func:`update_provenance` runs after ``analyze`` has stored documents and claims. What it does is
incremental, in the documents' stored order:

* documents it has not seen (no ``provenance_docs`` row) are read once: their cues and outlets
  are found, their MinHash signature is computed and added to the near-duplicate index (rebuilt
  from the stored signatures, never from the texts), and they are added to the story clusterer
  (resumed from its stored state: earlier documents keep their story);
* each new document is compared with the documents of its story stored before it: outlets
  named (cites) with every one, claim sentences stating the same figure (rewrites) with one
  document of each copy group (documents joined by copy links) other than its own, the first in
  time: the other copies say the same in the same words, and comparing every pair made a story
  republished 33 times cost 3.4 M sentence comparisons at 100,000 documents. Pairs of earlier
  documents are never compared again, so adding documents costs only their own comparisons;
* the origins of claims are recomputed only where the graph changed: in the stories of the new
  documents and of any story a new link joins to them.

Adding documents in two runs therefore gives the same tables as adding them in one, and
``analyze`` uses that: a :class:`ProvenanceUpdate` follows the run, processing each batch once it is
stored while the workers extract the next (with the features the workers computed as they
analysed), and computes the origins at the end. What is not incremental: changing a setting (the
tables are rebuilt, as with ``rebuild=True``), and claims added later to a document provenance has
already seen (they get origins only when their story next changes). New documents are processed
in chunks of at most ``chunk_docs``, one transaction each; the index, the clusterer, the story
members, the copy groups and the documents' outlets are read once per run and kept up to date in
memory (a few hundred bytes per document besides the index's ~1 KB), while texts and claims are
held one chunk at a time; an interrupted run leaves the tables as of its last finished chunk, and
the next run goes on from there. The clusterer's whole state is saved every ``STATE_EVERY_DOCS``
documents (one save took 0.28 s at 10,000 documents and grows with them); a resumed run adds the
documents since to it again. Origins are computed once, after the last chunk, a batch of whole
scopes at a time; the documents whose scopes await them are kept in ``provenance_meta`` until
then, so an interruption loses none.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field

import numpy as np

from corroborate.provenance.cues import Cue, find_cues, publisher
from corroborate.provenance.derivation import (
    DerivationSettings,
    DocInfo,
    Link,
    cite_links,
    claim_origins,
    comparable_pairs,
    copy_links,
    doc_info,
    rank,
    rewrite_links,
    scopes,
    strongest_links,
)
from corroborate.provenance.near_duplicates import DuplicateSettings, NearDuplicateIndex, signature
from corroborate.provenance.rewrites import RewriteSettings, SentenceEncoder, SentenceLink, link_sentences
from corroborate.provenance.stories import StoryClusterer, StoryFeatures, StorySettings, story_features
from corroborate.records import Claim, Document
from corroborate.store import provenance_store as tables
from corroborate.store.sqlite_store import Store

__all__ = [
    "FeatureMap",
    "ProvenanceConfig",
    "ProvenanceSummary",
    "ProvenanceUpdate",
    "TextFeatures",
    "text_features",
    "update_provenance",
]


@dataclass(frozen=True, slots=True)
class ProvenanceConfig:
    """Settings of every part of the provenance stage; changing any rebuilds the tables."""

    duplicates: DuplicateSettings = DuplicateSettings()
    stories: StorySettings = StorySettings()
    rewrites: RewriteSettings = RewriteSettings()
    derivation: DerivationSettings = DerivationSettings()

    def fingerprint(self) -> str:
        """The settings as one JSON string, stored to tell whether a rebuild is due."""
        return json.dumps(asdict(self), sort_keys=True)


@dataclass(frozen=True, slots=True)
class ProvenanceSummary:
    """What one update did."""

    documents: int  # documents processed by this run
    total_documents: int  # documents in the store
    stories: int  # stories in the store
    links: dict[str, int] = field(default_factory=dict)  # new links by kind
    sentence_links: int = 0  # new claim-sentence links
    claims: int = 0  # claims whose origins were (re)computed
    rebuilt: bool = False  # the tables were emptied first (settings changed, or asked)
    seconds: float = 0.0  # in the stage, all told
    closing_seconds: float = 0.0  # of which after the last document (origins)


CHUNK_DOCS = 5000  # new documents per transaction: bounds the texts and claims held at once
ORIGIN_BATCH_DOCS = 5000  # documents whose claims' origins are computed at once (whole scopes)
REWRITE_GROUP_DOCS = 500  # new documents compared with their stories at once
# documents added to the story clusterer between saves of its whole state; the ones after the
# last save are added again when a run resumes (the clusterer is deterministic)
STATE_EVERY_DOCS = 20000
ORIGINS_PENDING = "origins_pending"  # provenance_meta key: documents whose scopes await origins

#: A document's text and title -> its story features and MinHash signature.
TextFeatures = tuple[StoryFeatures, np.ndarray]
FeatureMap = Callable[[list[tuple[str, str | None]], ProvenanceConfig], list[TextFeatures]]


def text_features(items: list[tuple[str, str | None]], config: ProvenanceConfig) -> list[TextFeatures]:
    """The per-document part of the stage (pure): story features and MinHash signature of each
    (text, title). ``analyze`` maps it over its workers (``pipeline.engine_feature_map``)."""
    return [
        (story_features(text, title, config.stories), signature(text, config.duplicates))
        for text, title in items
    ]


def update_provenance(
    store: Store,
    config: ProvenanceConfig = ProvenanceConfig(),
    encoder: SentenceEncoder | None = None,
    rebuild: bool = False,
    chunk_docs: int = CHUNK_DOCS,
    map_features: FeatureMap = text_features,
) -> ProvenanceSummary:
    """Bring the store's provenance tables up to date with its documents (see the module doc).

    ``encoder`` is used when ``config.rewrites.method`` is ``"embedding"`` (one is created
    if needed); ``rebuild`` empties the tables first and processes every document again.
    ``map_features`` computes :func:`text_features` of many documents, here or on workers.
    """
    return ProvenanceUpdate(store, config, encoder, rebuild, chunk_docs, map_features).finish()


def _idle() -> None:
    """The default ``between``: nothing else to keep busy."""


class ProvenanceUpdate:
    """An update that follows a run: ``analyze`` calls :meth:`advance` after each batch it
    stores, so the corpus-wide stage runs in this process while the workers extract the next
    batch, and :meth:`finish` once at the end (the origins). The tables are the same as one
    :func:`update_provenance` after the run gives: documents are processed in stored order
    whatever the chunks, and what a document is compared with depends only on the documents
    before it.

    Creating one checks the settings (rebuilding the tables if they changed) and takes over the
    origins an interrupted run left pending.
    """

    def __init__(
        self,
        store: Store,
        config: ProvenanceConfig = ProvenanceConfig(),
        encoder: SentenceEncoder | None = None,
        rebuild: bool = False,
        chunk_docs: int = CHUNK_DOCS,
        map_features: FeatureMap = text_features,
    ) -> None:
        started = time.perf_counter()
        self.config, self._store, self._encoder = config, store, encoder
        self._chunk_docs, self._map_features = max(1, chunk_docs), map_features
        with store.transaction():
            tables.ensure_schema(store)
            stored = tables.read_meta(store, "settings")
            self.rebuilt = rebuild or (stored is not None and stored != config.fingerprint())
            if self.rebuilt:
                tables.clear_provenance(store)
            tables.write_meta(store, "settings", config.fingerprint())
            # documents whose scopes need their origins computed: left by an interrupted run, if any
            self._pending = set(json.loads(tables.read_meta(store, ORIGINS_PENDING) or "[]"))
        self._seen_rowid = 0  # documents stored up to this rowid have been looked at
        self._corpus: _Corpus | None = None
        self._documents = 0
        self._links: Counter[str] = Counter()
        self._sentence_links = 0
        self._seconds = time.perf_counter() - started

    @property
    def worker_settings(self) -> ProvenanceConfig | None:
        """The settings with which workers may compute :func:`text_features` while they analyse
        (None when stories are embedded: embeddings are computed here, many at once)."""
        return self.config if self.config.stories.representation == "lexical" else None

    def advance(
        self, features: Mapping[str, TextFeatures] | None = None, between: Callable[[], None] = _idle
    ) -> int:
        """Process the documents stored since the last call (the first time: every document not
        processed yet), in chunks of at most ``chunk_docs``, one transaction each; return how many.

        ``features`` holds :func:`text_features` of documents computed elsewhere (the others are
        computed with ``map_features``); ``between`` is called often (to keep workers fed).
        """
        started = time.perf_counter()
        store = self._store
        rows = store.conn.execute(
            "SELECT rowid, id FROM documents WHERE rowid > ? ORDER BY rowid", (self._seen_rowid,)
        ).fetchall()
        if not rows:
            return 0
        new_ids = [doc_id for _, doc_id in rows]
        if self._seen_rowid == 0:
            done = tables.processed_documents(store)
            new_ids = [d for d in new_ids if d not in done]
        self._seen_rowid = rows[-1][0]
        if new_ids and self._corpus is None:
            self._corpus = _Corpus.load(store, self.config, self._map_features)
        for at in range(0, len(new_ids), self._chunk_docs):
            chunk = new_ids[at : at + self._chunk_docs]
            with store.transaction():
                links, sentences, seeds = _process(
                    store,
                    self.config,
                    self._encoder,
                    self._corpus,
                    chunk,
                    self._map_features,
                    features,
                    between,
                )
                self._pending |= seeds
                tables.write_meta(store, ORIGINS_PENDING, json.dumps(sorted(self._pending)))
            self._links.update(links)
            self._sentence_links += sentences
        self._documents += len(new_ids)
        self._seconds += time.perf_counter() - started
        return len(new_ids)

    def finish(self) -> ProvenanceSummary:
        """Process what is left, then compute the origins pending (once for all the chunks: a
        scope several chunks touched is computed once) and summarise the whole update."""
        started, before = time.perf_counter(), self._seconds
        self.advance()
        store, corpus = self._store, self._corpus
        n_claims = 0
        if corpus is not None and corpus.unsaved:
            with store.transaction():
                corpus.save_state(store)
        if self._pending:
            # what the chunks hold in memory; read from the store after an interrupted run
            story_of = corpus.story_of if corpus is not None else tables.story_members(store)
            infos = corpus.infos if corpus is not None else None
            with store.transaction():
                n_claims = _update_origins(store, self.config, self._pending, story_of, infos)
                tables.refresh_outlets(store)
                tables.write_meta(store, ORIGINS_PENDING, "[]")
            self._pending = set()
        # the corpus is no longer needed (a later advance reads it again): ~330 MB at 100,000
        # documents, which the figures reconciled next would otherwise hold memory beside
        self._corpus = None
        total_documents, total_stories = store.conn.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM stories)"
        ).fetchone()
        closing = time.perf_counter() - started
        self._seconds = before + closing
        return ProvenanceSummary(
            documents=self._documents,
            total_documents=total_documents,
            stories=total_stories,
            links=dict(self._links),
            sentence_links=self._sentence_links,
            claims=n_claims,
            rebuilt=self.rebuilt,
            seconds=round(self._seconds, 3),
            closing_seconds=round(closing, 3),
        )


class _CopyGroups:
    """Documents joined by copy links (union-find): a new article's claims are compared with one
    article of each group, since the rest of a group say the same in the same words."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def find(self, doc_id: str) -> str:
        parent = self._parent
        while (up := parent.get(doc_id, doc_id)) != doc_id:
            parent[doc_id] = parent.get(up, up)
            doc_id = up
        return doc_id

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)


@dataclass
class _Corpus:
    """What an update holds across its chunks: read from the store once, then kept up to date in
    memory as each chunk writes its part (re-reading it per chunk made the stage quadratic)."""

    index: NearDuplicateIndex
    clusterer: StoryClusterer
    story_of: dict[str, str]  # processed document -> its story
    members: dict[str, list[str]]  # story -> its processed documents, in stored order
    infos: dict[str, DocInfo]  # of every processed document
    copies: _CopyGroups
    unsaved: int = 0  # documents added to the clusterer since its state was last saved

    @classmethod
    def load(cls, store: Store, config: ProvenanceConfig, map_features: FeatureMap) -> _Corpus:
        order = [row[0] for row in store.conn.execute("SELECT id FROM documents ORDER BY rowid")]
        position = {doc_id: k for k, doc_id in enumerate(order)}
        ids, matrix = tables.load_signatures(store, config.duplicates.num_perm)
        state = tables.load_story_state(store)
        story_of = tables.story_members(store)
        members: dict[str, list[str]] = defaultdict(list)
        processed = sorted(story_of, key=position.__getitem__)
        for doc_id in processed:
            members[story_of[doc_id]].append(doc_id)
        copies = _CopyGroups()
        for derived, original in tables.link_pairs(store, kind="copy"):
            copies.join(derived, original)
        clusterer = StoryClusterer.from_bytes(state) if state else StoryClusterer(config.stories)
        corpus = cls(
            index=NearDuplicateIndex.from_signatures(ids, matrix, config.duplicates),
            clusterer=clusterer,
            story_of=story_of,
            members=members,
            infos=tables.doc_infos(store),
            copies=copies,
        )
        corpus.replay(store, config, [d for d in processed if d not in clusterer], map_features)
        return corpus

    def replay(
        self, store: Store, config: ProvenanceConfig, doc_ids: list[str], map_features: FeatureMap
    ) -> None:
        """Add to the clusterer the documents processed after its state was last saved (it is
        saved every ``STATE_EVERY_DOCS``, not every chunk): in the same order they were added,
        they go to the same stories, which is checked."""
        for at in range(0, len(doc_ids), CHUNK_DOCS):
            chunk = doc_ids[at : at + CHUNK_DOCS]
            docs = [_document(store, d) for d in chunk]
            lexical = config.stories.representation == "lexical"
            computed = map_features([(doc.text, doc.title) for doc in docs], config) if lexical else None
            for k, doc in enumerate(docs):
                story = (
                    self.clusterer.add_features(doc.id, doc.published, computed[k][0])
                    if computed
                    else self.clusterer.add(doc)
                )
                if story != self.story_of[doc.id]:
                    raise RuntimeError(
                        f"replaying story clustering put {doc.id} in {story}, not its stored"
                        f" {self.story_of[doc.id]}: the provenance tables are inconsistent;"
                        " please report this"
                    )
            self.unsaved += len(chunk)

    def save_state(self, store: Store) -> None:
        """Save the story clusterer (its whole state: ~180 bytes a document, so not every chunk)."""
        tables.save_story_state(store, self.clusterer.to_bytes())
        self.unsaved = 0

    def compared(self, doc_id: str, earlier: Iterable[str]) -> list[str]:
        """The earlier documents whose claims a new one's are compared with: of each copy group
        but its own, the first in time order (what a rewrite would most likely start from)."""
        own = self.copies.find(doc_id)
        best: dict[str, str] = {}
        for m in earlier:
            group = self.copies.find(m)
            if group == own:
                continue
            held = best.get(group)
            if held is None or rank(self.infos[m]) < rank(self.infos[held]):
                best[group] = m
        return list(best.values())


def _process(
    store: Store,
    config: ProvenanceConfig,
    encoder: SentenceEncoder | None,
    corpus: _Corpus,
    new_ids: list[str],
    map_features: FeatureMap = text_features,
    features: Mapping[str, TextFeatures] | None = None,
    between: Callable[[], None] = _idle,
) -> tuple[Counter[str], int, set[str]]:
    """Process the new documents (inside the caller's transaction): cues, copies, stories, rewrites
    and cites; return the new links by kind, the new sentence links and the documents whose
    scopes need their origins recomputed. ``features`` and ``between``: as in
    :meth:`ProvenanceUpdate.advance`."""
    docs = {d: _document(store, d) for d in new_ids}
    lexical = config.stories.representation == "lexical"  # embeddings are computed in batches here
    computed: dict[str, TextFeatures] = {}
    if lexical:
        given = features or {}
        computed = {d: given[d] for d in new_ids if d in given}
        missing = [d for d in new_ids if d not in computed]
        if missing:
            fresh = map_features([(docs[d].text, docs[d].title) for d in missing], config)
            computed.update(zip(missing, fresh, strict=True))
    cues: dict[str, list[Cue]] = {d: find_cues(docs[d]) for d in new_ids}
    new_infos = {d: doc_info(docs[d], cues[d]) for d in new_ids}
    corpus.infos.update(new_infos)
    between()

    # in stored order, each document: its near-duplicates, its story, and the earlier documents
    # it is compared with, all as of the documents before it (so chunks do not change them)
    signatures, duplicate_pairs = [], []
    clusterer = corpus.clusterer
    earlier: dict[str, list[str]] = {}
    compared: dict[str, list[str]] = {}
    for k, d in enumerate(new_ids):
        sig = computed[d][1] if lexical else signature(docs[d].text, config.duplicates)
        signatures.append((d, sig))
        found = corpus.index.add_signature(d, sig)
        duplicate_pairs += [(d, other, jaccard) for other, jaccard in found]
        for other, _ in found:
            corpus.copies.join(d, other)
        story = (
            clusterer.add_features(d, docs[d].published, computed[d][0])
            if lexical
            else clusterer.add(docs[d])
        )
        earlier[d] = list(corpus.members[story])
        compared[d] = corpus.compared(d, earlier[d])
        corpus.members[story].append(d)
        corpus.story_of[d] = story
        if k % 50 == 0:
            between()
    corpus.unsaved += len(new_ids)
    new_story = {d: corpus.story_of[d] for d in new_ids}
    touched = set(new_story.values())

    # each new document against the earlier documents of its story: cites with every one, claim
    # sentences (rewrites) with one of each other copy group; a group of new documents at a time,
    # so only the claims of their stories are held
    sentence_links: list[SentenceLink] = []
    cites: list[Link] = []
    for at in range(0, len(new_ids), REWRITE_GROUP_DOCS):
        group = new_ids[at : at + REWRITE_GROUP_DOCS]
        claims = _claims_of(store, set(group) | {m for d in group for m in compared[d]})
        pairs: list[tuple[Claim, Claim]] = []
        for d in group:
            candidates = [c for m in compared[d] for c in claims.get(m, ())]
            pairs += comparable_pairs(claims.get(d, []), candidates, config.derivation)
            cites += cite_links(corpus.infos[d], [corpus.infos[m] for m in earlier[d]])
        between()
        sentence_links += link_sentences(pairs, config.rewrites, encoder)
        between()
    new_links = strongest_links(
        [
            *copy_links(duplicate_pairs, corpus.infos),
            *rewrite_links(sentence_links, corpus.infos, config.derivation),
            *cites,
        ]
    )

    tables.save_doc_infos(store, [(new_infos[d], _publisher_name(docs[d])) for d in new_ids])
    tables.save_cues(store, [c for d in new_ids for c in cues[d]])
    tables.save_signatures(store, signatures)
    if corpus.unsaved >= STATE_EVERY_DOCS:
        corpus.save_state(store)
    tables.save_stories(store, clusterer.stories(touched), new_story)
    tables.save_links(store, new_links)
    tables.save_sentence_links(store, sentence_links)
    between()
    # origins change where the graph changed: in the scopes of the new documents and links
    seeds = set(new_ids) | {x.derived for x in new_links}
    return Counter(x.kind for x in new_links), len(sentence_links), seeds


def _update_origins(
    store: Store,
    config: ProvenanceConfig,
    seeds: set[str],
    story_of: dict[str, str],
    infos: dict[str, DocInfo] | None = None,
) -> int:
    """Recompute the origins of the claims in the scopes (stories joined by links) of ``seeds``,
    a batch of whole scopes at a time, so memory is bounded by the batch and not by how far the
    new documents' copies reach back into the corpus; return how many claims got origins."""
    scope = scopes(story_of, tables.link_pairs(store))
    affected = {scope(d) for d in seeds}
    by_scope: dict[str, list[str]] = defaultdict(list)
    for d in story_of:
        key = scope(d)
        if key in affected:
            by_scope[key].append(d)
    n_origins = 0
    for batch in _scope_batches(by_scope.values(), ORIGIN_BATCH_DOCS):
        members = set(batch)
        batch_claims = [c for found in _claims_of(store, members).values() for c in found]
        batch_infos = (
            {d: infos[d] for d in members} if infos is not None else tables.doc_infos(store, members)
        )
        batch_links = tables.pairs_within(store, members)
        origins = claim_origins(batch_claims, batch_links, batch_infos, story_of, config.derivation)
        tables.save_claim_origins(store, origins, {c.id: story_of.get(c.doc_id) for c in batch_claims})
        n_origins += len(origins)
    return n_origins


def _scope_batches(groups: Iterable[list[str]], size: int) -> Iterator[list[str]]:
    """Whole groups joined into batches of about ``size`` documents (a larger group is one batch)."""
    batch: list[str] = []
    for group in groups:
        batch += group
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _document(store: Store, doc_id: str) -> Document:
    doc = store.document(doc_id)
    if doc is None:  # listed a moment ago inside this transaction: cannot happen
        raise LookupError(f"document {doc_id} vanished from {store.path} during the provenance update")
    return doc


def _publisher_name(doc: Document) -> str | None:
    found = publisher(doc)
    return found.name if found else None


def _claims_of(store: Store, doc_ids: set[str]) -> dict[str, list[Claim]]:
    out: dict[str, list[Claim]] = {}
    for d in sorted(doc_ids):
        found = list(store.claims(doc_id=d))
        if found:
            out[d] = found
    return out
