"""How well and how fast does corroborate group articles into stories, and does memory stay flat?

One run:

1. B-cubed precision/recall/F1 of story clustering on WikiRef220 (undated; stories = topics;
   file order and four shuffled orders) and on the gun-violence articles (dated; stories =
   incidents; date order and file order), with documents per second;
2. the ceiling of those features on WikiRef220: the best B-cubed F1 that offline agglomerative
   clustering (average, complete, single link) of the same document vectors reaches at any cut,
   the cut chosen by looking at the gold labels (an oracle no real run has); what single-pass
   clustering gives up against it, and what no threshold on these similarities can reach;
3. the time to index ``--docs`` articles (default 10,000: the real articles, then perturbed
   replays dated five years later per pass) for near-duplicates and stories together, with
   datasketch in place of rensa for the duplicates beside it;
4. resident memory of the process as the near-duplicate index and the story clusterer grow, at
   10k, 25k, 50k and 100k documents of that stream (``--max-docs``), and per document.

Run: ``.venv/bin/python benchmarks/stories.py [--docs 10000] [--max-docs 100000] [--undated]``
(``--skip quality,ceiling,speed,memory`` leaves parts out);
``--representation embedding --wikiref-only --skip speed,memory`` scores the embedding option
(needs ``corroborate[embeddings]``; each document is embedded once, then replayed in each order).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import datasketch
import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix
from scipy.spatial.distance import squareform

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the shared evaluation helpers live with the tests

from tests.provenance.corpora import (  # noqa: E402
    Labelled,
    bcubed,
    casualty_documents,
    synthetic_stream,
    wikiref_documents,
)

from corroborate.provenance.near_duplicates import NearDuplicateIndex, shingles  # noqa: E402
from corroborate.provenance.stories import (  # noqa: E402
    StoryClusterer,
    StoryFeatures,
    StorySettings,
    story_features_batch,
)


def clustering_scores(
    items: Sequence[Labelled], settings: StorySettings, features: dict[str, StoryFeatures] | None = None
) -> tuple[float, float, float, float]:
    """B-cubed P, R, F1 and documents per second of one pass in the given order."""
    clusterer = StoryClusterer(settings)
    start = time.perf_counter()
    if features is None:
        predicted = {str(i): clusterer.add(item.doc) for i, item in enumerate(items)}
    else:  # features computed once (embeddings are slow); the rate leaves them out
        predicted = {
            str(i): clusterer.add_features(item.doc.id, item.doc.published, features[item.doc.id])
            for i, item in enumerate(items)
        }
    rate = len(items) / (time.perf_counter() - start)
    precision, recall, f1 = bcubed(predicted, {str(i): item.label for i, item in enumerate(items)})
    return precision, recall, f1, rate


def _embedded(items: Sequence[Labelled], settings: StorySettings) -> dict[str, StoryFeatures] | None:
    if settings.representation != "embedding":
        return None
    start = time.perf_counter()
    docs = [item.doc for item in items]
    feats = story_features_batch([d.text for d in docs], [d.title for d in docs], settings)
    print(f"embedded {len(docs)} documents in {time.perf_counter() - start:.1f} s (model load included)")
    return {doc.id: f for doc, f in zip(docs, feats, strict=True)}


def quality(settings: StorySettings, wikiref_only: bool = False) -> None:
    wiki = wikiref_documents()
    cas = [] if wikiref_only else casualty_documents()
    features = _embedded([*wiki, *cas], settings)
    runs: list[tuple[str, list[Labelled]]] = [("WikiRef220, file order", wiki)]
    for seed in (5, 11, 23, 31):
        order = wiki[:]
        random.Random(seed).shuffle(order)
        runs.append((f"WikiRef220, shuffled (seed {seed})", order))
    if cas:
        runs.append(("casualties, date order", sorted(cas, key=lambda item: item.doc.published or "")))
        runs.append(("casualties, file order", cas))
    print(f"| {'set, order':34} | docs | stories (gold) | B3 P  | B3 R  | B3 F1 | docs/s |")
    print(f"|{'-' * 36}|------|----------------|-------|-------|-------|--------|")
    shuffled = []
    for name, items in runs:
        precision, recall, f1, rate = clustering_scores(items, settings, features)
        if "shuffled" in name:
            shuffled.append(f1)
        gold = len({item.label for item in items})
        clusterer = StoryClusterer(settings)
        for item in items:
            if features is None:
                clusterer.add(item.doc)
            else:
                clusterer.add_features(item.doc.id, item.doc.published, features[item.doc.id])
        found = len(clusterer.stories())
        print(
            f"| {name:34} | {len(items):4d} | {found:5d} ({gold:5d})  | {precision:.3f} | {recall:.3f} |"
            f" {f1:.3f} | {rate:6,.0f} |"
        )
    print(f"WikiRef220 mean F1 over the four shuffles: {sum(shuffled) / len(shuffled):.4f}")


def ceiling(settings: StorySettings) -> None:
    """Best B-cubed F1 of offline clustering of WikiRef220's document vectors, at an oracle cut."""
    wiki = wikiref_documents()
    docs = [item.doc for item in wiki]
    feats = story_features_batch([d.text for d in docs], [d.title for d in docs], settings)
    gold = {str(i): item.label for i, item in enumerate(wiki)}
    spaces = {"lexical (tf-idf, as the clusterer)": _lexical_similarities(feats, settings)}
    if settings.representation == "embedding":
        vectors = np.stack([f.embedding for f in feats])  # type: ignore[misc]
        spaces["embedding"] = vectors @ vectors.T
        spaces["lexical + 0.5 x embedding"] = (
            spaces["lexical (tf-idf, as the clusterer)"] + 0.5 * spaces["embedding"]
        )
    print("\nWikiRef220 ceiling: offline agglomerative clustering, cut where B-cubed F1 is best (oracle):")
    print(f"| {'similarity':34} | linkage  | B3 P  | B3 R  | B3 F1 | stories |")
    print(f"|{'-' * 36}|----------|-------|-------|-------|---------|")
    for name, similarity in spaces.items():
        distance = np.clip(similarity.max() - similarity, 0.0, None)
        np.fill_diagonal(distance, 0.0)
        condensed = squareform(distance, checks=False)
        for method in ("average", "complete", "single"):
            tree = linkage(condensed, method)
            best = (-1.0, 0.0, 0.0, 0)
            for height in np.unique(tree[:, 2]):
                cut = fcluster(tree, height, "distance")
                precision, recall, f1 = bcubed({str(i): str(c) for i, c in enumerate(cut)}, gold)
                if f1 > best[0]:
                    best = (f1, precision, recall, len(set(cut.tolist())))
            f1, precision, recall, found = best
            print(f"| {name:34} | {method:8} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {found:7d} |")
    _topic_closeness(spaces["lexical (tf-idf, as the clusterer)"], [item.label for item in wiki])


