"""Per shooting incident, are killed and injured counts reconciled from its articles right?

Runs over ../shared/eval/casualties: US local news articles grouped by incident, and the Gun
Violence Archive's killed and injured counts for the incidents that have a record. The articles
go through corroborate's own pipeline (ingest, clean, claim extraction) into a temporary store;
nothing is read from the archive but the counts to score against. Per incident and count, each
method reads the same claims (``casualties_killed``, ``casualties_wounded``; hypothetical and
denied ones left out) and gives one number, scored by exact match:

* corroborate: the incident's claims grouped into figures and reconciled
  (:func:`corroborate.reconcile.figures.build_figures`, default settings); the count is the
  consensus of the headline figure (the one most articles speak of), its stated point, else
  its finite bound;
* majority, one vote per claim: the most frequent value (ties: the lower middle of the tied);
* majority, one vote per article: :func:`corroborate.reconcile.truth_discovery.majority`;
* median of the claimed values (one per article and value).

A claim's value is its figure, or for a range its midpoint, for a one-sided bound its finite
end. An incident with no claim for a count gets 0 from every method (an article that counts
no dead names no death). A second table adds the same step to every method: where no injured
count was found, injured = shot - killed when the articles state how many were shot
(``casualties_killed_or_wounded``).

    .venv/bin/python benchmarks/reconcile_casualties.py                  # all 1,658 incidents, ~1 min
    .venv/bin/python benchmarks/reconcile_casualties.py --incidents 200  # a seeded sample
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from corroborate.config import Config
from corroborate.pipeline import run
from corroborate.reconcile.figures import Figure, FigureConfig, build_figures, headline
from corroborate.reconcile.truth_discovery import Observation, majority, median
from corroborate.records import Claim, Document
from corroborate.store.sqlite_store import Store

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "casualties"
KILLED, INJURED, SHOT = "casualties_killed", "casualties_wounded", "casualties_killed_or_wounded"
COUNTS = ((KILLED, "num_killed"), (INJURED, "num_injured"))
LEFT_OUT = ("hypothetical", "denied")


@dataclass(frozen=True, slots=True)
class Incident:
    """One incident: the archive's counts and its articles as stored (with their claims)."""

    id: str
    killed: int
    injured: int
    documents: tuple[Document, ...]
    claims: tuple[Claim, ...]


