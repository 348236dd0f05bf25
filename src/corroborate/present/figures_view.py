"""Figures for people and tools: a terminal table, JSON lines, and the report's figure section.

:func:`figure_to_json` is the export contract of ``corroborate figures --format jsonl``: one
object per figure with its consensus, the plain majority and median beside it, the claim ids
for and against it, its origins and sources, and its timeline. :func:`figure_series` gives the
report, per thing measured, a table row per period and the data of one chart: every claim as
a range on a row per date and source, coloured by what it does to the consensus, with the
consensus band of each period behind them. The report turns that data into a JSON block; no
text from an article reaches the page any other way.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from rich.table import Table
from rich.text import Text

from corroborate.present.export import format_bounds, format_number, plain_number
from corroborate.reconcile.figures import UNDATED, Figure, FigureConfig, Reconciled, build_figures
from corroborate.records import Claim
from corroborate.store.sqlite_store import Store

__all__ = [
    "ROLES",
    "claims_text",
    "consensus_text",
    "figure_series",
    "figure_to_json",
    "figures_from_store",
    "figures_table",
    "store_figures",
    "web_figure_rows",
    "web_figures",
    "write_figures_jsonl",
]

#: What a claim does to its figure's consensus, in legend order, with the colour it is drawn in
#: (Tableau 10: blue agrees, orange is an outlier, red denies, grey is set aside).
ROLES = (
    ("supports", "supports the consensus", "#4e79a7"),
    ("dissents", "outlier: excludes the consensus", "#f28e2b"),
    ("denies", "denial", "#e15759"),
    ("excluded", "hypothetical: left out", "#bab0ac"),
    ("open", "no consensus", "#76b7b2"),
)
MIN_CHART_CLAIMS = 2  # one claim is said in the table; a chart is for comparing claims
MAX_DATED_ROWS = 40  # beyond this many (date, source) rows a chart groups its rows by period
UNATTRIBUTED = "unattributed"


def figures_from_store(store: Store, config: FigureConfig | None = None) -> Reconciled:
    """Every figure of a store: its claims reconciled, each counted once per independent origin.

    The origins are the provenance stage's when the store has them (``update_provenance``); else
    documents are read in full and ``reconcile.figures.claim_origins`` finds near-copies.
    """
    from corroborate.store.provenance_store import claim_origin_docs  # imported late: no cycle

    origins = claim_origin_docs(store) or None
    documents = store.documents(text=origins is None)
    return build_figures(store.claims(), documents, config or FigureConfig(), origins=origins)


def web_figures(store: Store) -> list[dict[str, Any]]:
    """The figures as the web app reads them (``present/web_state.installed_figures``)."""
    return web_figure_rows(figures_from_store(store))


def web_figure_rows(reconciled: Reconciled) -> list[dict[str, Any]]:
    """Each figure as a JSON object: what ``analyze`` stores and the web app shows."""
    # imported here: report_html imports this module for the report's figure section
    from corroborate.present.report_html import measure_label

    out = []
    for f in reconciled.figures:
        parts = [measure_label(f.measure) + (" (running total)" if f.cumulative else "")]
        parts += [p for p in (f.actor, f"in {f.where}" if f.where else None, f.period) if p]
        out.append(
            {
                "id": f.id,
                "label": " · ".join(parts),
                "measure": f.measure,
                "unit": f.unit,
                "claim_ids": list(f.claims),
                "point": f.point,
                "low": f.low,
                "high": f.high,
                "status": f.status,
            }
        )
    return out


def store_figures(store: Store) -> int:
    """Reconcile every figure of ``store`` and keep them in it for readers; return how many."""
    from corroborate.store.figure_store import save_figures

    return save_figures(store, web_figure_rows(figures_from_store(store)))


def consensus_text(f: Figure) -> str:
    """The consensus for people: "12,000 (10,000–12,000)", "≤ 100,000", or "none"."""
    if f.low is None and f.high is None:
        return "none"
    band = format_bounds(f.low if f.low else None, f.high, unit=f.unit) if f.low != f.high else ""
    if f.point is None:
        return band or format_bounds(f.low, f.high, unit=f.unit)
    point = format_number(f.point, f.unit)
    return f"{point} ({band})" if band else point


def _what(f: Figure) -> str:
    parts = [f.measure + (" (running total)" if f.cumulative else "")]
    if f.actor:
        parts.append(f.actor)
    if f.where:
        parts.append(f"in {f.where}")
    return " · ".join(parts)


def claims_text(f: Figure) -> str:
    """What the claims do to the consensus, zeros left out: "2 for · 1 outlier · 3 hypothetical"."""
    counts = (
        (len(f.supporting), "for"),
        (len(f.dissenting), "outlier" if len(f.dissenting) == 1 else "outliers"),
        (len(f.contradicting), "denial" if len(f.contradicting) == 1 else "denials"),
        (len(f.excluded), "hypothetical"),
    )
    return " · ".join(f"{n} {what}" for n, what in counts if n) or "none"


def figures_table(figures: Iterable[Figure]) -> Table:
    """A terminal table: one row per figure and period, consensus beside the plain baselines."""
    table = Table(header_style="bold")
    for name, style in (
        ("figure", "magenta"),
        ("period", "dim"),
        ("consensus", "bold cyan"),
        ("status", ""),
        ("majority", ""),
        ("median", ""),
        ("claims", ""),
        ("origins", ""),
        ("sources", "green"),
    ):
        table.add_column(name, style=style or None, overflow="fold")
    for f in figures:
        sources = "; ".join(f.sources[:2]) + (f" +{len(f.sources) - 2}" if len(f.sources) > 2 else "")
        cells = (
            _what(f),
            f.period,
            consensus_text(f),
            f.status,
            "" if f.majority is None else format_number(f.majority, f.unit),
            "" if f.median is None else format_number(f.median, f.unit),
            claims_text(f),
            f"{f.independent_origins} of {len(f.origins)}",
            sources,
        )
        table.add_row(*(Text(cell) for cell in cells))  # Text: article words may look like markup
    return table


def figure_to_json(f: Figure) -> dict[str, Any]:
    """The figure as a JSON-ready dict (whole numbers as ints, open bounds as null)."""
    return {
        "id": f.id,
        "series": f.series,
        "measure": f.measure,
        "unit": f.unit,
        "actor": f.actor,
        "where": f.where,
        "period": f.period,
        "cumulative": f.cumulative,
        "status": f.status,
        "consensus": {
            "point": plain_number(f.point),
            "low": plain_number(f.low),
            "high": plain_number(f.high),
            "confidence": round(f.confidence, 4),
            "independent_support": round(f.independent_support, 4),
        },
        "majority": plain_number(f.majority),
        "median": plain_number(f.median),
        "claims": list(f.claims),
        "supporting": list(f.supporting),
        "dissenting": list(f.dissenting),
        "contradicting": list(f.contradicting),
        "excluded": list(f.excluded),
        "independent_origins": f.independent_origins,
        "origins": list(f.origins),
        "sources": list(f.sources),
        "documents": list(f.documents),
        "timeline": [
            {
                "claim": e.claim,
                "date": e.date,
                "doc": e.doc,
                "doc_id": e.doc_id,
                "start": e.start,
                "source": e.source,
                "figure": e.figure,
                "low": plain_number(e.low),
                "high": plain_number(e.high),
                "modality": e.modality,
                "origin": e.origin,
                "role": e.role,
                "new_information": e.new_information,
            }
            for e in f.timeline
        ],
    }


def write_figures_jsonl(figures: Iterable[Figure], out: TextIO) -> int:
    """Write one JSON object per figure; returns how many were written."""
    n = 0
    for f in figures:
        out.write(json.dumps(figure_to_json(f), ensure_ascii=False) + "\n")
        n += 1
    return n


def _period_order(period: str) -> tuple[bool, str]:
    return (period == UNDATED, period)


def figure_series(figures: Iterable[Figure], claims: Mapping[str, Claim]) -> list[dict[str, Any]]:
    """Per thing measured (its figures across periods), what the report shows: rows and a chart.

    ``claims`` maps claim ids to claims, for the quotes the chart shows on hover. Series come in
    the order of their first figure; periods in time order, undated last. A series of a single
    claim gets no chart (``None``).
    """
    series: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        series[f.series].append(f)
    out = []
    for sid, members in series.items():
        members.sort(key=lambda f: _period_order(f.period))
        first = members[0]
        out.append(
            {
                "series": sid,
                "measure": first.measure,
                "actor": first.actor,
                "where": first.where,
                "cumulative": first.cumulative,
                "title": _what(first),
                "claims": sum(len(f.claims) for f in members),
                "rows": [_row(f) for f in members],
                "chart": _chart(members, claims)
                if sum(len(f.claims) for f in members) >= MIN_CHART_CLAIMS
                else None,
            }
        )
    return out


def _row(f: Figure) -> dict[str, Any]:
    return {
        "period": f.period,
        "consensus": consensus_text(f),
        "status": f.status,
        "majority": "" if f.majority is None else format_number(f.majority, f.unit),
        "median": "" if f.median is None else format_number(f.median, f.unit),
        "supporting": len(f.supporting),
        "dissenting": len(f.dissenting),
        "contradicting": len(f.contradicting),
        "excluded": len(f.excluded),
        "independent_origins": f.independent_origins,
        "origins": len(f.origins),
        "repeats": sum(not e.new_information for e in f.timeline),
        "sources": list(f.sources),
    }


def _chart(figures: list[Figure], claims: Mapping[str, Claim]) -> dict[str, Any]:
    """The chart data, in the shape report.js draws: rows ("sources"), claims, and consensus bands."""
    entries = [(f, e) for f in figures for e in f.timeline]
    by_date = len({(e.date, e.source) for _, e in entries}) <= MAX_DATED_ROWS

    def row_label(f: Figure, source: str | None, date: str | None) -> str:
        when = (date or UNDATED) if by_date else f.period
        return f"{when} · {source or UNATTRIBUTED}"

    rows: list[str] = []
    row_index: dict[tuple[str, str], int] = {}
    docs: list[dict[str, str | None]] = []
    doc_index: dict[tuple[str, str | None], int] = {}
    plotted = []
    bands = []
    role_index = {name: k for k, (name, _, _) in enumerate(ROLES)}
    for f in figures:  # periods in order, so each period's rows are contiguous
        first_row = len(rows)
        for e in sorted(
            f.timeline, key=lambda e: (e.date or "9999", (e.source or "~").lower(), e.doc, e.start)
        ):
            label = row_label(f, e.source, e.date)
            if (f.period, label) not in row_index:  # keyed by period too: its rows stay together
                row_index[(f.period, label)] = len(rows)
                rows.append(label)
            doc_key = (e.doc, e.date)
            if doc_key not in doc_index:
                doc_index[doc_key] = len(docs)
                docs.append({"name": e.doc, "date": e.date})
            c = claims.get(e.claim)
            plotted.append(
                {
                    "low": plain_number(e.low),
                    "high": plain_number(e.high),
                    "approx": bool(c and c.approx),
                    "vague": bool(c and c.vague),
                    # repeats of a counted origin and hypotheticals are drawn faint
                    "faded": e.role == "excluded" or not e.new_information,
                    "source": row_index[(f.period, label)],
                    "doc": doc_index[doc_key],
                    "group": role_index[e.role],
                    "bounds": format_bounds(e.low, e.high, bool(c and c.approx), bool(c and c.vague), f.unit),
                    "quote": c.quote if c else e.figure,
                    "counted": (c.counted if c else f.measure) + ("" if e.new_information else " (repeat)"),
                    "modality": e.modality,
                    "time": f.period,
                }
            )
        if f.low is not None or f.high is not None:
            bands.append(
                {
                    "low": plain_number(f.low),
                    "high": plain_number(f.high),
                    "point": plain_number(f.point),
                    "rows": [first_row, len(rows) - 1],
                    "status": f.status,
                    "label": f"{f.period}: {consensus_text(f)} ({f.status})",
                }
            )
    first = figures[0]
    return {
        "kind": "figure",
        "title": _what(first),
        "unit": first.unit,
        "axis": first.measure.replace("_", " ") + (f" ({first.unit})" if first.unit else ""),
        "sources": rows,
        "documents": docs,
        "groups": [label for _, label, _ in ROLES],
        "colors": [colour for _, _, colour in ROLES],
        "group_title": "Claim:",
        "claims": plotted,
        "bands": bands,
    }