def _topic_closeness(similarity: np.ndarray, labels: list[str]) -> None:
    """Each gold topic's mean cosine within itself beside its mean cosine to the closest other one.

    A topic as close to another as to itself cannot be told apart by any cut of these similarities.
    """
    topics = sorted({t for t in labels if labels.count(t) > 1}, key=lambda t: (-labels.count(t), t))
    members = {t: np.array([label == t for label in labels]) for t in set(labels)}
    print("\nWikiRef220 topics, mean lexical cosine within each and to the closest other topic:")
    print(f"| {'topic':26} | docs | within | closest other topic        | to it | ratio |")
    print(f"|{'-' * 28}|------|--------|{'-' * 28}|-------|-------|")
    for topic in topics:
        inside = members[topic]
        n = int(inside.sum())
        within = (similarity[np.ix_(inside, inside)].sum() - n) / (n * (n - 1))  # the diagonal left out
        near, to_near = max(
            (
                (other, float(similarity[np.ix_(inside, mask)].mean()))
                for other, mask in members.items()
                if other != topic
            ),
            key=lambda pair: (pair[1], pair[0]),
        )
        print(
            f"| {topic:26} | {n:4d} | {within:6.3f} | {near:26} | {to_near:5.3f} | {to_near / within:5.2f} |"
        )


def _lexical_similarities(feats: Sequence[StoryFeatures], settings: StorySettings) -> np.ndarray:
    """Cosines of the documents' tf-idf vectors, idf over the whole set, each cut to ``doc_terms``."""
    df: dict[int, int] = {}
    for f in feats:
        for term in f.terms.tolist():
            df[term] = df.get(term, 0) + 1
    columns = {term: n for n, term in enumerate(sorted(df))}
    rows, cols, values = [], [], []
    for row, f in enumerate(feats):
        idf = np.array([np.log((len(feats) + 1.0) / (df[t] + 1.0)) + 1.0 for t in f.terms.tolist()])
        scores = f.weights * idf
        keep = np.argsort(-scores, kind="stable")[: settings.doc_terms]
        unit = scores[keep] / (np.linalg.norm(scores[keep]) or 1.0)
        rows += [row] * len(keep)
        cols += [columns[t] for t in f.terms[keep].tolist()]
        values += unit.tolist()
    matrix = csr_matrix((values, (rows, cols)), shape=(len(feats), len(columns)))
    return (matrix @ matrix.T).toarray()


