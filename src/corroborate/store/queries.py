"""Read queries for the web app and API: filtered, paginated claims, documents, sources, search.

``Store`` (sqlite_store.py) holds the schema and the queries the CLI needs; the web app needs
more: claims filtered by place and date, pages of documents with their claim counts, a claim by
id, summaries per measure and chart points. They live here as functions of a ``Store``, each one
SQL statement over the existing tables, so they work on any file ``analyze`` wrote.

Claims are listed in the order stored (``claims.rowid``): documents in the order added, each
document's claims together. That order rides on the primary key and on every single-column index
(SQLite appends the rowid to index keys), so a page of a filtered list needs no sort.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from corroborate.records import Claim
from corroborate.store.sqlite_store import CLAIM_FIELDS, CLAIM_SELECT, Store, fts_quote, normalise_source

__all__ = [
    "ANCHOR_EVERY",
    "NO_UNIT",
    "ChartPoint",
    "ClaimFilter",
    "ClaimRow",
    "DocumentRow",
    "MeasureSummary",
    "SearchHit",
    "SourceRow",
    "chart_points",
    "claim_anchors",
    "claim_by_id",
    "claim_rowids",
    "claims_by_rowid",
    "claim_count",
    "claim_page",
    "claims_after",
    "data_version",
    "document_count",
    "document_page",
    "ensure_indexes",
    "first_rowid_at",
    "fts_match",
    "iter_claims",
    "measure_summaries",
    "search_count",
    "search_page",
    "source_count",
    "source_page",
    "unit_counts",
]

#: Claims between two page anchors (see ``claim_anchors``).
ANCHOR_EVERY = 1000

#: The ``unit`` filter value that selects plain counts (claims whose unit is NULL).
NO_UNIT = "count"

#: Indexes the web queries lean on, beyond the schema's own. ``analyze`` (or any writer) may run
#: ``ensure_indexes``; the queries are correct without them, only slower on large stores.
INDEXES = (
    # chart points, unit counts and measure summaries read these columns without touching the table
    "CREATE INDEX IF NOT EXISTS claims_measure_chart ON claims(measure, unit, doc_id, source_id,"
    " value_low, value_high)",
    # a claim's publication date without reading the document row (rows hold whole articles)
    "CREATE INDEX IF NOT EXISTS documents_id_published ON documents(id, published)",
    # date filters, the date span, documents by date
    "CREATE INDEX IF NOT EXISTS documents_published ON documents(published)",
)

# Documents are listed newest first, undated last, then latest added first: a walk down the
# documents_published index, which never reads the (large) document rows it skips.
DOCUMENT_ORDER = "d.published DESC, d.rowid DESC"

# Columns of a document shown beside each claim.
DOC_META = "d.published, d.title, d.url, d.site"


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """Which claims to list; every field left ``None`` matches all.

    ``source`` matches any spelling of a source (compared normalised); ``place`` is a
    case-insensitive substring of the claim's place; ``date_from``/``date_to`` bound the
    publication date of the claim's document (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, both
    inclusive; undated documents drop out); ``unit`` is a unit or ``NO_UNIT``; ``query`` is a
    full-text query on the documents; ``claim_ids`` restricts to a set (a reconciled figure).
    """

    measure: str | None = None
    source: str | None = None
    modality: str | None = None
    place: str | None = None
    doc_id: str | None = None
    unit: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    query: str | None = None
    claim_ids: tuple[str, ...] | None = None

    def without(self, *names: str) -> ClaimFilter:
        """The same filter with the named fields cleared."""
        return replace(self, **dict.fromkeys(names))


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A claim with the metadata of its document that lists show beside it."""

    claim: Claim
    published: str | None
    title: str | None
    url: str | None
    site: str | None


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A document in a list: metadata and how many claims it holds (no text)."""

    id: str
    name: str
    title: str | None
    url: str | None
    site: str | None
    published: str | None
    kind: str
    claims: int


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A source in a list: its first spelling, kind and number of claims."""

    id: int
    name: str
    kind: str
    claims: int


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A document found by full-text search, with a snippet whose matches are between marks."""

    doc_id: str
    name: str
    title: str | None
    published: str | None
    snippet: str


@dataclass(frozen=True, slots=True)
class MeasureSummary:
    """What the overview shows of one measure."""

    measure: str
    claims: int
    documents: int
    sources: int
    first: str | None  # earliest publication date of a document with a claim of this measure
    last: str | None


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """One point of a timeline: a claim, or all claims of one source on one day when there are many."""

    published: str | None
    source: str | None  # the source's first spelling; None when unattributed
    low: float | None
    high: float | None
    claims: int = 1
    claim_id: str | None = None  # set for a single claim
    approx: bool = False
    modality: str | None = None
    figure: str | None = None
    counted: str | None = None
    doc: str | None = None


def ensure_indexes(store: Store) -> None:
    """Create the indexes the web queries use, if missing, and refresh the planner's statistics.

    Needs a store opened for writing; meant to run at the end of ``analyze``. Without the
    statistics SQLite prefers a table's unique index to a covering one, and reads whole article
    rows to learn their dates. Takes about a second per 100,000 claims.
    """
    with store.transaction():
        for sql in INDEXES:
            store.conn.execute(sql)
    store.conn.execute("ANALYZE")


def data_version(store: Store) -> tuple[int, ...]:
    """A key that changes whenever rows are added: the highest rowid of each growing table.

    Cheap (one b-tree descent per table), so a cache can check it on every request.
    """
    row = store.conn.execute(
        "SELECT (SELECT coalesce(max(rowid), 0) FROM documents),"
        " (SELECT coalesce(max(rowid), 0) FROM claims),"
        " (SELECT coalesce(max(rowid), 0) FROM sources), (SELECT coalesce(max(rowid), 0) FROM occurrences),"
        " (SELECT coalesce(max(rowid), 0) FROM rejections)"
    ).fetchone()
    return tuple(row)


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, its own ``%``/``_`` taken literally (escape ``\\``)."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"


def date_upper(value: str) -> str:
    """The inclusive upper bound of a partial date: "2024-11" covers every day of November."""
    return value + "\uffff"


def fts_match(store: Store, query: str) -> str:
    """The FTS5 expression to run for ``query``: as given if valid FTS5, else its words quoted.

    Raises ValueError when the query has no words at all.
    """
    if not query.strip():
        raise ValueError("empty search query: give one or more words to look for")
    try:
        # the rowid that never exists makes FTS5 parse the query without reading any doclist
        sql = "SELECT 1 FROM documents_fts WHERE documents_fts MATCH ? AND rowid = -1"
        store.conn.execute(sql, (query,)).fetchall()
        return query
    except sqlite3.OperationalError:
        plain = fts_quote(query)
        if not plain:
            raise ValueError(
                f"search query {query!r} has no words to look for; use letters or digits"
            ) from None
        return plain


def claim_where(store: Store, f: ClaimFilter) -> tuple[str, list[Any], bool]:
    """The WHERE clause (with parameters) of a claim filter, and whether it needs the documents join."""
    where: list[str] = []
    params: list[Any] = []
    needs_doc = False
    if f.measure is not None:
        where.append("c.measure = ?")
        params.append(f.measure)
    if f.modality is not None:
        where.append("c.modality = ?")
        params.append(f.modality)
    if f.source is not None:
        where.append("c.source_id = (SELECT id FROM sources WHERE normalised = ?)")
        params.append(normalise_source(f.source))
    if f.place is not None:
        where.append("c.\"where\" LIKE ? ESCAPE '\\'")
        params.append(like_pattern(f.place))
    if f.doc_id is not None:
        where.append("c.doc_id = ?")
        params.append(f.doc_id)
    if f.unit is not None:
        if f.unit == NO_UNIT:
            where.append("c.unit IS NULL")
        else:
            where.append("c.unit = ?")
            params.append(f.unit)
    if f.date_from is not None:
        where.append("d.published >= ?")
        params.append(f.date_from)
        needs_doc = True
    if f.date_to is not None:
        where.append("d.published <= ?")
        params.append(date_upper(f.date_to))
        needs_doc = True
    if f.query is not None:
        where.append("c.doc_id IN (SELECT doc_id FROM documents_fts WHERE documents_fts MATCH ?)")
        params.append(fts_match(store, f.query))
    if f.claim_ids is not None:
        # one JSON parameter rather than one per id: a figure may hold more ids than SQLite takes
        where.append("c.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(f.claim_ids)))
    return (" WHERE " + " AND ".join(where) if where else ""), params, needs_doc


def claim_from_row(row: tuple[Any, ...]) -> Claim:
    """A Claim from the first ``len(CLAIM_FIELDS)`` columns of a row selected with CLAIM_SELECT."""
    values = dict(zip(CLAIM_FIELDS, row[: len(CLAIM_FIELDS)], strict=True))
    values["approx"] = bool(values["approx"])
    values["vague"] = bool(values["vague"])
    return Claim(**values)


def claim_row(row: tuple[Any, ...]) -> ClaimRow:
    """A ClaimRow from a row of CLAIM_SELECT followed by DOC_META."""
    published, title, url, site = row[len(CLAIM_FIELDS) :]
    return ClaimRow(claim_from_row(row), published, title, url, site)


def claim_page(
    store: Store, f: ClaimFilter, limit: int = 50, offset: int = 0, anchors: Sequence[int] = ()
) -> list[ClaimRow]:
    """One page of the claims ``f`` selects, in the order stored.

    The page's rowids are found first, from an index alone, and only those rows are read: a
    deep page skips index entries, not whole claim and document rows. ``anchors`` (from
    ``claim_anchors``, for the same filter) lets a deep page start near its first row instead;
    with no filter at all and no gaps in the rowids, the first row is computed.
    """
    where, params, needs_doc = claim_where(store, f)
    join = " JOIN documents d ON d.id = c.doc_id" if needs_doc else ""
    first = None if where else first_rowid_at(store, offset)
    if first is not None:
        page = "SELECT c.rowid AS rid FROM claims c WHERE c.rowid >= ? ORDER BY c.rowid LIMIT ?"
        page_params = [first, limit]
    else:
        k = min(offset // ANCHOR_EVERY, len(anchors) - 1) if anchors else -1
        if k > 0:
            where = (where + " AND" if where else " WHERE") + " c.rowid >= ?"
            params = [*params, anchors[k]]
            offset -= k * ANCHOR_EVERY
        page = f"SELECT c.rowid AS rid FROM claims c{join}{where} ORDER BY c.rowid LIMIT ? OFFSET ?"
        page_params = [*params, limit, offset]
    sql = (
        f"SELECT {CLAIM_SELECT}, {DOC_META} FROM ({page}) page"
        " JOIN claims c ON c.rowid = page.rid JOIN documents d ON d.id = c.doc_id ORDER BY c.rowid"
    )
    return [claim_row(r) for r in store.conn.execute(sql, page_params)]


def claim_anchors(store: Store, f: ClaimFilter) -> list[int]:
    """The rowid of every ``ANCHOR_EVERY``-th claim ``f`` selects: where deep pages may start.

    One pass over an index; worth keeping (the web app caches it until the database grows) when
    many pages of one long list are read, as a page at offset 40,000 then skips at most
    ``ANCHOR_EVERY`` entries instead of 40,000.
    """
    return claim_rowids(store, f)[::ANCHOR_EVERY]


def claim_rowids(store: Store, f: ClaimFilter) -> list[int]:
    """The rowid of every claim ``f`` selects, in stored order (for short lists, such as a figure's)."""
    where, params, needs_doc = claim_where(store, f)
    join = " JOIN documents d ON d.id = c.doc_id" if needs_doc else ""
    return [
        r[0]
        for r in store.conn.execute(f"SELECT c.rowid FROM claims c{join}{where} ORDER BY c.rowid", params)
    ]


def claims_by_rowid(store: Store, rowids: Sequence[int]) -> list[ClaimRow]:
    """The claims with these rowids, in stored order, with their documents' metadata."""
    sql = (
        f"SELECT {CLAIM_SELECT}, {DOC_META} FROM claims c JOIN documents d ON d.id = c.doc_id"
        " WHERE c.rowid IN (SELECT value FROM json_each(?)) ORDER BY c.rowid"
    )
    return [claim_row(r) for r in store.conn.execute(sql, (json.dumps(list(rowids)),))]


def first_rowid_at(store: Store, offset: int) -> int | None:
    """The rowid of the claim ``offset`` places into the stored order, if the rowids have no gaps.

    Claims are only ever appended, so their rowids run 1, 2, 3...; a gap (a deleted document's
    claims) makes this return None and the caller skip ``offset`` rows instead.
    """
    # three subqueries: min() and max() alone are one b-tree descent each, together with count()
    # they would be a scan
    low, high, n = store.conn.execute(
        "SELECT (SELECT min(rowid) FROM claims), (SELECT max(rowid) FROM claims),"
        " (SELECT count(*) FROM claims)"
    ).fetchone()
    if not n or high - low + 1 != n:
        return None
    return low + offset


def claims_after(store: Store, f: ClaimFilter, after: int = 0, limit: int = 1000) -> tuple[list[Claim], int]:
    """Up to ``limit`` claims stored after rowid ``after``, and the rowid to continue from.

    Keyset paging for exports: each call is one short query, so a long download never holds a
    cursor (or a read snapshot) open between chunks.
    """
    where, params, _ = claim_where(store, f)
    where = (where + " AND" if where else " WHERE") + " c.rowid > ?"
    sql = (
        f"SELECT {CLAIM_SELECT}, c.rowid FROM claims c JOIN documents d ON d.id = c.doc_id"
        f"{where} ORDER BY c.rowid LIMIT ?"
    )
    rows = store.conn.execute(sql, [*params, after, limit]).fetchall()
    return [claim_from_row(r) for r in rows], (rows[-1][-1] if rows else after)


def claim_count(store: Store, f: ClaimFilter) -> int:
    """How many claims ``f`` selects."""
    where, params, needs_doc = claim_where(store, f)
    join = " JOIN documents d ON d.id = c.doc_id" if needs_doc else ""
    return store.conn.execute(f"SELECT count(*) FROM claims c{join}{where}", params).fetchone()[0]


def claim_by_id(store: Store, claim_id: str) -> ClaimRow | None:
    """The claim with this id, with its document's metadata; None if there is none."""
    row = store.conn.execute(
        f"SELECT {CLAIM_SELECT}, {DOC_META} FROM claims c JOIN documents d ON d.id = c.doc_id WHERE c.id = ?",
        (claim_id,),
    ).fetchone()
    return claim_row(row) if row else None


def unit_counts(store: Store, f: ClaimFilter) -> list[tuple[str | None, int]]:
    """The units among the claims ``f`` selects (ignoring its own unit), most frequent first."""
    where, params, needs_doc = claim_where(store, f.without("unit"))
    join = " JOIN documents d ON d.id = c.doc_id" if needs_doc else ""
    return list(
        store.conn.execute(
            f"SELECT c.unit, count(*) AS n FROM claims c{join}{where}"
            " GROUP BY c.unit ORDER BY n DESC, c.unit",
            params,
        )
    )


def measure_summaries(store: Store) -> list[MeasureSummary]:
    """Per measure: claims, documents, named sources and the span of publication dates."""
    rows = store.conn.execute(
        "SELECT c.measure, count(*), count(DISTINCT c.doc_id), count(DISTINCT c.source_id),"
        " min(nullif(d.published, '')), max(nullif(d.published, ''))"
        " FROM claims c JOIN documents d ON d.id = c.doc_id GROUP BY c.measure"
    )
    return [MeasureSummary(*r) for r in rows]


def chart_points(store: Store, f: ClaimFilter, detail_limit: int = 1500) -> list[ChartPoint]:
    """Every claim ``f`` selects as a point of a timeline, in the order stored.

    Up to ``detail_limit`` claims, each point carries what a hover box shows (id, figure,
    counted, modality, document); beyond, only date, source and bounds, which is all a chart of
    that many claims can use (it merges them, see ``web_pages.chart_json``).
    """
    where, params, _ = claim_where(store, f)
    base = (
        f" FROM claims c JOIN documents d ON d.id = c.doc_id LEFT JOIN sources s ON s.id = c.source_id{where}"
    )
    if claim_count(store, f) <= detail_limit:
        sql = (
            "SELECT nullif(d.published, ''), s.name, c.value_low, c.value_high, 1, c.id, c.approx,"
            f" c.modality, c.figure, c.counted, c.doc{base} ORDER BY c.rowid"
        )
        return [
            ChartPoint(pub, src, lo, hi, n, cid, bool(approx), mod, fig, counted, doc)
            for pub, src, lo, hi, n, cid, approx, mod, fig, counted, doc in store.conn.execute(sql, params)
        ]
    sql = f"SELECT nullif(d.published, ''), s.name, c.value_low, c.value_high{base}"
    return [ChartPoint(pub, src, lo, hi) for pub, src, lo, hi in store.conn.execute(sql, params)]


def document_where(f: ClaimFilter) -> tuple[str, list[Any]]:
    """WHERE clause on documents (alias ``d``) for the date bounds of ``f``."""
    where: list[str] = []
    params: list[Any] = []
    if f.date_from is not None:
        where.append("d.published >= ?")
        params.append(f.date_from)
    if f.date_to is not None:
        where.append("d.published <= ?")
        params.append(date_upper(f.date_to))
    return (" WHERE " + " AND ".join(where) if where else ""), params


def document_page(
    store: Store, limit: int = 50, offset: int = 0, f: ClaimFilter = ClaimFilter()
) -> list[DocumentRow]:
    """One page of documents (metadata and claim counts), newest first; ``f`` bounds dates."""
    where, params = document_where(f)
    sql = (
        "SELECT d.id, d.name, d.title, d.url, d.site, d.published, d.kind,"
        " (SELECT count(*) FROM claims c WHERE c.doc_id = d.id) FROM"
        f" (SELECT d.rowid AS rid FROM documents d{where} ORDER BY {DOCUMENT_ORDER} LIMIT ? OFFSET ?) page"
        f" JOIN documents d ON d.rowid = page.rid ORDER BY {DOCUMENT_ORDER}"
    )
    return [DocumentRow(*r) for r in store.conn.execute(sql, [*params, limit, offset])]


def document_count(store: Store, f: ClaimFilter = ClaimFilter()) -> int:
    """How many documents fall within the date bounds of ``f``."""
    where, params = document_where(f)
    return store.conn.execute(f"SELECT count(*) FROM documents d{where}", params).fetchone()[0]


def source_page(store: Store, limit: int = 50, offset: int = 0, kind: str | None = None) -> list[SourceRow]:
    """One page of sources, most cited first; ``kind`` keeps one kind."""
    where, params = (" WHERE s.kind = ?", [kind]) if kind else ("", [])
    sql = (
        "SELECT s.id, s.name, s.kind, (SELECT count(*) FROM claims c WHERE c.source_id = s.id) AS n"
        f" FROM sources s{where} ORDER BY n DESC, s.normalised LIMIT ? OFFSET ?"
    )
    return [SourceRow(*r) for r in store.conn.execute(sql, [*params, limit, offset])]


def source_count(store: Store, kind: str | None = None) -> int:
    """How many sources there are (of one kind, if given)."""
    where, params = (" WHERE kind = ?", [kind]) if kind else ("", [])
    return store.conn.execute(f"SELECT count(*) FROM sources{where}", params).fetchone()[0]


def search_filter_sql(store: Store, f: ClaimFilter) -> tuple[str, list[Any]]:
    """Conditions on a found document ``d``: its dates, and holding a claim the rest of ``f`` selects."""
    where, params = document_where(f)
    conditions = [where.removeprefix(" WHERE ")] if where else []
    claim_part = f.without("query", "date_from", "date_to", "doc_id")
    if claim_part != ClaimFilter():
        cwhere, cparams, _ = claim_where(store, claim_part)
        conditions.append(f"EXISTS (SELECT 1 FROM claims c{cwhere} AND c.doc_id = d.id)")
        params += cparams
    return "".join(f" AND {c}" for c in conditions), params


def search_page(
    store: Store,
    f: ClaimFilter,
    limit: int = 20,
    offset: int = 0,
    mark: tuple[str, str] = ("\ue000", "\ue001"),
) -> list[SearchHit]:
    """Documents matching ``f.query``, best first, with a snippet; the other fields of ``f`` filter.

    Ranks first and makes snippets after, for the page's rows only: a snippet costs a pass over
    a document's text, and a common word matches most documents. Raises ValueError for a query
    without words (see ``fts_match``).
    """
    match = fts_match(store, f.query or "")
    extra, params = search_filter_sql(store, f)
    join = " JOIN documents d ON d.id = f.doc_id" if extra else ""
    ranked = [
        r[0]
        for r in store.conn.execute(
            f"SELECT f.rowid FROM documents_fts f{join} WHERE documents_fts MATCH ?{extra}"
            " ORDER BY bm25(documents_fts) LIMIT ? OFFSET ?",
            [match, *params, limit, offset],
        )
    ]
    if not ranked:
        return []
    rows = store.conn.execute(
        "SELECT f.rowid, f.doc_id, d.name, d.title, d.published, snippet(documents_fts, 2, ?, ?, '…', 24)"
        " FROM documents_fts f JOIN documents d ON d.id = f.doc_id"
        f" WHERE documents_fts MATCH ? AND f.rowid IN ({', '.join('?' * len(ranked))})",
        [*mark, match, *ranked],
    )
    by_rowid = {r[0]: SearchHit(*r[1:]) for r in rows}
    return [by_rowid[r] for r in ranked if r in by_rowid]


def search_count(store: Store, f: ClaimFilter) -> int:
    """How many documents ``search_page`` would find in all."""
    match = fts_match(store, f.query or "")
    extra, params = search_filter_sql(store, f)
    join = " JOIN documents d ON d.id = f.doc_id" if extra else ""
    sql = f"SELECT count(*) FROM documents_fts f{join} WHERE documents_fts MATCH ?{extra}"
    return store.conn.execute(sql, [match, *params]).fetchone()[0]


def iter_claims(store: Store, f: ClaimFilter, chunk: int = 1000) -> Iterator[Claim]:
    """Every claim ``f`` selects, in stored order, fetched in chunks (see ``claims_after``)."""
    after = 0
    while True:
        claims, after = claims_after(store, f, after, chunk)
        yield from claims
        if len(claims) < chunk:
            return
