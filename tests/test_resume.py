"""A run killed with SIGKILL and started again ends with every input stored exactly once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from corroborate.config import Config
from corroborate.ingest.units import PendingPage
from corroborate.pipeline import SerialEngine, run
from corroborate.records import Document, Rejection
from corroborate.store.sqlite_store import Store
from tests.scale_corpus import store_contents, write_corpus

BATCH = 25


def stored_inputs(db: Path) -> int:
    """Inputs the store accounts for so far (committed only): occurrences plus rejections."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(
                "SELECT (SELECT count(*) FROM occurrences) + (SELECT count(*) FROM rejections)"
            ).fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def start(paths: list[Path], db: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "corroborate.cli", "analyze", *map(str, paths), "--db", str(db), "-q"]
    return subprocess.Popen(
        [*cmd, "--batch-size", str(BATCH)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def kill_after_commits(proc: subprocess.Popen[bytes], db: Path, more_than: int, timeout: float = 120) -> int:
    """SIGKILL the run as soon as the store holds more than ``more_than`` inputs; returns that count."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the run ended before it could be killed: {proc.stderr.read().decode()[-500:]}")
        if stored_inputs(db) > more_than:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return stored_inputs(db)
        time.sleep(0.02)
    proc.kill()
    pytest.fail("no batch was committed in time")


class CountingEngine(SerialEngine):
    """The serial engine, counting the pages it had to extract."""

    def __init__(self) -> None:
        self.pages = 0

    def resolve(self, pages: Iterable[PendingPage], config: Config) -> Iterator[Document | Rejection]:
        for page in pages:
            self.pages += 1
            yield from super().resolve([page], config)


def test_killed_twice_then_finished_equals_one_clean_run(shared: Path, tmp_path: Path) -> None:
    paths, inputs = write_corpus(shared, tmp_path / "corpus", pages=200)
    db = tmp_path / "resumed.db"

    first = start(paths, db)
    at_first_kill = kill_after_commits(first, db, 0)
    assert first.returncode == -signal.SIGKILL
    assert 0 < at_first_kill < inputs and at_first_kill % BATCH == 0  # whole batches only

    second = start(paths, db)
    at_second_kill = kill_after_commits(second, db, at_first_kill)
    assert at_first_kill < at_second_kill < inputs and at_second_kill % BATCH == 0

    third = start(paths, db)
    assert third.wait(timeout=300) == 0, third.stderr.read().decode()[-2000:]

    with Store(tmp_path / "clean.db") as store:
        clean = run(paths, Config(), store, batch_size=BATCH)
    resumed, expected = store_contents(db), store_contents(tmp_path / "clean.db")
    for key in expected:
        assert resumed[key] == expected[key], key  # nothing lost, nothing twice, same order
    with sqlite3.connect(db) as conn:
        occurrences = conn.execute(
            "SELECT count(*), count(DISTINCT name || char(31) || origin) FROM occurrences"
        ).fetchone()
        rejected = {origin for (origin,) in conn.execute("SELECT origin FROM rejections")}
        stored = {origin for (origin,) in conn.execute("SELECT origin FROM occurrences")}
    assert occurrences[0] == occurrences[1] and not rejected & stored
    assert occurrences[0] + len(rejected) == inputs == clean.read

    # a run over inputs already analysed skips the pages without extracting them again
    engine = CountingEngine()
    with Store(db) as store:
        again = run(paths, Config(), store, batch_size=BATCH, engine=engine)
    assert engine.pages == 0
    assert again.analysed == 0 and again.claims == 0 and again.read == inputs
    assert store_contents(db) == expected
