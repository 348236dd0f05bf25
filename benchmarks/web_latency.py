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
import http.client
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

from corroborate.config import Config
from corroborate.pipeline import run
from corroborate.present.figures_view import store_figures
from corroborate.store.figure_store import load_figures
from corroborate.store.queries import ensure_indexes
from corroborate.store.sqlite_store import Store

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "eval" / "casualties" / "articles.jsonl"
DATA = ROOT / "benchmarks" / "data"
DB = DATA / "web-100k.db"
MEASURES = ("other", "casualties_killed", "casualties_wounded", "money")  # the largest in this corpus
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
        print(
            f"copy {copy}: {summary.claims} claims in {time.perf_counter() - t:.0f} s;"
            f" database now {claim_count(db):,} claims",
            flush=True,
        )
        copy += 1
        done += 1

    with Store(db) as store:
        ensure_indexes(store)
        if load_figures(store) is None:  # as analyze does after a run: reconcile once, store
            t = time.perf_counter()
            n = store_figures(store)
            print(f"{n:,} figures reconciled and stored in {time.perf_counter() - t:.0f} s", flush=True)


SERVER = """
import os, sys, uvicorn
os.environ["CORROBORATE_WEB_DB"] = sys.argv[1]
uvicorn.run("corroborate.present.web_app:app_from_environment", factory=True, host="127.0.0.1",
            port=int(sys.argv[2]), workers=int(sys.argv[3]), log_level="warning", access_log=False,
            timeout_worker_healthcheck=60)
"""


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """One keep-alive HTTP/1.1 connection to the server, as a browser or script would hold."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, path: str) -> tuple[int, bytes]:
        self.conn.request("GET", path)
        r = self.conn.getresponse()
        return r.status, r.read()

    def json(self, path: str) -> dict:
        status, body = self.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status} {body[:200]!r}")
        return json.loads(body)


def start_server(db: Path, port: int, workers: int) -> subprocess.Popen:
    """The app in its own process(es), so the load generator does not share its interpreter.

    As ``serve`` runs it, without the access log (a line per request is not what is measured).
    """
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(db.resolve()), str(port), str(workers)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            Client(port).get("/api/stats")
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start")


def wait_for_figures(port: int, timeout: float) -> float:
    """Seconds until the server has its figures (read from the store, or reconciled if none)."""
    t = time.monotonic()
    client = Client(port)
    while time.monotonic() - t < timeout:
        body = client.json("/api/figures?limit=1")
        if body["computed"] and not body["note"]:
            return time.monotonic() - t
        time.sleep(0.1)
    raise RuntimeError(f"figures were not computed within {timeout:.0f} s")


def load(
    port: int, paths: Callable[[random.Random], str], clients: int, seconds: float
) -> tuple[list[float], int]:
    """Keep ``clients`` requests in flight for ``seconds``; every latency (s) and the non-200 count."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        client = Client(port)
        mine: list[float] = []
        bad = 0
        while time.monotonic() < stop:
            path = paths(rng)
            t = time.perf_counter()
            status, _ = client.get(path)
            mine.append(time.perf_counter() - t)
            bad += status != 200
        with lock:
            latencies.extend(mine)
            failures[0] += bad

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return latencies, failures[0]


