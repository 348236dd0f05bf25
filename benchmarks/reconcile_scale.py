"""How many observations per second does truth discovery reconcile, up to 100,000 and beyond?

Synthetic claims from a seeded generator, shaped like a large reconciliation: half the items
are labels, half numbers (points, "up to" and "more than" bounds); 500 sources of accuracy
0.5 to 0.98, each item claimed by 5 of them; one wrong source copied by four others. Prints
the time of :func:`discover` (with copy detection) per size, the share of items it gets right
next to the plain majority's, and whether the copier group is found, so that a speed-up that
breaks the method shows.

    .venv/bin/python benchmarks/reconcile_scale.py                 # 10k, 30k, 100k observations
    .venv/bin/python benchmarks/reconcile_scale.py --sizes 300000
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Mapping

from corroborate.reconcile.truth_discovery import Observation, discover, majority

SOURCES = 500
PER_ITEM = 5
COPIERS = ("wrong", "copy1", "copy2", "copy3", "copy4")


def claims(n_observations: int, seed: int = 7) -> tuple[list[Observation], dict[str, str | float]]:
    """About ``n_observations`` claims, and the true value of each item."""
    rng = random.Random(seed)
    accuracy = {f"s{k}": rng.uniform(0.5, 0.98) for k in range(SOURCES)}
    names = sorted(accuracy)
    observations: list[Observation] = []
    truth: dict[str, str | float] = {}
    for i in range(n_observations // PER_ITEM):
        item, numeric = f"item{i}", i % 2 == 0
        true = float(rng.randint(100, 100_000))
        truth[item] = true if numeric else f"v{int(true)}"
        makers = rng.sample(names, PER_ITEM - (1 if i % 20 == 0 else 0))
        for source in makers:
            right = rng.random() < accuracy[source]
            x = true if right else round(true * rng.uniform(0.5, 1.5))
            if not numeric:
                observations.append(Observation.label(item, source, f"v{int(x)}"))
            elif rng.random() < 0.1:  # a bound, not a figure
                up = rng.random() < 0.5
                observations.append(
                    Observation(item, source, None if up else x * 0.9, x * 1.1 if up else None)
                )
            else:
                observations.append(Observation.point(item, source, x))
        if i % 20 == 0:  # the copied source is wrong two times in three
            x = true if rng.random() < 0.33 else round(true * 1.7)
            for source in COPIERS:
                made = (
                    Observation.point(item, source, x)
                    if numeric
                    else Observation.label(item, source, f"v{int(x)}")
                )
                observations.append(made)
    return observations, truth


def _right(estimates: Mapping[str, str | float | None], truth: dict[str, str | float]) -> float:
    """Share of items estimated right: labels exactly, numbers within 1%."""
    hits = 0
    for item, true in truth.items():
        e = estimates.get(item)
        hits += e == true if isinstance(true, str) else isinstance(e, float) and abs(e - true) <= 0.01 * true
    return hits / len(truth)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    args = parser.parse_args()
    head = ("observations", "discover s", "obs/s", "steps", "right", "majority", "copiers found")
    print("{:>12s} {:>10s} {:>9s} {:>5s} {:>6s} {:>8s}  {}".format(*head))
    last = 0.0
    for size in args.sizes:
        observations, truth = claims(size)
        start = time.perf_counter()
        result = discover(observations)
        seconds = time.perf_counter() - start
        found = any(set(COPIERS) <= set(g.sources) for g in result.copier_groups)
        ours = {e.item: e.value if e.kind == "label" else e.point for e in result.estimates}
        plain = majority(observations)
        last = len(observations) / seconds
        row = (len(observations), seconds, last, result.iterations, _right(ours, truth), _right(plain, truth))
        print("{:12d} {:10.2f} {:9.0f} {:5d} {:6.3f} {:8.3f}  {}".format(*row, found))
    print(f"\nobservations/s {last:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
