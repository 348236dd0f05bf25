"""Records built at run time from ../shared: the seed articles as documents, gold claims as claims."""

from __future__ import annotations

import json
from pathlib import Path

from corroborate.records import Claim, Document, Removal, content_id


def seed_documents(shared: Path) -> list[Document]:
    """The seed articles as clean documents, each with one made-up removal so removals round-trip."""
    docs = []
    for i, path in enumerate(sorted((shared / "corpus" / "seeds").glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        doc_id = content_id(text)
        docs.append(
            Document(
                id=doc_id,
                name=path.name,
                origin=str(path),
                raw=text + "\nRead more: related story",
                text=text,
                title=text.split("\n", 1)[0][:90],
                url=f"https://news.example.org/{path.stem}",
                published=f"2024-11-{i + 10:02d}",
                removed=(
                    Removal(
                        doc_id, len(text) + 1, len(text) + 25, "related_link", "Read more: related story"
                    ),
                ),
            )
        )
    return docs


def line_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the line (our stand-in for a sentence) that holds text[start:end]."""
    s = text.rfind("\n", 0, start) + 1
    e = text.find("\n", end)
    return s, len(text) if e < 0 else e


def claim_at(
    doc: Document,
    quote: str,
    figure: str,
    low: float | None,
    high: float | None,
    measure: str = "troops_deployed",
    source: str | None = None,
    modality: str = "reported",
    **fields: object,
) -> Claim:
    """A claim whose figure is the first ``figure`` inside the first ``quote`` of the document."""
    q = doc.text.index(quote)
    f = doc.text.index(figure, q)
    s, e = line_around(doc.text, q, q + len(quote))
    values: dict[str, object] = {
        "approx": False,
        "vague": False,
        "unit": None,
        "counted": "North Korean troops",
        "where": None,
        "time": None,
    }
    values.update(fields)
    return Claim(
        doc_id=doc.id,
        doc=doc.name,
        start=f,
        end=f + len(figure),
        figure=figure,
        value_low=low,
        value_high=high,
        measure=measure,
        source=source,
        modality=modality,
        quote=quote,
        sentence=doc.text[s:e],
        sentence_start=s,
        sentence_end=e,
        **values,  # type: ignore[arg-type]
    )


def gold_claims(shared: Path, docs: list[Document]) -> list[Claim]:
    """Every gold claim of the seed corpus as a Claim, spans found from its quote."""
    gold = json.loads((shared / "gold" / "seeds.claims.json").read_text(encoding="utf-8"))
    by_name = {d.name: d for d in docs}
    claims = []
    for g in gold["claims"]:
        doc = by_name[g["doc"]]
        claims.append(
            claim_at(
                doc,
                g["quote"],
                g["quote"],
                g["value_low"],
                g["value_high"],
                measure=g["measure"],
                source=g["source"],
                modality=g["modality"][0],
                approx=g["approx"],
                vague=bool(g.get("optional")),
                counted=g["counted"],
                where=g["where"],
                time=g["time"],
            )
        )
    return claims