def endpoints(port: int) -> list[tuple[str, Callable[[random.Random], str]]]:
    """What an analyst's browser and a newsroom's script ask for, with the ids to ask about."""
    client = Client(port)
    stats = client.json("/api/stats")["counts"]
    figures = client.json("/api/figures?limit=100")["items"]
    measures = list(MEASURES)
    sizes = {m: client.json(f"/api/claims?measure={m}&limit=1")["total"] for m in measures}
    sample = [c["id"] for c in client.json(f"/api/claims?limit=200&offset={stats['claims'] // 3}")["items"]]
    docs = [d["id"] for d in client.json("/api/documents?limit=200&offset=5000")["items"]]
    words = ["police", "shooting victim", "killed", "hospital", "suspect arrested", "gunman", "funeral"]
    n = stats["claims"]

    def measure_page(rng: random.Random) -> str:
        m = rng.choice(measures)
        return f"/figures/{m}?page={rng.randint(1, max(1, sizes[m] // 50))}"

    return [
        ("overview  /", lambda rng: "/"),
        ("figure page (measure, random page)", measure_page),
        ("figure page (reconciled figure)", lambda rng: "/figures/" + quote(rng.choice(figures)["id"])),
        ("evidence page /claims/{id}", lambda rng: "/claims/" + rng.choice(sample)),
        ("document page", lambda rng: "/documents/" + rng.choice(docs)),
        ("search page", lambda rng: "/search?q=" + quote(rng.choice(words))),
        (
            "API /api/claims (random offset)",
            lambda rng: f"/api/claims?limit=50&offset={rng.randrange(n - 50)}",
        ),
        (
            "API /api/claims?measure= (random page)",
            lambda rng: (
                lambda m: f"/api/claims?measure={m}&limit=50&offset={rng.randrange(max(1, sizes[m] - 50))}"
            )(rng.choice(measures)),
        ),
        ("API /api/figures", lambda rng: f"/api/figures?limit=50&offset={rng.randrange(0, 500, 50)}"),
        ("API /api/search", lambda rng: "/api/search?q=" + quote(rng.choice(words))),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000, help="claims the database must hold")
    parser.add_argument("--clients", type=int, default=8, help="requests kept in flight")
    parser.add_argument("--seconds", type=float, default=6.0, help="load per endpoint")
    parser.add_argument("--warmup", type=float, default=3.0, help="untimed load per endpoint first")
    parser.add_argument("--workers", type=int, default=1, help="server processes (serve --workers)")
    parser.add_argument(
        "--copies", type=int, default=None, help="build at most this many more copies, then stop"
    )
    parser.add_argument("--db", type=Path, default=DB)
    args = parser.parse_args()
    if not ARTICLES.is_file():
        sys.exit(f"no corpus at {ARTICLES}: the benchmark reads ../shared beside the project")
    build(args.db, args.claims, args.copies)
    if args.copies is not None:
        return
    with Store(args.db, readonly=True) as store:
        counts = store.counts()
    port = free_port()
    server = start_server(args.db, port, args.workers)
    try:
        ready = wait_for_figures(port, timeout=600)
        print(
            f"database {args.db.name}: {counts['claims']:,} claims, {counts['documents']:,} documents;"
            f" stored figures loaded by the server in {ready:.1f} s"
        )
        machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"
        print(
            f"{args.clients} concurrent clients, {args.workers} server process(es),"
            f" {args.seconds:.0f} s per endpoint,"
            f" {machine}, Python {platform.python_version()}"
        )
        print()
        print("first request (cold: nothing cached since the database last changed):")
        client = Client(port)
        for path in ("/", *(f"/figures/{m}" for m in MEASURES), "/api/claims?limit=50", "/search?q=police"):
            t = time.perf_counter()
            client.get(path)
            print(f"  {path}: {(time.perf_counter() - t) * 1000:.0f} ms")
        print()
        print(f"| {'endpoint':<40} | requests | req/s | p50 ms | p95 ms | p99 ms | errors |")
        print(f"|{'-' * 42}|---------:|------:|-------:|-------:|-------:|-------:|")
        for name, paths in endpoints(port):
            # the same load for a while first, untimed: caches fill (first requests are timed above)
            load(port, paths, args.clients, args.warmup)
            latencies, failures = load(port, paths, args.clients, args.seconds)
            ms = sorted(x * 1000 for x in latencies)
            q = statistics.quantiles(ms, n=100, method="inclusive")
            print(
                f"| {name:<40} | {len(ms):>8} | {len(ms) / args.seconds:>5.0f}"
                f" | {q[49]:>6.1f} | {q[94]:>6.1f} | {q[98]:>6.1f} | {failures:>6} |",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
