"""How fast does `corroborate serve` answer on a 100,000-claim database, under 8 concurrent clients?

Builds (once, then reuses) ``benchmarks/data/web-100k.db`` by analysing the real US local news
articles of ../shared/eval/casualties/articles.jsonl several times over: each copy shifts the
publication date by a few weeks and adds a one-line edition note, so content hashes differ and
every copy is analysed afresh. Then starts the server in its own process on 127.0.0.1 and keeps
``--clients`` requests in flight against the main pages and API endpoints, printing p50 / p95
latency per endpoint.

    python benchmarks/web_latency.py [--claims 100000] [--clients 8] [--seconds 6] [--copies N]

``--copies N`` analyses at most N more copies and stops (to build the database in short steps).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from corroborate.config import Config
from corroborate.pipeline import run
from corroborate.store.sqlite_store import Store

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "eval" / "casualties" / "articles.jsonl"
DATA = ROOT / "benchmarks" / "data"
DB = DATA / "web-100k.db"
COPY_SHIFT_DAYS = 17  # each copy moves its articles this much later, so the timeline spreads out


def perturbed(record: dict, copy: int) -> dict:
    """One article of copy ``copy``: new id, date shifted, an edition line so its hash differs."""
    out = dict(record)
    out["doc_id"] = f"{record['doc_id']}-c{copy}"
    if copy:
        out["content"] = f"Edition {copy}.\n\n{record['content']}"
        try:
            day = date.fromisoformat(str(record.get("dct", ""))[:10])
            out["dct"] = (day + timedelta(days=COPY_SHIFT_DAYS * copy)).isoformat()
        except ValueError:
            pass
    return out


def claim_count(db: Path) -> int:
    """Claims stored in ``db`` so far (0 if there is no database yet)."""
    if not db.is_file():
        return 0
    with Store(db, readonly=True) as store:
        return store.conn.execute("SELECT count(*) FROM claims").fetchone()[0]


def copies_done(db: Path) -> int:
    """How many copies of the corpus the database holds: the highest ``-cN`` record name, plus one."""
    if not db.is_file():
        return 0
    with Store(db, readonly=True) as store:
        row = store.conn.execute(
            "SELECT max(CAST(substr(name, instr(name, '-c') + 2) AS INTEGER)) FROM occurrences"
            " WHERE name LIKE '%-c%'"
        ).fetchone()
    return 0 if row[0] is None else row[0] + 1


def build(db: Path, target_claims: int, max_copies: int | None) -> None:
    """Analyse copies of the casualties corpus into ``db`` until it holds ``target_claims``."""
    records = [json.loads(line) for line in ARTICLES.open(encoding="utf-8")]
    done = 0
    copy = copies_done(db)
    while claim_count(db) < target_claims and (max_copies is None or done < max_copies):
        t = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / f"casualties-copy{copy}.jsonl"
            src.write_text("".join(json.dumps(perturbed(r, copy)) + "\n" for r in records), encoding="utf-8")
            with Store(db) as store:
                summary = run([src], Config(), store)
        print(f"copy {copy}: {summary.claims} claims in {time.perf_counter() - t:.0f} s;"
              f" database now {claim_count(db):,} claims", flush=True)
        copy += 1
        done += 1


if __name__ == "__main__":
    import sys
    build(DB, int(sys.argv[1]), int(sys.argv[2]))
