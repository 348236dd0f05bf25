"""Provenance for people and tools: stories and outlets as tables or JSON lines, each claim's
origins for the claims export, and the report's story section with its derivation graphs.

``corroborate stories --format jsonl`` writes one object per document (:func:`story_lines`:
``doc``, ``doc_id``, ``story``, ``label``, ``published``); ``corroborate sources`` lists outlets
(:func:`sources_table`). A derivation graph (:func:`derivation_svg`) is drawn on the server as
inline SVG: articles on a time axis, an arc from each original to what derives from it. It needs
no script, and every article-controlled string in it is escaped.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from markupsafe import Markup, escape
from rich.table import Table
from rich.text import Text

from corroborate.provenance.derivation import Link
from corroborate.records import Document
from corroborate.store import provenance_store as tables
from corroborate.store.provenance_store import OutletRow, StoryRow
from corroborate.store.sqlite_store import Store

__all__ = [
    "LINK_COLOURS",
    "claim_provenance_fields",
    "derivation_svg",
    "sources_table",
    "stories_table",
    "story_lines",
    "story_section",
    "web_stories",
    "write_sources_jsonl",
    "write_stories_jsonl",
]

#: Colour of each link kind in graphs (Tableau 10: red copy, orange rewrite, blue cites).
LINK_COLOURS = {"copy": "#e15759", "rewrite": "#f28e2b", "cites": "#4e79a7"}
ORIGINAL, DERIVED = "#59a14f", "#bab0ac"  # node colours: derives from no article / from another
MAX_GRAPH_STORIES = 8  # stories drawn in the report; `corroborate stories` lists them all
MAX_GRAPH_NODES = 24  # articles per graph: those with links first, then the earliest
NODE_GAP = 64  # pixels between articles on the time axis
LABEL_CHARS = 22


# -- stories and outlets -------------------------------------------------------------------------


def story_lines(store: Store) -> Iterator[dict[str, Any]]:
    """One dict per document in a story, in stored order: doc, doc_id, story, label, published."""
    labels = {s.id: s.label for s in tables.stories(store)}
    members = tables.story_members(store)
    for d in store.documents(text=False):
        story = members.get(d.id)
        if story is not None:
            yield {
                "doc": d.name,
                "doc_id": d.id,
                "story": story,
                "label": labels.get(story, ""),
                "published": d.published,
            }


def write_stories_jsonl(store: Store, out: TextIO) -> int:
    """Write :func:`story_lines` as JSON lines; returns how many were written."""
    n = 0
    for line in story_lines(store):
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        n += 1
    return n


def stories_table(rows: Iterable[StoryRow]) -> Table:
    """A terminal table: one row per story, largest first."""
    table = Table(header_style="bold")
    for name, style in (("story", "dim"), ("label", "bold"), ("articles", ""), ("first", ""), ("last", "")):
        table.add_column(
            name, style=style or None, overflow="fold", justify="right" if name == "articles" else "left"
        )
    for s in rows:
        table.add_row(*(Text(cell) for cell in (s.id, s.label, str(s.size), s.first or "", s.last or "")))
    return table


def sources_table(rows: Iterable[OutletRow]) -> Table:
    """A terminal table of outlets: articles published, how many originate or repeat, how often
    other outlets' articles name them."""
    table = Table(header_style="bold")
    table.add_column("outlet", style="green", overflow="fold")
    for name in ("articles", "originate", "repeat", "named by others"):
        table.add_column(name, justify="right")
    for o in rows:
        cells = (o.name, str(o.documents), str(o.originates), str(o.repeats), str(o.named))
        table.add_row(*(Text(cell) for cell in cells))
    return table


def write_sources_jsonl(rows: Iterable[OutletRow], out: TextIO) -> int:
    """Write one JSON object per outlet; returns how many were written."""
    n = 0
    for o in rows:
        line = {
            "outlet": o.name,
            "key": o.key,
            "documents": o.documents,
            "originates": o.originates,
            "repeats": o.repeats,
            "named": o.named,
        }
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        n += 1
    return n


def claim_provenance_fields(store: Store) -> dict[str, dict[str, Any]]:
    """Claim id -> the export's provenance fields: ``story``, ``origins`` and ``repeats`` (the
    names of the documents that repeat its origin). Empty for a store without provenance."""
    found = tables.claim_provenance(store)
    if not found:
        return {}
    names = {d.id: d.name for d in store.documents(text=False)}
    return {
        cid: {"story": p.story, "origins": p.origins, "repeats": [names.get(r, r) for r in p.repeats]}
        for cid, p in found.items()
    }


def web_stories(store: Store) -> list[dict[str, Any]]:
    """Stories as the web app reads them (``present/web_state.installed_stories``)."""
    members: dict[str, list[str]] = defaultdict(list)
    for doc_id, story in tables.story_members(store).items():
        members[story].append(doc_id)
    return [
        {"id": s.id, "label": s.label, "doc_ids": members.get(s.id, []), "first": s.first, "last": s.last}
        for s in tables.stories(store)
    ]


# -- the report's story section -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Node:
    id: str
    label: str
    title: str  # the full description shown on hover
    published: str | None


