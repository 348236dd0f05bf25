"""The SQLite store: documents, claims, sources and rejections of a run, in one file.

The file is plain SQLite in WAL mode with foreign keys on, so a web server can read it while
``analyze`` writes, and common SQLite tools can open it. Column names follow the record fields
(``start``, ``end`` and ``where`` need double quotes in hand-written SQL).

Documents are keyed by their content id (a hash of the text): the same text met again under
another name adds an *occurrence*, not a document, and the same input read twice adds nothing.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

import pycountry

from corroborate.records import Claim, Document, Rejection, Removal

__all__ = ["SCHEMA_VERSION", "SOURCE_KINDS", "Store", "normalise_source", "source_kind"]

#: Bumped whenever the schema changes; ``Store`` refuses files written by a newer version.
SCHEMA_VERSION = 1

#: What kind of body a source is; ``other`` when simple rules cannot tell.
SOURCE_KINDS = ("person", "organisation", "government", "media", "intelligence", "reports", "other")

BUSY_TIMEOUT_MS = 10_000  # a reader waits this long for a writer's checkpoint instead of failing

# Words that give a source's kind away, checked in the order of SOURCE_KIND_WORDS (first hit
# wins). Written by hand from who is cited for troop and casualty figures in war reporting (the
# seed corpus: ministries, spy agencies, wire services, think tanks); English names only.
INTELLIGENCE_WORDS = frozenset(
    "intelligence counterintelligence nis gur hur cia dia mi6 sbu fsb gru spy spies espionage".split()
)
MEDIA_WORDS = frozenset(
    "news newspaper newspapers reuters ap afp bbc cnn yonhap tass ria interfax nhk times post journal"
    " guardian telegraph herald tribune gazette press broadcaster television tv radio outlet outlets"
    " magazine media kyodo xinhua bloomberg wsj ukrinform pravda newsweek politico axios".split()
)
GOVERNMENT_WORDS = frozenset(
    "government ministry minister ministers president presidential prime premier spokesman spokeswoman"
    " spokesperson official officials kremlin pentagon department embassy ambassador diplomat diplomats"
    " military army navy forces command staff defence defense parliament lawmaker lawmakers congress"
    " senate senator cabinet administration secretary chancellor nato general commander commanders mod"
    " jcs house kyiv kiev moscow seoul pyongyang washington beijing tokyo london paris berlin".split()
)
ORGANISATION_WORDS = frozenset(
    "institute institution university think tank group organisation organization ngo nations council"
    " centre center foundation agency association committee commission coalition isw rusi csis iiss"
    " watch observatory company corporation inc ltd researchers analysts experts".split()
)
SOURCE_KIND_WORDS = (
    ("intelligence", INTELLIGENCE_WORDS),
    ("media", MEDIA_WORDS),
    ("government", GOVERNMENT_WORDS),
    ("organisation", ORGANISATION_WORDS),
)

# Words that introduce a person's name: "President Putin", "Gen. Syrskyi".
PERSON_TITLES = frozenset(
    "president minister general gen mr mrs ms dr secretary ambassador spokesman spokeswoman"
    " spokesperson commander colonel col lt lieutenant sergeant chancellor senator rep leader"
    " chief director analyst expert professor".split()
)

# A source made only of these words names no one: "reports", "media reports suggest".
GENERIC_REPORT_WORDS = frozenset(
    "reports report reportedly media some several multiple unconfirmed unnamed anonymous emerging"
    " recent new latest earlier initial"
    " sources source according to suggest suggests indicate indicates say says claims the".split()
)

# Country names pycountry lacks in their everyday form; capitals are in SOURCE_KIND_WORDS.
EXTRA_COUNTRY_NAMES = frozenset(["russia", "us", "u s", "usa", "america", "uk", "britain", "iran"])

SCHEMA = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    origin TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT,
    url TEXT,
    site TEXT,
    author TEXT,
    published TEXT,
    encoding TEXT,
    raw TEXT NOT NULL,
    text TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE TABLE occurrences (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    origin TEXT NOT NULL,
    added_at TEXT NOT NULL,
    UNIQUE (name, origin)
);
CREATE INDEX occurrences_doc ON occurrences(doc_id);
CREATE TABLE removals (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    rule TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX removals_doc ON removals(doc_id);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    normalised TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN
        ('person', 'organisation', 'government', 'media', 'intelligence', 'reports', 'other'))
);
CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    doc TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    figure TEXT NOT NULL,
    value_low REAL,
    value_high REAL,
    approx INTEGER NOT NULL,
    vague INTEGER NOT NULL,
    unit TEXT,
    counted TEXT NOT NULL,
    measure TEXT NOT NULL,
    "where" TEXT,
    source TEXT,
    source_id INTEGER REFERENCES sources(id),
    modality TEXT NOT NULL,
    time TEXT,
    quote TEXT NOT NULL,
    sentence TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL
);
CREATE INDEX claims_doc ON claims(doc_id, start);
CREATE INDEX claims_measure ON claims(measure);
CREATE INDEX claims_source ON claims(source_id);
CREATE TABLE rejections (
    id TEXT PRIMARY KEY,
    stage TEXT NOT NULL,
    code TEXT NOT NULL,
    origin TEXT NOT NULL,
    name TEXT NOT NULL,
    detail TEXT NOT NULL,
    added_at TEXT NOT NULL
);
-- The FTS table keeps its own copy of title and text: an external-content table would need a
-- stable integer rowid on documents, and VACUUM may renumber the rowids of a TEXT-keyed table.
CREATE VIRTUAL TABLE documents_fts USING fts5(
    doc_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (doc_id, title, text) VALUES (new.id, coalesce(new.title, ''), new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    DELETE FROM documents_fts WHERE doc_id = old.id;
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    UPDATE documents_fts SET title = coalesce(new.title, ''), text = new.text WHERE doc_id = old.id;
END;
"""

