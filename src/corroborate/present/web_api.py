"""The JSON API under ``/api/``: documents, claims (also as CSV), figures, stories, sources, search.

Every list takes ``limit`` and ``offset`` and answers ``{"items", "total", "limit", "offset",
"next", "prev"}``, where ``next``/``prev`` are the URLs of the neighbouring pages. Every error,
whatever raised it, has one shape: ``{"error": {"status", "code", "message", "detail"}}`` (see
``web_app.error_response``). Filters are query parameters, so every answer has a shareable URL.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from corroborate.present.export import claim_to_json, plain_number, write_csv
from corroborate.present.report_html import safe_url
from corroborate.present.web_state import MEASURE_PAGE, FigureView, StoryView, WebState
from corroborate.records import MODALITIES
from corroborate.store.queries import (
    ClaimFilter,
    ClaimRow,
    DocumentRow,
    claim_by_id,
    claim_count,
    claims_after,
    document_count,
    document_page,
    fts_match,
    search_count,
    search_page,
    source_count,
    source_page,
)
from corroborate.store.sqlite_store import SOURCE_KINDS, Store

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "ApiError",
    "Page",
    "api_router",
    "claim_filter",
    "claim_json",
    "figure_json",
    "figure_list",
    "page_links",
    "split_marks",
]

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000  # larger offsets would overflow SQLite's integers; nothing is that deep
CSV_CHUNK = 2000  # claims per query while streaming a CSV download
MARKS = ("\ue000", "\ue001")  # private-use characters around search matches: they never occur in text

DATE_PATTERN = r"^(\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?)?$"
MODALITY_PATTERN = "^(" + "|".join(MODALITIES) + ")?$"
KIND_PATTERN = "^(" + "|".join(SOURCE_KINDS) + ")?$"

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]


class ApiError(Exception):
    """An error answered with the API's one error shape (and an HTML page outside ``/api/``)."""

    def __init__(self, status: int, code: str, message: str, detail: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.detail = detail


class ErrorBody(BaseModel):
    """What went wrong."""

    status: int = Field(description="The HTTP status, repeated.")
    code: str = Field(description="Machine-readable reason: bad_parameter, not_found, ...")
    message: str = Field(description="What was wrong and how to fix it.")
    detail: Any = Field(None, description="Per-parameter problems, when there are several.")


class ErrorOut(BaseModel):
    """The shape of every API error."""

    error: ErrorBody


class Page(BaseModel):
    """A page of a list."""

    items: list[dict[str, Any]]
    total: int = Field(description="Items matching, over all pages.")
    limit: int
    offset: int
    next: str | None = Field(description="URL of the next page, or null on the last.")
    prev: str | None = Field(description="URL of the previous page, or null on the first.")


class FigurePage(Page):
    """A page of figures, saying whether they are reconciled ones."""

    computed: bool = Field(description="False while reconciliation has not run: figures are then measures.")
    note: str | None


class StoryPage(Page):
    """A page of stories, saying whether provenance has grouped any yet."""

    computed: bool
    note: str | None


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "No such item."},
    422: {"model": ErrorOut, "description": "A query parameter is invalid."},
}


def not_empty(value: str | None) -> str | None:
    """A form field left empty means no filter."""
    return value if value else None


def claim_filter(
    measure: Annotated[
        str | None, Query(max_length=100, description="Measure, e.g. troops_deployed.")
    ] = None,
    source: Annotated[str | None, Query(max_length=500, description="Source, any spelling.")] = None,
    modality: Annotated[
        str | None, Query(pattern=MODALITY_PATTERN, description="One of the modalities.")
    ] = None,
    place: Annotated[str | None, Query(max_length=200, description="Part of the place name.")] = None,
    unit: Annotated[
        str | None, Query(max_length=40, description="A unit (USD, percent), or `count`.")
    ] = None,
    date_from: Annotated[
        str | None,
        Query(alias="from", pattern=DATE_PATTERN, description="Published on or after (YYYY[-MM[-DD]])."),
    ] = None,
    date_to: Annotated[
        str | None,
        Query(alias="to", pattern=DATE_PATTERN, description="Published on or before (YYYY[-MM[-DD]])."),
    ] = None,
    q: Annotated[str | None, Query(max_length=500, description="Full-text query on the articles.")] = None,
    doc_id: Annotated[str | None, Query(max_length=200, description="Only claims of this document.")] = None,
) -> ClaimFilter:
    """The claim filter given by the query parameters (shared by pages and API)."""
    return ClaimFilter(
        measure=not_empty(measure),
        source=not_empty(source and source.strip()),
        modality=not_empty(modality),
        place=not_empty(place and place.strip()),
        unit=not_empty(unit),
        date_from=not_empty(date_from),
        date_to=not_empty(date_to),
        query=not_empty(q and q.strip()),
        doc_id=not_empty(doc_id),
    )


