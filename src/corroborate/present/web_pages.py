"""The server-rendered pages: overview, figures, a claim's evidence, documents, sources, search, stories.

Every page is a Jinja2 template with autoescaping; the only markup built in Python comes from
``markupsafe.escape`` of the text pieces around a highlight. Charts get their data in
``<script type="application/json">`` blocks (``json_for_html``), drawn by the static web.js, so
no script is ever built from data. Filters and page numbers live in the query string, so every
view has a URL that can be shared.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from math import ceil
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment
from markupsafe import Markup, escape

from corroborate.present.export import format_bounds, plain_number
from corroborate.present.report_html import evidence_html, json_for_html, measure_label, safe_url
from corroborate.present.web_api import (
    MARKS,
    MAX_OFFSET,
    ApiError,
    Filter,
    checked_query,
    figure_filter,
)
from corroborate.present.web_state import FIGURES_NOT_COMPUTED, STORIES_NOT_COMPUTED, FigureView, WebState
from corroborate.records import MODALITIES, Claim
from corroborate.store.queries import (
    NO_UNIT,
    ChartPoint,
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

__all__ = ["chart_json", "evidence_markup", "page_router", "search_snippet"]

PAGE_SIZE = 50
MAX_PAGE = MAX_OFFSET // PAGE_SIZE
CHART_SOURCES = 9  # sources drawn in their own colour; the rest share "other sources"
MAX_CHART_POINTS = 1500  # beyond this, a source's claims of one day merge into one point
MAX_TEXT_CHARS = 200_000  # longer texts are shown as a window around the evidence
TEXT_WINDOW = 40_000
MAX_MARKED_CLAIMS = 1000  # figures marked in a document's text
OTHER_SOURCES = "other sources"
UNATTRIBUTED = "unattributed"

PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]


def pager(request: Request, total: int, page: int, size: int = PAGE_SIZE) -> dict[str, Any]:
    """Where a page sits in its list, with the URLs of its neighbours (all other parameters kept)."""
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


def point_y(low: float | None, high: float | None) -> float | None:
    """Where a claimed range sits on the chart's value axis: its value, bound or middle."""
    if low is None:
        return high
    if high is None or low == high:
        return low
    return (low + high) / 2


