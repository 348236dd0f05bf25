"""How fast and how well do rensa and datasketch find planted near-copies in real news text?

One run, side by side, on the gun-violence articles in ../shared/eval/casualties:

1. quality: real articles (pruned of their own near-copies) with planted copies (new
   boilerplate lines, shifted dates, a few words cut, swapped or replaced); each document is
   queried before it is inserted, as in a stream; recall of the planted pairs and false links;
2. speed: signatures per second, and the time to index ``--docs`` documents (real articles
   replayed as perturbed copies) with each library's own LSH and with corroborate's index;
3. calibration: recall and false links of corroborate's index across thresholds.

Run: ``.venv/bin/python benchmarks/near_duplicates.py [--docs 10000] [--copies 300]``
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import datasketch
import rensa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the shared evaluation helpers live with the tests

from tests.provenance.corpora import (  # noqa: E402
    casualty_documents,
    distinct_articles,
    plant_copies,
    synthetic_stream,
)

from corroborate.provenance.near_duplicates import (  # noqa: E402
    DuplicateSettings,
    NearDuplicateIndex,
    shingles,
    signature_of_shingles,
)
from corroborate.records import Document  # noqa: E402

SETTINGS = DuplicateSettings()
Links = set[frozenset[str]]


def rensa_run(docs: Sequence[Document], grams: Sequence[list[str]], bands: int) -> tuple[Links, float, float]:
    """rensa R-MinHash + its own LSH; returns links, signature seconds, total seconds."""
    start = time.perf_counter()
    sketches = []
    for tokens in grams:
        sketch = rensa.RMinHash(SETTINGS.num_perm, SETTINGS.seed)
        sketch.update(tokens)
        sketches.append(sketch)
    signed = time.perf_counter()
    lsh = rensa.RMinHashLSH(SETTINGS.threshold, SETTINGS.num_perm, bands)
    links: Links = set()
    for key, (doc, sketch) in enumerate(zip(docs, sketches, strict=True)):
        if grams[key]:
            for other in lsh.query(sketch):
                if sketch.jaccard(sketches[other]) >= SETTINGS.threshold:
                    links.add(frozenset((doc.id, docs[other].id)))
            lsh.insert(key, sketch)
    return links, signed - start, time.perf_counter() - start


def datasketch_run(
    docs: Sequence[Document], grams: Sequence[list[str]], params: tuple[int, int] | None
) -> tuple[Links, float, float]:
    """datasketch MinHash + MinHashLSH; ``params`` (bands, rows) or None for its own choice."""
    start = time.perf_counter()
    sketches = []
    for tokens in grams:
        sketch = datasketch.MinHash(num_perm=SETTINGS.num_perm, seed=SETTINGS.seed)
        sketch.update_batch([t.encode("utf-8") for t in tokens])
        sketches.append(sketch)
    signed = time.perf_counter()
    lsh = datasketch.MinHashLSH(threshold=SETTINGS.threshold, num_perm=SETTINGS.num_perm, params=params)
    row_of = {doc.id: i for i, doc in reversed(list(enumerate(docs)))}
    links: Links = set()
    for key, (doc, sketch) in enumerate(zip(docs, sketches, strict=True)):
        if grams[key]:
            for other in lsh.query(sketch):
                if sketch.jaccard(sketches[row_of[other]]) >= SETTINGS.threshold:
                    links.add(frozenset((doc.id, other)))
            if doc.id not in lsh:
                lsh.insert(doc.id, sketch)
    return links, signed - start, time.perf_counter() - start


def ours_run(
    docs: Sequence[Document], grams: Sequence[list[str]], settings: DuplicateSettings = SETTINGS
) -> tuple[Links, float, float]:
    """corroborate's NearDuplicateIndex (rensa signatures, own banding and Jaccard check)."""
    start = time.perf_counter()
    sigs = [signature_of_shingles(tokens, settings) for tokens in grams]
    signed = time.perf_counter()
    index = NearDuplicateIndex(settings)
    links: Links = set()
    for doc, sig in zip(docs, sigs, strict=True):
        for earlier, _ in index.add_signature(doc.id, sig):
            links.add(frozenset((doc.id, earlier)))
    return links, signed - start, time.perf_counter() - start


