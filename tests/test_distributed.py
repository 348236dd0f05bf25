"""A Dask run stores exactly what a local run stores (as datasketch checks its GPU path against its CPU)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborate.config import Config
from corroborate.pipeline import run
from corroborate.store.sqlite_store import Store
from tests.scale_corpus import store_contents, write_corpus

pytest.importorskip("dask.distributed")


def test_local_cluster_run_equals_the_local_run(shared: Path, tmp_path: Path) -> None:
    from corroborate.distributed import DaskEngine

    paths, inputs = write_corpus(shared, tmp_path / "corpus", pages=40)
    with Store(tmp_path / "local.db") as store:
        local = run(paths, Config(), store, batch_size=20)
    with DaskEngine("local", workers=2) as engine, Store(tmp_path / "dask.db") as store:
        assert engine.threads == 2
        distributed = run(paths, Config(), store, batch_size=20, engine=engine)
    assert local == distributed and local.read == inputs and local.analysed > 35
    a, b = store_contents(tmp_path / "local.db"), store_contents(tmp_path / "dask.db")
    assert a["claims"].count("\n") > 80
    for key in a:
        assert a[key] == b[key], key


def test_an_unreachable_scheduler_says_how_to_start_one() -> None:
    from corroborate.distributed import DaskEngine

    with pytest.raises(RuntimeError, match="dask scheduler"):
        DaskEngine("tcp://127.0.0.1:9", workers=1, connect_timeout=1.0)