def chart_json(
    fig: FigureView, unit: str | None, points: list[ChartPoint], aggregated: bool
) -> dict[str, Any]:
    """The data web.js draws: one series per source (the most cited ones), dated points first."""
    per_source = Counter(p.source or UNATTRIBUTED for p in points for _ in range(p.claims if aggregated else 1))
    ranked = [s for s, _ in per_source.most_common() if s != UNATTRIBUTED]
    named = ranked[:CHART_SOURCES]
    order = named + ([OTHER_SOURCES] if len(ranked) > CHART_SOURCES else [])
    if UNATTRIBUTED in per_source:
        order.append(UNATTRIBUTED)
    series: dict[str, dict[str, list[Any]]] = {
        s: {"x": [], "y": [], "low": [], "high": [], "approx": [], "n": [], "href": [], "text": []} for s in order
    }
    undated = 0
    values = []
    for p in points:
        name = p.source if p.source in named else (UNATTRIBUTED if p.source is None else OTHER_SOURCES)
        y = point_y(p.low, p.high)
        if y is None:
            continue
        if not p.published:
            undated += p.claims
        s = series[name]
        s["x"].append(p.published)
        s["y"].append(plain_number(y))
        s["low"].append(plain_number(p.low))
        s["high"].append(plain_number(p.high))
        s["approx"].append(p.approx)
        s["n"].append(p.claims)
        s["href"].append(f"/claims/{quote(p.claim_id)}" if p.claim_id else None)
        label = p.figure or format_bounds(p.low, p.high, unit=unit)
        s["text"].append(
            [label, p.counted or "", p.source or UNATTRIBUTED, p.modality or "", p.published or "undated", p.doc or ""]
        )
        values += [v for v in (p.low, p.high) if v is not None and v > 0]
    consensus = None
    if fig.computed and (fig.low is not None or fig.high is not None or fig.value is not None):
        consensus = {"value": fig.value, "low": fig.low, "high": fig.high}
    unit_text = "%" if unit == "percent" else unit
    return {
        "axis": fig.label + (f" ({unit_text})" if unit_text else ""),
        "aggregated": aggregated,
        "log": bool(values) and max(values) / min(values) > 1000,
        "series": [{"name": name, **series[name]} for name in order if series[name]["y"]],
        "undated": undated,
        "total": sum(per_source.values()),
        "consensus": consensus,
    }


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
        computed, figures = state.figures(store)
        measures = state.measures(store)
        stories_computed, stories = state.stories(store)
        return render(
            request,
            "overview.html.j2",
            nav="overview",
            counts=counts,
            first=first,
            last=last,
            figures_computed=computed,
            figures=figures[:30],
            figures_total=len(figures),
            figures_note=None if computed else FIGURES_NOT_COMPUTED,
            measures=measures,
            stories=stories[:20],
            stories_total=len(stories),
            stories_note=None if stories_computed else STORIES_NOT_COMPUTED,
            documents=document_page(store, 10, 0),
            sources=state.cached(store, ("top-sources",), lambda: source_page(store, 10, 0)),
        )

    @router.get("/figures")
    def figures(request: Request, page: PageNumber = 1) -> HTMLResponse:
        store = state.store()
        computed, items = state.figures(store)
        counts = {m.measure: m for m in state.measures(store)}
        return render(
            request,
            "figures.html.j2",
            nav="figures",
            figures=items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
            summaries=counts,
            note=None if computed else FIGURES_NOT_COMPUTED,
            pager=pager(request, len(items), page),
        )

    @router.get("/figures/{figure_id}")
    def figure(request: Request, figure_id: str, f: Filter, page: PageNumber = 1) -> HTMLResponse:
        store = state.store()
        fig = state.figure(store, figure_id)
        if fig is None:
            raise ApiError(404, "not_found", f"There is no figure {figure_id!r}.")
        checked_query(store, f)
        cf = figure_filter(fig, f)
        units = state.cached(store, ("units", cf), lambda: unit_counts(store, cf))
        chart_unit = f.unit or (units[0][0] or NO_UNIT if units else None)
        chart_filter = replace(cf, unit=chart_unit)
        points, aggregated = state.cached(
            store, ("chart", chart_filter), lambda: chart_points(store, chart_filter, MAX_CHART_POINTS)
        )
        unit = None if chart_unit in (None, NO_UNIT) else chart_unit
        chart = chart_json(fig, unit, points, aggregated)
        total = claim_count(store, cf)
        rows = claim_page(store, cf, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        return render(
            request,
            "figure.html.j2",
            nav="figures",
            fig=fig,
            note=None if fig.computed else FIGURES_NOT_COMPUTED,
            consensus=chart["consensus"],
            chart=json_for_html(chart),
            chart_info=chart,
            chart_unit=chart_unit,
            units=units,
            rows=rows,
            pager=pager(request, total, page),
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
        computed, figures = state.figures(store)
        in_figures = [fg for fg in figures if fg.claim_ids is not None and c.id in fg.claim_ids]
        _, stories = state.stories(store)
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
            stories=[s for s in stories if c.doc_id in s.doc_ids],
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
        _, stories = state.stories(store)
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
            stories=[s for s in stories if doc_id in s.doc_ids],
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
        type: Annotated[str | None, Query(pattern="^(documents|claims)?$")] = None,
        page: PageNumber = 1,
    ) -> HTMLResponse:
        store = state.store()
        checked_query(store, f)
        kind = type or ("documents" if f.query else "claims")
        if kind == "documents" and not f.query:
            kind = "claims"
        n_docs = search_count(store, f) if f.query else 0
        n_claims = claim_count(store, f)
        offset = (page - 1) * PAGE_SIZE
        hits = search_page(store, f, PAGE_SIZE, offset, MARKS) if kind == "documents" else []
        rows = claim_page(store, f, PAGE_SIZE, offset) if kind == "claims" else []
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
        computed, items = state.stories(state.store())
        return render(
            request,
            "stories.html.j2",
            nav="stories",
            stories=items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
            note=None if computed else STORIES_NOT_COMPUTED,
            pager=pager(request, len(items), page),
        )

    @router.get("/stories/{story_id}")
    def story(request: Request, story_id: str) -> HTMLResponse:
        store = state.store()
        computed, items = state.stories(store)
        found = next((s for s in items if s.id == story_id), None)
        if found is None:
            raise ApiError(404, "not_found", f"There is no story {story_id!r}." + ("" if computed else " " + STORIES_NOT_COMPUTED))
        docs = [d for d in (store.document(i) for i in found.doc_ids[:500]) if d is not None]
        _, figures = state.figures(store)
        return render(
            request,
            "story.html.j2",
            nav="stories",
            story=found,
            docs=docs,
            figures=[fg for fg in figures if fg.id in found.figure_ids],
        )

    return router


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
