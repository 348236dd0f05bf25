"""Remember which page inputs a store has read, so a re-run skips them without extracting again.

Documents are keyed by a hash of their *extracted* text, so knowing that a web page was already
analysed would otherwise need trafilatura to run on it again, which is most of the cost of a
page. The ledger keys each page input by where it was read, its bytes and the run settings
(:func:`corroborate.ingest.units.unit_key`) and is written in the same transaction as the
batch's documents and rejections: after a crash, a page is in the ledger exactly when its
result is in the store.

The table lives in the store's file beside the others; it is created on first use so that
stores written before it existed keep working.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from corroborate.store.sqlite_store import Store, now

__all__ = ["InputLedger"]

_SCHEMA = "CREATE TABLE IF NOT EXISTS read_inputs (key TEXT PRIMARY KEY, added_at TEXT NOT NULL)"


class InputLedger:
    """The set of page-input keys a store has read; ``add`` belongs inside the batch's transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store
        if not store.readonly:
            store.conn.execute(_SCHEMA)

    def has(self, key: str) -> bool:
        """Whether the input with this key was read by an earlier, committed batch."""
        try:
            row = self.store.conn.execute("SELECT 1 FROM read_inputs WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:  # a read-only store from before the ledger has no table
            return False
        return row is not None

    def add(self, keys: Iterable[str]) -> None:
        """Record keys as read; call inside the transaction that stores their results."""
        stamp = now()
        self.store.conn.executemany(
            "INSERT OR IGNORE INTO read_inputs (key, added_at) VALUES (?, ?)", [(k, stamp) for k in keys]
        )
