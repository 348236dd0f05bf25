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

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Self

from corroborate.config import Config
from corroborate.ingest.units import PendingPage
from corroborate.parallel import ordered_map, set_log_levels
from corroborate.pipeline import Analysed, analyze_chunk, resolve_chunk
from corroborate.records import Document, Rejection

__all__ = ["ANALYZE_PARTITION", "RESOLVE_PARTITION", "DaskEngine"]

# Items per Dask task: larger than for local processes because each task also costs the
# scheduler a round trip (~1-2 ms); at ~20 ms a page, 8 pages keep that under 1 %.
RESOLVE_PARTITION = 8
ANALYZE_PARTITION = 32
_TASKS_PER_THREAD = 3


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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Disconnect, and stop the LocalCluster if this engine started one."""
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def _submit(
        self, fn: Callable[[list[Any], Config], list[Any]], config: Config
    ) -> Callable[[list[Any]], Any]:
        # pure=False: partitions are never repeated, so hashing their bytes for a key is wasted work
        return lambda part: self.client.submit(fn, part, config, pure=False)

    def resolve(self, pages: Iterable[PendingPage], config: Config) -> Iterator[Document | Rejection]:
        """Extract the articles of pending pages on the Dask workers, a partition per task."""
        window = self.threads * _TASKS_PER_THREAD
        return ordered_map(self._submit(resolve_chunk, config), pages, RESOLVE_PARTITION, window)

    def analyze(self, docs: Iterable[tuple[Document, frozenset[str]]], config: Config) -> Iterator[Analysed]:
        """Clean and extract documents on the Dask workers, a partition per task."""
        window = self.threads * _TASKS_PER_THREAD
        return ordered_map(self._submit(analyze_chunk, config), docs, ANALYZE_PARTITION, window)
