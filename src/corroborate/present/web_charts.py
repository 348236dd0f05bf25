"""The data of a figure's timeline: one series per source, a point per claim, merged when many.

``chart_json`` turns chart points (``store.queries.chart_points``) into what web.js draws with
plotly: the most cited sources get a series (and a colour) each, the rest share one. Beyond
``MAX_CHART_POINTS`` claims, a series' claims are merged per period, so a page stays small and
quick to draw whatever the size of the database.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from statistics import median, quantiles
from typing import Any
from urllib.parse import quote

from corroborate.present.export import format_bounds, format_number, plain_number
from corroborate.present.report_html import measure_label
from corroborate.present.web_state import FigureView
from corroborate.store.queries import ChartPoint

__all__ = ["MAX_CHART_POINTS", "chart_json", "merge_points", "period_start", "point_y"]

CHART_SOURCES = 9  # sources drawn in their own colour; the rest share "other sources"
MAX_CHART_POINTS = 1500  # beyond this, claims are merged per source and period
MAX_CHART_PERIODS = 120  # periods a merged timeline may have (days, else weeks, months, years)
OTHER_SOURCES = "other sources"
UNATTRIBUTED = "unattributed"


def point_y(low: float | None, high: float | None) -> float | None:
    """Where a claimed range sits on the chart's value axis: its value, bound or middle."""
    if low is None:
        return high
    if high is None or low == high:
        return low
    return (low + high) / 2


def period_start(published: str | None, grain: str) -> str | None:
    """The first day of the day, ISO week, month or year a publication date falls in."""
    try:
        day = date.fromisoformat((published or "")[:10])
    except ValueError:
        return None
    if grain == "week":
        day -= timedelta(days=day.weekday())
    elif grain == "month":
        day = day.replace(day=1)
    elif grain == "year":
        day = day.replace(month=1, day=1)
    return day.isoformat()


def merge_points(
    points: list[ChartPoint], series_of: dict[str | None, str]
) -> tuple[list[tuple[Any, ...]], str]:
    """Claims merged per series and period; and the period's grain.

    Each merged point is (series, period start, lower quartile, upper quartile, median, count,
    lowest bound, highest bound): the bar spans the middle half of the claimed values, so one
    outlandish claim does not stretch every bar. The grain is the finest of day, week, month
    and year that keeps the periods few enough to read.
    """
    for grain in ("day", "week", "month", "year"):
        periods = {period_start(p.published, grain) for p in points}
        if len(periods) <= MAX_CHART_PERIODS:
            break
    groups: dict[tuple[str, str | None], list[ChartPoint]] = {}
    for p in points:
        groups.setdefault((series_of[p.source], period_start(p.published, grain)), []).append(p)
    merged = []
    for (series, start), members in groups.items():
        ys = sorted(y for y in (point_y(p.low, p.high) for p in members) if y is not None)
        if not ys:
            continue
        q1, _, q3 = quantiles(ys, n=4, method="inclusive") if len(ys) > 1 else (ys[0], ys[0], ys[0])
        lowest = min(p.low if p.low is not None else ys[0] for p in members)
        highest = max(p.high if p.high is not None else ys[-1] for p in members)
        merged.append((series, start, q1, q3, median(ys), len(members), lowest, highest))
    merged.sort(key=lambda m: (m[1] or "", m[0]))
    return merged, grain


def chart_json(fig: FigureView, unit: str | None, points: list[ChartPoint]) -> dict[str, Any]:
    """The data web.js draws: one series per source (the most cited ones), a point per claim.

    With more than ``MAX_CHART_POINTS`` claims, the claims of a series are merged per period
    (see ``merge_points``), so the page stays small whatever the size of the database.
    """
    per_source = Counter(p.source for p in points)
    ranked = [s for s, _ in per_source.most_common() if s is not None]
    named = set(ranked[:CHART_SOURCES])
    series_of = {s: (s if s in named else OTHER_SOURCES) for s in per_source if s is not None}
    series_of[None] = UNATTRIBUTED
    order = ranked[:CHART_SOURCES] + ([OTHER_SOURCES] if len(ranked) > CHART_SOURCES else [])
    if None in per_source:
        order.append(UNATTRIBUTED)
    series: dict[str, dict[str, list[Any]]] = {
        s: {"x": [], "y": [], "low": [], "high": [], "approx": [], "n": [], "href": [], "text": []}
        for s in order
    }
    aggregated = len(points) > MAX_CHART_POINTS
    values = [v for p in points for v in (p.low, p.high) if v is not None and v > 0]
    undated = sum(1 for p in points if not p.published and point_y(p.low, p.high) is not None)
    grain = None

    def add(
        name: str,
        x: str | None,
        y: float,
        low: Any,
        high: Any,
        approx: bool,
        n: int,
        href: Any,
        text: list[str],
    ) -> None:
        s = series[name]
        for key, value in zip(
            ("x", "y", "low", "high", "approx", "n", "href", "text"),
            (x, plain_number(y), plain_number(low), plain_number(high), approx, n, href, text),
            strict=True,
        ):
            s[key].append(value)

    if aggregated:
        merged, grain = merge_points(points, series_of)
        for name, start, q1, q3, mid, n, lowest, highest in merged:
            when = (start or "undated") if grain == "day" else f"{grain} of {start}" if start else "undated"
            text = [
                f"median {format_number(mid, unit)}",
                f"middle half {format_number(q1, unit)} – {format_number(q3, unit)}",
                name,
                "",
                when,
                f"all {format_number(lowest, unit)} – {format_number(highest, unit)}",
            ]
            add(name, start, mid, q1, q3, False, n, None, text)
    else:
        for p in points:
            y = point_y(p.low, p.high)
            if y is None:
                continue
            text = [
                p.figure or format_bounds(p.low, p.high, unit=unit),
                p.counted or "",
                p.source or UNATTRIBUTED,
                p.modality or "",
                p.published or "undated",
                p.doc or "",
            ]
            href = f"/claims/{quote(p.claim_id)}" if p.claim_id else None
            add(series_of[p.source], p.published, y, p.low, p.high, p.approx, 1, href, text)
    consensus = None
    if fig.computed and (fig.low is not None or fig.high is not None or fig.value is not None):
        consensus = {"value": fig.value, "low": fig.low, "high": fig.high}
    unit_text = "%" if unit == "percent" else unit
    return {
        "axis": measure_label(fig.measure) + (f" ({unit_text})" if unit_text else ""),
        "aggregated": aggregated,
        "grain": grain,
        "log": bool(values) and max(values) / min(values) > 1000,
        "series": [{"name": name, **series[name]} for name in order if series[name]["y"]],
        "undated": undated,
        "total": len(points),
        "sources": len(ranked),
        "consensus": consensus,
    }
