"""The corpus-wide provenance stage: bring a store's provenance up to date with its documents.

:func:`update_provenance` runs after ``analyze`` has stored documents and claims. What it does is
incremental, in the documents' stored order:

* documents it has not seen (no ``provenance_docs`` row) are read once: their cues and outlets
  are found, their MinHash signature is computed and added to the near-duplicate index (rebuilt
  from the stored signatures, never from the texts), and they are added to the story clusterer
  (resumed from its stored state: earlier documents keep their story);
* each new document is compared with the documents of its story stored before it: claim
  sentences stating the same figure (rewrites) and outlets named (cites). Pairs of earlier
  documents are never compared again, so adding documents costs only their own comparisons;
* the origins of claims are recomputed only where the graph changed: in the stories of the new
  documents and of any story a new link joins to them.

Adding documents in two runs therefore gives the same tables as adding them in one. What is not
incremental: changing a setting (the tables are rebuilt, as with ``rebuild=True``), and claims
added later to a document provenance has already seen (they get origins only when their story
next changes). New documents are processed in chunks of ``chunk_docs``, one transaction each, so
memory does not grow with the number of new documents; an interrupted run leaves the tables as
of its last finished chunk, and the next run goes on from there. Origins are computed once, after
the last chunk, a batch of whole scopes at a time; the documents whose scopes await them are kept
in ``provenance_meta`` until then, so an interruption loses none.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
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

__all__ = ["FeatureMap", "ProvenanceConfig", "ProvenanceSummary", "text_features", "update_provenance"]


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
    seconds: float = 0.0


CHUNK_DOCS = 5000  # new documents per transaction: bounds the texts and claims held at once
ORIGIN_BATCH_DOCS = 5000  # documents whose claims' origins are computed at once (whole scopes)
REWRITE_GROUP_DOCS = 500  # new documents compared with their stories at once
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
    started = time.perf_counter()
    with store.transaction():
        tables.ensure_schema(store)
        stored = tables.read_meta(store, "settings")
        rebuilt = rebuild or (stored is not None and stored != config.fingerprint())
        if rebuilt:
            tables.clear_provenance(store)
        tables.write_meta(store, "settings", config.fingerprint())
        order = [row[0] for row in store.conn.execute("SELECT id FROM documents ORDER BY rowid")]
        done = tables.processed_documents(store)
        new_ids = [d for d in order if d not in done]
        # documents whose scopes need their origins computed: left by an interrupted run, if any
        pending = set(json.loads(tables.read_meta(store, ORIGINS_PENDING) or "[]"))
    links_by_kind: Counter[str] = Counter()
    n_sentence_links = 0
    for at in range(0, len(new_ids), max(1, chunk_docs)):
        with store.transaction():
            chunk = new_ids[at : at + chunk_docs]
            links, sentences, seeds = _process(store, config, encoder, order, chunk, map_features)
            pending |= seeds
            tables.write_meta(store, ORIGINS_PENDING, json.dumps(sorted(pending)))
        links_by_kind.update(links)
        n_sentence_links += sentences
    n_claims = 0
    if pending:
        # once for all the chunks: a scope the chunks touched several times is computed once
        with store.transaction():
            n_claims = _update_origins(store, config, pending)
            tables.write_meta(store, ORIGINS_PENDING, "[]")
    total_stories = store.conn.execute("SELECT count(*) FROM stories").fetchone()[0]
    return ProvenanceSummary(
        documents=len(new_ids),
        total_documents=len(order),
        stories=total_stories,
        links=dict(links_by_kind),
        sentence_links=n_sentence_links,
        claims=n_claims,
        rebuilt=rebuilt,
        seconds=round(time.perf_counter() - started, 3),
    )


def _process(
    store: Store,
    config: ProvenanceConfig,
    encoder: SentenceEncoder | None,
    order: list[str],
    new_ids: list[str],
    map_features: FeatureMap = text_features,
) -> tuple[Counter[str], int, set[str]]:
    """Process the new documents (inside the caller's transaction): cues, copies, stories, rewrites
    and cites; return the new links by kind, the new sentence links and the documents whose
    scopes need their origins recomputed."""
    position = {doc_id: k for k, doc_id in enumerate(order)}
    docs = {d: _document(store, d) for d in new_ids}
    lexical = config.stories.representation == "lexical"  # embeddings are computed in batches here
    computed = map_features([(docs[d].text, docs[d].title) for d in new_ids], config) if lexical else None
    cues: dict[str, list[Cue]] = {d: find_cues(docs[d]) for d in new_ids}
    new_infos = {d: doc_info(docs[d], cues[d]) for d in new_ids}

    # near-duplicates: the index is rebuilt from stored signatures, the new ones added in order
    ids, matrix = tables.load_signatures(store, config.duplicates.num_perm)
    index = NearDuplicateIndex.from_signatures(ids, matrix, config.duplicates)
    signatures, duplicate_pairs = [], []
    for k, d in enumerate(new_ids):
        sig = computed[k][1] if computed else signature(docs[d].text, config.duplicates)
        signatures.append((d, sig))
        duplicate_pairs += [(d, other, jaccard) for other, jaccard in index.add_signature(d, sig)]

    # stories: the clusterer resumes from its stored state
    state = tables.load_story_state(store)
    clusterer = StoryClusterer.from_bytes(state) if state else StoryClusterer(config.stories)
    if computed:
        new_story = {
            d: clusterer.add_features(d, docs[d].published, computed[k][0]) for k, d in enumerate(new_ids)
        }
    else:
        new_story = {d: clusterer.add(docs[d]) for d in new_ids}
    story_of = tables.story_members(store) | new_story
    members: dict[str, list[str]] = defaultdict(list)
    for doc_id, story in story_of.items():
        members[story].append(doc_id)
    touched = set(new_story.values())

    # each new document against the earlier documents of its story: rewrites and cites, a group
    # of new documents at a time, so only their stories' claims are held (a story of copies can
    # reach far back into the corpus)
    sentence_links: list[SentenceLink] = []
    cites: list[Link] = []
    link_infos: dict[str, DocInfo] = dict(new_infos)  # of the documents the new links join
    for at in range(0, len(new_ids), REWRITE_GROUP_DOCS):
        group = new_ids[at : at + REWRITE_GROUP_DOCS]
        earlier = {d: [m for m in members[new_story[d]] if position[m] < position[d]] for d in group}
        needed = set(group) | {m for found in earlier.values() for m in found}
        claims = _claims_of(store, needed)
        infos = tables.doc_infos(store, needed - new_infos.keys())
        infos.update(new_infos)
        pairs: list[tuple[Claim, Claim]] = []
        for d in group:
            candidates = [c for m in earlier[d] for c in claims.get(m, ())]
            pairs += comparable_pairs(claims.get(d, []), candidates, config.derivation)
            cites += cite_links(infos[d], [infos[m] for m in earlier[d] if m in infos])
        found = link_sentences(pairs, config.rewrites, encoder)
        sentence_links += found
        link_infos.update((k, infos[k]) for x in found for k in (x.doc_id, x.other_doc) if k in infos)
    originals = {o for _, o, _ in duplicate_pairs} - link_infos.keys()
    link_infos.update(tables.doc_infos(store, originals))
    new_links = strongest_links(
        [
            *copy_links(duplicate_pairs, link_infos),
            *rewrite_links(sentence_links, link_infos, config.derivation),
            *cites,
        ]
    )

    tables.save_doc_infos(store, [(new_infos[d], _publisher_name(docs[d])) for d in new_ids])
    tables.save_cues(store, [c for d in new_ids for c in cues[d]])
    tables.save_signatures(store, signatures)
    tables.save_story_state(store, clusterer.to_bytes())
    tables.save_stories(store, [s for s in clusterer.stories() if s.id in touched], new_story)
    tables.save_links(store, new_links)
    tables.save_sentence_links(store, sentence_links)
    tables.refresh_outlets(store)
    # origins change where the graph changed: in the scopes of the new documents and links
    seeds = set(new_ids) | {x.derived for x in new_links}
    return Counter(x.kind for x in new_links), len(sentence_links), seeds


def _update_origins(store: Store, config: ProvenanceConfig, seeds: set[str]) -> int:
    """Recompute the origins of the claims in the scopes (stories joined by links) of ``seeds``,
    a batch of whole scopes at a time, so memory is bounded by the batch and not by how far the
    new documents' copies reach back into the corpus; return how many claims got origins."""
    story_of = tables.story_members(store)
    every_link = tables.links(store)
    scope = scopes(story_of, every_link)
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
        batch_infos = tables.doc_infos(store, members)
        batch_links = [x for x in every_link if x.derived in members and x.original in members]
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


def _merged(stored: list[Link], new: list[Link]) -> list[Link]:
    """Stored links with the new ones; a new link replaces a stored one between the same pair."""
    fresh = {frozenset((x.derived, x.original)) for x in new}
    return [x for x in stored if frozenset((x.derived, x.original)) not in fresh] + new
