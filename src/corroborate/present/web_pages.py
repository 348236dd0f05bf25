"""The server-rendered pages: overview, figures, a claim's evidence, documents, sources, search, stories.

Every page is a Jinja2 template with autoescaping; the only markup built in Python comes from
``markupsafe.escape`` of the text pieces around a highlight. Charts get their data in
``<script type="application/json">`` blocks (``json_for_html``), drawn by the static web.js, so
no script is ever built from data. Filters and page numbers live in the query string, so every
view has a URL that can be shared.
"""

from __future__ import annotations

from dataclasses import replace
from math import ceil
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment
from markupsafe import Markup, escape

from corroborate.present.export import format_bounds
from corroborate.present.report_html import evidence_html, json_for_html, measure_label, safe_url
from corroborate.present.web_api import (
    MARKS,
    MAX_OFFSET,
    ApiError,
    Filter,
    checked_query,
    figure_filter,
    figure_list,
    not_empty,
)
from corroborate.present.web_charts import MAX_CHART_POINTS, chart_json
from corroborate.present.web_state import MEASURE_PAGE, FigureView, WebState
from corroborate.records import MODALITIES, Claim
from corroborate.store.queries import (
    NO_UNIT,
    ClaimFilter,
    chart_points,
    claim_by_id,
    claim_count,
    claim_page,
    document_count,
    document_page,
    search_count,
    search_page,
    source_count,
    source_page,
    unit_counts,
)
from corroborate.store.sqlite_store import SOURCE_KINDS, Store

__all__ = ["evidence_markup", "page_router", "search_snippet"]

PAGE_SIZE = 50
MAX_PAGE = MAX_OFFSET // PAGE_SIZE
MAX_TEXT_CHARS = 200_000  # longer texts are shown as a window around the evidence
TEXT_WINDOW = 40_000
MAX_MARKED_CLAIMS = 1000  # figures marked in a document's text
OVERVIEW_FIGURES = 30
OVERVIEW_STORIES = 20
MAX_STORY_DOCUMENTS = 500

PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]


def pager(request: Request, total: int, page: int, size: int | None = None) -> dict[str, Any]:
    """Where a page sits in its list, with the URLs of its neighbours (all other parameters kept)."""
    size = size or PAGE_SIZE
    pages = max(1, ceil(total / size))

    def url(n: int) -> str:
        u = request.url.include_query_params(page=n)
        return f"{u.path}?{u.query}"

    return {
        "page": page,
        "pages": pages,
        "total": total,
        "first": (page - 1) * size + 1 if total else 0,
        "last": min(total, page * size),
        "prev": url(page - 1) if page > 1 else None,
        "next": url(page + 1) if page < pages else None,
        "first_url": url(1) if page > 2 else None,
        "last_url": url(pages) if page < pages - 1 else None,
    }


def evidence_markup(text: str, c: Claim) -> tuple[Markup, bool]:
    """The document text with the claim's sentence wrapped and its figure marked, all escaped.

    Returns the markup and whether the spans matched the text (if not, the plain text, unmarked).
    A very long text is cut to a window around the sentence.
    """
    ss, se, fs, fe = c.sentence_start, c.sentence_end, c.start, c.end
    if not (0 <= ss <= fs < fe <= se <= len(text)) or text[fs:fe] != c.figure:
        return Markup(escape(text[:MAX_TEXT_CHARS])), False
    lo, hi = 0, len(text)
    if len(text) > MAX_TEXT_CHARS:
        lo, hi = max(0, ss - TEXT_WINDOW), min(len(text), se + TEXT_WINDOW)
    pieces = [
        Markup("… ") if lo else Markup(""),
        escape(text[lo:ss]),
        Markup('<span class="evidence" id="evidence">'),
        escape(text[ss:fs]),
        Markup("<mark>"),
        escape(text[fs:fe]),
        Markup("</mark>"),
        escape(text[fe:se]),
        Markup("</span>"),
        escape(text[se:hi]),
        Markup(" …") if hi < len(text) else Markup(""),
    ]
    return Markup("").join(pieces), True


