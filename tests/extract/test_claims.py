"""Claim extraction on sentences in the shapes real wire copy uses (written for these tests)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.config import Config
from corroborate.extract.claims import extract_claims
from corroborate.records import Document, content_id


def claims_of(text: str, published: str | None = "2025-03-14"):
    doc = Document(
        id=content_id(text), name="t.txt", origin="t.txt", raw=text, text=text, published=published
    )
    return extract_claims(doc, Config())


def only(text: str):
    found = claims_of(text)
    assert len(found) == 1, [c.figure for c in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "low", "high", "measure", "modality"),
    [
        (
            "Officials say more than 6,000 Valdorian soldiers have already reached the front.",
            6000,
            None,
            "troops_deployed",
            "reported",
        ),
        (
            "The ministry expects to send up to 9,000 additional troops next month.",
            None,
            9000,
            "troops_planned",
            "expected",
        ),
        (
            "Valdoria could deploy as many as 40,000 soldiers over the coming year.",
            None,
            40000,
            "troops_planned",
            "possible",
        ),
        (
            "If 7,000 troops were to cross the border, the front would change.",
            7000,
            7000,
            "troops_deployed",
            "hypothetical",
        ),
        (
            "About 1,500 soldiers were killed or wounded in the fighting.",
            1500,
            1500,
            "casualties_killed_or_wounded",
            "reported",
        ),
        (
            "At least 42 civilians were killed in the strike, the regional governor said.",
            42,
            None,
            "casualties_killed",
            "reported",
        ),
        (
            "The shelling injured 17 people, including four children.",
            17,
            17,
            "casualties_wounded",
            "reported",
        ),
        ("Kessland denied that 3,000 of its soldiers had been captured.", 3000, 3000, "captured", "denied"),
        (
            "The army has fired an estimated 2 million artillery shells since spring.",
            2e6,
            2e6,
            "munitions",
            "estimated",
        ),
        (
            "The agency counted some 300 rocket launchers near the coast.",
            300,
            300,
            "weapons_systems",
            "reported",
        ),
    ],
)
def test_figure_kind_and_modality(text: str, low, high, measure: str, modality: str) -> None:
    c = [c for c in claims_of(text) if c.value_low == low and c.value_high == high]
    assert c, [(x.figure, x.value_low, x.value_high) for x in claims_of(text)]
    assert c[0].measure == measure
    assert c[0].modality == modality


def test_sources_of_several_shapes() -> None:
    assert (
        only("According to the defence ministry, 5,000 troops arrived on Monday.").source
        == "the defence ministry"
    )
    c = only("Ostrany's ambassador to Norvale, Petra Lind, said that up to 12,000 troops could arrive.")
    assert "Petra Lind" in c.source and "ambassador" in c.source
    assert only("The 2,000 soldiers that Western officials describe were seen near the port.").source is None
    assert only("Around 900 soldiers were wounded, the health ministry said.").source == "the health ministry"
    assert only("He said 5,000 troops arrived.").source is None  # a pronoun is no source


def test_places_prefer_the_region_and_skip_origins() -> None:
    c = only("More than 4,000 troops from Valdoria were sent to the Tarsk region last week.")
    assert c.where == "Tarsk region"
    assert only("Some 800 soldiers are fighting for Russia in Ukraine.").where == "Ukraine"


def test_numbers_that_count_nothing_in_scope_are_not_claims() -> None:
    text = (
        "The two nations signed a 20-year pact at the G-20 summit on Nov. 29, 2024, in a hall of 300 seats, "
        "and the 54-year-old minister spoke for 45 minutes about the 3rd Brigade."
    )
    assert claims_of(text) == []


def test_time_is_resolved_against_the_publication_date() -> None:
    assert only("On Monday, 300 soldiers were killed.").time == "2025-03-10"
    assert only("Earlier this year the regime sent 12,000 troops.").time == "earlier this year"


def test_spans_point_into_the_clean_text() -> None:
    text = "Headline here\nReports indicate that around 4,000 soldiers were killed or injured."
    (c,) = claims_of(text)
    assert text[c.start : c.end] == c.figure == "around 4,000"
    assert text[c.sentence_start : c.sentence_end] == c.sentence


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_no_text_makes_the_extractor_raise(text: str) -> None:
    for c in claims_of(text):
        assert text[c.start : c.end] == c.figure
