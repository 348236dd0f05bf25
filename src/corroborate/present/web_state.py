"""What the web app keeps between requests, and the adapters to figures and stories.

The app reads the database only: each worker thread gets its own read-only connection (SQLite
connections may not cross threads), and a bounded cache keeps the aggregates that scan many rows
(per-measure summaries, chart data, counts) until the database grows, which ``data_version``
detects in one b-tree descent per table. Figures (reconciliation) and stories (provenance) come
from providers, callables ``f(store) -> list | None`` where ``None`` means "not computed yet",
run in a background thread (``Background``) because reconciling a large store takes far longer
than a request may; the default providers look for the stage modules, and until figures exist
each measure stands in as one figure.
"""

from __future__ import annotations

import gc
import importlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corroborate.present.report_html import measure_label, measure_order
from corroborate.store.queries import (
    ANCHOR_EVERY,
    ClaimFilter,
    ClaimRow,
    MeasureSummary,
    claim_anchors,
    claim_page,
    claim_rowids,
    claims_by_rowid,
    data_version,
    measure_summaries,
)
from corroborate.store.sqlite_store import Store

__all__ = [
    "FIGURES_NOT_COMPUTED",
    "MEASURE_PAGE",
    "STORIES_NOT_COMPUTED",
    "Background",
    "Derived",
    "Figures",
    "Stories",
    "FigureProvider",
    "FigureView",
    "StoryProvider",
    "StoryView",
    "WebState",
    "as_figure_view",
    "as_story_view",
    "installed_figures",
    "installed_stories",
]

FIGURES_NOT_COMPUTED = (
    "Reconciled figures are not computed yet: each measure is shown as one figure holding all its claims,"
    " without a consensus value."
)
FIGURES_RUNNING = (
    "Reconciled figures are being computed; until they are ready, each measure is shown as one figure"
    " holding all its claims. Reload in a moment."
)
FIGURES_UPDATING = "The database has grown since these figures were reconciled; they are being updated."
MEASURE_PAGE = (
    "Every claim of this measure, whatever it counts, where and when; the reconciled figures split them"
    " by actor, place and period, each with a consensus: see Figures."
)
FIGURES_FAILED = "Reconciled figures could not be computed, so each measure is shown as one figure: "
STORIES_NOT_COMPUTED = "Stories (articles grouped by event, with their provenance) are not computed yet."
STORIES_RUNNING = "Stories are being computed; reload in a moment."
STORIES_UPDATING = "The database has grown since these stories were grouped; they are being updated."
STORIES_FAILED = "Stories could not be computed: "

# Where the stage owners put the functions the web app calls; see installed_figures.
FIGURES_MODULE = "corroborate.present.figures_view"

FIRST_WAIT_SECONDS = 1.0  # the first request waits this long for figures (a small database is done)
MIN_REFRESH_SECONDS = 30.0  # while analyze writes, recompute figures at most this often
# The cache keeps per-figure chart data and the like, each a few kB to a few hundred kB (a chart
# is bounded by MAX_CHART_POINTS); when either limit is passed, the least recently used go.
CACHE_ENTRIES = 4096
CACHE_BYTES = 64 * 1024 * 1024
MMAP_BYTES = 256 * 1024 * 1024  # let SQLite read pages through the OS cache instead of copying them
CACHE_KIB = 16_000  # SQLite page cache per connection


@dataclass(frozen=True, slots=True)
class FigureView:
    """A figure as the web app shows it: the claims about one quantity, and their consensus if any.

    ``claim_ids`` None means every claim of ``measure`` (the stand-in figure of a measure).
    """

    id: str
    label: str
    measure: str
    unit: str | None = None
    claim_ids: tuple[str, ...] | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    status: str | None = None  # e.g. determined / undetermined, as reconciliation says
    story_id: str | None = None
    computed: bool = False  # False for a measure's stand-in figure


@dataclass(frozen=True, slots=True)
class StoryView:
    """A story as the web app shows it: the articles about one event and the figures drawn from them."""

    id: str
    label: str
    doc_ids: tuple[str, ...]
    figure_ids: tuple[str, ...] = ()
    first: str | None = None
    last: str | None = None


log = logging.getLogger(__name__)

FigureProvider = Callable[[Store], Sequence[Any] | None]
StoryProvider = Callable[[Store], Sequence[Any] | None]


def _first_attr(obj: Any, names: tuple[str, ...], default: Any = None) -> Any:
    """The first of ``names`` that ``obj`` has (attribute or mapping key) and is not None."""
    for name in names:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        if value is not None:
            return value
    return default


