"""Provenance tables in the store: signatures, cues, links, stories and each claim's origins.

The tables sit beside the core schema of :mod:`corroborate.store.sqlite_store` in the same file,
created on first use (``CREATE TABLE IF NOT EXISTS``) with foreign keys to ``documents`` and
``claims``, so deleting a document drops its provenance too. A store ``analyze`` wrote before
provenance existed simply has none of them: every reader here returns nothing for such a file
(read-only stores included) instead of failing.

| table | one row per | holds |
|---|---|---|
| ``provenance_docs`` | processed document | its publisher and the outlets it names (JSON lists) |
| ``signatures`` | processed document | its MinHash signature (uint32 little-endian) |
| ``cues`` | cue | kind, outlet key, name as written, span, whether in cut boilerplate |
| ``links`` | pair of linked documents | ``derived_doc`` derives from ``original_doc``: kind, score, why |
| ``sentence_links`` | pair of claims | a claim sentence reworded from another article's |
| ``stories`` / ``story_members`` | story / document | label, first and last date / each one's story |
| ``story_state`` | (one row) | the story clusterer's state, so adding documents resumes it |
| ``claim_provenance`` | claim | story, origin document, independent origins, repeats (JSON doc ids) |
| ``outlets`` | outlet | documents published, how many originate or repeat, how often named |
| ``provenance_meta`` | setting | the settings the tables were built with |
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from corroborate.provenance.cues import Cue, outlet_name
from corroborate.provenance.derivation import ClaimOrigin, DocInfo, Link, outlet_set
from corroborate.provenance.rewrites import SentenceLink
from corroborate.provenance.stories import Story
from corroborate.store.sqlite_store import Store

__all__ = [
    "PROVENANCE_SCHEMA_VERSION",
    "PROVENANCE_TABLES",
    "ClaimProvenance",
    "OutletRow",
    "StoryRow",
    "claim_origin_docs",
    "claim_provenance",
    "clear_provenance",
    "doc_infos",
    "ensure_schema",
    "has_provenance",
    "link_pairs",
    "links",
    "load_signatures",
    "load_story_state",
    "outlets",
    "pairs_within",
    "processed_documents",
    "read_meta",
    "refresh_outlets",
    "save_claim_origins",
    "save_cues",
    "save_doc_infos",
    "save_links",
    "save_sentence_links",
    "save_signatures",
    "save_stories",
    "save_story_state",
    "sentence_links",
    "stories",
    "story_members",
    "write_meta",
]

PROVENANCE_SCHEMA = """
CREATE TABLE IF NOT EXISTS provenance_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS provenance_docs (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    publisher TEXT NOT NULL,
    publisher_name TEXT,
    carried TEXT NOT NULL,
    named TEXT NOT NULL,
    restates TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS signatures (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    sig BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS cues (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('original_source', 'dateline', 'credit', 'attribution')),
    outlet TEXT NOT NULL,
    name TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    removed INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS cues_doc ON cues(doc_id);
CREATE INDEX IF NOT EXISTS cues_outlet ON cues(outlet);
CREATE TABLE IF NOT EXISTS links (
    derived_doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    original_doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('copy', 'rewrite', 'cites')),
    score REAL NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (derived_doc, original_doc)
);
CREATE INDEX IF NOT EXISTS links_original ON links(original_doc);
CREATE TABLE IF NOT EXISTS sentence_links (
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    other_claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL,
    other_doc TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    other_sentence_start INTEGER NOT NULL,
    score REAL NOT NULL,
    shared_words INTEGER NOT NULL,
    method TEXT NOT NULL,
    strong INTEGER NOT NULL,
    PRIMARY KEY (claim_id, other_claim_id)
);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    first TEXT,
    last TEXT,
    size INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS story_members (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS story_members_story ON story_members(story_id);
CREATE TABLE IF NOT EXISTS story_state (id INTEGER PRIMARY KEY CHECK (id = 1), state BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS claim_provenance (
    claim_id TEXT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
    story_id TEXT,
    origin_doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    origins INTEGER NOT NULL,
    repeats TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS outlets (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    documents INTEGER NOT NULL,
    originates INTEGER NOT NULL,
    repeats INTEGER NOT NULL,
    named INTEGER NOT NULL
);
"""
#: Bumped whenever the provenance tables change; older ones are dropped and rebuilt.
PROVENANCE_SCHEMA_VERSION = 1
UNKNOWN_OUTLET = "(site unknown)"
PROVENANCE_TABLES = (
    "provenance_meta",
    "provenance_docs",
    "signatures",
    "cues",
    "links",
    "sentence_links",
    "stories",
    "story_members",
    "story_state",
    "claim_provenance",
    "outlets",
)


@dataclass(frozen=True, slots=True)
class ClaimProvenance:
    """A claim's provenance as stored: its story, origin document, origins and repeats."""

    claim_id: str
    story: str | None
    origin_doc: str
    origins: int
    repeats: tuple[str, ...]  # document ids


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A stored story: label, first and last dates, size."""

    id: str
    label: str
    first: str | None
    last: str | None
    size: int


@dataclass(frozen=True, slots=True)
class OutletRow:
    """An outlet with how often its articles originate or repeat, and how often others name it."""

    key: str
    name: str
    documents: int  # articles it published (by site or url); key "": articles of no known site
    originates: int  # of those, articles that derive from no other article and name no upstream
    repeats: int  # of those, articles that derive from another or carry another outlet's copy
    named: int  # articles of other outlets that name it in a cue


# -- schema -------------------------------------------------------------------------------------


def ensure_schema(store: Store) -> bool:
    """Create the provenance tables if they are missing; True if they were (re)created empty.

    Tables written by another version of this schema are dropped and made anew: they hold
    derived data only, which ``update_provenance`` rebuilds from the documents.
    """
    if store.readonly:
        raise PermissionError(f"{store.path} was opened read-only; open Store(path) to add provenance")
    version = read_meta(store, "schema") if has_provenance(store) else None
    if version == str(PROVENANCE_SCHEMA_VERSION):
        return False
    with store.transaction():  # a savepoint when the caller holds a transaction already
        for table in reversed(PROVENANCE_TABLES) if version is not None or has_provenance(store) else ():
            store.conn.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in PROVENANCE_SCHEMA.split(";"):
            if statement.strip():
                store.conn.execute(statement)
        write_meta(store, "schema", str(PROVENANCE_SCHEMA_VERSION))
    return True


def has_provenance(store: Store) -> bool:
    """Whether the store holds provenance tables (``update_provenance`` has run on it)."""
    row = store.conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('claim_provenance', 'links')"
    ).fetchone()
    return row[0] == 2


def clear_provenance(store: Store) -> None:
    """Empty every provenance table but its settings (to rebuild them from the documents)."""
    for table in reversed(PROVENANCE_TABLES):
        if table != "provenance_meta":
            store.conn.execute(f"DELETE FROM {table}")


def read_meta(store: Store, key: str) -> str | None:
    """A provenance setting as stored, or None."""
    if not has_provenance(store):
        return None
    row = store.conn.execute("SELECT value FROM provenance_meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def write_meta(store: Store, key: str, value: str) -> None:
    """Store a provenance setting."""
    store.conn.execute(
        "INSERT INTO provenance_meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


# -- per-document rows ---------------------------------------------------------------------------


def processed_documents(store: Store) -> set[str]:
    """Ids of the documents provenance has seen."""
    return {row[0] for row in store.conn.execute("SELECT doc_id FROM provenance_docs")}


def save_doc_infos(store: Store, infos: Iterable[tuple[DocInfo, str | None]]) -> None:
    """Store documents' outlets as (DocInfo, publisher display name)."""
    store.conn.executemany(
        "INSERT OR REPLACE INTO provenance_docs (doc_id, publisher, publisher_name, carried, named, restates)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (i.id, i.publisher, name, *(json.dumps(sorted(x)) for x in (i.carried, i.named, i.restates)))
            for i, name in infos
        ],
    )


def doc_infos(store: Store, ids: Iterable[str] | None = None) -> dict[str, DocInfo]:
    """Stored DocInfo of the given documents (all processed ones when ``ids`` is None)."""
    sql = (
        "SELECT p.doc_id, d.name, d.published, p.publisher, p.carried, p.named, p.restates"
        " FROM provenance_docs p JOIN documents d ON d.id = p.doc_id"
    )
    if ids is None:
        rows = store.conn.execute(sql).fetchall()
    else:
        rows = []
        for chunk in _chunks(list(dict.fromkeys(ids)), 500):  # SQLite caps the number of parameters
            rows += store.conn.execute(f"{sql} WHERE p.doc_id IN ({','.join('?' * len(chunk))})", chunk)
    return {r[0]: DocInfo(r[0], r[1], r[2], r[3], *(outlet_set(json.loads(x)) for x in r[4:7])) for r in rows}


def save_cues(store: Store, cues: Iterable[Cue]) -> None:
    """Store cues."""
    store.conn.executemany(
        'INSERT INTO cues (doc_id, kind, outlet, name, start, "end", removed) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [(c.doc_id, c.kind, c.outlet, c.name, c.start, c.end, int(c.removed)) for c in cues],
    )


def save_signatures(store: Store, rows: Iterable[tuple[str, np.ndarray]]) -> None:
    """Store MinHash signatures (in the order given: the index is rebuilt in that order)."""
    store.conn.executemany(
        "INSERT OR REPLACE INTO signatures (doc_id, sig) VALUES (?, ?)",
        [(doc_id, np.asarray(sig, dtype="<u4").tobytes()) for doc_id, sig in rows],
    )


def load_signatures(store: Store, num_perm: int) -> tuple[list[str], np.ndarray]:
    """Stored signatures in the order stored, as (ids, uint32 matrix)."""
    rows = store.conn.execute("SELECT doc_id, sig FROM signatures ORDER BY rowid").fetchall()
    if not rows:
        return [], np.empty((0, num_perm), dtype=np.uint32)
    matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype="<u4").astype(np.uint32)
    return [r[0] for r in rows], matrix.reshape(len(rows), num_perm)


# -- stories --------------------------------------------------------------------------------------


def load_story_state(store: Store) -> bytes | None:
    """The story clusterer's saved state, or None before the first run."""
    row = store.conn.execute("SELECT state FROM story_state WHERE id = 1").fetchone()
    return bytes(row[0]) if row else None


def save_story_state(store: Store, state: bytes) -> None:
    """Save the story clusterer's state."""
    store.conn.execute("INSERT OR REPLACE INTO story_state (id, state) VALUES (1, ?)", (state,))


def save_stories(store: Store, found: Iterable[Story], members: Mapping[str, str]) -> None:
    """Upsert stories, then record the story of each document in ``members``."""
    store.conn.executemany(
        "INSERT INTO stories (id, label, first, last, size) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET label = excluded.label, first = excluded.first,"
        " last = excluded.last, size = excluded.size",
        [(s.id, s.label, s.first, s.last, len(s.doc_ids)) for s in found],
    )
    store.conn.executemany(
        "INSERT OR REPLACE INTO story_members (doc_id, story_id) VALUES (?, ?)", list(members.items())
    )


def story_members(store: Store) -> dict[str, str]:
    """Document id -> story id, for every document in a story."""
    if not has_provenance(store):
        return {}
    return dict(store.conn.execute("SELECT doc_id, story_id FROM story_members"))


def stories(store: Store) -> list[StoryRow]:
    """Every stored story, largest first, then by first date and id."""
    if not has_provenance(store):
        return []
    rows = store.conn.execute(
        "SELECT id, label, first, last, size FROM stories ORDER BY size DESC, coalesce(first, '9999'), id"
    )
    return [StoryRow(*r) for r in rows]


# -- links and origins ------------------------------------------------------------------------------


def save_links(store: Store, found: Iterable[Link]) -> None:
    """Store links, replacing a stored link of the same direction between the same two documents.

    (The provenance stage only links pairs that hold a document it has not seen, so no stored
    link joins them the other way round; checking for one cost a third of the time at 1.6 M links.)
    """
    store.conn.executemany(
        "INSERT OR REPLACE INTO links (derived_doc, original_doc, kind, score, evidence)"
        " VALUES (?, ?, ?, ?, ?)",
        # in primary-key order: the index is filled in runs, not at random pages (~15 % faster)
        sorted((x.derived, x.original, x.kind, x.score, x.evidence) for x in found),
    )


def links(store: Store, doc_ids: Iterable[str] | None = None) -> list[Link]:
    """Stored links (touching any of ``doc_ids`` when given), in a stable order."""
    if not has_provenance(store):
        return []
    sql = "SELECT derived_doc, original_doc, kind, score, evidence FROM links"
    if doc_ids is None:
        rows = store.conn.execute(sql + " ORDER BY original_doc, derived_doc").fetchall()
    else:
        rows = []
        for chunk in _chunks(list(dict.fromkeys(doc_ids)), 400):
            marks = ",".join("?" * len(chunk))
            rows += store.conn.execute(
                f"{sql} WHERE derived_doc IN ({marks}) OR original_doc IN ({marks})", [*chunk, *chunk]
            )
        rows = sorted(set(rows), key=lambda r: (r[1], r[0]))
    return [Link(*r) for r in rows]


def pairs_within(store: Store, doc_ids: Iterable[str]) -> list[tuple[str, str]]:
    """(derived, original) of the stored links whose two documents are both among ``doc_ids``,
    sorted by original then derived; read from the primary key's index alone (copies give
    millions of links, and their kind, score and evidence are not needed to find origins)."""
    members = set(doc_ids)
    rows: list[tuple[str, str]] = []
    for chunk in _chunks(sorted(members), 500):  # SQLite caps the number of parameters
        rows += store.conn.execute(
            "SELECT derived_doc, original_doc FROM links"
            f" WHERE derived_doc IN ({','.join('?' * len(chunk))})",
            chunk,
        )
    return sorted(((d, o) for d, o in rows if o in members), key=lambda r: (r[1], r[0]))


def link_pairs(store: Store, kind: str | None = None) -> Iterator[tuple[str, str]]:
    """(derived, original) of every stored link (of one ``kind`` when given), streamed: a corpus of
    copies has millions of links, too many to hold as Link objects."""
    if not has_provenance(store):
        return iter(())
    if kind is None:
        return iter(store.conn.execute("SELECT derived_doc, original_doc FROM links"))
    return iter(store.conn.execute("SELECT derived_doc, original_doc FROM links WHERE kind = ?", (kind,)))


def save_sentence_links(store: Store, found: Iterable[SentenceLink]) -> None:
    """Store claim-sentence links."""
    store.conn.executemany(
        "INSERT OR REPLACE INTO sentence_links (claim_id, other_claim_id, doc_id, other_doc, sentence_start,"
        " other_sentence_start, score, shared_words, method, strong) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                s.claim_id,
                s.other_claim_id,
                s.doc_id,
                s.other_doc,
                s.sentence_start,
                s.other_sentence_start,
                s.score,
                s.shared_words,
                s.method,
                int(s.strong),
            )
            for s in found
        ],
    )


