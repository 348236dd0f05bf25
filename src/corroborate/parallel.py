"""Run the per-document stages in worker processes on one machine (``analyze --workers N``).

Workers only compute: they extract pages and clean and extract documents, the pure functions
:func:`~corroborate.pipeline.resolve_chunk` and :func:`~corroborate.pipeline.analyze_chunk`.
This process reads the inputs, gathers each batch's cross-document evidence and is the single
writer to the store. Results come back in input order (:func:`ordered_map`), so the store and
the claims export are the same as with ``--workers 1``.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, Protocol, Self, TypeVar

from corroborate.config import Config
from corroborate.ingest.units import PendingPage
from corroborate.pipeline import Analysed, analyze_chunk, resolve_chunk
from corroborate.records import Document, Rejection

__all__ = ["ANALYZE_CHUNK", "RESOLVE_CHUNK", "ProcessEngine", "ordered_map", "set_log_levels"]

T = TypeVar("T")
R = TypeVar("R")

# Items per task: big enough that sending a task costs little next to its work, small enough
# that the last tasks of a batch do not leave workers idle for long. A page through trafilatura
# takes ~20 ms, cleaning and extracting a document ~3 ms (benchmarks/README.scale.md).
RESOLVE_CHUNK = 4
ANALYZE_CHUNK = 16
# Tasks in flight per worker: enough to keep each busy while this process writes.
_TASKS_PER_WORKER = 3


class _Result(Protocol[R]):
    def result(self) -> R: ...


def ordered_map(
    submit: Callable[[list[T]], _Result[list[R]]], items: Iterable[T], chunk: int, window: int
) -> Iterator[R]:
    """Yield ``fn(item)`` for every item, in input order, computed by submitted chunk tasks.

    ``submit`` sends one chunk (a list of items) to a pool and returns a future of the list of
    results (a ``concurrent.futures`` or Dask future). At most ``window`` chunks are in flight,
    so items are read from ``items`` only as fast as the pool works through them: memory stays
    bounded however long the input is.
    """
    source = iter(items)
    in_flight: deque[_Result[list[R]]] = deque()
    while True:
        while len(in_flight) < window:
            part = list(islice(source, chunk))
            if not part:
                break
            in_flight.append(submit(part))
        if not in_flight:
            return
        yield from in_flight.popleft().result()


def set_log_levels(levels: Mapping[str, int]) -> None:
    """Set loggers' levels (run in each worker: logging settings do not cross process lines)."""
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def _warm(levels: Mapping[str, int]) -> None:
    """Run once in each new worker: load the stages' modules before the first task arrives."""
    import corroborate.pipeline  # noqa: F401

    set_log_levels(levels)


class ProcessEngine:
    """An :class:`~corroborate.pipeline.Engine` over a pool of ``workers`` processes.

    Use as a context manager. Workers are started by a fork server with the stages' modules
    preloaded, so they start quickly and without copying this process's threads or open store.
    ``log_levels`` (logger name -> level) is applied in every worker.
    """

    def __init__(self, workers: int, log_levels: Mapping[str, int] | None = None) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.workers = workers
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["corroborate.pipeline"])
        self._pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_warm, initargs=(dict(log_levels or {}),)
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers (tasks not yet started are cancelled)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _submit(
        self, fn: Callable[[list[Any], Config], list[Any]], config: Config
    ) -> Callable[[list[Any]], Future[Any]]:
        return lambda part: self._pool.submit(fn, part, config)

    def resolve(self, pages: Iterable[PendingPage], config: Config) -> Iterator[Document | Rejection]:
        """Extract the articles of pending pages in the workers."""
        return ordered_map(
            self._submit(resolve_chunk, config), pages, RESOLVE_CHUNK, self.workers * _TASKS_PER_WORKER
        )

    def analyze(self, docs: Iterable[tuple[Document, frozenset[str]]], config: Config) -> Iterator[Analysed]:
        """Clean and extract documents in the workers."""
        return ordered_map(
            self._submit(analyze_chunk, config), docs, ANALYZE_CHUNK, self.workers * _TASKS_PER_WORKER
        )
