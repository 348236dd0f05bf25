"""The HTML report: one self-contained file with every claim of a store, its evidence and charts.

The file needs no network: its stylesheet, its script and plotly.js (from the installed plotly
package) are inlined. Everything from the articles goes through Jinja2's autoescaping, and the
chart data sits in ``<script type="application/json">`` blocks whose ``<``, ``>`` and ``&`` are
JSON-escaped, so no article text can end a script or add markup; one static script reads the
blocks and draws the charts.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from plotly.offline import get_plotlyjs

from corroborate.present.export import format_bounds, plain_number
from corroborate.present.figures_view import figure_series, figures_from_store
from corroborate.present.provenance_view import LINK_COLOURS, story_section
from corroborate.records import MEASURES, Claim, Document
from corroborate.store.sqlite_store import Store

__all__ = ["evidence_html", "json_for_html", "render_report", "write_report"]

TEMPLATES = Path(__file__).parent / "templates"

#: Section headings for the measures; sections follow ``records.MEASURES``, unknown ones before "other".
MEASURE_LABELS = (
    ("troops_deployed", "Troops deployed"),
    ("troops_planned", "Troops planned or expected"),
    ("casualties_killed", "Killed"),
    ("casualties_wounded", "Wounded"),
    ("casualties_killed_or_wounded", "Killed or wounded"),
    ("captured", "Captured"),
    ("munitions", "Munitions"),
    ("weapons_systems", "Weapons systems"),
    ("money", "Money"),
    ("other", "Other figures"),
)
UNATTRIBUTED = "unattributed"
MAX_COLOUR_GROUPS = 10  # distinct colours a reader can tell apart (Tableau 10)
MAX_REJECTION_ROWS = 1000  # the summary above the list counts them all
MAX_FIGURE_SERIES = 40  # things measured shown with their figures; `corroborate figures` lists all


@dataclass(frozen=True, slots=True)
class ClaimView:
    """What the template shows of one claim."""

    claim: Claim
    bounds: str
    evidence: Markup
    doc_name: str
    doc_title: str | None
    doc_url: str | None  # only http(s) links; anything else is shown as text, never linked
    published: str | None


def json_for_html(value: Any) -> Markup:
    """JSON that is safe inside an HTML ``<script>`` block: ``<``, ``>``, ``&`` are \\u-escaped.

    Those characters only occur inside JSON strings, where the escapes mean the same thing, so
    the data parses back unchanged while no ``</script>`` or ``<!--`` can appear in the page.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    # U+2028/2029 are valid in JSON but end lines in older JavaScript parsers.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def safe_url(url: str | None) -> str | None:
    """The url if it is an absolute http(s) link; None for javascript:, data: and the like."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def evidence_html(c: Claim) -> Markup:
    """The claim's sentence with its quote underlined and the figure in ``<mark>``, all text escaped.

    The figure is found by its span (relative to the sentence), or else by its text; a sentence in
    which neither can be found is shown without highlight rather than with a wrong one.
    """
    s = c.sentence
    fs, fe = c.start - c.sentence_start, c.end - c.sentence_start
    if not (0 <= fs < fe <= len(s)) or s[fs:fe] != c.figure:
        found = s.find(c.figure) if c.figure else -1
        fs, fe = (found, found + len(c.figure)) if found >= 0 else (-1, -1)
    if fs < 0:
        return Markup(escape(s))
    # the last occurrence of the quote that starts at or before the figure
    qs = s.rfind(c.quote, 0, fs + len(c.quote)) if c.quote else -1
    qe = qs + len(c.quote)
    if not (0 <= qs <= fs and fe <= qe):
        qs = qe = -1
    pieces: list[Markup] = []
    if qs >= 0:
        pieces += [escape(s[:qs]), Markup('<span class="quote">'), escape(s[qs:fs])]
    else:
        pieces.append(escape(s[:fs]))
    pieces += [Markup("<mark>"), escape(s[fs:fe]), Markup("</mark>")]
    if qs >= 0:
        pieces += [escape(s[fe:qe]), Markup("</span>"), escape(s[qe:])]
    else:
        pieces.append(escape(s[fe:]))
    return Markup("").join(pieces)


def measure_order(measures: Iterable[str]) -> list[str]:
    """Measures in report order: the known ones as listed, unknown ones next, ``other`` last."""
    known = list(MEASURES)  # records.py lists them troops first, casualties next, other last
    present = set(measures)
    unknown = sorted(present - set(known))
    return (
        [m for m in known if m in present and m != "other"]
        + unknown
        + (["other"] if "other" in present else [])
    )


def measure_label(measure: str) -> str:
    """The heading of a measure's section."""
    return dict(MEASURE_LABELS).get(measure) or measure.replace("_", " ").capitalize()