def sentence_links(store: Store) -> list[SentenceLink]:
    """Every stored claim-sentence link."""
    if not has_provenance(store):
        return []
    rows = store.conn.execute(
        "SELECT claim_id, other_claim_id, doc_id, other_doc, sentence_start, other_sentence_start, score,"
        " shared_words, method, strong FROM sentence_links ORDER BY doc_id, claim_id, other_claim_id"
    )
    return [SentenceLink(*r[:9], bool(r[9])) for r in rows]


def save_claim_origins(
    store: Store, found: Mapping[str, ClaimOrigin], story_of_claim: Mapping[str, str | None]
) -> None:
    """Store (replace) the origins of claims, with the story of each."""
    store.conn.executemany(
        "INSERT OR REPLACE INTO claim_provenance (claim_id, story_id, origin_doc, origins, repeats)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (o.claim_id, story_of_claim.get(cid), o.origin_doc, o.origins, json.dumps(list(o.repeats)))
            for cid, o in found.items()
        ],
    )


def claim_origin_docs(store: Store) -> dict[str, str]:
    """Claim id -> its origin document, all reconciliation needs (empty without provenance).

    (Reading whole :func:`claim_provenance` rows for this held every claim's repeats: 1.2 GB at
    220,000 claims whose articles have ~33 copies each.)
    """
    if not has_provenance(store):
        return {}
    return dict(store.conn.execute("SELECT claim_id, origin_doc FROM claim_provenance"))


