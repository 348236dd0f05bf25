"""Does copy-aware truth discovery find the true flight times where a plain vote does not?

Runs over the Flight slice in ../shared/eval/reconcile/flights: 38 web sources claim the
scheduled and actual departure and arrival times of 100 flights (``dirty.csv``), several of them
copying each other; ``clean.csv`` holds the true times. An item is (flight, attribute); time
strings are normalised to 24-hour ``HH:MM`` before voting ("7:10aDec 1", "12/02/2011 6:55 a.m.",
"Thu  22:15" and "12:00noon" all name a time of day). Accuracy is the share of items with a
true time whose estimate equals it. Side by side: :func:`discover` with and without copy
detection, the plain majority, and the median of the claimed times in minutes.

    .venv/bin/python benchmarks/reconcile_flights.py
"""

from __future__ import annotations

import csv
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from corroborate.reconcile.truth_discovery import (
    Observation,
    TruthConfig,
    TruthResult,
    discover,
    majority,
    median,
)

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "reconcile" / "flights"
ATTRIBUTES = ("sched_dep_time", "act_dep_time", "sched_arr_time", "act_arr_time")

# the first time of day in the cell; the suffix forms are the ones the sources use
_TIME = re.compile(r"(\d{1,2}):(\d{2})\s*(a\.m\.|p\.m\.|am|pm|noon|a|p)?", re.IGNORECASE)


def normalise_time(text: str) -> str | None:
    """A claimed time as 24-hour ``HH:MM``; None for "Not Available" and other non-times."""
    m = _TIME.search(text)
    if not m:
        return None
    hour, minute, suffix = int(m[1]), int(m[2]), (m[3] or "").lower()
    if suffix.startswith("p") and hour < 12:
        hour += 12
    elif suffix.startswith("a") and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


def load(data: Path = DATA) -> tuple[list[Observation], dict[str, str]]:
    """The claims as label observations, and the true time per item (items with a true time)."""
    observations = []
    with (data / "dirty.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for attribute in ATTRIBUTES:
                value = normalise_time(row[attribute])
                if value:
                    observations.append(Observation.label(f"{row['flight']}/{attribute}", row["src"], value))
    truth = {}
    with (data / "clean.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for attribute in ATTRIBUTES:
                value = normalise_time(row[attribute])
                if value:
                    truth[f"{row['flight']}/{attribute}"] = value
    return observations, truth


def identical_groups(observations: list[Observation]) -> list[tuple[str, ...]]:
    """Sources whose claims are identical item for item: the copying visible without any model."""
    claims: dict[str, dict[str, str | None]] = {}
    for obs in observations:
        claims.setdefault(obs.source, {})[obs.item] = obs.value
    by_claims: dict[tuple[tuple[str, str | None], ...], list[str]] = {}
    for source, made in claims.items():
        by_claims.setdefault(tuple(sorted(made.items())), []).append(source)
    return sorted((tuple(sorted(g)) for g in by_claims.values() if len(g) > 1), key=lambda g: (-len(g), g))


def minutes_median(observations: list[Observation]) -> dict[str, str]:
    """The plain median of the claimed times of each item, counted in minutes after midnight."""
    as_minutes = [
        Observation.point(o.item, o.source, int(o.value[:2]) * 60 + int(o.value[3:]))
        for o in observations
        if o.value
    ]
    return {item: f"{int(m) // 60:02d}:{int(m) % 60:02d}" for item, m in median(as_minutes).items()}


def accuracy(estimate: Callable[[str], str | None], truth: dict[str, str]) -> float:
    return sum(estimate(item) == value for item, value in truth.items()) / len(truth)


VARIANTS = (
    ("defaults", TruthConfig()),
    ("no copy detection", TruthConfig(detect_copying=False)),
    ("copy_rate 0.8 (a-priori value)", TruthConfig(copy_rate=0.8)),
    ("false_values 100 (a-priori value)", TruthConfig(false_values=100)),
)


def stability(
    observations: list[Observation], truth: dict[str, str], config: TruthConfig
) -> tuple[float, list[float]]:
    """Accuracy on all flights, and on each of 12 random halves (the same halves for every setting)."""
    flights = sorted({item.split("/")[0] for item in truth})
    rng = random.Random(1)
    halves = [set(rng.sample(flights, len(flights) // 2)) for _ in range(12)]
    found = {e.item: e.value for e in discover(observations, config).estimates}
    full = accuracy(found.get, truth)
    scores = []
    for half in halves:
        part = [o for o in observations if o.item.split("/")[0] in half]
        found = {e.item: e.value for e in discover(part, config).estimates}
        scores.append(accuracy(found.get, {i: t for i, t in truth.items() if i.split("/")[0] in half}))
    return full, scores


def main() -> int:
    if not DATA.is_dir():
        print(f"missing {DATA}: the benchmark reads ../shared beside the project", file=sys.stderr)
        return 1
    observations, truth = load()
    sources = len({o.source for o in observations})
    print(
        f"flights: {len(observations)} claims by {sources} sources on {len(truth)} items with a true time\n"
    )
    rows: list[tuple[str, float, str, float]] = []
    results: dict[str, TruthResult] = {}
    for name, config in (
        ("corroborate", TruthConfig()),
        ("  without copy detection", TruthConfig(detect_copying=False)),
    ):
        start = time.perf_counter()
        result = discover(observations, config)
        seconds = time.perf_counter() - start
        results[name] = result
        found = result.by_item()
        sure = [e for e in found.values() if e.status == "determined" and e.item in truth]
        precision = sum(e.value == truth[e.item] for e in sure) / max(len(sure), 1)
        note = f"determined {len(sure)} items, {precision:.3f} right; {result.iterations} steps"
        rows.append((name, accuracy(lambda i, f=found: f[i].value if i in f else None, truth), note, seconds))
    start = time.perf_counter()
    plain = majority(observations)
    rows.append(("majority", accuracy(plain.get, truth), "one vote per source", time.perf_counter() - start))
    start = time.perf_counter()
    middle = minutes_median(observations)
    rows.append(
        ("median", accuracy(middle.get, truth), "lower median in minutes", time.perf_counter() - start)
    )
    print(f"{'method':26s} {'accuracy':>8s} {'seconds':>8s}  notes")
    for name, acc, note, seconds in rows:
        print(f"{name:26s} {acc:8.3f} {seconds:8.3f}  {note}")

    groups = results["corroborate"].copier_groups
    print("\ncopier groups found (every two members dependent, weakest pair's probability):")
    for group in groups:
        print(f"  {group.probability:.3f}  {', '.join(group.sources)}")
    print("\nsources with identical claims (visible in the data), and whether a copier group holds them:")
    for group in identical_groups(observations):
        held = any(set(group) <= set(g.sources) for g in groups)
        print(f"  {'found' if held else 'missed'}  {', '.join(group)}")
    print("\nsettings (full data; and 12 random halves of 50 flights, seed 1, to show stability):")
    print(f"  {'setting':34s} {'full':>6s} {'halves mean':>11s} {'min':>6s} {'>=0.85':>6s}")
    for name, config in VARIANTS:
        full, halves = stability(observations, truth, config)
        good = sum(a >= 0.85 for a in halves)
        print(f"  {name:34s} {full:6.3f} {sum(halves) / len(halves):11.3f} {min(halves):6.3f} {good:3d}/12")
    print(f"\naccuracy corroborate {rows[0][1]:.2f} majority {rows[2][1]:.2f} median {rows[3][1]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
