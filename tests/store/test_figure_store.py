"""Figures reconciled at analyze time are kept in the store and read back only while they still
describe it; the web app then serves them without reconciling."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from corroborate.present.figures_view import web_figures
from corroborate.present.web_app import create_app
from corroborate.store.figure_store import load_figures, save_figures, stored_version
from corroborate.store.queries import data_version
from corroborate.store.sqlite_store import Store
from tests.present.web_seed import build_seed_db


def _analyze(src: Path, db: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "corroborate.cli", "analyze", str(src), "--db", str(db), "--quiet"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_analyze_stores_the_figures_it_reconciled(shared: Path, tmp_path: Path) -> None:
    db = tmp_path / "seeds.db"
    _analyze(shared / "corpus" / "seeds", db)
    with Store(db, readonly=True) as store:
        stored = load_figures(store)
        assert stored is not None and stored_version(store) == data_version(store)
        assert stored == web_figures(store)  # the same figures a reader would reconcile itself
        # the seeds' deployed troops: several claims behind one figure
        assert any(f["measure"] == "troops_deployed" and len(f["claim_ids"]) >= 3 for f in stored)


def test_figures_are_stale_once_claims_are_added(shared: Path, tmp_path: Path) -> None:
    db = tmp_path / "grow.db"
    seeds = sorted((shared / "corpus" / "seeds").iterdir())
    first = tmp_path / "first"
    first.mkdir()
    (first / seeds[0].name).write_bytes(seeds[0].read_bytes())
    _analyze(first, db)
    with Store(db) as store:
        version = stored_version(store)
        assert load_figures(store) is not None
        # claims arrive without figures being stored again (analyze interrupted, or still running)
        from corroborate.config import Config
        from corroborate.pipeline import run

        run([shared / "corpus" / "seeds"], Config(), store)
        assert data_version(store) != version
        assert load_figures(store) is None  # stale: a reader must not take them
        assert load_figures(store, fresh_only=False) is not None


def test_a_store_without_figures_has_none(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    Store(db).close()
    with Store(db, readonly=True) as store:
        assert stored_version(store) is None and load_figures(store) is None


def test_saving_replaces_what_was_stored(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        save_figures(store, [{"id": "a", "claim_ids": ["x"]}, {"id": "b", "claim_ids": []}])
        assert [f["id"] for f in load_figures(store) or []] == ["a", "b"]
        save_figures(store, [{"id": "c", "claim_ids": ["y", "z"]}])
        assert load_figures(store) == [{"id": "c", "claim_ids": ["y", "z"]}]


def test_the_web_app_serves_stored_figures_without_reconciling(shared: Path, tmp_path: Path) -> None:
    db = tmp_path / "web.db"
    build_seed_db(db, shared)
    with Store(db) as store:
        # a figure no reconciliation would make: seen on the pages only if read from the store
        claim = next(iter(store.claims()))
        marker = {"id": "stored-marker", "label": "Stored marker", "measure": claim.measure}
        marker["claim_ids"] = [claim.id]
        save_figures(store, [marker])
    client = TestClient(create_app(db))
    body = client.get("/api/figures?limit=50").json()
    assert body["computed"] and [f["id"] for f in body["items"]] == ["stored-marker"]
    page = client.get("/figures/stored-marker")
    assert page.status_code == 200 and "Stored marker" in page.text
