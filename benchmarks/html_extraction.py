"""How well does our HTML path extract article bodies, next to plain trafilatura?

Runs over the article-extraction-benchmark pages in ../shared/eval/html-extraction (181 news
pages with hand-made article bodies) and scores each system with that benchmark's metric:
word 4-gram shingles of the prediction against the gold body, true/false positives and false
negatives normalised per page, precision and recall averaged over pages, F1 of the two averages.

    .venv/bin/python benchmarks/html_extraction.py            # all 181 pages
    .venv/bin/python benchmarks/html_extraction.py --limit 20 # a quick run (CI)
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from corroborate.clean.boilerplate import clean_document
from corroborate.config import Config
from corroborate.ingest.files import read_paths
from corroborate.records import Document

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "html-extraction"
#: trafilatura 2.0.0 as published in the benchmark's README (latest run).
PUBLISHED_TRAFILATURA_F1 = 0.958

_TOKEN = re.compile(r"\w+")
_SHINGLE = 4

Counts = tuple[float, float, float]  # true positives, false positives, false negatives (page share)


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < _SHINGLE:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1))


def page_counts(gold: str, predicted: str) -> Counts:
    """Shingle overlap of one page, as shares of all shingles involved so each page weighs the same."""
    want, got = _shingles(gold), _shingles(predicted)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def summarise(pages: list[Counts]) -> tuple[float, float, float]:
    """(F1, precision, recall): per-page precision and recall averaged, F1 of the averages."""

    def precision(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (tp / (tp + fp) if tp + fp else 0.0)

    def recall(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (tp / (tp + fn) if tp + fn else 0.0)

    p = statistics.mean(precision(*c) for c in pages if c[0] + c[1] > 0)
    r = statistics.mean(recall(*c) for c in pages if c[0] + c[2] > 0)
    return 2 * p * r / (p + r), p, r


def _plain_trafilatura(path: Path) -> str:
    return trafilatura.extract(gzip.decompress(path.read_bytes())) or ""


def _ours(path: Path, config: Config, clean: bool) -> str:
    results = list(read_paths([path], config))
    doc = results[0] if len(results) == 1 else None
    if not isinstance(doc, Document):
        return ""
    return clean_document(doc, config).text if clean else doc.raw


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the html-extraction folder")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N pages")
    args = parser.parse_args(argv)
    gold_path = args.data / "ground-truth.json"
    if not gold_path.is_file():
        print(f"no benchmark data at {args.data}; pass --data", file=sys.stderr)
        return 2
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    keys = sorted(gold)[: args.limit or None]
    config = Config()
    systems: dict[str, Callable[[Path], str]] = {
        "trafilatura.extract (defaults)": _plain_trafilatura,
        "corroborate ingest (HTML path)": lambda p: _ours(p, config, clean=False),
        "corroborate ingest + clean": lambda p: _ours(p, config, clean=True),
    }
    print(f"{len(keys)} pages from {args.data.resolve()}")
    print(f"{'system':<34} {'F1':>6} {'precision':>10} {'recall':>7} {'pages/s':>8}")
    print(f"{'trafilatura 2.0.0 (published)':<34} {PUBLISHED_TRAFILATURA_F1:>6.3f} {'':>10} {'':>7} {'':>8}")
    for name, extract in systems.items():
        started = time.perf_counter()
        counts = [
            page_counts(gold[key].get("articleBody", ""), extract(args.data / "html" / f"{key}.html.gz"))
            for key in keys
        ]
        elapsed = time.perf_counter() - started
        f1, p, r = summarise(counts)
        print(f"{name:<34} {f1:>6.3f} {p:>10.3f} {r:>7.3f} {len(keys) / elapsed:>8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
