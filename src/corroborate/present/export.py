"""Claim exports: JSON lines and CSV files for other tools, and compact tables for the terminal.

The JSON fields are the export contract that ``shared/tools/score_claims.py`` reads (doc, quote,
value_low, value_high, approx, counted, measure, where, source, modality, time), plus what is
needed to trace each claim to its evidence and to rebuild the record (``claim_from_json``).
When the store has provenance, the exports also carry ``PROVENANCE_FIELDS``: the claim's story,
its number of independent origins and the documents that merely repeat its origin.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TextIO

from rich.table import Table
from rich.text import Text

from corroborate.records import Claim, Rejection

__all__ = [
    "EXPORT_FIELDS",
    "PROVENANCE_FIELDS",
    "claim_from_json",
    "claim_to_json",
    "claims_table",
    "format_bounds",
    "format_number",
    "read_csv",
    "rejections_table",
    "write_csv",
    "write_jsonl",
]

#: Export columns, in the order written; the scorer's fields come first.
EXPORT_FIELDS = (
    "doc",
    "quote",
    "value_low",
    "value_high",
    "approx",
    "counted",
    "measure",
    "where",
    "source",
    "modality",
    "time",
    "sentence",
    "figure",
    "vague",
    "unit",
    "id",
    "doc_id",
    "start",
    "end",
    "sentence_start",
    "sentence_end",
)
#: Provenance columns, written after the record's when provenance is given (see ``write_jsonl``).
PROVENANCE_FIELDS = ("story", "origins", "repeats")
NUMBER_FIELDS = ("value_low", "value_high")
INT_FIELDS = ("start", "end", "sentence_start", "sentence_end")
BOOL_FIELDS = ("approx", "vague")
OPTIONAL_TEXT_FIELDS = ("where", "source", "time", "unit")  # None is written as an empty CSV cell

# Large round numbers read better in words; below a million, digits with separators.
SCALE_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
UNIT_SYMBOLS = (("USD", "$"), ("EUR", "€"), ("GBP", "£"))


def plain_number(value: float | None) -> int | float | None:
    """A bound as JSON wants it: whole numbers as int (10000, not 10000.0)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def claim_to_json(c: Claim, provenance: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """The claim as a JSON-ready dict with the export fields, in ``EXPORT_FIELDS`` order.

    With ``provenance`` (claim id -> ``story``, ``origins``, ``repeats``, as
    ``present.provenance_view.claim_provenance_fields`` gives it) the ``PROVENANCE_FIELDS``
    follow; a claim it lacks gets null, null and [].
    """
    out: dict[str, Any] = {name: getattr(c, name) for name in EXPORT_FIELDS}
    for name in NUMBER_FIELDS:
        out[name] = plain_number(out[name])
    if provenance is not None:
        found = provenance.get(c.id, {})
        out["story"] = found.get("story")
        out["origins"] = found.get("origins")
        out["repeats"] = list(found.get("repeats", ()))
    return out


def claim_from_json(d: dict[str, Any]) -> Claim:
    """Rebuild a claim from ``claim_to_json`` output (or a parsed CSV row, see ``read_csv``)."""
    values = {name: d.get(name) for name in EXPORT_FIELDS}
    for name in NUMBER_FIELDS:
        if values[name] is not None:
            values[name] = float(values[name])
    return Claim(**values)


def write_jsonl(
    claims: Iterable[Claim], out: TextIO, provenance: Mapping[str, Mapping[str, Any]] | None = None
) -> int:
    """Write one JSON object per line (with ``PROVENANCE_FIELDS`` when ``provenance`` is given);
    returns the number of claims written."""
    n = 0
    for c in claims:
        out.write(json.dumps(claim_to_json(c, provenance), ensure_ascii=False) + "\n")
        n += 1
    return n


def csv_cell(value: Any) -> str:
    """How a JSON value is written in CSV: true/false, plain numbers, empty for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):  # repeats: document names, ";"-separated
        return ";".join(str(v) for v in value)
    return str(value)


def write_csv(
    claims: Iterable[Claim], out: TextIO, provenance: Mapping[str, Mapping[str, Any]] | None = None
) -> int:
    """Write a CSV file with a header row and the export columns (then ``PROVENANCE_FIELDS`` when
    ``provenance`` is given); returns the number of claims."""
    fields = EXPORT_FIELDS + (PROVENANCE_FIELDS if provenance is not None else ())
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    n = 0
    for c in claims:
        d = claim_to_json(c, provenance)
        writer.writerow([csv_cell(d[name]) for name in fields])
        n += 1
    return n


def read_csv(inp: TextIO) -> Iterator[dict[str, Any]]:
    """Read a ``write_csv`` file back into ``claim_to_json``-shaped dicts (typed, not strings)."""
    for row in csv.DictReader(inp):
        d: dict[str, Any] = dict(row)
        for name in NUMBER_FIELDS:
            d[name] = plain_number(float(d[name])) if d[name] else None
        for name in INT_FIELDS:
            d[name] = int(d[name])
        for name in BOOL_FIELDS:
            d[name] = d[name] == "true"
        for name in OPTIONAL_TEXT_FIELDS:
            d[name] = d[name] or None
        if "origins" in d:  # a file written with provenance
            d["story"] = d["story"] or None
            d["origins"] = int(d["origins"]) if d["origins"] else None
            d["repeats"] = d["repeats"].split(";") if d["repeats"] else []
        yield d


def format_number(value: float, unit: str | None = None) -> str:
    """A bound for people: "15,000", "1.28 million", "$2.5 billion", "12%"."""
    text = ""
    for scale, word in SCALE_WORDS:
        hundredths = value / scale * 100
        if abs(value) >= scale and abs(hundredths - round(hundredths)) < 1e-6:
            text = f"{value / scale:,.2f}".rstrip("0").rstrip(".") + f" {word}"
            break
    if not text:
        text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit == "percent":
        return text + "%"
    symbol = dict(UNIT_SYMBOLS).get(unit or "")
    if symbol:
        return symbol + text
    return f"{text} {unit}" if unit else text


def format_bounds(
    low: float | None, high: float | None, approx: bool = False, vague: bool = False, unit: str | None = None
) -> str:
    """Bounds for people: "≤ 15,000", "≥ 10,000", "≈ 12,000", "25,000–30,000", "?" for none.

    An approximate open bound ("tens of thousands") gets "≳"/"≲".
    """
    if low is None and high is None:
        return "?"
    if low is None:
        text = ("≲ " if approx else "≤ ") + format_number(high, unit)  # type: ignore[arg-type]
    elif high is None:
        text = ("≳ " if approx else "≥ ") + format_number(low, unit)
    elif low == high:
        text = ("≈ " if approx else "") + format_number(low, unit)
    else:
        text = ("≈ " if approx else "") + format_number(low, unit) + "–" + format_number(high, unit)
    return text + (" (vague)" if vague else "")


def claims_table(claims: Iterable[Claim]) -> Table:
    """A compact terminal table of claims: doc, figure, bounds, counted, measure, where, source, ..."""
    table = Table(show_lines=False, header_style="bold", expand=False)
    for name, style in (
        ("doc", "dim"),
        ("figure", "bold"),
        ("bounds", "cyan"),
        ("counted", ""),
        ("measure", "magenta"),
        ("where", ""),
        ("source", "green"),
        ("modality", "yellow"),
        ("time", "dim"),
    ):
        table.add_column(name, style=style or None, overflow="fold")
    for c in claims:
        cells = (
            c.doc,
            c.figure,
            format_bounds(c.value_low, c.value_high, c.approx, c.vague, c.unit),
            c.counted,
            c.measure,
            c.where or "",
            c.source or "",
            c.modality,
            c.time or "",
        )
        # Text(), not str: article text may hold "[...]", which rich would read as markup.
        table.add_row(*(Text(cell) for cell in cells))
    return table


def rejections_table(rejections: Iterable[Rejection]) -> Table:
    """A terminal table of rejected inputs: stage, code, name or origin, and what to do about it."""
    table = Table(header_style="bold")
    table.add_column("stage", style="dim")
    table.add_column("code", style="red")
    table.add_column("input", overflow="fold")
    table.add_column("detail", overflow="fold")
    for r in rejections:
        table.add_row(*(Text(cell) for cell in (r.stage, r.code, r.name or r.origin, r.detail)))
    return table
