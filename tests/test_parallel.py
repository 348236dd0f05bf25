"""Worker processes give the same store as one process: same documents, claims, order and rejections."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborate.config import Config
from corroborate.parallel import ProcessEngine, ordered_map
from corroborate.pipeline import run
from corroborate.store.sqlite_store import Store
from tests.scale_corpus import store_contents, write_corpus


class _Done:
    def __init__(self, value: list[int]) -> None:
        self.value = value

    def result(self) -> list[int]:
        return self.value


def test_ordered_map_keeps_order_and_bounds_what_it_reads() -> None:
    pulled: list[int] = []

    def items():
        for i in range(50):
            pulled.append(i)
            yield i

    def submit(part: list[int]) -> _Done:
        return _Done([x * 10 for x in part])

    out = ordered_map(submit, items(), chunk=4, window=3)
    first = next(out)
    assert first == 0 and len(pulled) == 12  # three chunks of four read, no more
    assert [first, *out] == [x * 10 for x in range(50)]


@pytest.fixture(scope="module")
def corpus(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], int]:
    return write_corpus(shared, tmp_path_factory.mktemp("corpus"), pages=60)


def test_two_workers_store_what_one_process_stores(corpus: tuple[list[Path], int], tmp_path: Path) -> None:
    paths, inputs = corpus
    with Store(tmp_path / "one.db") as store:
        one = run(paths, Config(), store, batch_size=25)
    with ProcessEngine(2) as engine, Store(tmp_path / "two.db") as store:
        two = run(paths, Config(), store, batch_size=25, engine=engine)
    assert one == two
    assert one.read == inputs and one.analysed > 55 and one.already_stored >= 1 and one.rejected >= 4
    a, b = store_contents(tmp_path / "one.db"), store_contents(tmp_path / "two.db")
    assert a["claims"] and a["claims"].count("\n") > 100
    for key in a:
        assert a[key] == b[key], key
