"""Reconciled figures kept in the store, so readers do not reconcile the corpus again.

``analyze`` reconciles every figure once its documents are stored (tens of seconds for 100,000
claims) and saves them here with the database state they were computed from. The web app reads
them back in milliseconds; a reader that finds none, or finds them older than the claims
(``analyze`` is still writing), reconciles for itself. Each figure is stored as the JSON object
the web app reads (id, label, measure, unit, consensus, claim ids); ``figures_json`` keeps them
in the order reconciliation gave them.

| table | one row per | holds |
|---|---|---|
| ``stored_figures`` | figure | its position, id and JSON object |
| ``stored_figures_meta`` | setting | ``version``: the ``queries.data_version`` they describe |
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from corroborate.store.queries import data_version
from corroborate.store.sqlite_store import Store

__all__ = ["load_figures", "save_figures", "stored_version"]

FIGURE_SCHEMA = """
CREATE TABLE IF NOT EXISTS stored_figures (
    position INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS stored_figures_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def save_figures(store: Store, figures: Iterable[Mapping[str, Any]]) -> int:
    """Replace the stored figures with ``figures`` (dicts with an ``id``); return how many.

    The data version is read in the same transaction, so it is the state they describe as long
    as the caller reconciled what this store holds (``analyze`` writes nothing in between).
    """
    with store.transaction():
        _create(store)
        store.conn.execute("DELETE FROM stored_figures")
        rows = [(i, str(f["id"]), json.dumps(f, ensure_ascii=False)) for i, f in enumerate(figures)]
        store.conn.executemany("INSERT INTO stored_figures (position, id, data) VALUES (?, ?, ?)", rows)
        store.conn.execute(
            "INSERT OR REPLACE INTO stored_figures_meta (key, value) VALUES ('version', ?)",
            (json.dumps(list(data_version(store))),),
        )
    return len(rows)


def _create(store: Store) -> None:
    # executescript would commit the open transaction; run the statements one by one instead
    for statement in FIGURE_SCHEMA.split(";"):
        if statement.strip():
            store.conn.execute(statement)


def stored_version(store: Store) -> tuple[int, ...] | None:
    """The data version the stored figures were computed from; None if none are stored."""
    try:
        row = store.conn.execute("SELECT value FROM stored_figures_meta WHERE key = 'version'").fetchone()
    except sqlite3.OperationalError:  # a store analysed before figures were kept
        return None
    return None if row is None else tuple(json.loads(row[0]))


def load_figures(store: Store, fresh_only: bool = True) -> list[dict[str, Any]] | None:
    """The stored figures in their order; None if there are none, or (``fresh_only``) if the
    claims have changed since they were computed."""
    version = stored_version(store)
    if version is None or (fresh_only and version != data_version(store)):
        return None
    rows = store.conn.execute("SELECT data FROM stored_figures ORDER BY position")
    return [json.loads(data) for (data,) in rows]
