"""Worker processes give the same store as one process: same documents, claims, order and rejections."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from corroborate.config import Config
from corroborate.parallel import ProcessEngine
from corroborate.pipeline import OrderedStream, run
from corroborate.store.sqlite_store import Store
from tests.scale_corpus import store_contents, write_corpus


class _LateEngine:
    """An engine whose tasks finish only when the test says so, to watch what the stream reads."""

    window = 3
    pages_per_task = 4
    docs_per_task = 4

    def __init__(self) -> None:
        self.tasks: list[_Late] = []

    def submit(self, fn: Callable[[list[int], Config], list[int]], items: list[int], config: Config) -> _Late:
        task = _Late(fn(items, config))
        self.tasks.append(task)
        return task


class _Late:
    def __init__(self, value: list[int]) -> None:
        self.value, self.finished = value, False

    def done(self) -> bool:
        return self.finished

    def result(self) -> list[int]:
        self.finished = True
        return self.value


def test_ordered_stream_keeps_order_and_bounds_what_it_reads() -> None:
    pulled: list[int] = []

    def items():
        for i in range(50):
            pulled.append(i)
            yield i

    engine = _LateEngine()
    stream = OrderedStream(engine, lambda part, config: [x * 10 for x in part], items(), 4, Config())
    stream.pump()
    assert len(pulled) == 12 and len(engine.tasks) == 3  # a window of three tasks of four, no more
    stream.pump()
    assert len(pulled) == 12  # nothing finished, so nothing more is read and nothing waits
    engine.tasks[0].finished = True
    stream.pump()
    assert len(pulled) == 16 and len(engine.tasks) == 4
    assert list(stream) == [x * 10 for x in range(50)]


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
