"""Run the per-document stages on a Dask cluster (``analyze --dask ADDRESS``, or ``--dask local``).

The division of work is the same as with local processes (:mod:`corroborate.parallel`): this
process (the Dask client) reads the inputs and splits each batch into partitions, a few WARC
records or files each; Dask workers extract the pages and clean and extract the documents
(:func:`~corroborate.pipeline.resolve_chunk`, :func:`~corroborate.pipeline.analyze_chunk`);
the corpus-wide stage, the lines each site repeats across a batch, runs here between the
two, because it needs every document of the batch and costs about 1 % of the work; and the
results come back in input order to this process, the single writer. So a Dask run stores
exactly what a local run stores (``tests/test_distributed.py`` checks the claims exports are
identical).

Workers must have the same version of corroborate installed; inputs are read by the client,
so they need to be reachable from it only (a local disk, shared storage, or an object store URL
such as ``s3://bucket/cc-news/*.warc.gz`` through fsspec). See benchmarks/README.scale.md for
running on several hosts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any, Self, TypeVar

from corroborate.config import Config
from corroborate.parallel import set_log_levels

__all__ = ["ANALYZE_PARTITION", "RESOLVE_PARTITION", "DaskEngine"]

T = TypeVar("T")
R = TypeVar("R")

# Items per Dask task: larger than for local processes because each task also costs the
# scheduler a round trip (~1-2 ms); at ~20 ms a page, 8 pages keep that under 1 %.
RESOLVE_PARTITION = 8
ANALYZE_PARTITION = 32
_TASKS_PER_THREAD = 3
_WINDOW_REFRESH_S = 10.0  # workers may join or leave a running cluster


def _worker_version() -> str:
    import corroborate

    return corroborate.__version__


class DaskEngine:
    """An :class:`~corroborate.pipeline.Engine` on a Dask cluster; use as a context manager.

    ``address`` is a scheduler address (``tcp://host:8786``) or ``"local"`` for a LocalCluster
    of ``workers`` single-threaded worker processes on this machine. ``log_levels`` (logger
    name -> level) is applied on every worker present at the start; ``connect_timeout`` is how
    many seconds to wait for the scheduler.
    """

    pages_per_task = RESOLVE_PARTITION
    docs_per_task = ANALYZE_PARTITION

    def __init__(
        self,
        address: str,
        workers: int = 2,
        log_levels: Mapping[str, int] | None = None,
        connect_timeout: float = 30.0,
    ) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as error:
            raise RuntimeError(
                "--dask needs Dask's distributed scheduler: pip install 'dask[distributed]'"
            ) from error
        self._cluster: Any = None
        self._window, self._window_checked = _TASKS_PER_THREAD, float("-inf")
        if address == "local":
            if workers < 1:
                raise ValueError(f"workers must be at least 1, not {workers}")
            self._cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self.client = Client(self._cluster)
        else:
            try:
                self.client = Client(address, timeout=connect_timeout)
            except OSError as error:
                raise RuntimeError(
                    f"no Dask scheduler answered at {address} ({error}); start one with `dask scheduler` "
                    "and workers with `dask worker ADDRESS`, or use --dask local"
                ) from error
        try:
            self._check_workers()
            if log_levels:
                self.client.run(set_log_levels, dict(log_levels))
        except BaseException:
            self.close()
            raise

    def _check_workers(self) -> None:
        import corroborate

        versions = self.client.run(_worker_version)
        if not versions:
            raise RuntimeError("the Dask cluster has no workers; start some with `dask worker ADDRESS`")
        wrong = {worker: v for worker, v in versions.items() if v != corroborate.__version__}
        if wrong:
            raise RuntimeError(
                f"Dask workers run another corroborate version ({wrong}); this client has "
                f"{corroborate.__version__}: install the same version on every worker"
            )

    @property
    def threads(self) -> int:
        """Worker threads in the cluster now (each runs one task at a time)."""
        return max(1, sum(self.client.nthreads().values()))

    @property
    def window(self) -> int:
        """Tasks of each kind out at once: a few per worker thread, as the cluster was lately."""
        # asked on every pump, so the scheduler is asked only every few seconds
        now = time.monotonic()
        if now - self._window_checked > _WINDOW_REFRESH_S:
            self._window, self._window_checked = self.threads * _TASKS_PER_THREAD, now
        return self._window

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Disconnect, and stop the LocalCluster if this engine started one."""
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def submit(self, fn: Callable[[list[T], Config], list[R]], items: list[T], config: Config) -> Any:
        """Send ``fn(items, config)`` to the cluster as one task (a partition); returns its future."""
        # pure=False: partitions are never repeated, so hashing their bytes for a key is wasted work
        return self.client.submit(fn, items, config, pure=False)