def as_figure_view(obj: Any) -> FigureView:
    """A FigureView from a reconciliation record or dict, whatever it calls its fields."""
    if isinstance(obj, FigureView):
        return obj
    measure = str(_first_attr(obj, ("measure",), "other"))
    claim_ids = _first_attr(obj, ("claim_ids", "claims"))
    if claim_ids is not None:
        claim_ids = tuple(c if isinstance(c, str) else str(getattr(c, "id", c)) for c in claim_ids)
    return FigureView(
        id=str(_first_attr(obj, ("id", "figure_id"))),
        label=str(_first_attr(obj, ("label", "title", "name", "counted"), measure_label(measure))),
        measure=measure,
        unit=_first_attr(obj, ("unit",)),
        claim_ids=claim_ids,
        value=_first_attr(obj, ("value", "estimate", "point")),
        low=_first_attr(obj, ("low", "consensus_low", "value_low")),
        high=_first_attr(obj, ("high", "consensus_high", "value_high")),
        status=_first_attr(obj, ("status",)),
        story_id=_first_attr(obj, ("story_id", "story")),
        computed=True,
    )


def as_story_view(obj: Any) -> StoryView:
    """A StoryView from a provenance record or dict."""
    if isinstance(obj, StoryView):
        return obj
    doc_ids = tuple(str(d) for d in _first_attr(obj, ("doc_ids", "documents"), ()))
    return StoryView(
        id=str(_first_attr(obj, ("id", "story_id"))),
        label=str(_first_attr(obj, ("label", "title", "name"), f"Story of {len(doc_ids)} articles")),
        doc_ids=doc_ids,
        figure_ids=tuple(str(f) for f in _first_attr(obj, ("figure_ids", "figures"), ())),
        first=_first_attr(obj, ("first", "start", "first_published")),
        last=_first_attr(obj, ("last", "end", "last_published")),
    )