def claim_provenance(store: Store) -> dict[str, ClaimProvenance]:
    """Claim id -> its stored provenance (empty for a store without provenance)."""
    if not has_provenance(store):
        return {}
    rows = store.conn.execute("SELECT claim_id, story_id, origin_doc, origins, repeats FROM claim_provenance")
    return {r[0]: ClaimProvenance(r[0], r[1], r[2], r[3], tuple(json.loads(r[4]))) for r in rows}


# -- outlets ----------------------------------------------------------------------------------------


def _outlet_names(store: Store) -> dict[str, str]:
    """Outlet key -> display name: a publisher's as stored, else the commonest spelling in cues."""
    names: dict[str, str] = {}
    for key, name, _ in store.conn.execute(
        "SELECT outlet, name, count(*) AS n FROM cues GROUP BY outlet, name ORDER BY n DESC, name"
    ):
        names.setdefault(key, outlet_name(name))
    for key, name in store.conn.execute(
        "SELECT publisher, min(publisher_name) FROM provenance_docs WHERE publisher != '' GROUP BY publisher"
    ):
        names[key] = name or names.get(key, key)
    return names


def refresh_outlets(store: Store) -> None:
    """Recount the outlets table from documents, links and cues."""
    conn = store.conn
    names = _outlet_names(store)
    conn.execute("DELETE FROM outlets")
    published = conn.execute(
        "SELECT p.publisher, count(*),"
        " sum(CASE WHEN p.carried = '[]'"
        "     AND NOT EXISTS (SELECT 1 FROM links l WHERE l.derived_doc = p.doc_id) THEN 1 ELSE 0 END)"
        " FROM provenance_docs p GROUP BY p.publisher"
    ).fetchall()
    named = dict(
        conn.execute(
            "SELECT c.outlet, count(DISTINCT c.doc_id) FROM cues c"
            " JOIN provenance_docs p ON p.doc_id = c.doc_id WHERE c.outlet != p.publisher GROUP BY c.outlet"
        ).fetchall()
    )
    names[""] = UNKNOWN_OUTLET  # articles whose site is not known are counted together
    rows: dict[str, tuple[str, str, int, int, int, int]] = {}
    for key, documents, originates in published:
        rows[key] = (key, names.get(key, key), documents, originates, documents - originates, 0)
    for key, n in named.items():
        key_row = rows.get(key)
        if key_row is None:
            rows[key] = (key, names.get(key, key), 0, 0, 0, n)
        else:
            rows[key] = (*key_row[:5], n)
    conn.executemany(
        "INSERT INTO outlets (key, name, documents, originates, repeats, named) VALUES (?, ?, ?, ?, ?, ?)",
        list(rows.values()),
    )


def outlets(store: Store) -> list[OutletRow]:
    """Every outlet, most documents first, then most named."""
    if not has_provenance(store):
        return []
    try:
        rows = store.conn.execute(
            "SELECT key, name, documents, originates, repeats, named FROM outlets"
            " ORDER BY documents DESC, named DESC, key"
        )
    except sqlite3.OperationalError:  # a store from before the outlets table
        return []
    return [OutletRow(*r) for r in rows]


def _chunks(items: Sequence[str], size: int) -> Iterable[list[str]]:
    for k in range(0, len(items), size):
        yield list(items[k : k + size])