def marked_document(text: str, claims: list[Claim]) -> Markup:
    """The document text with every claim's figure marked as a link to its evidence page."""
    pieces: list[Markup] = []
    pos = 0
    for c in sorted(claims, key=lambda c: (c.start, c.end)):
        if c.start < pos or not (0 <= c.start < c.end <= len(text)) or text[c.start : c.end] != c.figure:
            continue  # overlapping or stale spans are left unmarked rather than marked wrongly
        pieces += [
            escape(text[pos : c.start]),
            Markup('<a class="fig mod-{}" id="claim-{}" href="/claims/{}">').format(
                c.modality, c.id, quote(c.id)
            ),
            escape(text[c.start : c.end]),
            Markup("</a>"),
        ]
        pos = c.end
    pieces.append(escape(text[pos:MAX_TEXT_CHARS]))
    return Markup("").join(pieces)


def search_snippet(snippet: str) -> Markup:
    """A search snippet with its matches (between ``MARKS``) in ``<mark>``, the rest escaped."""
    out: list[Markup] = []
    for i, part in enumerate(snippet.replace(MARKS[1], MARKS[0]).split(MARKS[0])):
        out.append(Markup("<mark>{}</mark>").format(part) if i % 2 else escape(part))
    return Markup("").join(out)


def page_router(state: WebState, env: Environment) -> APIRouter:
    """The HTML pages, reading through ``state`` and rendering with ``env``."""
    router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

    def render(request: Request, template: str, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(template).render(request=request, **context))

    def filter_context(store: Store, f: ClaimFilter) -> dict[str, Any]:
        return {
            "f": f,
            "measures": [m.measure for m in state.measures(store)],
            "modalities": MODALITIES,
        }

    @router.get("/")
    def overview(request: Request) -> HTMLResponse:
        store = state.store()
        counts = state.cached(store, ("counts",), store.counts)
        first, last = state.cached(store, ("span",), store.published_span)
        figs = state.figures(store)
        measures = state.measures(store)
        stories = state.stories(store)
        listed, total = figure_list(
            figs.items, {m.measure: m.claims for m in measures}, None, 0, OVERVIEW_FIGURES
        )
        return render(
            request,
            "overview.html.j2",
            nav="overview",
            counts=counts,
            first=first,
            last=last,
            figures_computed=figs.computed,
            figures=listed,
            figures_total=total,
            figures_note=figs.note,
            measures={m.measure: m for m in measures},
            stories=stories.items[:OVERVIEW_STORIES],
            stories_total=len(stories.items),
            stories_note=stories.note,
            documents=document_page(store, 10, 0),
            sources=state.cached(store, ("top-sources",), lambda: source_page(store, 10, 0)),
        )

    @router.get("/figures")
    def figures(
        request: Request,
        measure: Annotated[str | None, Query(max_length=100)] = None,
        page: PageNumber = 1,
    ) -> HTMLResponse:
        store = state.store()
        figs = state.figures(store)
        measures = state.measures(store)
        counts = {m.measure: m.claims for m in measures}
        offset = (page - 1) * PAGE_SIZE
        listed, total = figure_list(figs.items, counts, not_empty(measure), offset, PAGE_SIZE)
        return render(
            request,
            "figures.html.j2",
            nav="figures",
            figures=listed,
            summaries={m.measure: m for m in measures},
            measure=not_empty(measure),
            computed=figs.computed,
            note=figs.note,
            pager=pager(request, total, page),
        )

    @router.get("/figures/{figure_id}")
    def figure(request: Request, figure_id: str, f: Filter, page: PageNumber = 1) -> HTMLResponse:
        store = state.store()
        fig = state.figure(store, figure_id)
        if fig is None:
            raise ApiError(404, "not_found", f"There is no figure {figure_id!r}.")
        checked_query(store, f)
        cf = figure_filter(fig, f)
        view = state.cached(store, ("figure-view", fig, cf), lambda: figure_view(store, fig, cf, f.unit))
        rows = state.claim_page(store, cf, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        return render(
            request,
            "figure.html.j2",
            nav="figures",
            fig=fig,
            note=figure_note(state, store, fig),
            consensus=view["chart_info"]["consensus"],
            chart=view["chart"],
            chart_info=view["chart_info"],
            chart_unit=view["chart_unit"],
            units=view["units"],
            rows=rows,
            pager=pager(request, view["total"], page),
            csv_url=csv_url(request, fig),
            **filter_context(store, f),
        )

    @router.get("/claims/{claim_id}")
    def claim(request: Request, claim_id: str) -> HTMLResponse:
        store = state.store()
        row = claim_by_id(store, claim_id)
        if row is None:
            raise ApiError(404, "not_found", f"There is no claim {claim_id!r}.")
        c = row.claim
        doc = store.document(c.doc_id)
        text, matched = evidence_markup(doc.text if doc else "", c)
        in_figures = state.figures(store).holding(c.id)
        return render(
            request,
            "claim.html.j2",
            nav="figures",
            row=row,
            c=c,
            bounds=format_bounds(c.value_low, c.value_high, c.approx, c.vague, c.unit),
            doc=doc,
            doc_url=safe_url(row.url),
            text=text,
            matched=matched,
            sentence=evidence_html(c),
            occurrences=store.occurrences(c.doc_id),
            others=[r for r in claim_page(store, ClaimFilter(doc_id=c.doc_id), 200, 0) if r.claim.id != c.id],
            figures=in_figures,
            measure_label=measure_label(c.measure),
            stories=state.stories(store).holding(c.doc_id),
        )

    @router.get("/documents")
    def documents(request: Request, f: Filter, page: PageNumber = 1) -> HTMLResponse:
        store = state.store()
        total = document_count(store, f)
        return render(
            request,
            "documents.html.j2",
            nav="documents",
            f=f,
            rows=document_page(store, PAGE_SIZE, (page - 1) * PAGE_SIZE, f),
            pager=pager(request, total, page),
        )

    @router.get("/documents/{doc_id}")
    def document(request: Request, doc_id: str, page: PageNumber = 1) -> HTMLResponse:
        store = state.store()
        doc = store.document(doc_id)
        if doc is None:
            raise ApiError(404, "not_found", f"There is no document {doc_id!r}.")
        f = ClaimFilter(doc_id=doc_id)
        total = claim_count(store, f)
        marked = [r.claim for r in claim_page(store, f, MAX_MARKED_CLAIMS, 0)]
        return render(
            request,
            "document.html.j2",
            nav="documents",
            doc=doc,
            doc_url=safe_url(doc.url),
            text=marked_document(doc.text, marked),
            truncated=len(doc.text) > MAX_TEXT_CHARS,
            rows=claim_page(store, f, PAGE_SIZE, (page - 1) * PAGE_SIZE),
            pager=pager(request, total, page),
            occurrences=store.occurrences(doc_id),
            stories=state.stories(store).holding(doc_id),
        )

    @router.get("/sources")
    def sources(
        request: Request,
        kind: Annotated[str | None, Query(pattern="^(" + "|".join(SOURCE_KINDS) + ")?$")] = None,
        page: PageNumber = 1,
    ) -> HTMLResponse:
        store = state.store()
        kind = kind or None
        total = source_count(store, kind)
        return render(
            request,
            "sources.html.j2",
            nav="sources",
            kind=kind,
            kinds=SOURCE_KINDS,
            rows=source_page(store, PAGE_SIZE, (page - 1) * PAGE_SIZE, kind),
            pager=pager(request, total, page),
        )

    @router.get("/search")
    def search(
        request: Request,
        f: Filter,
        result: Annotated[str | None, Query(alias="type", pattern="^(documents|claims)?$")] = None,
        page: PageNumber = 1,
    ) -> HTMLResponse:
        store = state.store()
        checked_query(store, f)
        kind = result or ("documents" if f.query else "claims")
        if kind == "documents" and not f.query:
            kind = "claims"
        # counts scan every match: kept until the database changes, so paging through is quick
        n_docs = state.cached(store, ("search-count", f), lambda: search_count(store, f)) if f.query else 0
        n_claims = state.cached(store, ("claim-count", f), lambda: claim_count(store, f))
        offset = (page - 1) * PAGE_SIZE
        # ranking reads every match's doclist: a page of results is kept until the database changes
        hits = (
            state.cached(
                store, ("search", f, offset), lambda: search_page(store, f, PAGE_SIZE, offset, MARKS)
            )
            if kind == "documents"
            else []
        )
        rows = state.claim_page(store, f, PAGE_SIZE, offset) if kind == "claims" else []
        return render(
            request,
            "search.html.j2",
            nav="search",
            kind=kind,
            hits=[(h, search_snippet(h.snippet)) for h in hits],
            rows=rows,
            n_docs=n_docs,
            n_claims=n_claims,
            tab_urls={t: tab_url(request, t) for t in ("documents", "claims")},
            pager=pager(request, n_docs if kind == "documents" else n_claims, page),
            **filter_context(store, f),
        )

    @router.get("/stories")
    def stories(request: Request, page: PageNumber = 1) -> HTMLResponse:
        found = state.stories(state.store())
        return render(
            request,
            "stories.html.j2",
            nav="stories",
            stories=found.items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
            note=found.note,
            pager=pager(request, len(found.items), page),
        )

    @router.get("/stories/{story_id}")
    def story(request: Request, story_id: str) -> HTMLResponse:
        store = state.store()
        found = state.stories(store)
        s = found.by_id.get(story_id)
        if s is None:
            raise ApiError(
                404,
                "not_found",
                f"There is no story {story_id!r}." + (f" {found.note}" if found.note else ""),
            )
        docs = [d for d in (store.document(i) for i in s.doc_ids[:MAX_STORY_DOCUMENTS]) if d is not None]
        figures = state.figures(store).by_id
        return render(
            request,
            "story.html.j2",
            nav="stories",
            story=s,
            docs=docs,
            figures=[figures[i] for i in s.figure_ids if i in figures],
        )

    return router


def figure_view(store: Store, fig: FigureView, cf: ClaimFilter, unit: str | None) -> dict[str, Any]:
    """What a figure page shows whatever its page number: units, chart and count (one cache entry).

    The chart draws one unit: the one asked for, else the commonest among the claims.
    """
    units = unit_counts(store, cf)
    chart_unit = unit or (units[0][0] or NO_UNIT if units else None)
    shown_unit = None if chart_unit in (None, NO_UNIT) else chart_unit
    data = chart_json(fig, shown_unit, chart_points(store, replace(cf, unit=chart_unit), MAX_CHART_POINTS))
    return {
        "units": units,
        "chart_unit": chart_unit,
        "chart": json_for_html(data),
        "chart_info": {k: v for k, v in data.items() if k != "series"},
        "total": claim_count(store, cf),
    }


def figure_note(state: WebState, store: Store, fig: FigureView) -> str | None:
    """What a figure page says about where its figure comes from."""
    figs = state.figures(store)
    if fig.computed:
        return figs.note  # None, or "being updated"
    return MEASURE_PAGE if figs.computed else figs.note


def csv_url(request: Request, fig: FigureView) -> str:
    """The CSV download of a figure page's claims, with the page's filters."""
    params = dict(request.query_params)
    params.pop("page", None)
    if fig.claim_ids is None:
        params["measure"] = fig.measure
    from urllib.parse import urlencode

    return "/api/claims.csv?" + urlencode(params)


def tab_url(request: Request, kind: str) -> str:
    """The search URL showing the other kind of result, from its first page."""
    u = request.url.remove_query_params("page").include_query_params(type=kind)
    return f"{u.path}?{u.query}"