class _Clock:
    """Wall-clock and CPU seconds of a block: the machine is shared, so CPU time is the fairer one."""

    def __enter__(self) -> _Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def speed(count: int, settings: StorySettings) -> None:
    stream = [item.doc for item in synthetic_stream(casualty_documents(), count)]
    print(f"\n{len(stream):,} articles (real, then perturbed replays), duplicates + stories, one by one:")
    print(
        "| duplicates with | dups s (CPU)     | stories s (CPU) | total s (CPU) | near-dup links | stories |"
    )
    print(
        "|-----------------|------------------|-----------------|---------------|----------------|---------|"
    )

    with _Clock() as dup:
        index = NearDuplicateIndex()
        links = sum(len(index.add(doc.id, doc.text)) for doc in stream)
    with _Clock() as story:
        clusterer = StoryClusterer(settings)
        for doc in stream:
            clusterer.add(doc)
    found = len(clusterer.stories())
    print(
        f"| rensa (ours)    | {dup.wall:8.1f} ({dup.cpu:5.1f}) | {story.wall:7.1f} ({story.cpu:5.1f}) |"
        f" {dup.wall + story.wall:5.1f} ({dup.cpu + story.cpu:5.1f}) | {links:14,d} | {found:7,d} |"
    )

    with _Clock() as peer:
        lsh = datasketch.MinHashLSH(threshold=0.4, num_perm=128, params=(64, 2))
        sketches: dict[str, datasketch.MinHash] = {}
        links = 0
        for doc in stream:
            grams = shingles(doc.text)
            if not grams or doc.id in sketches:
                continue
            sketch = datasketch.MinHash(num_perm=128, seed=1)
            sketch.update_batch([g.encode("utf-8") for g in grams])
            links += sum(1 for other in lsh.query(sketch) if sketch.jaccard(sketches[other]) >= 0.4)
            lsh.insert(doc.id, sketch)
            sketches[doc.id] = sketch
    print(
        f"| datasketch      | {peer.wall:8.1f} ({peer.cpu:5.1f}) | {story.wall:7.1f} ({story.cpu:5.1f}) |"
        f" {peer.wall + story.wall:5.1f} ({peer.cpu + story.cpu:5.1f}) | {links:14,d} | {found:7,d} |"
    )
    print("(datasketch links are not capped; ours keep each document's 50 closest earlier copies)")


def _rss_bytes() -> int:
    """Resident memory of this process now (Linux), not the peak."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize()


def memory(max_docs: int, settings: StorySettings, undated: bool) -> None:
    checkpoints = [n for n in (10_000, 25_000, 50_000, 100_000) if n <= max_docs] or [max_docs]
    articles = casualty_documents()
    label = "undated" if undated else f"dated, retire_after_days={settings.retire_after_days}"
    print(
        f"\nmemory of the process as the index + clusterer grow ({label});"
        " baseline = after loading the articles:"
    )
    print(
        "| documents | RSS over baseline MiB | per document B | stories | active stories | wall s | CPU s |"
    )
    print(
        "|-----------|-----------------------|----------------|---------|----------------|--------|-------|"
    )
    index = NearDuplicateIndex()
    clusterer = StoryClusterer(settings)
    baseline = _rss_bytes()
    start, cpu = time.perf_counter(), time.process_time()
    for n, item in enumerate(synthetic_stream(articles, checkpoints[-1]), 1):
        doc = dataclasses.replace(item.doc, published=None) if undated else item.doc
        index.add(doc.id, doc.text)
        clusterer.add(doc)
        if n in checkpoints:
            held = _rss_bytes() - baseline
            stories = clusterer.stories()
            active = sum(1 for story in clusterer._stories if not story.retired)  # noqa: SLF001
            print(
                f"| {n:9,d} | {held / 2**20:21.1f} | {held / n:14,.0f} | {len(stories):7,d} | {active:14,d} |"
                f" {time.perf_counter() - start:6.0f} | {time.process_time() - cpu:5.0f} |",
                flush=True,
            )
    print(f"peak RSS of the run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="articles in the speed run")
    parser.add_argument("--max-docs", type=int, default=100_000, help="last point of the memory curve")
    parser.add_argument("--undated", action="store_true", help="memory curve with the dates removed")
    parser.add_argument(
        "--skip", default="", help="comma-separated parts to skip: quality,ceiling,speed,memory"
    )
    parser.add_argument("--representation", default="lexical", help="lexical (default) or embedding")
    parser.add_argument(
        "--wikiref-only", action="store_true", help="score WikiRef220 only, not the casualties"
    )
    args = parser.parse_args(argv)
    settings = StorySettings(representation=args.representation)
    skip = set(args.skip.split(","))
    if "quality" not in skip:
        quality(settings, args.wikiref_only)
    if "ceiling" not in skip:
        ceiling(settings)
    if "speed" not in skip:
        speed(args.docs, settings)
    if "memory" not in skip:
        memory(args.max_docs, settings, args.undated)


if __name__ == "__main__":
    main()
