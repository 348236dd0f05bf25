"""Run the per-document stages in worker processes on one machine (``analyze --workers N``).

Workers only compute: they extract pages and clean and extract documents, the pure functions
:func:`~corroborate.pipeline.resolve_chunk` and :func:`~corroborate.pipeline.analyze_chunk`.
This process reads the inputs, gathers each batch's cross-document evidence and is the single
writer to the store. Results come back in input order
(:class:`~corroborate.pipeline.OrderedStream`), so the store and the claims export are the same
as with ``--workers 1``.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Self, TypeVar

from corroborate.config import Config

__all__ = ["ANALYZE_CHUNK", "RESOLVE_CHUNK", "ProcessEngine", "set_log_levels"]

T = TypeVar("T")
R = TypeVar("R")

# Items per task: big enough that sending a task costs little next to its work, small enough
# that the last tasks of a batch do not leave workers idle for long. A page through trafilatura
# takes ~10-20 ms, cleaning and extracting a document ~3 ms (benchmarks/README.scale.md).
RESOLVE_CHUNK = 4
ANALYZE_CHUNK = 16
# Tasks of each kind out per worker: enough to keep each busy while this process writes, commits
# or runs the provenance stage on a batch (pauses of up to a second between pumps); 12 resolve
# tasks are ~0.5 s of work and ~2.6 MB of pages per worker.
_TASKS_PER_WORKER = 12


def set_log_levels(levels: Mapping[str, int]) -> None:
    """Set loggers' levels (run in each worker: logging settings do not cross process lines)."""
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def _warm(levels: Mapping[str, int]) -> None:
    """Run once in each new worker: load the stages' modules before the first task arrives."""
    import corroborate.pipeline  # noqa: F401

    set_log_levels(levels)


class ProcessEngine:
    """A :class:`~corroborate.pipeline.Engine` over a pool of ``workers`` processes.

    Use as a context manager. Workers are started by a fork server with the stages' modules
    preloaded, so they start quickly and without copying this process's threads or open store.
    ``log_levels`` (logger name -> level) is applied in every worker.
    """

    pages_per_task = RESOLVE_CHUNK
    docs_per_task = ANALYZE_CHUNK

    def __init__(self, workers: int, log_levels: Mapping[str, int] | None = None) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.workers = workers
        self.window = workers * _TASKS_PER_WORKER
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

    def submit(
        self, fn: Callable[[list[T], Config], list[R]], items: list[T], config: Config
    ) -> Future[list[R]]:
        """Send ``fn(items, config)`` to a worker."""
        return self._pool.submit(fn, items, config)