DOCUMENT_FIELDS = tuple("id name origin kind title url site author published encoding raw text".split())
DOCUMENT_COLUMNS = ", ".join(DOCUMENT_FIELDS) + ", added_at"
CLAIM_FIELDS = tuple(
    "id doc_id doc start end figure value_low value_high approx vague unit counted measure where source"
    " modality time quote sentence sentence_start sentence_end".split()
)
CLAIM_SELECT = ", ".join(f'c."{f}"' for f in CLAIM_FIELDS)


def normalise_source(name: str) -> str:
    """The key under which spellings of one source are merged: lower case, words only, no "the"."""
    words = re.findall(r"\w+", name.lower().replace("’", "'").replace("'s ", " "))
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def country_names() -> frozenset[str]:
    """Lower-cased country names (official and everyday) that, as a source, mean a government."""
    names = set(EXTRA_COUNTRY_NAMES)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(normalise_source(value))
    return frozenset(names)


def source_kind(name: str, countries: frozenset[str] = frozenset()) -> str:
    """Guess what kind of body a source is from its name with simple word rules; else ``other``.

    ``countries`` (see ``country_names``) lets "North Korea" count as a government rather than a
    person's name.
    """
    norm = normalise_source(name)
    words = norm.split()
    if not words:
        return "other"
    if all(w in GENERIC_REPORT_WORDS for w in words):
        return "reports"
    if norm in countries or (len(words) > 1 and " ".join(words[1:]) in countries):
        return "government"
    # A named person ("Dmytro Ponomarenko, Ukrainian ambassador ...", "President Putin") is a
    # person before a role: the head before the first comma ends in a capitalised word that is no
    # kind word, after another such word (first name) or after a title.
    head = [normalise_source(w) for w in re.findall(r"[\w'’.-]+", name.split(",")[0])]
    shapes = [w[:1].isupper() for w in re.findall(r"[\w'’.-]+", name.split(",")[0])]
    kind_words = frozenset().union(*(ws for _, ws in SOURCE_KIND_WORDS)) | countries
    if (
        len(head) >= 2
        and shapes[-1]
        and head[-1] not in kind_words
        and " ".join(head[-2:]) not in countries
        and " ".join(head) not in countries
    ):
        before = head[-2]
        if before in PERSON_TITLES or (shapes[-2] and before not in kind_words):
            return "person"
    for kind, kind_set in SOURCE_KIND_WORDS:
        if any(w in kind_set for w in words):
            return kind
    return "other"


