"""Does weighted truth discovery estimate city populations better than a plain vote or median?

Runs over the Wikipedia population data in ../shared/eval/reconcile/population (Pasternack and
Roth, COLING 2010): ``population-new.txt`` holds each editor's last claimed population per
city-year (50,239 claims, 42,730 city-years, thousands of editors, vandals among them) and
``population-gd.txt`` the true figure for 308 city-years. Every claim goes in, so reliabilities
come from all city-years; errors are measured on the 308 with a true figure. The published
setups (GTM, the CATD reimplementation) first drop outliers and city-years with one value;
nothing is dropped here.

The claims file mixes encodings and holds bytes 0x85, which Python's ``str.splitlines``
would take for line breaks (NEL) under a Latin-1 reading: lines are split on ``\\n`` only and
decoded as UTF-8 with replacement. The true figures are all US city-years in plain ASCII.

    .venv/bin/python benchmarks/reconcile_population.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from corroborate.reconcile.truth_discovery import Observation, TruthConfig, discover, majority, median

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "reconcile" / "population"


def load(data: Path = DATA) -> tuple[list[Observation], dict[str, float], int]:
    """The claims (item ``city, state_year``), the true figures, and how many lines were unusable."""
    observations, bad = [], 0
    for line in (data / "population-new.txt").read_bytes().split(b"\n"):
        fields = line.decode("utf-8", errors="replace").split("\t")
        if len(fields) != 4 or not fields[2].strip().isdigit():
            bad += bool(line.strip())
            continue
        observations.append(Observation.point(fields[0], fields[1], float(fields[2])))
    truth = {}
    for line in (data / "population-gd.txt").read_text(encoding="utf-8").splitlines():
        place, year, value = (x.strip() for x in line.rsplit(",", 2))
        truth[f"{place}_{year}"] = float(value)
    return observations, truth, bad


def errors(estimate: Callable[[str], float | None], truth: dict[str, float]) -> list[float]:
    return [abs(e - value) if (e := estimate(item)) is not None else value for item, value in truth.items()]


def main() -> int:
    if not DATA.is_dir():
        print(f"missing {DATA}: the benchmark reads ../shared beside the project", file=sys.stderr)
        return 1
    observations, truth, bad = load()
    items = {o.item for o in observations}
    covered = sum(item in items for item in truth)
    editors = len({o.source for o in observations})
    print(f"population: {len(observations)} claims ({bad} unusable lines) on {len(items)} city-years")
    print(f"by {editors} editors; {covered} of {len(truth)} true figures have claims\n")
    rows = []
    for name, config in (
        ("corroborate", TruthConfig()),
        ("  without copy detection", TruthConfig(detect_copying=False)),
    ):
        start = time.perf_counter()
        result = discover(observations, config)
        seconds = time.perf_counter() - start
        found = result.by_item()
        sure = [i for i in truth if i in found and found[i].status == "determined"]
        sure_mae = statistics.mean(abs(found[i].point - truth[i]) for i in sure) if sure else float("nan")
        note = f"{len(sure)} of {covered} determined (MAE {sure_mae:.0f}); {result.iterations} steps"
        rows.append((name, errors(lambda i, f=found: f[i].point if i in f else None, truth), seconds, note))
    for name, baseline in (("majority", majority), ("median", median)):
        start = time.perf_counter()
        plain = baseline(observations)
        seconds = time.perf_counter() - start
        rows.append((name, errors(lambda i, p=plain: p.get(i), truth), seconds, "one vote per editor"))
    print(f"{'method':26s} {'MAE':>9s} {'median AE':>9s} {'exact':>6s} {'<=1%':>6s} {'seconds':>8s}  notes")
    for name, errs, seconds, note in rows:
        exact = sum(e < 0.5 for e in errs) / len(errs)
        close = sum(e <= 0.01 * v for e, v in zip(errs, truth.values(), strict=True)) / len(errs)
        mae, mid = statistics.mean(errs), statistics.median(errs)
        print(f"{name:26s} {mae:9.1f} {mid:9.1f} {exact:6.3f} {close:6.3f} {seconds:8.3f}  {note}")
    for k, name in ((2, "majority"), (3, "median")):
        closer = sum(a < b for a, b in zip(rows[0][1], rows[k][1], strict=True))
        farther = sum(a > b for a, b in zip(rows[0][1], rows[k][1], strict=True))
        print(f"corroborate against {name}: closer on {closer} city-years, farther on {farther}")
    ours, plain, middle = (statistics.mean(rows[k][1]) for k in (0, 2, 3))
    print(f"\nmae corroborate {ours:.0f} majority {plain:.0f} median {middle:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