def load(data: Path, sample: int | None, seed: int) -> tuple[list[dict[str, str]], dict[str, dict[str, int]]]:
    """The articles of the incidents that have a record (a seeded sample of them), and the counts."""
    counts = {}
    with (data / "incidents.jsonl").open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            counts[r["incident_uri"]] = {"num_killed": r["num_killed"], "num_injured": r["num_injured"]}
    articles = []
    with (data / "articles.jsonl").open(encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a["incident_id"] in counts:
                articles.append(a)
    ids = sorted({a["incident_id"] for a in articles})
    if sample is not None and sample < len(ids):
        keep = set(random.Random(seed).sample(ids, sample))
        articles = [a for a in articles if a["incident_id"] in keep]
    return articles, {i: counts[i] for i in {a["incident_id"] for a in articles}}


def analyse(
    articles: list[dict[str, str]], counts: dict[str, dict[str, int]], workdir: Path
) -> list[Incident]:
    """Run corroborate's pipeline over the articles and gather each incident's documents and claims."""
    path = workdir / "articles.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for a in articles:
            record = {k: a[k] for k in ("doc_id", "title", "dct", "uri", "content")}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    incident_of: dict[str, set[str]] = defaultdict(set)
    for a in articles:
        incident_of[a["doc_id"]].add(a["incident_id"])
    with Store(workdir / "run.db") as store:
        run([path], Config(), store)
        docs: dict[str, list[Document]] = defaultdict(list)
        for doc in store.documents():
            # one text may be filed under several incidents: it then counts for each
            for name, _ in store.occurrences(doc.id):
                for incident in incident_of.get(name, ()):
                    docs[incident].append(doc)
        by_doc: dict[str, list[Claim]] = defaultdict(list)
        for c in store.claims():
            if c.measure in (KILLED, INJURED, SHOT):
                by_doc[c.doc_id].append(c)
    return [
        Incident(
            i,
            counts[i]["num_killed"],
            counts[i]["num_injured"],
            tuple(dict.fromkeys(docs[i])),
            tuple(c for d in dict.fromkeys(docs[i]) for c in by_doc[d.id]),
        )
        for i in sorted(counts)
    ]


def value(c: Claim) -> float:
    """One number for a claim: its figure, a range's midpoint, a one-sided bound's finite end."""
    ends = [x for x in (c.value_low, c.value_high) if x is not None]
    return sum(ends) / len(ends)


def evidence(incident: Incident, measure: str) -> list[Claim]:
    return [c for c in incident.claims if c.measure == measure and c.modality not in LEFT_OUT]


Counts = dict[str, float | None]  # measure -> the method's count, None when it found no claim


def by_corroborate(incident: Incident, config: FigureConfig = FigureConfig()) -> Counts:  # noqa: B008
    figures = build_figures(incident.claims, incident.documents, config).figures

    def count(f: Figure | None) -> float | None:
        if f is None:
            return None
        return f.point if f.point is not None else f.low if f.low is not None else f.high

    return {m: count(headline(figures, m)) for m in (KILLED, INJURED, SHOT)}


def by_claim_majority(incident: Incident) -> Counts:
    out: Counts = {}
    for m in (KILLED, INJURED, SHOT):
        votes = Counter(value(c) for c in evidence(incident, m))
        if not votes:
            out[m] = None
            continue
        top = max(votes.values())
        tied = sorted(v for v, n in votes.items() if n == top)
        out[m] = tied[(len(tied) - 1) // 2]
    return out


def _per_article(incident: Incident, vote: Callable[[list[Observation]], dict[str, float]]) -> Counts:
    observations = [
        Observation(m, c.doc_id, c.value_low, c.value_high)
        for m in (KILLED, INJURED, SHOT)
        for c in evidence(incident, m)
    ]
    found = vote(observations)
    return {m: found.get(m) for m in (KILLED, INJURED, SHOT)}


def by_article_majority(incident: Incident) -> Counts:
    return _per_article(incident, majority)  # type: ignore[arg-type]


def by_median(incident: Incident) -> Counts:
    return _per_article(incident, median)


METHODS: tuple[tuple[str, Callable[[Incident], Counts]], ...] = (
    ("corroborate (figures + truth discovery)", by_corroborate),
    ("majority, one vote per claim", by_claim_majority),
    ("majority, one vote per article", by_article_majority),
    ("median (one value per article)", by_median),
)


def with_shot_context(counts: Counts) -> Counts:
    """Injured from shot - killed when no injured count was found and the shot count allows it."""
    killed, injured, shot = counts[KILLED] or 0.0, counts[INJURED], counts[SHOT]
    if injured is None and shot is not None and shot >= killed:
        return {**counts, INJURED: shot - killed}
    return counts


def score(incidents: Iterable[Incident], found: dict[str, Counts]) -> dict[str, float]:
    """Exact-match accuracy of killed, injured and both, over all incidents."""
    hits: Counter[str] = Counter()
    n = 0
    for inc in incidents:
        n += 1
        k = (found[inc.id][KILLED] or 0.0) == inc.killed
        i = (found[inc.id][INJURED] or 0.0) == inc.injured
        hits["killed"] += k
        hits["injured"] += i
        hits["both"] += k and i
    return {key: hits[key] / max(n, 1) for key in ("killed", "injured", "both")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=None, help="a seeded sample of this many incidents")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--ablation", action="store_true", help="also corroborate with other settings")
    args = parser.parse_args()
    if not (args.data / "articles.jsonl").is_file():
        print(f"no casualty data at {args.data}: pass --data DIR with articles.jsonl and incidents.jsonl")
        return 2
    articles, counts = load(args.data, args.incidents, args.seed)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        incidents = analyse(articles, counts, Path(tmp))
    extracted = time.perf_counter() - started
    conflicted = [
        inc
        for inc in incidents
        if any(len({value(c) for c in evidence(inc, m)}) > 1 for m in (KILLED, INJURED))
    ]
    print(
        f"{len(incidents)} incidents, {len(articles)} articles, "
        f"{sum(len(evidence(i, m)) for i in incidents for m in (KILLED, INJURED))} killed/injured claims "
        f"(pipeline {extracted:.0f} s); {len(conflicted)} incidents where the claims disagree."
    )
    results: dict[str, dict[str, Counts]] = {}
    seconds: dict[str, float] = {}
    for name, method in METHODS:
        t0 = time.perf_counter()
        results[name] = {inc.id: method(inc) for inc in incidents}
        seconds[name] = time.perf_counter() - t0
    tables = (
        ("counts as found", lambda c: c),
        ("injured from shot - killed where no injured count was found", with_shot_context),
    )
    for title, step in tables:
        print(f"\nexact match, {title}")
        head = f"{'method':<42s} {'killed':>7s} {'injured':>8s} {'both':>6s}"
        print(f"{head}   {'where claims disagree':>26s} {'s':>5s}")
        for name, _ in METHODS:
            found = {i: step(c) for i, c in results[name].items()}
            a, d = score(incidents, found), score(conflicted, found)
            print(
                f"{name:<42s} {a['killed']:7.3f} {a['injured']:8.3f} {a['both']:6.3f}   "
                f"killed {d['killed']:.3f} injured {d['injured']:.3f} {seconds[name]:5.1f}"
            )
    if args.ablation:
        ablation(incidents)
    determined = status_split(incidents)
    print(
        "\ncorroborate's own confidence, injured exact match (shot - killed step): "
        + ", ".join(f"{k} {v[0]:.3f} of {v[1]}" for k, v in determined.items())
    )
    ours = score(incidents, {i: with_shot_context(c) for i, c in results[METHODS[0][0]].items()})
    base = score(incidents, {i: with_shot_context(c) for i, c in results[METHODS[1][0]].items()})
    print(
        f"\nexact killed corroborate {ours['killed']:.3f} majority {base['killed']:.3f} | "
        f"injured corroborate {ours['injured']:.3f} majority {base['injured']:.3f} "
        f"({len(incidents)} incidents, shot - killed step)"
    )
    return 0


ABLATIONS = (
    ("defaults", FigureConfig()),
    ("even split of an article's vote (weigh_emphasis off)", FigureConfig(weigh_emphasis=False)),
    ("repeats weigh, the largest figure not (whole_share 1)", FigureConfig(whole_share=1.0)),
    ("one period for all (period all)", FigureConfig(period="all")),
    ("running totals not kept apart", FigureConfig(split_cumulative=False)),
    ("claims without place or actor stay apart (fill_missing off)", FigureConfig(fill_missing=False)),
)


def ablation(incidents: list[Incident]) -> None:
    """Corroborate's exact match under other settings (shot - killed step), to show what each part does."""
    print(f"\ncorroborate settings{'':<44s} {'killed':>7s} {'injured':>8s}")
    for name, config in ABLATIONS:
        found = {inc.id: with_shot_context(by_corroborate(inc, config)) for inc in incidents}
        a = score(incidents, found)
        print(f"{name:<64s} {a['killed']:7.3f} {a['injured']:8.3f}")


def status_split(incidents: list[Incident]) -> dict[str, tuple[float, int]]:
    """Injured accuracy of corroborate by the status of its headline injured figure (or none)."""
    hits: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for inc in incidents:
        figures = build_figures(inc.claims, inc.documents, FigureConfig()).figures
        f = headline(figures, INJURED)
        status = f.status if f else "no claim"
        found = with_shot_context(by_corroborate(inc))[INJURED] or 0.0
        seen[status] += 1
        hits[status] += found == inc.injured
    return {k: (hits[k] / seen[k], seen[k]) for k in ("determined", "undetermined", "no claim") if seen[k]}


if __name__ == "__main__":
    sys.exit(main())
