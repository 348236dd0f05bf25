"""The one record model that every stage of corroborate reads and writes.

Records are frozen: a stage that refines a record returns a new one (``dataclasses.replace``).
Every extracted record carries the id of its document and a character span into that
document's *clean* text (``Document.text``), so every figure can be traced to its evidence.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

__all__ = [
    "MEASURES",
    "MODALITIES",
    "Claim",
    "Document",
    "Figure",
    "Quantity",
    "Rejection",
    "Removal",
    "Sentence",
    "TimelineEntry",
    "content_id",
]

#: What a claim counts. ``other`` is a figure about people or things outside the named measures.
MEASURES = (
    "troops_deployed",
    "troops_planned",
    "casualties_killed",
    "casualties_wounded",
    "casualties_killed_or_wounded",
    "captured",
    "munitions",
    "weapons_systems",
    "money",
    "other",
)

#: How the text commits to a claim, from plain report to explicit denial or hypothesis.
MODALITIES = ("reported", "estimated", "expected", "possible", "denied", "hypothetical")


def content_id(text: str) -> str:
    """Stable id of a document: a hash of its extracted text, whitespace-normalised."""
    norm = " ".join(text.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Document:
    """One article. ``raw`` is the text as read; ``text`` the clean text all spans point into."""

    id: str
    name: str  # what exports call ``doc``: file name, record id, or FILE:LINE
    origin: str  # where it was read from: a path, or PATH:LINE for a record
    raw: str
    text: str = ""  # filled by the clean stage; empty before it
    kind: str = "txt"  # txt | html | jsonl | json | warc | feed | url
    title: str | None = None
    url: str | None = None
    site: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when known
    encoding: str | None = None
    removed: tuple[Removal, ...] = ()  # boilerplate cut from ``raw`` by the clean stage


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of boilerplate removed from a document's raw text, kept so it stays inspectable."""

    doc_id: str
    start: int  # span in ``Document.raw``
    end: int
    rule: str  # which rule removed it, e.g. ``related_link`` or ``site_repeat``
    text: str


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not become a document (or a stage that failed on one), with the reason."""

    stage: str  # ingest | clean | extract | store ...
    code: str  # short machine-readable reason: empty, binary, undecodable, bad_json, too_large, ...
    origin: str  # path or PATH:LINE
    detail: str  # one sentence a person can act on
    name: str = ""  # the ``doc`` name it would have had


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or heading/list line) of a document's clean text."""

    doc_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as stated in text, with the bounds it implies.

    ``value_low``/``value_high`` are ``None`` where the text sets no bound: "up to 15,000" is
    (None, 15000), "more than 10,000" is (10000, None), "about 4,000" is (4000, 4000) with
    ``approx``. Vague amounts ("thousands") carry conventional bounds and ``vague``.
    """

    start: int
    end: int
    text: str
    value_low: float | None
    value_high: float | None
    approx: bool = False
    vague: bool = False
    unit: str | None = None  # None for a plain count; "percent"; "USD"/"EUR"/... for money
    multiplier: bool = False  # "tripling", "twice as many": a factor, not a count


@dataclass(frozen=True, slots=True)
class Claim:
    """A quantitative claim: a figure about something counted, who says so, how and when."""

    doc_id: str
    doc: str  # the document's export name
    start: int  # span of the figure in the clean text
    end: int
    figure: str  # the figure as written, e.g. "up to 15,000"
    value_low: float | None
    value_high: float | None
    approx: bool
    vague: bool
    unit: str | None
    counted: str
    measure: str
    where: str | None
    source: str | None
    modality: str
    time: str | None
    quote: str  # the clause that states the figure
    sentence: str
    sentence_start: int
    sentence_end: int
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            key = f"{self.doc_id}:{self.start}:{self.end}"
            object.__setattr__(self, "id", hashlib.sha256(key.encode()).hexdigest()[:16])


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One claim of a figure in time: who said what, when, and whether it was new.

    ``role`` is ``supports`` or ``dissents`` (the claim allows the consensus or not), ``denies``,
    ``excluded`` (hypothetical), or ``open`` when the figure has no consensus. ``new_information``
    is False when an earlier claim of the same figure came from the same origin with the same
    bounds: a repeat, not a confirmation.
    """

    claim: str
    date: str | None  # publication date of the article
    doc_id: str
    doc: str
    start: int  # where the figure stands in the article's clean text
    source: str | None  # who the article cites
    figure: str  # as written
    low: float | None
    high: float | None
    modality: str
    origin: str
    role: str
    new_information: bool


@dataclass(frozen=True, slots=True)
class Figure:
    """One thing measured, in one period, with its consensus and the claims for and against it.

    ``low``/``high`` bound the consensus (None: open, or no consensus); ``point`` is the value
    it settles on when a stated figure backs it, else None ("up to 15,000" alone bounds a figure
    without stating one). ``majority``/``median`` are the plain baselines over the same claims.
    ``origins`` are the independent origins of the evidence, ``independent_origins`` the number
    of them among the supporting claims.
    """

    id: str
    series: str  # shared by the figures of one thing across periods
    measure: str
    unit: str | None
    actor: str | None
    where: str | None
    period: str
    cumulative: bool
    status: str  # determined | undetermined
    point: float | None
    low: float | None
    high: float | None
    confidence: float
    independent_support: float  # copy-discounted weight of the agreeing origins
    majority: float | None
    median: float | None
    claims: tuple[str, ...]
    supporting: tuple[str, ...]
    dissenting: tuple[str, ...]  # evidence that excludes the consensus: outliers
    contradicting: tuple[str, ...]  # denials
    excluded: tuple[str, ...]  # hypotheticals
    origins: tuple[str, ...]
    independent_origins: int
    sources: tuple[str, ...]  # who is cited, as first spelt
    documents: tuple[str, ...]
    timeline: tuple[TimelineEntry, ...]
