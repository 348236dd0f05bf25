"""How fast is corroborate end to end, and how does that compare with quantulum3 alone?

Runs, in one process and on the same texts (the `content` of real US local news articles in
../shared/eval/casualties/articles.jsonl):
  1. corroborate's whole pipeline: read JSONL -> clean -> extract claims -> store in SQLite;
  2. corroborate's per-document stages only (clean + extract), no I/O;
  3. quantulum3's parser alone (numbers and units, no attributes, no storage).
Prints articles/s and words/s for each and the ratio to quantulum3.

    python benchmarks/end_to_end.py [--articles N] [--quantulum-articles M]
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

from corroborate.config import Config
from corroborate.ingest.files import read_paths
from corroborate.pipeline import analyze_document, run
from corroborate.records import Document
from corroborate.store.sqlite_store import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ARTICLES = SHARED / "eval" / "casualties" / "articles.jsonl"


def load(n: int) -> list[dict]:
    rows = []
    with ARTICLES.open(encoding="utf-8") as f:
        for line in f:
            rows.append(json.loads(line))
            if len(rows) >= n:
                break
    return rows


def bench_pipeline(rows: list[dict]) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        t = time.perf_counter()
        with Store(Path(tmp) / "bench.db") as store:
            summary = run([src], Config(), store)
        return time.perf_counter() - t, summary.claims


def bench_stages(rows: list[dict]) -> float:
    docs = [d for d in read_paths([_write_tmp(rows)], Config()) if isinstance(d, Document)]
    t = time.perf_counter()
    for d in docs:
        analyze_document(d, Config())
    return time.perf_counter() - t


def _write_tmp(rows: list[dict]) -> Path:
    path = Path(tempfile.mkdtemp()) / "articles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def bench_quantulum(texts: list[str]) -> float:
    import quantulum3.classifier
    from quantulum3 import parser

    quantulum3.classifier.USE_CLF = False  # scikit-learn may be installed; keep the rule parser
    parser.parse("warm up with 3 soldiers")
    t = time.perf_counter()
    for text in texts:
        parser.parse(text)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument(
        "--quantulum-articles",
        type=int,
        default=200,
        help="quantulum3 is slow; it runs on the first M of the same articles",
    )
    args = ap.parse_args()
    rows = load(args.articles)
    words = [len(r["content"].split()) for r in rows]
    n_words = sum(words)
    q_rows = rows[: args.quantulum_articles]
    q_words = sum(words[: len(q_rows)])

    pipe_s, n_claims = bench_pipeline(rows)
    stage_s = bench_stages(rows)
    # corroborate on exactly quantulum's subset too, so the ratio compares the same texts
    sub_s, _ = bench_pipeline(q_rows)
    q_s = bench_quantulum([r["content"] for r in q_rows])

    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    print(f"corpus: {len(rows)} articles, {n_words} words ({ARTICLES.name}); {n_claims} claims stored")
    print(
        f"{'run':44} {'articles':>9} {'seconds':>8} {'articles/s':>11} {'words/s':>10} {'vs quantulum3':>14}"
    )
    q_wps = q_words / q_s
    for name, n_art, nw, secs in (
        ("corroborate end to end (read+clean+claims+SQLite)", len(rows), n_words, pipe_s),
        ("corroborate clean+extract only", len(rows), n_words, stage_s),
        ("corroborate end to end, quantulum's subset", len(q_rows), q_words, sub_s),
        ("quantulum3 parser alone", len(q_rows), q_words, q_s),
    ):
        print(
            f"{name:44} {n_art:9d} {secs:8.2f} {n_art / secs:11.1f} {nw / secs:10.0f}"
            f" {nw / secs / q_wps:13.1f}x"
        )
    print(f"speedup corroborate end to end vs quantulum3 (same texts): {q_words / sub_s / q_wps:.1f}x")


if __name__ == "__main__":
    main()