def slug(text: str) -> str:
    """An HTML id fragment from any text."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... if two measures slug alike; remembered in ``taken``."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def claim_view(c: Claim, doc: Document | None) -> ClaimView:
    """Everything the template needs to show one claim."""
    return ClaimView(
        claim=c,
        bounds=format_bounds(c.value_low, c.value_high, c.approx, c.vague, c.unit),
        evidence=evidence_html(c),
        doc_name=doc.name if doc else c.doc,
        doc_title=doc.title if doc else None,
        doc_url=safe_url(doc.url) if doc else None,
        published=doc.published if doc else None,
    )


def period(published: str | None, grain: str) -> str:
    """The day, ISO week, month or year of a publication date, as a legend label."""
    try:
        day = date.fromisoformat((published or "")[:10])
    except ValueError:
        return "undated"
    if grain == "day":
        return day.isoformat()
    if grain == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()[: 7 if grain == "month" else 4]


def colour_groups(docs: list[tuple[str, str]]) -> tuple[list[str], list[int]]:
    """Legend labels and each document's colour group: the article itself while there are few,
    else the finest period of publication (day, week, month, year) that keeps the legend short."""
    if len(docs) <= MAX_COLOUR_GROUPS:
        return [f"{d} · {name}" if d else name for name, d in docs], list(range(len(docs)))
    for grain in ("day", "week", "month", "year"):
        keys = [period(d, grain) for _, d in docs]
        if len(set(keys)) <= MAX_COLOUR_GROUPS:
            break
    labels = sorted(set(keys), key=lambda k: (k == "undated", k))
    return labels, [labels.index(k) for k in keys]


def chart_data(measure: str, unit: str | None, views: list[ClaimView]) -> dict[str, Any]:
    """The data one chart draws: claimed ranges, by source (rows) and article or date (colours)."""
    per_source = Counter(v.claim.source or UNATTRIBUTED for v in views)
    sources = sorted(per_source, key=lambda s: (s == UNATTRIBUTED, -per_source[s], s.lower()))
    source_index = {s: i for i, s in enumerate(sources)}
    docs = sorted({(v.doc_name, v.published or "") for v in views}, key=lambda d: (d[1] or "9999", d[0]))
    doc_index = {d: i for i, d in enumerate(docs)}
    groups, group_of = colour_groups(docs)
    claims = []
    for v in views:
        c = v.claim
        doc = doc_index[(v.doc_name, v.published or "")]
        claims.append(
            {
                "low": plain_number(c.value_low),
                "high": plain_number(c.value_high),
                "approx": c.approx,
                "vague": c.vague,
                "faded": c.modality in ("hypothetical", "denied"),
                "source": source_index[c.source or UNATTRIBUTED],
                "doc": doc,
                "group": group_of[doc],
                "bounds": v.bounds,
                "quote": c.quote,
                "counted": c.counted,
                "modality": c.modality,
                "time": c.time,
            }
        )
    return {
        "title": measure_label(measure),
        "unit": unit,
        "axis": measure_label(measure) + (f" ({'%' if unit == 'percent' else unit})" if unit else ""),
        "sources": sources,
        "documents": [{"name": name, "date": d} for name, d in docs],
        "groups": groups,
        "group_title": "Article:"
        if len(groups) == len(docs) and len(docs) <= MAX_COLOUR_GROUPS
        else "Published:",
        "claims": claims,
    }


def report_context(store: Store, title: str) -> dict[str, Any]:
    """Everything the template shows, read from the store."""
    counts = store.counts()
    docs = {d.id: d for d in store.documents(text=False)}
    by_measure: dict[str, list[ClaimView]] = defaultdict(list)
    for c in store.claims():
        by_measure[c.measure].append(claim_view(c, docs.get(c.doc_id)))
    sections = []
    taken: set[str] = set()
    for measure in measure_order(by_measure):
        views = sorted(by_measure[measure], key=lambda v: (v.published or "9999", v.doc_name, v.claim.start))
        units = sorted({v.claim.unit or "" for v in views})
        charts = []
        for unit in units:
            chart_views = [v for v in views if (v.claim.unit or "") == unit]
            chart_id = unique_id(f"chart-{slug(measure)}" + (f"-{slug(unit)}" if unit else ""), taken)
            charts.append(
                {"id": chart_id, "data": json_for_html(chart_data(measure, unit or None, chart_views))}
            )
        modalities = Counter(v.claim.modality for v in views)
        sections.append(
            {
                "measure": measure,
                "id": unique_id(f"m-{slug(measure)}", taken),
                "label": measure_label(measure),
                "claims": views,
                "charts": charts,
                "modalities": sorted(modalities.items(), key=lambda kv: -kv[1]),
                "sources": len({v.claim.source for v in views if v.claim.source}),
            }
        )
    figures, figures_total = figure_section(store, taken)
    stories = story_section(store)
    rejections = list(store.rejections())
    rejection_codes = Counter((r.stage, r.code) for r in rejections)
    raw_chars = store.raw_characters()
    boilerplate = [
        {
            "rule": rule,
            "removals": n,
            "documents": n_docs,
            "chars": chars,
            "share": chars / raw_chars if raw_chars else 0.0,
        }
        for rule, n, n_docs, chars in store.removal_summary()
    ]
    first, last = store.published_span()
    return {
        "title": title,
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "counts": counts,
        "first": first,
        "last": last,
        "undated": sum(1 for d in docs.values() if not d.published),
        "sections": sections,
        "figures": figures,
        "figures_total": figures_total,
        "figures_count": sum(len(f["rows"]) for f in figures),
        "stories": stories,
        "link_colours": list(LINK_COLOURS.items()),
        "sources": store.sources(),
        "rejections": rejections[:MAX_REJECTION_ROWS],
        "rejections_total": len(rejections),
        "rejection_codes": sorted(rejection_codes.items(), key=lambda kv: -kv[1]),
        "boilerplate": boilerplate,
        "boilerplate_chars": sum(b["chars"] for b in boilerplate),
        "raw_chars": raw_chars,
    }


def figure_section(store: Store, taken: set[str]) -> tuple[list[dict[str, Any]], int]:
    """The figures of the store, per thing measured: its periods' consensus and one chart each;
    the ``MAX_FIGURE_SERIES`` with most claims, in measure order, and how many there are in all."""
    claims = {c.id: c for c in store.claims()}
    found = figures_from_store(store).figures
    every = figure_series(found, claims)
    by_period = {(f.series, f.period): f for f in found}
    keep = {id(s) for s in sorted(every, key=lambda s: -s["claims"])[:MAX_FIGURE_SERIES]}
    out = []
    for series in (s for s in every if id(s) in keep):
        chart = None
        if series["chart"] is not None:
            chart_id = unique_id(f"chart-fig-{slug(series['series'])}", taken)
            chart = {"id": chart_id, "data": json_for_html(series["chart"])}
        for row in series["rows"]:  # "N articles, M independent origins"
            row["articles"] = len(by_period[(series["series"], row["period"])].documents)
        out.append(
            {
                **series,
                "id": unique_id(f"f-{slug(series['series'])}", taken),
                "label": measure_label(series["measure"]),
                "chart": chart,
            }
        )
    return out, len(every)


def inline_script(js: str) -> Markup:
    """Our own or plotly's JavaScript, made safe to place between ``<script>`` tags."""
    # "</script" cannot occur in JavaScript outside a string; in a string "<\/" means the same.
    return Markup(re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE))


def render_report(store: Store, title: str = "Quantitative claims report") -> str:
    """The report of everything in ``store`` as one self-contained HTML page."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.filters["percent"] = lambda x: f"{x:.1%}"
    env.filters["slug"] = slug
    template = env.get_template("report.html.j2")
    return template.render(
        **report_context(store, title),
        css=Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
        report_js=inline_script((TEMPLATES / "report.js").read_text(encoding="utf-8")),
        plotly_js=inline_script(get_plotlyjs()),
    )


def write_report(store: Store, out_path: str | Path, title: str = "Quantitative claims report") -> Path:
    """Write the report to ``out_path`` (UTF-8) and return the path."""
    path = Path(out_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(store, title), encoding="utf-8")
    return path
