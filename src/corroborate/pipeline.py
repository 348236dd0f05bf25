"""Assemble the stages into a run: read -> extract pages -> clean -> extract claims -> store.

Per-document work is two pure functions, :func:`~corroborate.ingest.units.resolve_unit` (a
web page through trafilatura) and :func:`analyze_document` (clean, then extract claims), so
the same code runs in a loop, a process pool (:mod:`corroborate.parallel`) or on Dask
(:mod:`corroborate.distributed`): an :class:`Engine` maps them over chunks and hands results
back in input order. Everything else stays in this process: reading inputs (cheap), the
corpus-wide evidence of lines a site repeats (gathered per batch, so memory is bounded by the
batch size, not the corpus) and the single writer, one transaction per batch. Because the
batches, the evidence and the order of writes do not depend on the engine, every engine gives
the same store.

Each stage declares what it needs and what it produces; :func:`check_stages` verifies the
assembled chain before the first document runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Protocol

from corroborate.clean.boilerplate import clean_document
from corroborate.clean.site_repeats import repeated_lines, site_key
from corroborate.config import Config
from corroborate.extract.claims import extract_claims
from corroborate.extract.timeref import byline_date
from corroborate.ingest.files import read_units
from corroborate.ingest.units import PendingPage, Unit, resolve_unit, unit_key
from corroborate.records import Claim, Document, Rejection
from corroborate.store.input_ledger import InputLedger
from corroborate.store.sqlite_store import Store

__all__ = [
    "STAGES",
    "Analysed",
    "Engine",
    "RunSummary",
    "SerialEngine",
    "Stage",
    "analyze_chunk",
    "analyze_document",
    "check_stages",
    "resolve_chunk",
    "run",
    "run_units",
]

#: What the clean and extract stages make of one document.
Analysed = tuple[Document, list[Claim]] | Rejection


@dataclass(frozen=True, slots=True)
class Stage:
    """A pipeline stage: its name, the record fields it reads and the ones it fills."""

    name: str
    requires: frozenset[str]
    assigns: frozenset[str]


STAGES = (
    Stage("ingest", frozenset(), frozenset({"document.id", "document.name", "document.raw"})),
    Stage("clean", frozenset({"document.raw"}), frozenset({"document.text", "document.removed"})),
    Stage("extract", frozenset({"document.text", "document.id", "document.name"}), frozenset({"claims"})),
    Stage("store", frozenset({"document.text", "claims"}), frozenset()),
)


def check_stages(stages: Iterable[Stage] = STAGES) -> None:
    """Raise ValueError naming the first stage whose inputs no earlier stage produces."""
    available: set[str] = set()
    for stage in stages:
        missing = stage.requires - available
        if missing:
            raise ValueError(
                f"stage {stage.name!r} needs {sorted(missing)} but no earlier stage produces it; "
                "put a stage that assigns it before this one"
            )
        available |= stage.assigns


def analyze_document(doc: Document, config: Config, site_lines: frozenset[str] = frozenset()) -> Analysed:
    """Clean one document and extract its claims; a failure becomes a Rejection, not a crash."""
    if doc.published is None:
        # plain text carries no metadata; a byline date is better than resolving against today
        doc = replace(doc, published=byline_date(doc.raw))
    try:
        cleaned = clean_document(doc, config, site_lines)
    except Exception as exc:  # noqa: BLE001 - a bad document must not stop the run
        return Rejection(
            "clean", "error", doc.origin, f"cleaning failed: {type(exc).__name__}: {exc}", doc.name
        )
    if len(cleaned.text.split()) < config.min_words:
        return Rejection(
            "clean",
            "no_text",
            doc.origin,
            f"fewer than {config.min_words} words remain after removing boilerplate",
            doc.name,
        )
    try:
        return cleaned, extract_claims(cleaned, config)
    except Exception as exc:  # noqa: BLE001
        return Rejection(
            "extract",
            "error",
            doc.origin,
            f"claim extraction failed: {type(exc).__name__}: {exc}; please report this input",
            doc.name,
        )


def resolve_chunk(pages: list[PendingPage], config: Config) -> list[Document | Rejection]:
    """Extract the articles of some pages (the unit of work an engine sends to a worker)."""
    out: list[Document | Rejection] = []
    for page in pages:
        try:
            out.append(resolve_unit(page, config))
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run
            out.append(
                Rejection(
                    "ingest",
                    "error",
                    page.origin,
                    f"reading the page failed: {type(exc).__name__}: {exc}; please report this input",
                    page.name,
                )
            )
    return out


def analyze_chunk(items: list[tuple[Document, frozenset[str]]], config: Config) -> list[Analysed]:
    """Clean and extract some documents, each with its site's repeated lines (a worker's unit)."""
    return [analyze_document(doc, config, site_lines) for doc, site_lines in items]


class Engine(Protocol):
    """Where per-document work runs: maps the chunk functions and yields results in input order.

    Both methods consume their input lazily and must yield exactly one result per input item.
    """

    def resolve(self, pages: Iterable[PendingPage], config: Config) -> Iterator[Document | Rejection]:
        """Extract the articles of pending pages."""
        ...

    def analyze(self, docs: Iterable[tuple[Document, frozenset[str]]], config: Config) -> Iterator[Analysed]:
        """Clean and extract documents, each with its site's repeated lines."""
        ...