Filter = Annotated[ClaimFilter, Depends(claim_filter)]


def checked_query(store: Store, f: ClaimFilter) -> None:
    """Raise a 422 ApiError if the full-text part of ``f`` has nothing to search for."""
    if f.query is not None:
        try:
            fts_match(store, f.query)
        except ValueError as e:
            raise ApiError(422, "bad_query", str(e), {"parameter": "q"}) from None


def page_links(request: Request, total: int, limit: int, offset: int, name: str = "offset") -> dict[str, Any]:
    """``next`` and ``prev`` URLs (path and query, so they work behind any host name)."""

    def link(to: int) -> str:
        url = request.url.include_query_params(**{name: to})
        return f"{url.path}?{url.query}"

    return {
        "next": link(offset + limit) if offset + limit < total else None,
        "prev": link(max(0, offset - limit)) if offset > 0 else None,
    }


def page_json(
    request: Request, items: list[dict[str, Any]], total: int, limit: int, offset: int
) -> dict[str, Any]:
    """A list answer."""
    return {
        "items": items,
        "total": total,
        "limit": limit,
        "offset": offset,
        **page_links(request, total, limit, offset),
    }


def claim_json(row: ClaimRow) -> dict[str, Any]:
    """A claim as the API gives it: the export fields, its document's metadata and links."""
    c = row.claim
    out = claim_to_json(c)
    out["document"] = {
        "id": c.doc_id,
        "name": c.doc,
        "title": row.title,
        "published": row.published,
        "site": row.site,
        "url": safe_url(row.url),
    }
    out["links"] = {
        "self": f"/api/claims/{quote(c.id)}",
        "evidence": f"/claims/{quote(c.id)}",
        "document": f"/api/documents/{quote(c.doc_id)}",
    }
    return out


def document_json(d: DocumentRow) -> dict[str, Any]:
    """A document in a list: metadata, claim count and links (no text)."""
    return {
        "id": d.id,
        "name": d.name,
        "title": d.title,
        "published": d.published,
        "site": d.site,
        "url": safe_url(d.url),
        "kind": d.kind,
        "claims": d.claims,
        "links": {
            "self": f"/api/documents/{quote(d.id)}",
            "page": f"/documents/{quote(d.id)}",
            "claims": f"/api/claims?doc_id={quote(d.id)}",
        },
    }


def figure_json(f: FigureView, claims: int | None = None) -> dict[str, Any]:
    """A figure: what it counts, its consensus (when reconciled) and links."""
    consensus = None
    if f.computed and (f.value is not None or f.low is not None or f.high is not None):
        consensus = {"value": plain_number(f.value), "low": plain_number(f.low), "high": plain_number(f.high)}
    claims_link = (
        f"/api/figures/{quote(f.id)}"
        if f.claim_ids is not None
        else f"/api/claims?measure={quote(f.measure)}"
    )
    return {
        "id": f.id,
        "label": f.label,
        "measure": f.measure,
        "unit": f.unit,
        "computed": f.computed,
        "status": f.status,
        "consensus": consensus,
        "claims": claims,
        "story": f.story_id,
        "links": {
            "self": f"/api/figures/{quote(f.id)}",
            "page": f"/figures/{quote(f.id)}",
            "claims": claims_link,
        },
    }


def story_json(s: StoryView) -> dict[str, Any]:
    """A story: its articles and figures."""
    return {
        "id": s.id,
        "label": s.label,
        "documents": list(s.doc_ids),
        "figures": list(s.figure_ids),
        "first": s.first,
        "last": s.last,
        "links": {"self": f"/api/stories/{quote(s.id)}", "page": f"/stories/{quote(s.id)}"},
    }


def split_marks(snippet: str) -> tuple[str, list[list[int]]]:
    """A search snippet as plain text and the [start, end) spans of its matches."""
    text: list[str] = []
    spans: list[list[int]] = []
    pos = 0
    for i, part in enumerate(re.split(f"[{MARKS[0]}{MARKS[1]}]", snippet)):
        if i % 2:
            spans.append([pos, pos + len(part)])
        text.append(part)
        pos += len(part)
    return "".join(text), spans


