"""What the web app keeps between requests, and the adapters to figures and stories.

The app reads the database only: each worker thread gets its own read-only connection (SQLite
connections may not cross threads), and a small cache keeps the aggregates that scan many rows
(per-measure summaries, chart points) until the database grows, which ``data_version`` detects
in one b-tree descent per table. Figures (reconciliation) and stories (provenance) come from
providers: callables ``f(store) -> list | None`` where ``None`` means "not computed yet"; the
default ones look for the stage modules and fall back to one figure per measure.
"""

from __future__ import annotations

import importlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corroborate.present.report_html import measure_label, measure_order
from corroborate.store.queries import MeasureSummary, data_version, measure_summaries
from corroborate.store.sqlite_store import Store

__all__ = [
    "FIGURES_NOT_COMPUTED",
    "STORIES_NOT_COMPUTED",
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
STORIES_NOT_COMPUTED = "Stories (articles grouped by event, with their provenance) are not computed yet."

# Where the stage owners put the functions the web app calls; see installed_figures.
FIGURES_MODULE = "corroborate.present.figures_view"
STORIES_MODULE = "corroborate.provenance.stories"

CACHE_ENTRIES = 256  # aggregates kept per app; each is a few kB to a few hundred kB
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
    """Figures from ``corroborate.present.figures_view.web_figures(store)`` once that exists."""
    return _installed(FIGURES_MODULE, "web_figures", store)


def installed_stories(store: Store) -> Sequence[Any] | None:
    """Stories from ``corroborate.provenance.stories.web_stories(store)`` once that exists."""
    return _installed(STORIES_MODULE, "web_stories", store)


class WebState:
    """The database path, one read-only connection per worker thread, a cache and the providers."""

    def __init__(
        self,
        db_path: Path,
        figures: FigureProvider = installed_figures,
        stories: StoryProvider = installed_stories,
    ) -> None:
        self.db_path = Path(db_path)
        self.figure_provider = figures
        self.story_provider = stories
        self._local = threading.local()
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()
        Store(self.db_path, readonly=True).close()  # fail at start, with the store's message, not per request

    def store(self) -> Store:
        """This thread's read-only store, opened on first use."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.db_path, readonly=True)
            store.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            store.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            self._local.store = store
        return store

    def cached(self, store: Store, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        """``compute()``, remembered under ``key`` until the database changes."""
        full_key = (*key, data_version(store))
        with self._lock:
            if full_key in self._cache:
                self._cache.move_to_end(full_key)
                return self._cache[full_key]
        value = compute()  # outside the lock: two threads may compute once each, never block each other
        with self._lock:
            self._cache[full_key] = value
            while len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
        return value

    def measures(self, store: Store) -> list[MeasureSummary]:
        """Per-measure summaries in report order (cached)."""

        def compute() -> list[MeasureSummary]:
            by_measure = {m.measure: m for m in measure_summaries(store)}
            return [by_measure[m] for m in measure_order(by_measure)]

        return self.cached(store, ("measures",), compute)

    def figures(self, store: Store) -> tuple[bool, list[FigureView]]:
        """Whether reconciled figures exist, and the figures: reconciled ones, or one per measure."""

        def compute() -> tuple[bool, list[FigureView]]:
            found = self.figure_provider(store)
            if found is not None:
                return True, [as_figure_view(f) for f in found]
            return False, [measure_figure(m.measure) for m in self.measures(store)]

        return self.cached(store, ("figures",), compute)

    def figure(self, store: Store, figure_id: str) -> FigureView | None:
        """The figure with this id: a reconciled one, else the stand-in figure of a measure."""
        computed, figures = self.figures(store)
        for f in figures:
            if f.id == figure_id:
                return f
        if computed and any(m.measure == figure_id for m in self.measures(store)):
            return measure_figure(figure_id)
        return None

    def stories(self, store: Store) -> tuple[bool, list[StoryView]]:
        """Whether stories exist, and the stories (empty when not computed)."""

        def compute() -> tuple[bool, list[StoryView]]:
            found = self.story_provider(store)
            return (False, []) if found is None else (True, [as_story_view(s) for s in found])

        return self.cached(store, ("stories",), compute)


def measure_figure(measure: str) -> FigureView:
    """The stand-in figure of a measure: all its claims, no consensus."""
    return FigureView(id=measure, label=measure_label(measure), measure=measure)