def score(links: Links, planted: Links) -> tuple[float, int]:
    return len(links & planted) / len(planted), len(links - planted)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the speed run")
    parser.add_argument("--copies", type=int, default=300, help="planted copies in the quality run")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    labelled = casualty_documents()
    articles = [item.doc for item in labelled]
    haystack = distinct_articles(articles, len(articles))
    corpus = plant_copies(haystack, args.copies, seed=args.seed)
    planted: Links = {frozenset(pair) for pair in corpus.copy_of.items()}
    docs = corpus.documents
    print(
        f"quality run: {len(haystack)} distinct real articles (of {len(articles)})"
        f" + {args.copies} planted copies; threshold {SETTINGS.threshold}, {SETTINGS.num_perm} slots,"
        f" word {SETTINGS.shingle_words}-grams"
    )
    start = time.perf_counter()
    grams = [shingles(doc.text, SETTINGS.shingle_words) for doc in docs]
    shingle_s = time.perf_counter() - start
    print(f"shingling (shared by all): {len(docs) / shingle_s:,.0f} docs/s")

    runs: list[tuple[str, Callable[[], tuple[Links, float, float]]]] = [
        ("rensa RMinHash + RMinHashLSH 32x4", lambda: rensa_run(docs, grams, 32)),
        ("rensa RMinHash + RMinHashLSH 64x2", lambda: rensa_run(docs, grams, 64)),
        ("datasketch MinHash + MinHashLSH (own b,r: 32x4)", lambda: datasketch_run(docs, grams, None)),
        ("datasketch MinHash + MinHashLSH 64x2", lambda: datasketch_run(docs, grams, (64, 2))),
        (f"corroborate NearDuplicateIndex {SETTINGS.bands}x{SETTINGS.rows}", lambda: ours_run(docs, grams)),
    ]
    print("(signatures/s excludes shingling; total s = signatures + LSH inserts and queries)")
    print(f"\n| {'method':50} | signatures/s | recall | false links | total s |")
    print(f"|{'-' * 52}|--------------|--------|-------------|---------|")
    for name, run in runs:
        links, sign_s, total = run()
        recall, false = score(links, planted)
        print(f"| {name:50} | {len(docs) / sign_s:12,.0f} | {recall:6.3f} | {false:11d} | {total:7.2f} |")

    print("\ncalibration of corroborate's threshold on the same planted set:")
    print("| threshold | recall | false links |")
    print("|-----------|--------|-------------|")
    for threshold in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
        links, _, _ = ours_run(docs, grams, replace(SETTINGS, threshold=threshold))
        recall, false = score(links, planted)
        print(f"| {threshold:9.2f} | {recall:6.3f} | {false:11d} |")

    stream = [item.doc for item in synthetic_stream(labelled, args.docs, seed=args.seed)]
    print(f"\nspeed run: {len(stream):,} documents (real articles, then perturbed replays), incl. shingling")
    print(f"| {'method':50} | docs/s | total s | links |")
    print(f"|{'-' * 52}|--------|---------|-------|")
    for name, run in (
        ("rensa RMinHash + RMinHashLSH 64x2", lambda: _timed(lambda g: rensa_run(stream, g, 64), stream)),
        (
            "datasketch MinHash + MinHashLSH 64x2",
            lambda: _timed(lambda g: datasketch_run(stream, g, (64, 2)), stream),
        ),
        (
            f"corroborate NearDuplicateIndex {SETTINGS.bands}x{SETTINGS.rows}",
            lambda: _timed(lambda g: ours_run(stream, g), stream),
        ),
    ):
        links, _, total = run()
        print(f"| {name:50} | {len(stream) / total:6,.0f} | {total:7.2f} | {len(links):5d} |")


def _timed(
    run: Callable[[Sequence[list[str]]], tuple[Links, float, float]], docs: Sequence[Document]
) -> tuple[Links, float, float]:
    start = time.perf_counter()
    grams = [shingles(doc.text, SETTINGS.shingle_words) for doc in docs]
    links, sign_s, _ = run(grams)
    return links, sign_s, time.perf_counter() - start


if __name__ == "__main__":
    main()
