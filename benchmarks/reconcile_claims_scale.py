"""How long does reconciling 100,000 claims into figures take, end to end?

Synthetic claims and articles from a seeded generator, shaped like a long-running story: ten
claims per article, articles over six months, troops deployed and planned and casualties per
actor and place (with "Kursk region" / "Kursk Oblast" / "Kursk" spellings), bounds ("up to",
"more than"), a few hypothetical and denied claims, 300 cited sources, and one article in ten a
near-copy of an earlier one. "reconcile s" times :func:`~corroborate.reconcile.figures.claim_origins`
and :func:`~corroborate.reconcile.figures.build_figures` given the near-copy pairs (as the
provenance stage supplies them): origins, grouping, truth discovery, timelines. "near-copies s"
is the near-copy detection itself (``provenance.near_duplicates``), which ``build_figures`` runs
when no origins are given. The share of determined figures whose consensus lies within 1% of
the planted value is printed beside the plain majority's, so a speed-up that breaks the
method shows.

    .venv/bin/python benchmarks/reconcile_claims_scale.py                # 10k, 30k, 100k claims
    .venv/bin/python benchmarks/reconcile_claims_scale.py --sizes 300000
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace

from corroborate.provenance.near_duplicates import find_near_duplicates
from corroborate.reconcile.figures import Figure, build_figures, claim_origins
from corroborate.records import Claim, Document, content_id

CLAIMS_PER_DOC = 10
MONTHS = ("2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03")
PLACES = ("Kursk region", "Kursk Oblast", "Kursk", "Donetsk region", "Zaporizhzhia region", None)
ACTORS = (
    ("North Korean troops", "North Korea"),
    ("Russian soldiers", "Russia"),
    ("Ukrainian troops", "Ukraine"),
)
MEASURES = ("troops_deployed", "troops_planned", "casualties_killed", "casualties_wounded")
VOCABULARY = tuple(f"word{k}" for k in range(5000))  # filler text: articles share no 5-grams by chance


def truth(measure: str, actor: str, place: str | None, month: str) -> float:
    """The planted value of a figure: fixed per figure, growing month by month."""
    base = random.Random(f"{measure}|{actor}|{place}").randint(10, 400) * 100
    return float(base * (1 + MONTHS.index(month) // 2))


def generate(n_claims: int, seed: int = 11) -> tuple[list[Claim], list[Document]]:
    """About ``n_claims`` claims in ``n_claims / 10`` articles."""
    rng = random.Random(seed)
    sources = [f"Source {k}" for k in range(300)]
    reliability = {s: rng.uniform(0.5, 0.95) for s in sources}
    docs: list[Document] = []
    claims: list[Claim] = []
    for d in range(n_claims // CLAIMS_PER_DOC):
        month = rng.choice(MONTHS)
        published = f"{month}-{rng.randint(1, 28):02d}"
        if docs and rng.random() < 0.1:  # a near-copy of an earlier article, with its claims
            original = rng.choice(docs)
            text = original.text + "\nShare this story."
            doc = replace(
                original, id=content_id(text), name=f"doc{d}.txt", raw=text, text=text, published=published
            )
            docs.append(doc)
            claims += [
                replace(c, doc_id=doc.id, doc=doc.name, id="") for c in claims if c.doc_id == original.id
            ]
            continue
        sentences, made = [], []
        offset = 0
        for _ in range(CLAIMS_PER_DOC):
            measure = rng.choice(MEASURES)
            counted, actor = rng.choice(ACTORS)
            place = rng.choice(PLACES)
            value = truth(measure, actor, place and place.split()[0], month)
            source = rng.choice(sources)
            if rng.random() > reliability[source]:
                value = round(value * rng.uniform(0.5, 1.6), -2)
            low, high, figure = value, value, f"{value:,.0f}"
            shape = rng.random()
            if shape < 0.08:
                low, figure = None, f"up to {value:,.0f}"
            elif shape < 0.16:
                high, figure = None, f"more than {value:,.0f}"
            modality = (
                "hypothetical" if rng.random() < 0.03 else "denied" if rng.random() < 0.02 else "reported"
            )
            filler = " ".join(rng.choices(VOCABULARY, k=8))
            where = f" in the {place}" if place else ""
            sentence = f"{source} said {figure} {counted} were counted{where}; {filler}."
            start = offset + sentence.index(figure)
            made.append(
                (measure, counted, place, source, modality, low, high, figure, sentence, start, offset)
            )
            sentences.append(sentence)
            offset += len(sentence) + 1
        text = "\n".join(sentences)
        doc = Document(content_id(text), f"doc{d}.txt", f"doc{d}.txt", text, text, published=published)
        docs.append(doc)
        for measure, counted, place, source, modality, low, high, figure, sentence, start, s_start in made:
            claims.append(
                Claim(
                    doc.id,
                    doc.name,
                    start,
                    start + len(figure),
                    figure,
                    low,
                    high,
                    False,
                    False,
                    None,
                    counted,
                    measure,
                    place,
                    source,
                    modality,
                    None,
                    sentence,
                    sentence,
                    s_start,
                    s_start + len(sentence),
                )
            )
    return claims, docs


def right(figures: list[Figure], point_of: dict[str, float | None]) -> float:
    """Share of determined figures whose value lies within 1% of the planted one."""
    hits = n = 0
    for f in figures:
        if f.status != "determined":
            continue
        true = truth(f.measure, f.actor or "", f.where.split()[0] if f.where else None, f.period)
        x = point_of.get(f.id)
        n += 1
        hits += x is not None and abs(x - true) <= 0.01 * true
    return hits / max(n, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    args = parser.parse_args()
    print(
        f"{'claims':>8s} {'articles':>8s} {'figures':>8s} {'reconcile s':>11s} {'claims/s':>9s} "
        f"{'near-copies s':>13s} {'right':>6s} {'majority':>8s}"
    )
    last = (0, 0.0, 0.0)
    for size in args.sizes:
        claims, docs = generate(size)
        t0 = time.perf_counter()
        near = [(n.doc_id, n.earlier) for n in find_near_duplicates(docs)]
        t_near = time.perf_counter() - t0
        t0 = time.perf_counter()
        origins = claim_origins(claims, docs, duplicates=near)
        result = build_figures(claims, docs, origins=origins)
        seconds = time.perf_counter() - t0
        figures = list(result.figures)
        ours = right(figures, {f.id: f.point for f in figures})
        plain = right(figures, {f.id: f.majority for f in figures})
        print(
            f"{len(claims):8d} {len(docs):8d} {len(figures):8d} {seconds:11.2f} {len(claims) / seconds:9.0f} "
            f"{t_near:13.2f} {ours:6.3f} {plain:8.3f}"
        )
        last = (len(claims), seconds, seconds + t_near)
    print(
        f"\nreconciled {last[0]} claims in {last[1]:.1f} s (target: 100,000 in under 10 s), "
        f"{last[2]:.1f} s with near-copy detection"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