def figure_list(
    figures: list[FigureView],
    measure_counts: dict[str, int],
    measure: str | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> tuple[list[tuple[FigureView, int]], int]:
    """A page of figures (of one measure, if given) with their claim counts, and how many there are.

    Reconciled figures come most claimed first (``WebState`` sorts them once per computation).
    """
    if measure is not None:
        figures = [f for f in figures if f.measure == measure]
    page = figures[offset : None if limit is None else offset + limit]
    return [
        (f, len(f.claim_ids) if f.claim_ids is not None else measure_counts.get(f.measure, 0)) for f in page
    ], len(figures)


def figure_filter(f: FigureView, base: ClaimFilter) -> ClaimFilter:
    """The claims of figure ``f``, narrowed by the filters the request gave."""
    if f.claim_ids is not None:
        return replace(base, claim_ids=f.claim_ids, measure=None)
    return replace(base, measure=f.measure)


def api_router(state: WebState) -> APIRouter:
    """The ``/api`` routes, reading through ``state``."""
    router = APIRouter(prefix="/api", responses=ERRORS)

    @router.get("/", tags=["about"], summary="What the API offers")
    def api_index() -> JSONResponse:
        return JSONResponse(
            {
                "documents": "/api/documents",
                "claims": "/api/claims",
                "claims_csv": "/api/claims.csv",
                "figures": "/api/figures",
                "stories": "/api/stories",
                "sources": "/api/sources",
                "search": "/api/search?q=...",
                "stats": "/api/stats",
                "openapi": "/openapi.json",
            }
        )

    @router.get("/stats", tags=["about"], summary="Counts of everything stored")
    def stats() -> JSONResponse:
        store = state.store()
        first, last = store.published_span()
        return JSONResponse({"counts": store.counts(), "published": {"first": first, "last": last}})

    @router.get(
        "/claims", tags=["claims"], response_model=Page, summary="Claims, filtered, in the order stored"
    )
    def claims(request: Request, f: Filter, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> JSONResponse:
        store = state.store()
        checked_query(store, f)
        rows = state.claim_page(store, f, limit, offset)
        total = state.cached(store, ("count", f), lambda: claim_count(store, f))
        return JSONResponse(page_json(request, [claim_json(r) for r in rows], total, limit, offset))

    @router.get(
        "/claims.csv",
        tags=["claims"],
        summary="Every claim the filters select, as CSV (the export columns)",
        response_class=StreamingResponse,
        responses={200: {"content": {"text/csv": {}}}},
    )
    def claims_csv(f: Filter) -> StreamingResponse:
        checked_query(state.store(), f)

        def chunks() -> Iterator[str]:
            after, first = 0, True
            while True:
                # state.store() each time: a streamed body may be produced on any worker thread
                batch, after = claims_after(state.store(), f, after, CSV_CHUNK)
                buf = io.StringIO()
                write_csv(batch, buf)
                text = buf.getvalue()
                yield text if first else text.split("\n", 1)[1]
                first = False
                if len(batch) < CSV_CHUNK:
                    return

        return StreamingResponse(
            chunks(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="claims.csv"'},
        )

    @router.get("/claims/{claim_id}", tags=["claims"], summary="One claim")
    def claim(claim_id: str) -> JSONResponse:
        row = claim_by_id(state.store(), claim_id)
        if row is None:
            raise ApiError(404, "not_found", f"no claim with id {claim_id!r}; list claims at /api/claims")
        return JSONResponse(claim_json(row))

    @router.get(
        "/documents", tags=["documents"], response_model=Page, summary="Documents, in the order added"
    )
    def documents(
        request: Request, f: Filter, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
    ) -> JSONResponse:
        store = state.store()
        rows = document_page(store, limit, offset, f)
        total = document_count(store, f)
        return JSONResponse(page_json(request, [document_json(d) for d in rows], total, limit, offset))

    @router.get(
        "/documents/{doc_id}",
        tags=["documents"],
        summary="One document with its clean text and where it was read",
    )
    def document(doc_id: str) -> JSONResponse:
        store = state.store()
        doc = store.document(doc_id)
        if doc is None:
            raise ApiError(
                404, "not_found", f"no document with id {doc_id!r}; list documents at /api/documents"
            )
        n = claim_count(store, ClaimFilter(doc_id=doc_id))
        row = DocumentRow(doc.id, doc.name, doc.title, doc.url, doc.site, doc.published, doc.kind, n)
        out = document_json(row)
        out["author"] = doc.author
        out["text"] = doc.text
        out["occurrences"] = [{"name": name, "origin": origin} for name, origin in store.occurrences(doc_id)]
        out["removed"] = [
            {"rule": r.rule, "start": r.start, "end": r.end, "text": r.text} for r in doc.removed
        ]
        return JSONResponse(out)

    @router.get(
        "/figures",
        tags=["figures"],
        response_model=FigurePage,
        summary="Figures: reconciled, or one per measure",
    )
    def figures(
        request: Request,
        measure: Annotated[
            str | None, Query(max_length=100, description="Only figures of this measure.")
        ] = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> JSONResponse:
        store = state.store()
        figs = state.figures(store)
        counts = {m.measure: m.claims for m in state.measures(store)}
        listed, total = figure_list(figs.items, counts, not_empty(measure), offset, limit)
        body = page_json(request, [figure_json(f, n) for f, n in listed], total, limit, offset)
        body.update(computed=figs.computed, note=figs.note)
        return JSONResponse(body)

    @router.get(
        "/figures/{figure_id}",
        tags=["figures"],
        response_model=Page,
        summary="One figure and a page of its claims",
    )
    def figure(
        request: Request, figure_id: str, f: Filter, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
    ) -> JSONResponse:
        store = state.store()
        fig = state.figure(store, figure_id)
        if fig is None:
            raise ApiError(404, "not_found", f"no figure with id {figure_id!r}; list figures at /api/figures")
        checked_query(store, f)
        cf = figure_filter(fig, f)
        total = state.cached(store, ("count", cf), lambda: claim_count(store, cf))
        body = page_json(
            request, [claim_json(r) for r in state.claim_page(store, cf, limit, offset)], total, limit, offset
        )
        body["figure"] = figure_json(fig, claim_count(store, figure_filter(fig, ClaimFilter())))
        body["note"] = MEASURE_PAGE if not fig.computed and state.figures(store).computed else None
        return JSONResponse(body)

    @router.get(
        "/stories", tags=["stories"], response_model=StoryPage, summary="Stories: articles grouped by event"
    )
    def stories(request: Request, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> JSONResponse:
        found = state.stories(state.store())
        items = found.items[offset : offset + limit]
        body = page_json(request, [story_json(s) for s in items], len(found.items), limit, offset)
        body.update(computed=found.computed, note=found.note)
        return JSONResponse(body)

    @router.get("/stories/{story_id}", tags=["stories"], summary="One story")
    def story(story_id: str) -> JSONResponse:
        found = state.stories(state.store())
        s = found.by_id.get(story_id)
        if s is None:
            hint = f" ({found.note})" if found.note else ""
            raise ApiError(404, "not_found", f"no story with id {story_id!r}{hint}")
        return JSONResponse(story_json(s))

    @router.get("/sources", tags=["sources"], response_model=Page, summary="Sources, most cited first")
    def sources(
        request: Request,
        kind: Annotated[str | None, Query(pattern=KIND_PATTERN, description="Only this kind.")] = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> JSONResponse:
        store = state.store()
        kind = not_empty(kind)
        rows = source_page(store, limit, offset, kind)
        items = [
            {
                "id": s.id,
                "name": s.name,
                "kind": s.kind,
                "claims": s.claims,
                "links": {"claims": f"/api/claims?source={quote(s.name)}"},
            }
            for s in rows
        ]
        return JSONResponse(page_json(request, items, source_count(store, kind), limit, offset))

    @router.get(
        "/search",
        tags=["search"],
        response_model=Page,
        summary="Full-text search of the articles, best match first",
    )
    def search(request: Request, f: Filter, limit: Limit = 20, offset: Offset = 0) -> JSONResponse:
        if f.query is None:
            raise ApiError(422, "bad_parameter", "search needs a query: add ?q=words", {"parameter": "q"})
        store = state.store()
        checked_query(store, f)
        items = []
        hits = state.cached(
            store, ("search", f, limit, offset), lambda: search_page(store, f, limit, offset, MARKS)
        )
        for hit in hits:
            snippet, spans = split_marks(hit.snippet)
            items.append(
                {
                    "doc_id": hit.doc_id,
                    "name": hit.name,
                    "title": hit.title,
                    "published": hit.published,
                    "snippet": snippet,
                    "matches": spans,
                    "links": {
                        "document": f"/api/documents/{quote(hit.doc_id)}",
                        "page": f"/documents/{quote(hit.doc_id)}",
                    },
                }
            )
        total = state.cached(store, ("search-count", f), lambda: search_count(store, f))
        return JSONResponse(page_json(request, items, total, limit, offset))

    return router
