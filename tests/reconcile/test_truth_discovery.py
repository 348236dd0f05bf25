"""Truth discovery: real conflicting flight times, planted copiers, interval claims, thin evidence."""

from __future__ import annotations

import importlib.util
import math
import random
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.reconcile.truth_discovery import (
    Observation,
    TruthConfig,
    discover,
    majority,
    median,
)

ROOT = Path(__file__).resolve().parents[2]


def _flights_benchmark() -> ModuleType:
    """The flights benchmark module, for its loader and time normaliser."""
    spec = importlib.util.spec_from_file_location(
        "reconcile_flights", ROOT / "benchmarks" / "reconcile_flights.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def flights_slice(shared: Path) -> tuple[list[Observation], dict[str, str]]:
    """The claims and true times of the first 40 flights (alphabetically) of the Flight data."""
    observations, truth = _flights_benchmark().load(shared / "eval" / "reconcile" / "flights")
    keep = set(sorted({o.item.split("/")[0] for o in observations})[:40])
    return (
        [o for o in observations if o.item.split("/")[0] in keep],
        {item: time for item, time in truth.items() if item.split("/")[0] in keep},
    )


def _accuracy(estimates: dict[str, str | float | None], truth: dict[str, str]) -> float:
    return sum(estimates.get(item) == value for item, value in truth.items()) / len(truth)


def test_time_normaliser_reads_the_sources_formats() -> None:
    normalise = _flights_benchmark().normalise_time
    assert normalise("7:10 a.m.") == "07:10"
    assert normalise("7:10aDec 1") == "07:10"
    assert normalise("12/02/2011 6:55 a.m.") == "06:55"
    assert normalise("6:55 a.m.  Fri 02-Dec-2011") == "06:55"
    assert normalise("Thu  22:15") == "22:15"
    assert normalise("12:00noon") == "12:00"
    assert normalise("12:21 a.m. Dec 02") == "00:21"
    assert normalise("2:45P 12-01-11") == "14:45"
    assert normalise("1:50 p.m. (+8:00)") == "13:50"
    assert normalise("Not Available") is None


def test_beats_majority_on_real_flight_times(flights_slice: tuple[list[Observation], dict[str, str]]) -> None:
    observations, truth = flights_slice
    found = {e.item: e.value for e in discover(observations).estimates}
    ours, plain = _accuracy(found, truth), _accuracy(majority(observations), truth)  # type: ignore[arg-type]
    assert plain < 0.82  # copied wrong times win the plain vote on about one item in five
    assert ours >= 0.9 and ours >= plain + 0.1


def test_finds_the_identical_flight_sources(flights_slice: tuple[list[Observation], dict[str, str]]) -> None:
    observations, _ = flights_slice
    groups = [set(g.sources) for g in discover(observations).copier_groups]
    for copies in (
        {"flightview", "panynj", "foxbusiness", "allegiantair", "gofox"},
        {"flightstats", "quicktrip"},
    ):
        assert any(copies <= g for g in groups)


def _planted(seed: int) -> tuple[list[Observation], dict[str, str]]:
    """Five independent sources, right 85% of the time; one source right 40%, copied by three."""
    rng = random.Random(seed)
    observations, truth = [], {}
    for i in range(40):
        item = f"q{i:02d}"
        truth[item] = f"true{i}"
        for k in range(5):
            value = truth[item] if rng.random() < 0.85 else f"slip{i}-{k}"
            observations.append(Observation.label(item, f"independent{k}", value))
        copied = truth[item] if rng.random() < 0.4 else f"false{i}"
        for source in ("original", "copier1", "copier2", "copier3"):
            observations.append(Observation.label(item, source, copied))
    return observations, truth


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_planted_copiers_lose_the_vote_and_are_named(seed: int) -> None:
    observations, truth = _planted(seed)
    plain = majority(observations)
    result = discover(observations)
    found = {e.item: e.value for e in result.estimates}
    lost = [item for item in truth if plain[item] != truth[item]]
    assert len(lost) >= 8  # four copies of one wrong value beat the independent sources there
    assert sum(found[item] == truth[item] for item in lost) >= len(lost) - 1
    assert _accuracy(found, truth) >= 0.95  # type: ignore[arg-type]
    groups = [set(g.sources) for g in result.copier_groups]
    assert {"original", "copier1", "copier2", "copier3"} in groups
    assert not any(s.startswith("independent") for g in groups for s in g)
    assert all(d.probability >= 0.9 for d in result.dependences)


def test_up_to_and_more_than_bound_the_consensus() -> None:
    claims = [
        Observation("troops", "a", None, 15_000),  # "up to 15,000"
        Observation("troops", "b", 10_000, None),  # "more than 10,000"
        Observation.point("troops", "c", 12_000),
        Observation.point("troops", "d", 12_000),
    ]
    e = discover(claims).by_item()["troops"]
    assert e.kind == "number" and e.point == 12_000
    assert e.low is not None and e.low <= e.point and (e.high is None or e.point <= e.high)
    assert e.support == ("a", "b", "c", "d")  # both bounds allow 12,000
    assert e.dissent == ()


def test_a_claim_that_excludes_the_estimate_dissents() -> None:
    claims = [Observation.point("killed", s, 200) for s in ("a", "b", "c")]
    claims.append(Observation("killed", "d", None, 50))  # "up to 50"
    e = discover(claims).by_item()["killed"]
    assert e.point == 200 and e.dissent == ("d",)
    assert e.confidence < 1.0


def test_open_bounds_alone_give_an_interval_not_a_figure() -> None:
    up_to = discover([Observation("x", "a", None, 15_000)]).by_item()["x"]
    assert (up_to.low, up_to.high) == (0.0, 15_000) and 0 <= up_to.point <= 15_000  # type: ignore[operator]
    assert up_to.status == "undetermined"
    more_than = discover(
        [Observation("x", "a", 10_000, None), Observation("x", "b", 10_000, None)]
    ).by_item()["x"]
    assert more_than.point == 10_000 and more_than.high is None  # no upper bound was ever given
    signed = discover([Observation("x", "a", None, 5.0)], TruthConfig(nonnegative=False)).by_item()["x"]
    assert signed.low is None and signed.point == 5.0


def test_thin_evidence_is_undetermined() -> None:
    one = discover([Observation.point("x", "a", 10)]).by_item()["x"]
    assert one.status == "undetermined" and one.point == 10
    split = discover([Observation.label("y", "a", "yes"), Observation.label("y", "b", "no")]).by_item()["y"]
    assert split.status == "undetermined"
    two = discover([Observation.point("z", "a", 10), Observation.point("z", "b", 10)]).by_item()["z"]
    assert two.status == "determined" and two.independent_support == pytest.approx(2.0)
    # two outlets carrying one wire story: the caller counts each half, so one origin backs it
    wire = [Observation.point("w", "a", 10, weight=0.5), Observation.point("w", "b", 10, weight=0.5)]
    assert discover(wire).by_item()["w"].status == "undetermined"


def test_reliable_sources_outweigh_a_vandal_on_numbers() -> None:
    claims = []
    for i in range(30):
        claims += [Observation.point(f"city{i}", s, 1000 + i) for s in ("census", "editor", "bot")]
        claims.append(Observation.point(f"city{i}", "vandal", 10 ** (i % 7)))
    claims += [Observation.point("disputed", "census", 500), Observation.point("disputed", "vandal", 9000)]
    result = discover(claims)
    weights = {s.source: s.weight for s in result.sources}
    assert weights["census"] > weights["vandal"]
    assert result.by_item()["disputed"].point == 500
    assert all(result.by_item()[f"city{i}"].point == 1000 + i for i in range(30))


def test_same_input_in_any_order_gives_the_same_result(
    flights_slice: tuple[list[Observation], dict[str, str]],
) -> None:
    planted, _ = _planted(0)
    for observations in (flights_slice[0], planted):
        shuffled = list(observations)
        random.Random(5).shuffle(shuffled)
        assert discover(shuffled) == discover(observations)


def test_unusable_claims_are_rejected_not_raised() -> None:
    claims = [
        Observation("x", "a", 10, 5),
        Observation("x", "b", None, None),
        Observation("x", "c", math.nan, 3),
        Observation.point("x", "d", 4, weight=0),
        Observation.point("x", "e", 4),
        Observation.point("x", "g", 4),
        Observation.label("x", "f", "four"),  # the item is numeric: a label is the odd one out
    ]
    result = discover(claims)
    codes = sorted(r.code for r in result.rejections)
    assert codes == ["bad_bound", "bad_weight", "inverted_bounds", "mixed_kinds", "no_bounds"]
    assert all(r.stage == "reconcile" and r.detail for r in result.rejections)
    assert result.by_item()["x"].point == 4


def test_config_errors_say_what_to_fix() -> None:
    with pytest.raises(ValueError, match="copy_rate must lie strictly between 0 and 1"):
        TruthConfig(copy_rate=1.0)


def test_baselines_count_each_source_once() -> None:
    claims = [
        Observation.label("t", "a", "07:10"),
        Observation.label("t", "a", "07:10"),
        Observation.label("t", "b", "07:12"),
        Observation.label("t", "c", "07:12"),
        Observation.point("n", "a", 100),
        Observation.point("n", "b", 300),
        Observation("n", "c", 200, None),
    ]
    assert majority(claims) == {"t": "07:12", "n": 200.0}  # the numbers tie: their lower median
    assert median(claims) == {"n": 200.0}


_items = st.sampled_from(["i1", "i2", "i3"])
_sources = st.sampled_from(["s1", "s2", "s3", "s4"])
_bound = st.one_of(st.none(), st.floats(-1e9, 1e9), st.sampled_from([math.nan, math.inf]))
_observation = st.one_of(
    st.builds(Observation.label, _items, _sources, st.sampled_from(["a", "b", "c"])),
    st.builds(Observation, _items, _sources, _bound, _bound, st.floats(0.01, 2.0)),
)


def _usable_ends(o: Observation) -> list[float]:
    """The finite ends of a numeric claim discover() accepts (an open low end is 0 for counts)."""
    if o.value is not None or (o.low is None and o.high is None):
        return []
    if any(x is not None and not math.isfinite(x) for x in (o.low, o.high)):
        return []
    low, high = 0.0 if o.low is None else o.low, o.high
    return [] if high is not None and low > high else [low] + ([] if high is None else [high])


@settings(max_examples=150, deadline=None)
@given(st.lists(_observation, max_size=25))
def test_never_raises_and_stays_within_the_claims(observations: list[Observation]) -> None:
    result = discover(observations)
    assert len(result.rejections) <= len(observations)
    for e in result.estimates:
        claims = [o for o in observations if o.item == e.item]
        if e.kind == "label":
            assert e.value in {o.value for o in claims}
            continue
        ends = [end for o in claims for end in _usable_ends(o)]
        assert e.point is not None and min(ends) <= e.point <= max(ends)
        assert (e.low is None or e.low <= e.point) and (e.high is None or e.point <= e.high)
        assert 0.0 <= e.confidence <= 1.0