class SerialEngine:
    """The engine of ``--workers 1``: everything in this process, one item after another."""

    def resolve(self, pages: Iterable[PendingPage], config: Config) -> Iterator[Document | Rejection]:
        """Extract the articles of pending pages, here."""
        for page in pages:
            yield from resolve_chunk([page], config)

    def analyze(self, docs: Iterable[tuple[Document, frozenset[str]]], config: Config) -> Iterator[Analysed]:
        """Clean and extract documents, here."""
        for doc, site_lines in docs:
            yield analyze_document(doc, config, site_lines)


@dataclass(slots=True)
class RunSummary:
    """What a run did, for the closing summary line."""

    read: int = 0
    analysed: int = 0
    already_stored: int = 0
    rejected: int = 0
    claims: int = 0
    rejection_codes: dict[str, int] = field(default_factory=dict)


def run(
    paths: Iterable[str | Path],
    config: Config,
    store: Store,
    batch_size: int = 2000,
    on_progress: Callable[[int], None] | None = None,
    engine: Engine | None = None,
) -> RunSummary:
    """Analyse every input under ``paths`` into ``store``; returns counts for the summary.

    ``engine`` says where per-document work runs (default: this process); the store's content
    does not depend on it.
    """
    return run_units(read_units(paths, config), config, store, batch_size, on_progress, engine)


def run_units(
    units: Iterable[Unit],
    config: Config,
    store: Store,
    batch_size: int = 2000,
    on_progress: Callable[[int], None] | None = None,
    engine: Engine | None = None,
) -> RunSummary:
    """Analyse a stream of inputs (as readers and the fetcher yield them) into ``store``.

    Inputs are taken ``batch_size`` at a time; each batch is written in one transaction, so a
    run killed at any point loses at most the batch in progress, and running it again redoes
    only that: stored documents are found by content id, pages read before by the ledger.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    check_stages()
    engine = engine or SerialEngine()
    ledger = InputLedger(store)
    summary = RunSummary()
    stream = iter(units)
    while True:
        slots, keys = _read_batch(islice(stream, batch_size), config, engine, ledger)
        if not slots:
            return summary
        _write_batch(slots, keys, config, store, ledger, engine, summary, on_progress)


class _Read:
    """Marks a slot whose page was read by an earlier run (found in the ledger)."""

    __slots__ = ()


_READ_BEFORE = _Read()


def _read_batch(
    units: Iterable[Unit], config: Config, engine: Engine, ledger: InputLedger
) -> tuple[list[Document | Rejection | _Read], list[str]]:
    """One batch of inputs with their pages extracted, in input order; and the new pages' keys.

    Pages stream to the engine as they are read, so a batch's HTML is never all in memory at
    once; only the extracted documents are kept.
    """
    slots: list[Document | Rejection | _Read | None] = []  # None: a page the engine is extracting
    keys: list[str] = []

    def new_pages() -> Iterator[PendingPage]:
        for unit in units:
            if not isinstance(unit, PendingPage):
                slots.append(unit)
                continue
            key = unit_key(unit, config)
            if ledger.has(key):
                slots.append(_READ_BEFORE)
                continue
            keys.append(key)
            slots.append(None)
            yield unit

    extracted = iter(list(engine.resolve(new_pages(), config)))
    filled = [next(extracted) if slot is None else slot for slot in slots]
    return filled, keys


def _write_batch(
    slots: list[Document | Rejection | _Read],
    keys: list[str],
    config: Config,
    store: Store,
    ledger: InputLedger,
    engine: Engine,
    summary: RunSummary,
    on_progress: Callable[[int], None] | None,
) -> None:
    """Clean, extract and store one batch: the same writes, in the same order, whatever the engine."""
    docs = [slot for slot in slots if isinstance(slot, Document)]
    repeats = repeated_lines(docs, config.site_repeat_min_docs)
    # A document is analysed where it first occurs, unless an earlier batch stored it.
    first: set[int] = set()
    claimed: set[str] = set()
    for position, slot in enumerate(slots):
        if isinstance(slot, Document) and slot.id not in claimed:
            claimed.add(slot.id)
            if not store.has_document(slot.id):
                first.add(position)
    analysed = engine.analyze(
        ((slots[p], repeats.get(site_key(slots[p]), frozenset())) for p in sorted(first)), config
    )
    with store.transaction():
        for position, slot in enumerate(slots):
            summary.read += 1
            if on_progress:
                on_progress(1)
            if isinstance(slot, _Read):
                summary.already_stored += 1
            elif isinstance(slot, Rejection):
                _reject(store, summary, slot)
            elif position in first:
                _store(store, summary, next(analysed))
            elif store.has_document(slot.id):
                store.add_document(slot)  # records the occurrence under this name, if new
                summary.already_stored += 1
            else:
                # an earlier copy in this batch was rejected after cleaning: this one gets its own try
                _store(
                    store, summary, analyze_document(slot, config, repeats.get(site_key(slot), frozenset()))
                )
        ledger.add(keys)


def _store(store: Store, summary: RunSummary, result: Analysed) -> None:
    if isinstance(result, Rejection):
        _reject(store, summary, result)
        return
    cleaned, claims = result
    store.add_document(cleaned)
    summary.claims += store.add_claims(claims)
    summary.analysed += 1


def _reject(store: Store, summary: RunSummary, r: Rejection) -> None:
    store.add_rejection(r)
    summary.rejected += 1
    summary.rejection_codes[r.code] = summary.rejection_codes.get(r.code, 0) + 1
