"""The number grammar against the Microsoft Recognizers-Text English specs (NumberModel and
NumberRangeModel, read from ../shared/eval/numbers at run time).

Which cases are in scope, and why, is written down in docs/number-scope.md; the rules below are
the same rules, applied to every case, so no case is picked by hand. A case passes when every
expected result is matched by one of our quantities whose span overlaps it and whose value agrees
(NumberModel: the expected value equals one of our bounds; NumberRangeModel: both bounds equal,
open and closed ends not told apart), and when we report nothing the spec does not expect
(NumberModel: no quantity outside the expected spans; NumberRangeModel: no extra range, i.e. no
quantity with one open bound or two different bounds).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from corroborate.extract.numbers import find_quantities
from corroborate.records import Quantity

# Floors only go up (the brief asks for at least 0.95). Measured 2026-11-21: NumberModel 114 of 115
# in-scope cases (99.1 %), NumberRangeModel 66 of 67 (98.5 %).
NUMBER_MODEL_FLOOR = 0.99
RANGE_MODEL_FLOOR = 0.98

_SCALE = r"\b(?:thousand|million|billion|trillion)\b"
_FRACTION_TEXT = r"\b(?:half|quarters?)\b"
_ORDINAL = re.compile(r"\b(?:first|second|third|[a-z]+th|[0-9]+(?:st|nd|rd|th))\b", re.IGNORECASE)
_NOT_A_FIGURE = {
    "a date": re.compile(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}"),
    "a phone number": re.compile(r"\+[0-9][0-9 ()/-]{6,}"),
    "an address or version": re.compile(r"[0-9]+(?:\.[0-9]+){2,}"),
    "a code": re.compile(r"\b[A-Za-z]+-[0-9]"),
}


def number_model_exclusion(case: dict) -> str:
    """Why a NumberModel case is out of scope, or "" when it is in scope."""
    for r in case["Results"]:
        text, res = r["Text"].lower(), r["Resolution"]
        if float(res["value"]) < 0:
            return "negative number"
        if res.get("subtype") == "power":
            return "power or scientific notation"
        if res.get("subtype") == "fraction" and not (
            re.search(_FRACTION_TEXT, text) and re.search(_SCALE, text)
        ):
            return "fraction that is not a half or quarter of a scale"
        if " point " in f" {text} ":
            return "spelled-out decimal"
        if re.search(r",(?![0-9]{3}(?:[^0-9]|$))", text):
            return "decimal comma or non-thousands grouping"
        if re.search(r"[0-9]\s*g$", text):
            return "giga letter as a scale"
    for name, pattern in _NOT_A_FIGURE.items():
        if pattern.search(case["Input"]):
            return f"input holds {name}, which the grammar refuses by design"
    return ""


def range_model_exclusion(case: dict) -> str:
    """Why a NumberRangeModel case is out of scope, or "" when it is in scope."""
    if re.search(r"[<>=]", case["Input"]):
        return "comparison operators (mathematical notation)"
    if re.search(r"\byears? old\b|\bage\b", case["Input"], re.IGNORECASE):
        return "an age, which the grammar refuses by design"
    for r in case["Results"]:
        low, high = parse_interval(r["Resolution"]["value"])
        text = r["Text"].lower()
        if re.search(r"\b(?:negative|minus)\b", text) or any(v is not None and v < 0 for v in (low, high)):
            return "negative number"
        if any(v is not None and not float(v).is_integer() for v in (low, high)):
            return "fraction"
        if _ORDINAL.search(text):
            return "ordinal"
    return ""


def parse_interval(value: str) -> tuple[float | None, float | None]:
    """ "[20,30)" -> (20, 30); "(30,)" -> (30, None); "(,700]" -> (None, 700)."""
    low, high = value.strip()[1:-1].split(",")
    return (float(low) if low else None, float(high) if high else None)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _overlaps(q: Quantity, start: int, end: int) -> bool:
    return q.start < end and start < q.end


def number_case_passes(case: dict, found: list[Quantity]) -> bool:
    used: set[int] = set()
    for r in case["Results"]:
        start, end = r["Start"], r["End"] + 1
        value = float(r["Resolution"]["value"])
        hit = next(
            (
                i
                for i, q in enumerate(found)
                if i not in used
                and _overlaps(q, start, end)
                and any(_close(v, value) for v in (q.value_low, q.value_high) if v is not None)
            ),
            None,
        )
        if hit is None:
            return False
        used.add(hit)
    return len(used) == len(found)


def _is_range(q: Quantity) -> bool:
    return q.value_low is None or q.value_high is None or q.value_low != q.value_high


def range_case_passes(case: dict, found: list[Quantity]) -> bool:
    used: set[int] = set()
    for r in case["Results"]:
        start, end = r["Start"], r["End"] + 1
        low, high = parse_interval(r["Resolution"]["value"])
        hit = next(
            (
                i
                for i, q in enumerate(found)
                if i not in used
                and _overlaps(q, start, end)
                and _close(q.value_low, low)
                and _close(q.value_high, high)
            ),
            None,
        )
        if hit is None:
            return False
        used.add(hit)
    return all(i in used or not _is_range(q) for i, q in enumerate(found))


def _load(shared: Path, name: str) -> list[dict]:
    return json.loads((shared / "eval" / "numbers" / name).read_text(encoding="utf-8-sig"))


def _score(cases: list[dict], exclusion, passes) -> tuple[float, int, list[str]]:
    in_scope = [c for c in cases if not exclusion(c)]
    failures = [c["Input"] for c in in_scope if not passes(c, find_quantities(c["Input"]))]
    rate = 1 - len(failures) / len(in_scope)
    return rate, len(in_scope), failures


def test_number_model_in_scope_pass_rate(shared: Path) -> None:
    cases = _load(shared, "NumberModel.json")
    rate, n, failures = _score(cases, number_model_exclusion, number_case_passes)
    print(f"\nNumberModel: {rate:.1%} of {n} in-scope cases pass ({len(cases)} cases in all)")
    for f in failures:
        print(f"  FAIL {f!r}")
    assert n >= 100, "the scope rules leave too few cases to measure"
    assert rate >= NUMBER_MODEL_FLOOR, failures


def test_range_model_in_scope_pass_rate(shared: Path) -> None:
    cases = _load(shared, "NumberRangeModel.json")
    rate, n, failures = _score(cases, range_model_exclusion, range_case_passes)
    print(f"\nNumberRangeModel: {rate:.1%} of {n} in-scope cases pass ({len(cases)} cases in all)")
    for f in failures:
        print(f"  FAIL {f!r}")
    assert n >= 50, "the scope rules leave too few cases to measure"
    assert rate >= RANGE_MODEL_FLOOR, failures


def _case(text: str, value: str, subtype: str) -> dict:
    return {"Input": text, "Results": [{"Text": text, "Resolution": {"value": value, "subtype": subtype}}]}


@pytest.mark.parametrize(
    ("case", "why"),
    [
        (_case("-4/5", "-0.8", "fraction"), "negative"),
        (_case("two thirds", "0.66", "fraction"), "fraction"),
        (_case("1e10", "1e10", "power"), "power"),
        (_case("nine point nought four", "9.04", "decimal"), "decimal"),
        (_case("5,00", "5", "integer"), "decimal comma"),
    ],
)
def test_scope_rules_exclude_by_category(case: dict, why: str) -> None:
    assert why in number_model_exclusion(case).lower()


def test_scope_rules_keep_scaled_halves() -> None:
    assert number_model_exclusion(_case("half a million", "500000", "fraction")) == ""


def test_interval_notation() -> None:
    assert parse_interval("[20,30)") == (20.0, 30.0)
    assert parse_interval("(30,)") == (30.0, None)
    assert parse_interval("(,700]") == (None, 700.0)