def rejection_id(r: Rejection) -> str:
    """Stable id of a rejection, so the same rejection met twice is stored once."""
    key = "\x1f".join((r.stage, r.code, r.origin, r.name, r.detail))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def fts_quote(query: str) -> str:
    """The query as plain words: each whitespace-separated term becomes a quoted FTS5 phrase."""
    terms = [t for t in query.split() if re.search(r"\w", t)]
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def now() -> str:
    """The current UTC time as an ISO timestamp, for ``added_at`` columns."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A corroborate SQLite file: add records from a run, read them back, search the texts.

    Use as a context manager. Each write method commits on its own unless it runs inside
    ``transaction()``, which batches many writes into one commit. ``readonly=True`` opens an
    existing file for reading only (a web server beside a running ``analyze``).
    """

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._depth = 0  # nesting of transaction(); only the outermost one commits
        self._countries: frozenset[str] | None = None
        if readonly:
            if not self.path.is_file():
                raise FileNotFoundError(f"no store at {self.path}: run `corroborate analyze` to create one")
            uri = self.path.resolve().as_uri() + "?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            self._configure()
        except BaseException:
            self.conn.close()
            raise

    def _configure(self) -> None:
        """Set the connection pragmas and create or check the schema."""
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as e:
            raise ValueError(
                f"{self.path} is not an SQLite file ({e}); give the path of a corroborate store"
            ) from e
        if version > SCHEMA_VERSION:
            raise ValueError(
                f"{self.path} has schema version {version}, newer than this corroborate ({SCHEMA_VERSION}):"
                " upgrade corroborate to read it"
            )
        if self.readonly:
            if version == 0:
                raise ValueError(f"{self.path} is not a corroborate store (no schema version)")
            return
        self.conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL is safe with WAL: a power cut may lose the last commit, never corrupt the file.
        self.conn.execute("PRAGMA synchronous = NORMAL")
        if version == 0:
            tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise ValueError(
                    f"{self.path} is an SQLite file but not a corroborate store; choose another path"
                )
            # One script in one transaction: a crash leaves an empty file, never half a schema.
            self.conn.executescript(f"BEGIN; {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")

    # -- life cycle ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (an open transaction is rolled back)."""
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Self]:
        """Group writes into one commit; rolled back if the block raises.

        A nested block is a savepoint: if it raises, only its own writes are undone, so a caller
        may catch the error and carry on with the outer batch.
        """
        depth = self._depth
        # IMMEDIATE takes the write lock up front, so two writers queue instead of deadlocking.
        begin = f"SAVEPOINT s{depth}" if depth else ("BEGIN" if self.readonly else "BEGIN IMMEDIATE")
        self.conn.execute(begin)
        self._depth += 1
        try:
            yield self
        except BaseException:
            if depth:
                self.conn.execute(f"ROLLBACK TO s{depth}")
                self.conn.execute(f"RELEASE s{depth}")
            else:
                self.conn.execute("ROLLBACK")
            raise
        finally:
            self._depth -= 1
        self.conn.execute(f"RELEASE s{depth}" if depth else "COMMIT")

    def _check_writable(self) -> None:
        if self.readonly:
            raise PermissionError(f"{self.path} was opened read-only; open Store(path) to write")

    # -- writing ------------------------------------------------------------------------------

    def add_document(self, doc: Document) -> bool:
        """Store a document and its removals; False if a document with its id was already there.

        Either way the (name, origin) it was read under is recorded as an occurrence.
        """
        self._check_writable()
        stamp = now()
        with self.transaction():
            cur = self.conn.execute(
                f"INSERT OR IGNORE INTO documents ({DOCUMENT_COLUMNS}) VALUES ({', '.join('?' * 13)})",
                (*(getattr(doc, f) for f in DOCUMENT_FIELDS), stamp),
            )
            added = cur.rowcount == 1
            if added and doc.removed:
                self.conn.executemany(
                    'INSERT INTO removals (doc_id, start, "end", rule, text) VALUES (?, ?, ?, ?, ?)',
                    [(doc.id, r.start, r.end, r.rule, r.text) for r in doc.removed],
                )
            # An input re-read with new content now points at its new document.
            self.conn.execute(
                "INSERT INTO occurrences (doc_id, name, origin, added_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (name, origin) DO UPDATE SET doc_id = excluded.doc_id"
                " WHERE doc_id != excluded.doc_id",
                (doc.id, doc.name, doc.origin, stamp),
            )
        return added

    def add_claims(self, claims: Iterable[Claim]) -> int:
        """Store claims (and their sources); returns how many were new. Idempotent on ``Claim.id``.

        Raises ValueError if a claim refers to a document that is not in the store.
        """
        self._check_writable()
        batch = list(claims)
        if not batch:
            return 0
        with self.transaction():
            source_ids = self._source_ids(c.source for c in batch)
            rows = [
                (*(getattr(c, f) for f in CLAIM_FIELDS), source_ids.get(normalise_source(c.source or "")))
                for c in batch
            ]
            columns = ", ".join(f'"{f}"' for f in (*CLAIM_FIELDS, "source_id"))
            before = self.conn.total_changes
            try:
                self.conn.executemany(
                    f"INSERT OR IGNORE INTO claims ({columns}) VALUES ({', '.join('?' * len(rows[0]))})", rows
                )
            except sqlite3.IntegrityError as e:
                missing = sorted(d for d in {c.doc_id for c in batch} if not self.has_document(d))
                if missing:
                    raise ValueError(
                        f"claims refer to documents not in the store: {', '.join(missing[:5])};"
                        " add the documents (add_document) before their claims"
                    ) from e
                raise
            return self.conn.total_changes - before

    def _source_ids(self, names: Iterable[str | None]) -> dict[str, int]:
        """Ids of the sources named, adding the new ones; keyed by normalised name."""
        if self._countries is None:
            self._countries = country_names()
        first_spelling: dict[str, str] = {}
        for name in names:
            if name and name.strip():
                first_spelling.setdefault(normalise_source(name), name.strip())
        first_spelling.pop("", None)
        self.conn.executemany(
            "INSERT OR IGNORE INTO sources (name, normalised, kind) VALUES (?, ?, ?)",
            [(name, norm, source_kind(name, self._countries)) for norm, name in first_spelling.items()],
        )
        ids: dict[str, int] = {}
        for norm in first_spelling:
            row = self.conn.execute("SELECT id FROM sources WHERE normalised = ?", (norm,)).fetchone()
            ids[norm] = row[0]
        return ids

    def add_rejection(self, r: Rejection) -> bool:
        """Store a rejection; False if the same rejection was already stored."""
        self._check_writable()
        with self.transaction():
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO rejections (id, stage, code, origin, name, detail, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (rejection_id(r), r.stage, r.code, r.origin, r.name, r.detail, now()),
            )
        return cur.rowcount == 1

    # -- reading ------------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        """Whether a document with this content id is stored."""
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def _document(self, row: tuple[Any, ...], text: bool = True) -> Document:
        values = dict(zip(DOCUMENT_FIELDS, row, strict=False))
        removed: tuple[Removal, ...] = ()
        if text:
            rows = self.conn.execute(
                'SELECT start, "end", rule, text FROM removals WHERE doc_id = ? ORDER BY start, id',
                (values["id"],),
            )
            removed = tuple(Removal(values["id"], *r) for r in rows)
        return Document(**values, removed=removed)

    def documents(self, text: bool = True) -> Iterator[Document]:
        """Every stored document, in the order added, with its removals.

        ``text=False`` leaves ``raw``, ``text`` and ``removed`` empty: the metadata only, cheap
        enough for listings of a large store.
        """
        cols = DOCUMENT_COLUMNS if text else DOCUMENT_COLUMNS.replace("raw, text", "'', ''")
        for row in self.conn.execute(f"SELECT {cols} FROM documents ORDER BY rowid").fetchall():
            yield self._document(row, text)

    def document(self, doc_id: str) -> Document | None:
        """The stored document with this content id, or None if there is none."""
        row = self.conn.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return self._document(row) if row else None

    def occurrences(self, doc_id: str) -> list[tuple[str, str]]:
        """The (name, origin) pairs a document's text was read under, in the order met."""
        return [
            (name, origin)
            for name, origin in self.conn.execute(
                "SELECT name, origin FROM occurrences WHERE doc_id = ? ORDER BY id", (doc_id,)
            )
        ]

    def claims(
        self,
        measure: str | None = None,
        source: str | None = None,
        modality: str | None = None,
        doc_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[Claim]:
        """Stored claims, filtered on whichever arguments are given, in document order then by position.

        ``source`` matches any spelling of a source name (compared normalised).
        """
        where, params = [], []
        if measure is not None:
            where.append("c.measure = ?")
            params.append(measure)
        if source is not None:
            where.append("s.normalised = ?")
            params.append(normalise_source(source))
        if modality is not None:
            where.append("c.modality = ?")
            params.append(modality)
        if doc_id is not None:
            where.append("c.doc_id = ?")
            params.append(doc_id)
        sql = (
            f"SELECT {CLAIM_SELECT} FROM claims c JOIN documents d ON d.id = c.doc_id"
            " LEFT JOIN sources s ON s.id = c.source_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY d.rowid, c.start, c.id LIMIT ? OFFSET ?"
        )
        params += [-1 if limit is None else limit, offset]
        for row in self.conn.execute(sql, params).fetchall():
            values = dict(zip(CLAIM_FIELDS, row, strict=True))
            values["approx"] = bool(values["approx"])
            values["vague"] = bool(values["vague"])
            yield Claim(**values)

    def sources(self) -> list[tuple[str, str, int]]:
        """Every source as (name, kind, number of claims), most cited first."""
        return list(
            self.conn.execute(
                "SELECT s.name, s.kind, count(c.id) AS n FROM sources s"
                " LEFT JOIN claims c ON c.source_id = s.id GROUP BY s.id ORDER BY n DESC, s.normalised"
            )
        )

    def rejections(self) -> Iterator[Rejection]:
        """Every stored rejection, in the order met."""
        rows = self.conn.execute(
            "SELECT stage, code, origin, detail, name FROM rejections ORDER BY added_at, rowid"
        ).fetchall()
        for stage, code, origin, detail, name in rows:
            yield Rejection(stage=stage, code=code, origin=origin, detail=detail, name=name)

    def removal_summary(self) -> list[tuple[str, int, int, int]]:
        """Boilerplate removed per rule as (rule, removals, documents, characters), largest first."""
        return list(
            self.conn.execute(
                'SELECT rule, count(*), count(DISTINCT doc_id), sum("end" - start) AS chars FROM removals'
                " GROUP BY rule ORDER BY chars DESC, rule"
            )
        )

    def raw_characters(self) -> int:
        """Total length of the stored raw texts, the base for boilerplate shares."""
        return self.conn.execute("SELECT coalesce(sum(length(raw)), 0) FROM documents").fetchone()[0]

    def published_span(self) -> tuple[str | None, str | None]:
        """Earliest and latest publication date of the stored documents (None when none is known)."""
        row = self.conn.execute(
            "SELECT min(published), max(published) FROM documents"
            " WHERE published IS NOT NULL AND published != ''"
        ).fetchone()
        return row[0], row[1]

    def search(
        self, query: str, limit: int = 20, mark: tuple[str, str] = ("[", "]")
    ) -> list[tuple[str, str, str]]:
        """Full-text search of titles and clean texts: (doc_id, name, snippet) best match first.

        ``query`` may use FTS5 syntax (``troops NEAR kursk``, ``deploy*``, ``"exact phrase"``); if
        it is not valid FTS5, its words are searched as plain terms instead. The snippet wraps
        matched words in ``mark``.
        """
        if not query.strip():
            raise ValueError("empty search query: give one or more words to look for")
        sql = (
            "SELECT f.doc_id, d.name, snippet(documents_fts, 2, ?, ?, '…', 16)"
            " FROM documents_fts f JOIN documents d ON d.id = f.doc_id"
            " WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts) LIMIT ?"
        )
        try:
            return list(self.conn.execute(sql, (*mark, query, limit)))
        except sqlite3.OperationalError:
            pass  # not valid FTS5 ("unterminated string", "syntax error near ..."): search the words
        plain = fts_quote(query)
        if not plain:
            raise ValueError(f"search query {query!r} has no words to look for; use letters or digits")
        try:
            return list(self.conn.execute(sql, (*mark, plain, limit)))
        except sqlite3.OperationalError as e:
            raise ValueError(f"search query {query!r} could not be run ({e}); try plain words") from e

    def counts(self) -> dict[str, int]:
        """Number of rows of each kind: documents, occurrences, claims, sources, rejections, removals."""
        tables = ("documents", "occurrences", "claims", "sources", "rejections", "removals")
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
