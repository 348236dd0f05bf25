"""The timeline data: a series per cited source, merged points when there are many claims."""

from __future__ import annotations

from datetime import date, timedelta

from corroborate.present.web_charts import (
    CHART_SOURCES,
    MAX_CHART_PERIODS,
    MAX_CHART_POINTS,
    chart_json,
    period_start,
)
from corroborate.present.web_state import FigureView
from corroborate.store.queries import ChartPoint

FIGURE = FigureView(id="killed", label="Killed", measure="casualties_killed")


def points(n: int, sources: int, days: int) -> list[ChartPoint]:
    """``n`` claims spread over ``sources`` sources (source k cited k+1 times as often) and ``days`` days."""
    weights = [k + 1 for k in range(sources)]
    names = [f"source {k}" for k, w in enumerate(weights) for _ in range(w)]
    start = date(2017, 1, 2)
    return [
        ChartPoint(
            (start + timedelta(days=i % days)).isoformat(),
            names[i % len(names)],
            i % 7 + 1,
            i % 7 + 3,
            1,
            f"c{i}",
        )
        for i in range(n)
    ]


def test_few_claims_are_drawn_one_by_one_with_their_evidence_links() -> None:
    data = chart_json(FIGURE, None, points(40, 3, 5))
    assert not data["aggregated"] and data["total"] == 40
    drawn = [h for s in data["series"] for h in s["href"]]
    assert len(drawn) == 40 and all(h.startswith("/claims/c") for h in drawn)
    assert data["series"][0]["name"] == "source 2"  # most cited first


def test_many_sources_share_one_series_beyond_the_most_cited() -> None:
    data = chart_json(FIGURE, None, [*points(240, 15, 10), ChartPoint("2017-01-03", None, 5, 5, 1, "u")])
    names = [s["name"] for s in data["series"]]
    assert names[:CHART_SOURCES] == [f"source {k}" for k in range(14, 14 - CHART_SOURCES, -1)]
    assert names[CHART_SOURCES:] == ["other sources", "unattributed"]
    assert data["sources"] == 15


def test_many_claims_merge_per_period_at_their_median() -> None:
    claims = points(MAX_CHART_POINTS * 3, 4, 400)
    data = chart_json(FIGURE, None, claims)
    assert data["aggregated"] and data["grain"] in ("week", "month")
    merged = sum(len(s["y"]) for s in data["series"])
    assert merged <= MAX_CHART_PERIODS * 4
    assert sum(n for s in data["series"] for n in s["n"]) == len(claims)
    for s in data["series"]:
        for low, y, high in zip(s["low"], s["y"], s["high"], strict=True):
            assert low <= y <= high
        assert all(h is None for h in s["href"])  # a merged mark is no single claim


def test_undated_claims_are_counted_apart() -> None:
    claims = [ChartPoint(None, "a", 1, 1, 1, "x"), ChartPoint("2017-05-01", "a", 2, 2, 1, "y")]
    data = chart_json(FIGURE, "percent", claims)
    assert data["undated"] == 1 and data["axis"] == "Killed (%)"


def test_periods_start_on_their_first_day() -> None:
    assert period_start("2017-03-15", "day") == "2017-03-15"
    assert period_start("2017-03-15", "week") == "2017-03-13"  # a Monday
    assert period_start("2017-03-15", "month") == "2017-03-01"
    assert period_start("2017-03-15", "year") == "2017-01-01"
    assert period_start(None, "month") is None and period_start("spring", "day") is None