def _installed(module_name: str, function: str, store: Store) -> Sequence[Any] | None:
    """Call ``module_name.function(store)`` if that module and function exist, else None."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        if e.name and module_name.startswith(e.name):
            return None  # the stage is not there yet; a missing dependency of it is a real error
        raise
    provider = getattr(module, function, None)
    return None if provider is None else provider(store)


def installed_figures(store: Store) -> Sequence[Any] | None:
    """The figures ``analyze`` reconciled and stored, if they describe the database as it is;
    else reconciled here (``figures_view.web_figures``): a database made before figures were
    stored, or one ``analyze`` is still adding to."""
    from corroborate.store.figure_store import load_figures

    stored = load_figures(store)
    if stored is not None:
        return stored
    return _installed(FIGURES_MODULE, "web_figures", store)


def installed_stories(store: Store) -> Sequence[Any] | None:
    """The stories ``analyze`` stored, so the web app shows what the CLI and report show; None
    ("not computed yet") for a database made before provenance existed. Clustering a large
    database inside the server would hold the interpreter for minutes and stall every request."""
    from corroborate.present.provenance_view import web_stories
    from corroborate.store.provenance_store import has_provenance

    return web_stories(store) if has_provenance(store) else None


@dataclass(frozen=True, slots=True)
class Derived:
    """Figures or stories as a corpus-wide stage gave them, for one state of the database."""

    available: bool  # False: the stage is not installed (its provider gave None)
    items: tuple[Any, ...]
    by_id: dict[str, Any]
    version: tuple[int, ...]
    error: str | None = None
    by_member: dict[str, tuple[str, ...]] | None = None  # claim or document id -> ids of the items holding it


class Background:
    """Runs a slow corpus-wide provider off the request path, one run at a time.

    Reconciling 100,000 claims takes tens of seconds, far too long for a request. The first
    caller waits ``first_wait`` seconds (enough for a small database); after that, pages use the
    last finished result while a newer one is computed, at most once per ``min_interval``
    seconds, so a database that ``analyze`` keeps growing is not reconciled without pause.
    """

    def __init__(
        self,
        name: str,
        provider: Callable[[Store], Sequence[Any] | None],
        convert: Callable[[Any], Any],
        open_store: Callable[[], Store],
        members: str,
        first_wait: float = FIRST_WAIT_SECONDS,
        min_interval: float = MIN_REFRESH_SECONDS,
        freeze_gc: bool = False,
    ) -> None:
        self.name = name
        self.freeze_gc = freeze_gc
        self.provider = provider
        self.convert = convert
        self.open_store = open_store
        self.members = members  # the attribute listing what an item holds: claim_ids or doc_ids
        self.first_wait = first_wait
        self.min_interval = min_interval
        self._lock = threading.Lock()
        self._result: Derived | None = None
        self._thread: threading.Thread | None = None
        self._finished_at = 0.0
        self._duration = 0.0

    def _run(self, version: tuple[int, ...]) -> None:
        started = time.monotonic()
        try:
            with self.open_store() as store:
                found = self.provider(store)
            if found is None:
                result = Derived(False, (), {}, version)
            else:
                # most members first: lists show the most discussed figures and stories on top
                items = tuple(
                    sorted(
                        (self.convert(x) for x in found),
                        key=lambda x: -len(getattr(x, self.members, None) or ()),
                    )
                )
                by_member: dict[str, list[str]] = {}
                for x in items:
                    for cid in getattr(x, self.members, None) or ():
                        by_member.setdefault(cid, []).append(x.id)
                result = Derived(
                    True,
                    items,
                    {x.id: x for x in items},
                    version,
                    None,
                    {k: tuple(v) for k, v in by_member.items()},
                )
        except Exception as exc:  # noqa: BLE001 - a failing stage must not take the pages down
            log.exception("computing %s failed", self.name)
            result = Derived(False, (), {}, version, f"{type(exc).__name__}: {exc}")
        with self._lock:
            self._result = result
            self._finished_at = time.monotonic()
            self._duration = self._finished_at - started
        if self.freeze_gc:
            # what was just loaded lives until the next load: out of the collector's sight, a full
            # collection no longer walks it (see serve_gc)
            gc.collect()
            gc.freeze()

    def get(self, version: tuple[int, ...]) -> tuple[Derived | None, bool]:
        """The latest finished result (None before the first) and whether a newer one is coming."""
        started = None
        with self._lock:
            result = self._result
            running = self._thread is not None and self._thread.is_alive()
            # a run taking a minute is not restarted every 30 s while analyze keeps writing
            pause = max(self.min_interval, 2 * self._duration)
            due = result is None or (
                result.version != version and time.monotonic() - self._finished_at >= pause
            )
            if due and not running:
                started = threading.Thread(
                    target=self._run, args=(version,), name=f"compute-{self.name}", daemon=True
                )
                self._thread = started
                started.start()
                running = True
        if started is not None and result is None:
            started.join(self.first_wait)
            with self._lock:
                result = self._result
                running = started.is_alive()
        return result, running

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a running computation to finish (for tests and benchmarks)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)


class WebState:
    """The database path, one read-only connection per worker thread, a cache and the providers."""

    def __init__(
        self,
        db_path: Path,
        figures: FigureProvider = installed_figures,
        stories: StoryProvider = installed_stories,
        freeze_gc: bool = False,
    ) -> None:
        self.db_path = Path(db_path)
        self._local = threading.local()
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._sizes: dict[tuple[Any, ...], int] = {}
        self._cached_bytes = 0
        self._lock = threading.Lock()
        Store(self.db_path, readonly=True).close()  # fail at start, with the store's message, not per request
        self.figure_runs = Background(
            "figures", figures, as_figure_view, self.open_store, "claim_ids", freeze_gc=freeze_gc
        )
        self.story_runs = Background(
            "stories", stories, as_story_view, self.open_store, "doc_ids", freeze_gc=freeze_gc
        )

    def open_store(self) -> Store:
        """A new read-only store on the database, tuned for reading."""
        store = Store(self.db_path, readonly=True)
        store.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        store.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        return store

    def store(self) -> Store:
        """This thread's read-only store, opened on first use."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = self.open_store()
        return store

    def version(self, store: Store) -> tuple[int, ...]:
        """The database's ``data_version``, recomputed only when another connection has committed.

        SQLite's ``PRAGMA data_version`` is per connection (it cannot key a cache shared by all
        threads) but costs next to nothing, so it tells each thread when to look again.
        """
        changes = store.conn.execute("PRAGMA data_version").fetchone()[0]
        memo: tuple[Store, int, tuple[int, ...]] | None = getattr(self._local, "version", None)
        if memo is not None and memo[0] is store and memo[1] == changes:
            return memo[2]
        version = data_version(store)
        self._local.version = (store, changes, version)
        return version

    def cached(self, store: Store, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        """``compute()``, remembered under ``key`` until the database changes."""
        full_key = (*key, self.version(store))
        with self._lock:
            if full_key in self._cache:
                self._cache.move_to_end(full_key)
                return self._cache[full_key]
        value = compute()  # outside the lock: two threads may compute once each, never block each other
        size = approximate_size(value)
        with self._lock:
            if full_key not in self._cache:
                self._cache[full_key] = value
                self._sizes[full_key] = size
                self._cached_bytes += size
            while len(self._cache) > CACHE_ENTRIES or self._cached_bytes > CACHE_BYTES:
                old_key, _ = self._cache.popitem(last=False)
                self._cached_bytes -= self._sizes.pop(old_key)
        return value

    def claim_page(self, store: Store, f: ClaimFilter, limit: int, offset: int) -> list[ClaimRow]:
        """A page of claims; a deep one starts from the filter's cached anchors (see claim_anchors).

        A reconciled figure's claims (a list of ids) are kept as rowids in order, so any page of
        them is one lookup of ``limit`` rows.
        """
        if f.claim_ids is not None:
            rowids = self.cached(store, ("rowids", f), lambda: claim_rowids(store, f))
            return claims_by_rowid(store, rowids[offset : offset + limit])
        anchors: list[int] = []
        if offset >= ANCHOR_EVERY:
            anchors = self.cached(store, ("anchors", f), lambda: claim_anchors(store, f))
        return claim_page(store, f, limit, offset, anchors)

    def measures(self, store: Store) -> list[MeasureSummary]:
        """Per-measure summaries in report order (cached)."""

        def compute() -> list[MeasureSummary]:
            by_measure = {m.measure: m for m in measure_summaries(store)}
            return [by_measure[m] for m in measure_order(by_measure)]

        return self.cached(store, ("measures",), compute)

    def figures(self, store: Store) -> Figures:
        """The reconciled figures if there are any yet, else one stand-in figure per measure."""
        version = self.version(store)
        result, running = self.figure_runs.get(version)
        if result is not None and result.available:
            note = FIGURES_UPDATING if running or result.version != version else None
            return Figures(True, list(result.items), result.by_id, note, result.by_member or {})
        if running:
            note = FIGURES_RUNNING
        elif result is not None and result.error:
            note = FIGURES_FAILED + result.error
        else:
            note = FIGURES_NOT_COMPUTED
        stand_ins = [measure_figure(m.measure) for m in self.measures(store)]
        return Figures(False, stand_ins, {f.id: f for f in stand_ins}, note, {})

    def figure(self, store: Store, figure_id: str) -> FigureView | None:
        """The figure with this id: a reconciled one, else the stand-in figure of a measure."""
        found = self.figures(store).by_id.get(figure_id)
        if found is None and any(m.measure == figure_id for m in self.measures(store)):
            found = measure_figure(figure_id)
        return found

    def stories(self, store: Store) -> Stories:
        """The stories if provenance has grouped any, else none, with a note saying why."""
        version = self.version(store)
        result, running = self.story_runs.get(version)
        if result is not None and result.available:
            note = STORIES_UPDATING if running or result.version != version else None
            return Stories(True, list(result.items), result.by_id, note, result.by_member or {})
        if running:
            note = STORIES_RUNNING
        elif result is not None and result.error:
            note = STORIES_FAILED + result.error
        else:
            note = STORIES_NOT_COMPUTED
        return Stories(False, [], {}, note, {})


@dataclass(frozen=True, slots=True)
class Figures:
    """What pages show as figures: reconciled ones (``computed``) or one per measure, and a note."""

    computed: bool
    items: list[FigureView]
    by_id: dict[str, FigureView]
    note: str | None
    by_claim: dict[str, tuple[str, ...]]  # claim id -> ids of the reconciled figures holding it

    def holding(self, claim_id: str) -> list[FigureView]:
        """The reconciled figures a claim belongs to."""
        return [self.by_id[i] for i in self.by_claim.get(claim_id, ())]


@dataclass(frozen=True, slots=True)
class Stories:
    """What pages show as stories, and a note when there are none yet."""

    computed: bool
    items: list[StoryView]
    by_id: dict[str, StoryView]
    note: str | None
    by_doc: dict[str, tuple[str, ...]]  # document id -> ids of the stories holding it

    def holding(self, doc_id: str) -> list[StoryView]:
        """The stories a document belongs to."""
        return [self.by_id[i] for i in self.by_doc.get(doc_id, ())]


def approximate_size(value: Any, depth: int = 0) -> int:
    """Roughly how many bytes a cached value holds: its text, and a little per item."""
    if isinstance(value, str | bytes):
        return len(value) + 50
    if depth < 2 and isinstance(value, list | tuple):
        return 56 + sum(approximate_size(v, depth + 1) for v in value)
    if depth < 2 and isinstance(value, dict):
        return 100 + sum(approximate_size(v, depth + 1) for v in value.values())
    if value is None or isinstance(value, int | float):
        return 32
    return 200  # a record, or a collection deep enough not to matter


def measure_figure(measure: str) -> FigureView:
    """The stand-in figure of a measure: all its claims, no consensus."""
    return FigureView(id=measure, label=measure_label(measure), measure=measure)
