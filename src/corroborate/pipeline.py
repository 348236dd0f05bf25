"""Assemble the stages into a run: read -> extract pages -> clean -> extract claims -> store.

Per-document work is two pure functions, :func:`~corroborate.ingest.units.resolve_unit` (a
web page through trafilatura) and :func:`analyze_document` (clean, then extract claims), so
the same code runs in a loop, a process pool (:mod:`corroborate.parallel`) or on Dask
(:mod:`corroborate.distributed`): an :class:`Engine` maps them over chunks and hands results
back in input order. Everything else stays in this process: reading inputs (cheap), the
corpus-wide evidence of lines a site repeats (gathered per batch, so memory is bounded by the
batch size, not the corpus) and the single writer, one transaction per batch. Because the
batches, the evidence and the order of writes do not depend on the engine, every engine gives
the same store. The corpus-wide provenance stage may follow the run: each stored batch is
processed here while the engine extracts the next (:class:`~corroborate.provenance.update.ProvenanceUpdate`).

Each stage declares what it needs and what it produces; :func:`check_stages` verifies the
assembled chain before the first document runs.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from corroborate.clean.boilerplate import clean_document
from corroborate.clean.site_repeats import repeated_lines, site_key
from corroborate.config import Config
from corroborate.extract.claims import extract_claims
from corroborate.extract.timeref import byline_date
from corroborate.ingest.files import read_units
from corroborate.ingest.units import PendingPage, Unit, resolve_unit, unit_key
from corroborate.provenance.update import (
    FeatureMap,
    ProvenanceConfig,
    ProvenanceUpdate,
    TextFeatures,
    text_features,
)
from corroborate.records import Claim, Document, Rejection
from corroborate.store.input_ledger import InputLedger
from corroborate.store.sqlite_store import Store

__all__ = [
    "STAGES",
    "AnalyzeItem",
    "Analysed",
    "Engine",
    "OrderedStream",
    "RunSummary",
    "SerialEngine",
    "Stage",
    "analyze_chunk",
    "analyze_document",
    "check_stages",
    "engine_feature_map",
    "resolve_chunk",
    "run",
    "run_units",
    "Task",
]

#: What the clean and extract stages make of one document.
Analysed = tuple[Document, list[Claim]] | Rejection

T = TypeVar("T")
R = TypeVar("R")


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


#: A document to analyse: the document, its site's repeated lines, and the provenance settings
#: to compute its :func:`~corroborate.provenance.update.text_features` with (None: not here).
AnalyzeItem = tuple[Document, frozenset[str], ProvenanceConfig | None]


def analyze_chunk(items: list[AnalyzeItem], config: Config) -> list[tuple[Analysed, TextFeatures | None]]:
    """Clean and extract some documents, and compute the provenance features of each document
    kept when asked (a worker's unit: the text is at hand, and the corpus-wide stage in the
    writing process then only indexes and compares)."""
    out: list[tuple[Analysed, TextFeatures | None]] = []
    for doc, site_lines, provenance in items:
        result = analyze_document(doc, config, site_lines)
        features = None
        if provenance is not None and not isinstance(result, Rejection):
            features = text_features([(result[0].text, result[0].title)], provenance)[0]
        out.append((result, features))
    return out


class Task(Protocol[R]):
    """A chunk of work handed to an engine: a ``concurrent.futures`` or Dask future, or a done one."""

    def done(self) -> bool: ...

    def result(self) -> R: ...


class Engine(Protocol):
    """Where per-document work runs: here, in worker processes or on a Dask cluster.

    An engine only runs chunk functions (:func:`resolve_chunk`, :func:`analyze_chunk`); the
    pipeline decides what goes in each chunk and keeps results in input order. ``window`` is
    how many tasks of one kind may be out at once, so memory stays bounded.
    """

    window: int
    pages_per_task: int  # pages per resolve task
    docs_per_task: int  # documents per analyze task

    def submit(
        self, fn: Callable[[list[T], Config], list[R]], items: list[T], config: Config
    ) -> Task[list[R]]:
        """Start ``fn(items, config)`` and return its task."""
        ...


@dataclass(frozen=True, slots=True)
class _Done(Generic[R]):
    value: R

    def done(self) -> bool:
        return True

    def result(self) -> R:
        return self.value


class SerialEngine:
    """The engine of ``--workers 1``: every chunk runs here, when it is submitted."""

    window = 1
    pages_per_task = 1
    docs_per_task = 1

    def submit(
        self, fn: Callable[[list[T], Config], list[R]], items: list[T], config: Config
    ) -> Task[list[R]]:
        """Run ``fn(items, config)`` now."""
        return _Done(fn(items, config))


class OrderedStream(Generic[T, R]):
    """``fn`` over a stream of items, run by an engine in chunks, results handed back in input order.

    Items are pulled from ``items`` only when a task can be sent (at most ``engine.window``
    tasks out), so however long the input, only a window's worth is in memory. ``pump`` sends
    and collects without waiting, so a caller busy with something else (the writer) can keep the
    engine fed; iterating waits for the next result.
    """

    def __init__(
        self,
        engine: Engine,
        fn: Callable[[list[T], Config], list[R]],
        items: Iterable[T],
        chunk: int,
        config: Config,
    ) -> None:
        self._engine, self._fn, self._config = engine, fn, config
        self._items = iter(items)
        self._chunk = max(1, chunk)
        self._tasks: deque[Task[list[R]]] = deque()
        self._ready: deque[R] = deque()
        self._exhausted = False

    def pump(self) -> None:
        """Collect finished tasks at the head and send new ones while there is room; never waits."""
        while self._tasks and self._tasks[0].done():
            self._ready.extend(self._tasks.popleft().result())
        while not self._exhausted and len(self._tasks) < self._engine.window:
            part = list(islice(self._items, self._chunk))
            if not part:
                self._exhausted = True
                break
            self._tasks.append(self._engine.submit(self._fn, part, self._config))

    def __iter__(self) -> Iterator[R]:
        return self

    def __next__(self) -> R:
        while not self._ready:
            self.pump()
            if self._ready:
                break
            if not self._tasks:
                raise StopIteration
            self._ready.extend(self._tasks.popleft().result())
        return self._ready.popleft()


def _text_features_chunk(
    items: list[tuple[str, str | None, ProvenanceConfig]], config: Config
) -> list[TextFeatures]:
    return [text_features([(text, title)], settings)[0] for text, title, settings in items]


def engine_feature_map(engine: Engine) -> FeatureMap:
    """The provenance stage's per-document features computed by ``engine``'s workers, in order.

    Only texts and titles travel, not the pages; the corpus-wide part stays in this process.
    """

    def compute(items: list[tuple[str, str | None]], settings: ProvenanceConfig) -> list[TextFeatures]:
        work = ((text, title, settings) for text, title in items)
        return list(OrderedStream(engine, _text_features_chunk, work, engine.docs_per_task, Config()))

    return compute


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
    provenance: ProvenanceUpdate | None = None,
) -> RunSummary:
    """Analyse every input under ``paths`` into ``store``; returns counts for the summary.

    ``engine`` says where per-document work runs (default: this process); the store's content
    does not depend on it. ``provenance``: as in :func:`run_units`.
    """
    return run_units(read_units(paths, config), config, store, batch_size, on_progress, engine, provenance)


def run_units(
    units: Iterable[Unit],
    config: Config,
    store: Store,
    batch_size: int = 2000,
    on_progress: Callable[[int], None] | None = None,
    engine: Engine | None = None,
    provenance: ProvenanceUpdate | None = None,
) -> RunSummary:
    """Analyse a stream of inputs (as readers and the fetcher yield them) into ``store``.

    Inputs are taken ``batch_size`` at a time; each batch is written in one transaction, so a
    run killed at any point loses at most the batch in progress, and running it again redoes
    only that: stored documents are found by content id, pages read before by the ledger.
    While one batch is written, the engine already extracts the pages of the next.

    With ``provenance``, the workers also compute each new document's provenance features, and
    after each batch is stored the corpus-wide stage processes it (:meth:`ProvenanceUpdate.advance`)
    while the engine extracts the next; the caller calls ``finish`` after the run.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    check_stages()
    engine = engine or SerialEngine()
    ledger = InputLedger(store)
    summary = RunSummary()
    stream = iter(units)
    reading = _BatchReader(islice(stream, batch_size), config, engine, ledger)
    while True:
        slots, keys = reading.finish()
        if not slots:
            return summary
        reading = _BatchReader(islice(stream, batch_size), config, engine, ledger)
        reading.pump()  # the workers start on the next batch before this one's evidence is gathered
        settings = provenance.worker_settings if provenance else None
        features = _write_batch(
            slots, keys, config, store, ledger, engine, summary, on_progress, reading.pump, settings
        )
        if provenance:
            provenance.advance(features, between=reading.pump)


