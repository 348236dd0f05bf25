"""How does corroborate's number grammar compare with quantulum3 and Recognizers-Text?

Runs the three parsers side by side in one run, on the same texts: the ``content`` of the first N
articles of ../shared/eval/casualties/articles.jsonl plus the five seed articles. For each it
prints the speed (words per CPU second, after one warm-up call so one-time model loading is not
counted), how many quantities it finds, its speed relative to quantulum3, and how well it spots
the figures of the gold claims of the seed articles (../shared/gold/seeds.claims.json, optional
claims included):

- strict recall: a quantity in the claim's document has both bounds equal to the gold bounds
  (within 0.5 %, a missing bound equal only to a missing bound), as tools/score_claims.py does;
- loose recall: any number the quantity states equals any gold bound (score_claims.py --loose).

quantulum3 states a range as a value with an uncertainty; its bounds are value -/+ uncertainty.
Recognizers-Text's Python port has no range model, so its numbers have equal bounds.

    .venv/bin/python benchmarks/numbers_vs_peers.py [--n 300] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from corroborate.extract.numbers import find_quantities

Bounds = tuple[float | None, float | None]
ROOT = Path(__file__).resolve().parents[1]


def corroborate_bounds(text: str) -> list[Bounds]:
    return [(q.value_low, q.value_high) for q in find_quantities(text)]


def quantulum3_parser() -> Callable[[str], list[Bounds]]:
    import quantulum3.classifier

    quantulum3.classifier.USE_CLF = False  # scikit-learn may be installed; keep the rule path
    from quantulum3 import parser

    def bounds(text: str) -> list[Bounds]:
        out: list[Bounds] = []
        for q in parser.parse(text):
            spread = q.uncertainty or 0.0
            out.append((q.value - spread, q.value + spread))
        return out

    return bounds


def recognizers_parser() -> Callable[[str], list[Bounds]]:
    from recognizers_number import Culture, recognize_number

    def bounds(text: str) -> list[Bounds]:
        out: list[Bounds] = []
        for r in recognize_number(text, Culture.English):
            try:
                value = float((r.resolution or {}).get("value"))
            except (TypeError, ValueError):
                continue
            out.append((value, value))
        return out

    return bounds


def same_bound(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 0.005 * max(abs(a), abs(b), 1.0)


def strict_hit(found: list[Bounds], gold: dict) -> bool:
    return any(same_bound(lo, gold["value_low"]) and same_bound(hi, gold["value_high"]) for lo, hi in found)


def loose_hit(found: list[Bounds], gold: dict) -> bool:
    wanted = [v for v in (gold["value_low"], gold["value_high"]) if v is not None]
    return any(same_bound(v, w) for lo, hi in found for v in (lo, hi) if v is not None for w in wanted)


@dataclass
class Result:
    tool: str
    words_per_s: float = 0.0
    quantities: int = 0
    strict: float = 0.0
    loose: float = 0.0


def load_texts(shared: Path, n: int) -> tuple[list[str], dict[str, str]]:
    texts = []
    with (shared / "eval" / "casualties" / "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if len(texts) >= n:
                break
            texts.append(json.loads(line).get("content") or "")
    seeds = {
        p.name: p.read_text(encoding="utf-8") for p in sorted((shared / "corpus" / "seeds").glob("*.txt"))
    }
    return texts + list(seeds.values()), seeds


def run(tool: str, parse: Callable[[str], list[Bounds]], texts: list[str], seeds: dict[str, str],
        claims: list[dict]) -> Result:  # fmt: skip
    parse("About 1,500 troops and up to $2 million arrived on Nov. 29.")  # warm-up: load models
    words = sum(len(t.split()) for t in texts)
    start = time.process_time()
    found = [parse(t) for t in texts]
    seconds = max(time.process_time() - start, 1e-9)
    per_doc = {name: parse(text) for name, text in seeds.items()}
    return Result(
        tool=tool,
        words_per_s=words / seconds,
        quantities=sum(len(f) for f in found),
        strict=sum(strict_hit(per_doc[c["doc"]], c) for c in claims) / len(claims),
        loose=sum(loose_hit(per_doc[c["doc"]], c) for c in claims) / len(claims),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300, help="casualty articles to read (default 300)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the ../shared folder")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")  # quantulum3 warns that its classifier is not installed
    texts, seeds = load_texts(args.shared, args.n)
    claims = json.loads((args.shared / "gold" / "seeds.claims.json").read_text(encoding="utf-8"))["claims"]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} texts ({args.n} casualty articles + {len(seeds)} seeds), {words:,} words; "
          f"{len(claims)} gold claims (optional included)\n")  # fmt: skip
    results = [
        run("corroborate", corroborate_bounds, texts, seeds, claims),
        run("quantulum3", quantulum3_parser(), texts, seeds, claims),
        run("Recognizers-Text", recognizers_parser(), texts, seeds, claims),
    ]
    base = next(r for r in results if r.tool == "quantulum3").words_per_s
    print(f"| {'tool':<17}| {'words/s':>9} | {'vs quantulum3':>13} | {'quantities':>10} | "
          f"{'gold strict':>11} | {'gold loose':>10} |")  # fmt: skip
    print(f"|{'-' * 18}|{'-' * 11}|{'-' * 15}|{'-' * 12}|{'-' * 13}|{'-' * 12}|")
    for r in results:
        print(f"| {r.tool:<17}| {r.words_per_s:>9,.0f} | {r.words_per_s / base:>12.1f}x "
              f"| {r.quantities:>10,} | {r.strict:>11.2f} | {r.loose:>10.2f} |")  # fmt: skip
    ours = results[0]
    print(f"\nsummary: corroborate {ours.words_per_s:,.0f} words/s = {ours.words_per_s / base:.0f}x "
          f"quantulum3; gold recall strict {ours.strict:.2f} loose {ours.loose:.2f} "
          f"(quantulum3 {results[1].strict:.2f}/{results[1].loose:.2f}, "
          f"Recognizers-Text {results[2].strict:.2f}/{results[2].loose:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
