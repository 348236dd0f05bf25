"""Figures: claims grouped by what they measure, reconciled, with support, contradiction and time."""

from __future__ import annotations

import io
import json
import math
import random
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from corroborate.cli import app
from corroborate.config import Config
from corroborate.pipeline import analyze_document, run
from corroborate.present.figures_view import figure_series, figures_from_store, write_figures_jsonl
from corroborate.present.report_html import render_report
from corroborate.reconcile.figures import (
    Figure,
    FigureConfig,
    Reconciled,
    actor_of,
    build_figures,
    claim_origins,
    headline,
    place_key,
)
from corroborate.records import Claim, Document, content_id
from corroborate.store.sqlite_store import Store


@pytest.fixture(scope="module")
def seeds_db(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("figures") / "seeds.db"
    with Store(path) as store:
        run([shared / "corpus" / "seeds"], Config(), store)
    return path


@pytest.fixture(scope="module")
def seeds(seeds_db: Path) -> tuple[Reconciled, dict[str, Claim]]:
    with Store(seeds_db, readonly=True) as store:
        claims = {c.id: c for c in store.claims()}
        return figures_from_store(store), claims


def bounds(ids: tuple[str, ...], claims: dict[str, Claim]) -> set[tuple[float | None, float | None]]:
    return {(claims[i].value_low, claims[i].value_high) for i in ids}


def analysed(texts: dict[str, tuple[str, str]]) -> tuple[list[Document], list[Claim]]:
    """Articles written for these tests (name -> (published, text)), cleaned and read by the pipeline."""
    docs, claims = [], []
    for name, (published, text) in texts.items():
        doc = Document(id=content_id(text), name=name, origin=name, raw=text, published=published)
        result = analyze_document(doc, Config())
        assert isinstance(result, tuple), result
        docs.append(result[0])
        claims += result[1]
    return docs, claims


def test_seed_figures_keep_planned_deployed_and_casualties_apart(
    seeds: tuple[Reconciled, dict[str, Claim]],
) -> None:
    result, claims = seeds
    assert not result.rejections
    deployed = [f for f in result.figures if f.measure == "troops_deployed" and f.supporting]
    assert len(deployed) == 1
    (kursk,) = deployed
    # 3,000, more than 10,000 and approximately 12,000: one figure, North Korea's troops in Kursk
    assert bounds(kursk.claims, claims) == {(3000, 3000), (10000, None), (12000, 12000)}
    assert (kursk.actor, place_key(kursk.where), kursk.status) == ("North Korea", "kursk", "determined")
    assert kursk.point == 12000 and kursk.low == 10000 and kursk.high == 12000
    assert bounds(kursk.dissenting, claims) == {(3000, 3000)}  # the outlier is named
    assert kursk.majority is not None and kursk.median is not None
    planned = [f for f in result.figures if f.measure == "troops_planned"]
    with_range = [f for f in planned if (25000, 30000) in bounds(f.claims, claims)]
    assert len(with_range) == 1 and (None, 100000) in bounds(with_range[0].claims, claims)
    casualties = [f for f in result.figures if f.measure.startswith("casualties")]
    assert bounds(casualties[0].claims, claims) == {(4000, 4000)}
    for f in result.figures:  # no figure mixes measures
        assert {claims[i].measure for i in f.claims} == {f.measure}


def test_hypothetical_claims_support_nothing(seeds: tuple[Reconciled, dict[str, Claim]]) -> None:
    result, claims = seeds
    hypothetical = {i for i, c in claims.items() if c.modality == "hypothetical"}
    assert hypothetical  # the seed corpus has "If over 10,000 ..."
    excluded = {i for f in result.figures for i in f.excluded}
    assert hypothetical == excluded
    for f in result.figures:
        assert not hypothetical & set(f.supporting + f.dissenting + f.contradicting)
        if set(f.claims) <= hypothetical:
            assert f.status == "undetermined" and f.low is f.high is f.point is None and not f.origins


def test_a_denial_contradicts_and_copies_do_not_confirm() -> None:
    docs, claims = analysed(
        {
            "kyiv.txt": (
                "2024-11-04",
                "Ukraine's military intelligence service said that 5,000 North Korean troops had reached "
                "the Kursk region of Russia. The soldiers were moved by train, officials added.",
            ),
            "moscow.txt": (
                "2024-11-06",
                "The Kremlin denied that 5,000 North Korean troops were stationed in the Kursk region, "
                "calling the reports a provocation. Officials gave no other number.",
            ),
            "seoul.txt": (
                "2024-11-07",
                "South Korean lawmakers were told that about 5,000 North Korean soldiers are now in the "
                "Kursk Oblast, after a briefing by the spy agency in the capital.",
            ),
        }
    )
    result = build_figures(claims, docs)
    (f,) = [f for f in result.figures if f.measure == "troops_deployed"]
    by_doc = {c.doc: c.id for c in claims}
    assert f.contradicting == (by_doc["moscow.txt"],)
    assert set(f.supporting) == {by_doc["kyiv.txt"], by_doc["seoul.txt"]}
    assert (f.point, f.status, f.independent_origins, f.period) == (5000, "determined", 2, "2024-11")
    assert [e.role for e in f.timeline] == ["supports", "denies", "supports"]
    # a near-copy of the Kyiv article, with a line of its own, is the same origin: not a confirmation
    kyiv = next(d for d in docs if d.name == "kyiv.txt")
    text = kyiv.text + "\nShare this article with your friends and family."
    copy = replace(
        kyiv, id=content_id(text), name="kyiv-copy.txt", raw=text, text=text, published="2024-11-05"
    )
    copied = [replace(c, doc_id=copy.id, doc=copy.name, id="") for c in claims if c.doc == "kyiv.txt"]
    alone = [c for c in claims if c.doc != "seoul.txt"]
    result = build_figures(alone + copied, [*docs, copy])
    (f,) = [f for f in result.figures if f.measure == "troops_deployed"]
    assert f.independent_origins == 1 and f.status == "undetermined"
    repeat = next(e for e in f.timeline if e.doc == "kyiv-copy.txt")
    assert repeat.origin == kyiv.id and not repeat.new_information and repeat.role == "supports"
    assert build_figures(list(reversed(alone + copied)), [copy, *reversed(docs)]) == result  # any order


def test_one_thin_claim_is_undetermined() -> None:
    docs, claims = analysed(
        {
            "one.txt": (
                "2024-11-02",
                "A defence official said about 2,000 North Korean troops were in the Kursk region.",
            )
        }
    )
    (f,) = build_figures(claims, docs).figures
    assert f.status == "undetermined" and f.point == 2000 and len(f.supporting) == 1


def test_places_actors_and_periods_make_the_figure() -> None:
    assert place_key("Kursk region") == place_key("Kursk Oblast") == place_key("the Kursk") == "kursk"
    assert place_key("New York State") != place_key("New York")  # only regions lose their word
    docs, claims = analysed(
        {
            "nov.txt": (
                "2024-11-20",
                "Officials said North Korea has sent 10,000 soldiers to the Kursk region.",
            ),
            "dec.txt": (
                "2024-12-15",
                "In all, North Korea has sent 12,000 soldiers to the Kursk region, officials said.",
            ),
            "dec2.txt": ("2024-12-16", "Analysts said Pyongyang deployed 11,000 troops in the Kursk region."),
        }
    )
    assert {actor_of(c) for c in claims} == {"North Korea"}
    figures = build_figures(claims, docs).figures
    assert sorted((f.period, f.cumulative) for f in figures) == [
        ("2024-11", False),
        ("2024-12", False),
        ("2024-12", True),  # "in all": a running total, kept apart
    ]
    by_period = build_figures(claims, docs, FigureConfig(period="year", split_cumulative=False)).figures
    assert len(by_period) == 1 and len(by_period[0].claims) == 3
    assert [e.date for e in by_period[0].timeline] == ["2024-11-20", "2024-12-15", "2024-12-16"]


def test_an_original_source_line_links_a_repost_to_its_origin() -> None:
    text = "Officials said 7,000 North Korean troops were in the Kursk region by the end of the month."
    first = Document(
        "a" * 16, "wire.html", "wire.html", text, text, url="https://www.wire-example.com/story/1"
    )
    repost_text = text + "\nOriginal Source: m.wire-example.com"
    repost = Document("b" * 16, "blog.html", "blog.html", repost_text, repost_text)
    claims = []
    for doc in (first, repost):
        claims += analyze_document(doc, Config())[1]  # type: ignore[index]
    origins = claim_origins(claims, [first, repost], duplicates=[])
    assert set(origins.values()) == {first.id}


def test_same_claims_in_any_order_give_the_same_figures(seeds_db: Path) -> None:
    with Store(seeds_db, readonly=True) as store:
        claims, docs = list(store.claims()), list(store.documents())
    first = build_figures(claims, docs)
    rng = random.Random(3)
    rng.shuffle(claims)
    rng.shuffle(docs)
    assert build_figures(claims, docs) == first


def test_headline_is_the_figure_most_articles_speak_of(seeds: tuple[Reconciled, dict[str, Claim]]) -> None:
    result, claims = seeds
    top = headline(result.figures, "troops_deployed")
    assert isinstance(top, Figure) and top.point == 12000
    assert headline(result.figures, "captured") is None


def test_cli_and_jsonl_export(seeds_db: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["figures", "--db", str(seeds_db), "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    deployed = [r for r in rows if r["measure"] == "troops_deployed" and r["supporting"]]
    assert deployed[0]["consensus"] == {
        "point": 12000,
        "low": 10000,
        "high": 12000,
        "confidence": deployed[0]["consensus"]["confidence"],
        "independent_support": 2.0,
    }
    assert all(isinstance(e["new_information"], bool) for r in rows for e in r["timeline"])
    table = runner.invoke(app, ["figures", "--db", str(seeds_db)], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "troops_deployed" in table.stdout and "12,000" in table.stdout
    bad = runner.invoke(app, ["figures", "--db", str(seeds_db), "--period", "week"])
    assert bad.exit_code == 2 and "period must be one of" in bad.output


def test_report_draws_each_figure_with_its_consensus_band(seeds_db: Path) -> None:
    with Store(seeds_db, readonly=True) as store:
        html = render_report(store, title="Seeds")
        result = figures_from_store(store)
        claims = {c.id: c for c in store.claims()}
    assert 'id="figures"' in html
    series = figure_series(result.figures, claims)
    charted = [s for s in series if s["chart"]]
    kursk = next(s for s in charted if s["measure"] == "troops_deployed" and s["rows"][0]["supporting"])
    chart = kursk["chart"]
    assert len(chart["claims"]) == 3 and chart["bands"][0]["point"] == 12000
    assert chart["bands"][0]["rows"] == [0, len(chart["sources"]) - 1]
    assert all(0 <= c["source"] < len(chart["sources"]) for c in chart["claims"])
    for s in charted:  # every chart's data block is in the page
        assert f'id="chart-fig-{s["series"]}-data"' in html
    out = io.StringIO()
    assert write_figures_jsonl(result.figures, out) == len(result.figures)
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == [f.id for f in result.figures]


_bound = st.one_of(st.none(), st.sampled_from([0.0, 1.0, 3.0, 12000.0, 1e9, -5.0, math.nan, math.inf]))


@st.composite
def _claims(draw: st.DrawFn) -> list[Claim]:
    out = []
    for k in range(draw(st.integers(0, 12))):
        sentence = draw(
            st.sampled_from(["So far 3 troops in Kursk.", "Officials said 12,000 died.", "", "x"])
        )
        out.append(
            Claim(
                doc_id=draw(st.sampled_from(["d1", "d2", "d3"])),
                doc="doc",
                start=k,
                end=k + 1,
                figure="1",
                value_low=draw(_bound),
                value_high=draw(_bound),
                approx=False,
                vague=False,
                unit=draw(st.sampled_from([None, "USD"])),
                counted=draw(st.sampled_from(["North Korean troops", "", "people"])),
                measure=draw(st.sampled_from(["troops_deployed", "casualties_killed", "other"])),
                where=draw(st.sampled_from([None, "Kursk region", "Kursk Oblast", ""])),
                source=draw(st.sampled_from([None, "", "The Kremlin", "reports"])),
                modality=draw(st.sampled_from(["reported", "denied", "hypothetical", "possible"])),
                time=draw(st.sampled_from([None, "2024-11", "last year", "Sunday"])),
                quote="q",
                sentence=sentence,
                sentence_start=0,
                sentence_end=len(sentence),
            )
        )
    return out


@settings(max_examples=50, deadline=None)
@given(_claims())
def test_any_claims_give_figures_or_rejections_never_an_error(claims: list[Claim]) -> None:
    docs = [Document(d, d, d, "", "", published=p) for d, p in (("d1", "2024-11-02"), ("d2", None))]
    result = build_figures(claims, docs)
    placed = [i for f in result.figures for i in f.claims]
    assert sorted(placed) == sorted(c.id for c in claims if c.measure != "other")  # each in one figure
    for f in result.figures:
        assert f.status in ("determined", "undetermined")
        assert set(f.supporting + f.dissenting + f.contradicting + f.excluded) <= set(f.claims)
        if f.point is not None:
            assert (f.low is None or f.low <= f.point) and (f.high is None or f.point <= f.high)
