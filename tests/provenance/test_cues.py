"""Provenance cues: outlet names normalised, cues found in the text and in cut credit lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborate.config import Config
from corroborate.pipeline import analyze_document
from corroborate.provenance.cues import Cue, find_cues, is_outlet_name, outlet_key, outlet_name, publisher
from corroborate.records import Document, Removal, content_id


def make_doc(text: str, removed: tuple[tuple[str, str], ...] = (), **fields: object) -> Document:
    """A clean document whose raw text is the clean text followed by the given cut pieces."""
    doc_id = content_id(text)
    raw, cuts = text, []
    for rule, piece in removed:
        start = len(raw) + 1
        raw = f"{raw}\n{piece}"
        cuts.append(Removal(doc_id, start, start + len(piece), rule, piece))
    return Document(doc_id, "doc.txt", "doc.txt", raw, text, removed=tuple(cuts), **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "spellings",
    [
        ("AP", "The Associated Press", "Associated Press", "apnews.com", "https://apnews.com/article/x"),
        ("m.economictimes.com", "The Economic Times", "economictimes.com"),
        ("WSB-TV", "wsbtv.com", "WSB"),
        ("Fox59", "FOX 59", "http://web.archive.org/web/20160617212336/http://fox59.com:80/2014/02/04/a/"),
        ("the BBC", "BBC News", "news.bbc.co.uk"),
        ("Yonhap", "Yonhap News Agency"),
    ],
)
def test_spellings_of_one_outlet_meet(spellings: tuple[str, ...]) -> None:
    keys = {outlet_key(s) for s in spellings}
    assert len(keys) == 1 and "" not in keys, keys


def test_different_outlets_stay_apart_and_known_ones_get_their_name() -> None:
    assert len({outlet_key(s) for s in ("Reuters", "AP", "AFP", "CNN", "Chicago Tribune")}) == 5
    assert outlet_name("apnews.com") == "The Associated Press"
    assert outlet_name("m.economictimes.com") == "The Economic Times"
    assert outlet_name("KOIN 6 News") == "KOIN 6 News"  # unknown outlets keep their spelling


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        ("the BBC", True),
        ("Chicago Tribune", True),
        ("KOIN 6 News", True),
        ("WREG", True),
        ("NBC4", True),
        ("reuters.com", True),
        ("Chicago Police", False),
        ("Cook County Medical Examiner", False),
        ("Officer Jane Roe", False),
        ("Photo", False),
        ("NIS", False),  # an acronym is an outlet only inside a dateline's brackets
    ],
)
def test_outlet_names_are_told_from_people_and_bodies(name: str, outlet: bool) -> None:
    assert is_outlet_name(name) is outlet


def kinds(cues: list[Cue]) -> set[tuple[str, str]]:
    return {(c.kind, c.outlet) for c in cues}


def test_wire_dateline_attributions_and_credit_line_are_found() -> None:
    text = (
        "SEOUL (Yonhap) -- The agency counted 3,000 soldiers at the border on Monday.\n"
        "A defence official told the BBC the number was rising, according to Reuters.\n"
        "Police said two people were hurt, according to police."
    )
    doc = make_doc(text, (("source_credit", "The Associated Press contributed to this report."),))
    found = find_cues(doc)
    assert kinds(found) == {
        ("dateline", outlet_key("Yonhap")),
        ("attribution", outlet_key("BBC")),
        ("attribution", outlet_key("Reuters")),
        ("credit", outlet_key("AP")),
    }
    for cue in found:  # every cue points at its words, in the clean text or in the raw text
        field = doc.raw if cue.removed else doc.text
        assert cue.name.lower().removeprefix("the ") in field[cue.start : cue.end].lower()
    assert next(c for c in found if c.kind == "credit").removed


def test_original_source_line_in_cut_boilerplate_is_a_cue() -> None:
    text = "A summary of a report on troop numbers, rewritten in short paragraphs for quick reading."
    doc = make_doc(text, (("source_credit", "Original Source: www.example-daily.com"),))
    (cue,) = find_cues(doc)
    assert (cue.kind, cue.outlet, cue.removed) == ("original_source", "exampledaily", True)
    assert doc.raw[cue.start : cue.end].startswith("Original Source")


def test_captions_publisher_copyright_and_related_links_are_not_cues() -> None:
    text = "Officials said 12 people were hurt in the blast on Friday night near the station."
    doc = make_doc(
        text,
        (
            ("caption", "Rescue workers at the scene. (Photo via AP)"),
            ("copyright", "Copyright 2017 Lakeside Broadcasting. All rights reserved."),
            ("related_link", "Read more: CNN reported a similar blast last year"),
            ("copyright", "Copyright 2017 The Associated Press. All rights reserved."),
        ),
    )
    assert kinds(find_cues(doc)) == {("credit", outlet_key("AP"))}  # a wire's copyright only


def test_publisher_comes_from_site_or_archived_url() -> None:
    archived = make_doc(
        "Some words here for a test.", url="http://web.archive.org/web/2016/http://www.wsbtv.com/x"
    )
    assert publisher(archived) is not None and publisher(archived).key == outlet_key("WSB-TV")  # type: ignore[union-attr]
    assert publisher(make_doc("Some words here for a test.")) is None


def test_seed_summary_names_its_original_source(shared: Path) -> None:
    path = next((shared / "corpus" / "seeds").glob("001_*.txt"))
    raw = path.read_text(encoding="utf-8")
    analysed = analyze_document(Document(content_id(raw), path.name, str(path), raw), Config())
    assert isinstance(analysed, tuple)
    doc, _ = analysed
    found = find_cues(doc)
    assert ("original_source", "economictimes") in kinds(found)
    for other in sorted((shared / "corpus" / "seeds").glob("00[0234]_*.txt")):
        text = other.read_text(encoding="utf-8")
        assert not [c for c in find_cues(make_doc(text)) if c.kind == "original_source"], other.name