class _Read:
    """Marks a slot whose page was read by an earlier run (found in the ledger)."""

    __slots__ = ()


_READ_BEFORE = _Read()


class _BatchReader:
    """Reads one batch of inputs and has the engine extract its pages, a window at a time.

    Pages stream to the engine as they are read, so a batch's HTML is never all in memory at
    once; only the extracted documents are kept, in input order.
    """

    def __init__(self, units: Iterable[Unit], config: Config, engine: Engine, ledger: InputLedger) -> None:
        self._units, self._config, self._ledger = iter(units), config, ledger
        self.slots: list[Document | Rejection | _Read | None] = []  # None: a page being extracted
        self.keys: list[str] = []
        self._pages = OrderedStream(engine, resolve_chunk, self._new_pages(), engine.pages_per_task, config)

    def _new_pages(self) -> Iterator[PendingPage]:
        for unit in self._units:
            if not isinstance(unit, PendingPage):
                self.slots.append(unit)
                continue
            key = unit_key(unit, self._config)
            if self._ledger.has(key):
                self.slots.append(_READ_BEFORE)
                continue
            self.keys.append(key)
            self.slots.append(None)
            yield unit

    def pump(self) -> None:
        """Read and send more pages if the engine has room; never waits for it."""
        self._pages.pump()

    def finish(self) -> tuple[list[Document | Rejection | _Read], list[str]]:
        """The whole batch with every page extracted (waits for the engine), and the new pages' keys."""
        extracted = list(self._pages)
        results = iter(extracted)
        filled = [next(results) if slot is None else slot for slot in self.slots]
        return filled, self.keys