def _short(text: str, n: int = LABEL_CHARS) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def derivation_svg(docs: Sequence[Document], links: Iterable[Link], graph_id: str) -> Markup:
    """A story's derivation graph as inline SVG: articles by date along an axis, an arc from each
    original to the article that derives from it (colour: copy, rewrite, cites)."""
    nodes = [
        _Node(
            d.id,
            _short(d.title or d.name),
            " · ".join(p for p in (d.title or d.name, d.name if d.title else None, d.published) if p),
            d.published,
        )
        for d in sorted(docs, key=lambda d: ((d.published or "9999")[:10], d.name, d.id))
    ]
    x_of = {n.id: 40 + k * NODE_GAP for k, n in enumerate(nodes)}
    shown = [x for x in links if x.derived in x_of and x.original in x_of]
    span = max((abs(x_of[x.derived] - x_of[x.original]) for x in shown), default=NODE_GAP)
    axis = min(span // 2, 200) + 30
    width, height = max(320, x_of[nodes[-1].id] + 160 if nodes else 320), axis + 120
    derived = {x.derived for x in shown}
    gid = escape(graph_id)
    parts = [
        Markup(
            f'<svg xmlns="http://www.w3.org/2000/svg" class="derivation" width="{width}" height="{height}"'
            f' viewBox="0 0 {width} {height}" role="img" aria-labelledby="{gid}-t">'
            f'<title id="{gid}-t">Derivation graph: {len(nodes)} articles, {len(shown)} links</title><defs>'
        )
    ]
    for kind, colour in LINK_COLOURS.items():
        parts.append(
            Markup(
                f'<marker id="{gid}-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7"'
                ' markerHeight="7" orient="auto-start-reverse">'
                f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
            )
        )
    parts.append(Markup("</defs>"))
    if nodes:  # the time axis
        parts.append(
            Markup(
                f'<line x1="{x_of[nodes[0].id] - 12}" y1="{axis}" x2="{x_of[nodes[-1].id] + 12}" y2="{axis}"'
                ' stroke="#d0d4da" stroke-width="1"/>'
            )
        )
    top = axis - 8  # arcs end just above the articles' dots, so the arrowheads stay visible
    for x in shown:
        x1, x2 = x_of[x.original], x_of[x.derived]
        radius = abs(x2 - x1) / 2
        sweep = 1 if x2 > x1 else 0
        colour = LINK_COLOURS.get(x.kind, "#888888")
        parts.append(
            Markup(
                f'<path d="M{x1},{top} A{radius:.1f},{min(radius, axis - 10):.1f} 0 0 {sweep} {x2},{top}"'
                f' fill="none" stroke="{colour}" stroke-width="2" marker-end="url(#{gid}-{escape(x.kind)})">'
                "<title>{}</title></path>"
            ).format(f"{x.kind}: {x.evidence} (score {x.score:g})")
        )
    for n in nodes:
        x = x_of[n.id]
        parts.append(
            Markup(
                f'<g><circle cx="{x}" cy="{axis}" r="6" fill="{DERIVED if n.id in derived else ORIGINAL}"'
                ' stroke="#ffffff" stroke-width="1.5"/>'
                f'<text x="{x}" y="{axis + 16}" font-size="11" transform="rotate(35 {x} {axis + 16})">'
                "{}</text><title>{}</title></g>"
            ).format(n.label, n.title)
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def story_section(store: Store, limit: int = MAX_GRAPH_STORIES) -> list[dict[str, Any]]:
    """The stories the report draws: those with derivation links, most articles first, each with
    its label, dates, counts and graph; empty for a store without provenance."""
    all_links = tables.links(store)
    if not all_links:
        return []
    members = tables.story_members(store)
    by_story: dict[str, list[Link]] = defaultdict(list)
    for x in all_links:
        story = members.get(x.derived)
        if story is not None and members.get(x.original) == story:
            by_story[story].append(x)
    docs = {d.id: d for d in store.documents(text=False)}
    out = []
    chosen = [s for s in tables.stories(store) if s.id in by_story][:limit]
    for s in chosen:
        linked = {d for x in by_story[s.id] for d in (x.derived, x.original)}
        story_docs = [d for doc_id, story in members.items() if story == s.id and (d := docs.get(doc_id))]
        story_docs.sort(key=lambda d: (d.id not in linked, (d.published or "9999")[:10], d.name))
        drawn = story_docs[:MAX_GRAPH_NODES]
        out.append(
            {
                "id": s.id,
                "label": s.label,
                "first": s.first,
                "last": s.last,
                "size": s.size,
                "links": len(by_story[s.id]),
                "kinds": _kinds(by_story[s.id]),
                "drawn": len(drawn),
                "svg": derivation_svg(drawn, by_story[s.id], f"g-{len(out)}"),
            }
        )
    return out


def _kinds(found: Sequence[Link]) -> list[tuple[str, int, str]]:
    counts: Mapping[str, int] = {k: sum(x.kind == k for x in found) for k in LINK_COLOURS}
    return [(k, n, LINK_COLOURS[k]) for k, n in counts.items() if n]