def _write_batch(
    slots: list[Document | Rejection | _Read],
    keys: list[str],
    config: Config,
    store: Store,
    ledger: InputLedger,
    engine: Engine,
    summary: RunSummary,
    on_progress: Callable[[int], None] | None,
    between: Callable[[], None],
    provenance: ProvenanceConfig | None = None,
) -> dict[str, TextFeatures]:
    """Clean, extract and store one batch: the same writes, in the same order, whatever the engine.

    ``between`` runs after each write (it keeps the engine busy with the next batch). With
    ``provenance``, return the provenance features the workers computed, by document id.
    """
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
    work = ((slots[p], repeats.get(site_key(slots[p]), frozenset()), provenance) for p in sorted(first))
    analysed = OrderedStream(engine, analyze_chunk, work, engine.docs_per_task, config)
    analysed.pump()
    features: dict[str, TextFeatures] = {}
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
                result, found = next(analysed)
                _store(store, summary, result)
                if found is not None and not isinstance(result, Rejection):
                    features[result[0].id] = found
            elif store.has_document(slot.id):
                store.add_document(slot)  # records the occurrence under this name, if new
                summary.already_stored += 1
            else:
                # an earlier copy in this batch was rejected after cleaning: this one gets its own try
                lines = repeats.get(site_key(slot), frozenset())
                _store(store, summary, analyze_document(slot, config, lines))
            analysed.pump()
            between()
        ledger.add(keys)
    return features


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
