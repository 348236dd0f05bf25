"""Boilerplate removal: golden checks on the real seed articles, then unseen shapes of the same junk."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.clean.boilerplate import clean_document, line_rule
from corroborate.config import Config
from corroborate.records import Document, content_id

CONFIG = Config()

# Per seed file: snippets that must be cut (and the rule that cuts them), snippets that must stay,
# and every rule allowed to fire on the file, so a new rule eating prose shows up here.
SEEDS: dict[str, dict[str, object]] = {
    "000_df53f52b8e7bd286.txt": {
        "removed": [],
        "kept": [
            "North Korea may send up to 100,000 troops",
            "more than 10,000 North Korean soldiers have already been sent to the Kursk region",
            "Kyiv anticipates up to 15,000 North Korean troops",
            "- Strategic Munitions:",
            "What Does North Korea Gain from Supporting Russia?",
        ],
        "rules": {"punctuation"},
    },
    "001_eb70621a3426fc4f.txt": {
        "removed": [
            ("Original Source: m.economictimes.com", "source_credit"),
            ("About Liam O'Sullivan", "author_bio"),
            ("is an experienced journalist with a strong background", "author_bio"),
            ("View all posts by Liam O'Sullivan", "author_link"),
            ("Leave a Reply", "comment_form"),
            ("Your email address will not be published", "comment_form"),
        ],
        "kept": [
            "North Korea may send 100,000 troops to assist Russia in Ukraine, with initial deployments",
            "around 15,000 North Korean troops might be stationed in Russia’s Kursk region",
            "In summary, the potential deployment of North Korean troops",
        ],
        "rules": {"source_credit", "author_bio", "author_link", "comment_form"},
    },
    "002_f87ea5b6e03fbb1f.txt": {
        "removed": [("KumDi.com", "site_name"), ("Table of Contents", "toc")],
        "kept": [
            "Pyongyang is poised to dispatch between 25,000 to 30,000 additional soldiers",
            "the regime sent approximately 12,000 troops",
            "Reports indicate that around 4,000 North Korean soldiers were either killed or injured",
            "The Context of North Korea’s Military Support\nHistorical Background",
            "FAQs\nWhat is the significance of North Korea’s troop deployment",
        ],
        "rules": {"site_name", "toc"},
    },
    "003_75578c7d9e66105f.txt": {
        "removed": [
            ("Former South African Finance Minister Tito Mboweni", "related_link"),
            ("Four Israeli Soldiers Killed and 58 Injured", "related_link"),
            ("Related Posts", "related_block"),
            ("Museveni Challenges Academic Claims", "related_block"),
            ("impeachment of a sitting deputy president", "related_block"),
            ("Gachagua Impeachment Hearing Set to Continue in Senate at 9 AM", "related_block"),
        ],
        "kept": [
            "the 3,000 troops that some intelligence reports suggest",
            "estimated at around 1.28 million active soldiers",
            "Motivations Behind the Alliance",
            "it will be crucial for the international community to remain vigilant",
        ],
        "rules": {"related_link", "related_block"},
    },
    "004_5b18bf703a80141c.txt": {
        "removed": [("In this photo taken from a video released by Russian Defense Ministry", "caption")],
        "kept": [
            "If over 10,000 troops from North Korea are actively fighting for Russia in Ukraine",
            "The involvement of 10,000+ North Korean troops in Ukraine",
            "1. Strengthening Military Ties\n- Arms Trade and Cooperation:",
        ],
        "rules": {"caption", "punctuation"},
    },
}


def make_doc(raw: str, name: str = "test.txt", site: str | None = None) -> Document:
    return Document(id=content_id(raw), name=name, origin=name, raw=raw, site=site)


def check_accounting(doc: Document) -> None:
    """Every removal points at its text in raw; every raw line is either kept or removed."""
    for removal in doc.removed:
        assert doc.raw[removal.start : removal.end] == removal.text
        assert removal.doc_id == doc.id
    spans = sorted((r.start, r.end) for r in doc.removed)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))
    kept = [line for line in doc.text.split("\n") if line]
    removed = [line.strip() for r in doc.removed for line in r.text.split("\n") if line.strip()]
    raw_lines = [line.strip() for line in doc.raw.split("\n") if line.strip()]
    assert sorted(kept + removed) == sorted(raw_lines)
    assert "\n\n\n" not in doc.text and doc.text == doc.text.strip()


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_golden(shared: Path, name: str) -> None:
    raw = (shared / "corpus" / "seeds" / name).read_text(encoding="utf-8")
    doc = clean_document(make_doc(raw, name), CONFIG)
    case = SEEDS[name]
    for snippet, rule in case["removed"]:  # type: ignore[misc]
        assert snippet not in doc.text, snippet
        assert any(snippet in r.text and r.rule == rule for r in doc.removed), (snippet, rule)
    for snippet in case["kept"]:  # type: ignore[union-attr]
        assert snippet in doc.text, snippet
    assert {r.rule for r in doc.removed} == case["rules"]
    check_accounting(doc)


def test_seed_related_block_takes_every_teaser(shared: Path) -> None:
    raw = (shared / "corpus" / "seeds" / "003_75578c7d9e66105f.txt").read_text(encoding="utf-8")
    doc = clean_document(make_doc(raw), CONFIG)
    assert "Read more" not in doc.text
    assert doc.text.endswith("may arise from this evolving alliance.")
    [block] = [r for r in doc.removed if r.rule == "related_block"]
    assert block.text.startswith("Related Posts") and block.text.endswith("Read more")


def test_source_credit_keeps_its_text_for_provenance(shared: Path) -> None:
    raw = (shared / "corpus" / "seeds" / "001_eb70621a3426fc4f.txt").read_text(encoding="utf-8")
    doc = clean_document(make_doc(raw), CONFIG)
    [credit] = [r for r in doc.removed if r.rule == "source_credit"]
    assert credit.text == "Original Source: m.economictimes.com"


def test_paragraph_structure_is_kept() -> None:
    raw = "Title line\n\nFirst paragraph.\nSecond line of it.\n\nADVERTISEMENT\n\nLast paragraph.\n"
    doc = clean_document(make_doc(raw), CONFIG)
    assert doc.text == "Title line\n\nFirst paragraph.\nSecond line of it.\n\nLast paragraph."
    check_accounting(doc)


# Other shapes of the same kinds of junk, written for these tests (not taken from the seeds).
UNSEEN_ARTICLE = """\
Flooding displaces thousands in river valley

Contents
1. What happened
2. The response

What happened

About 4,000 residents left their homes after the river burst its banks on Sunday, officials said.
ALSO READ | Dam operator fined over late warnings
Story continues below advertisement
Readers shared photos of submerged streets, and the mayor said she would share updates hourly.
Photo by Sam Lee/Getty Images
Rescuers carry an elderly man through floodwater on Monday. (AP Photo/Dana Cole)
FILE - In this March 3, 2021 file photo, sandbags line the embankment.
Volunteers filled 12,000 sandbags overnight. (Reuters)
See also: How the 2019 floods changed insurance rules
•
The response

More than 300 soldiers were deployed, and officials declined to comment on the cost.
MORE THAN 3,000 HOMES WITHOUT POWER
Related discussions continued into the night, the council said.
Read more: Why rivers are rising faster than forecast

We use cookies to improve your experience. By continuing to browse, you agree to our use of cookies.
Subscribe to our daily briefing newsletter for the latest updates.
Follow us on Instagram and X
Share this article
Share on Facebook
Print
This article originally appeared on Example Wire Service.
Copyright 2024 Example Media Group. All rights reserved.

You might also like

Hospital expands flood ward as cases rise
The regional hospital opened a second ward for patients hurt in the floods, and staff say Continue reading →

Bridge closure extended to Friday
Engineers found new cracks in the main span after the water receded Read more »

Leave a comment
Cancel reply
Save my name, email, and website in this browser for the next time I comment.
Post Comment

About the Author
Jordan Vale is a senior correspondent covering climate and disasters for the Example Herald.

DailyExample.co.uk
"""


def test_unseen_shapes_of_boilerplate() -> None:
    doc = clean_document(make_doc(UNSEEN_ARTICLE), CONFIG)
    check_accounting(doc)
    rules = {r.text: r.rule for r in doc.removed}
    expected = {
        "ALSO READ | Dam operator fined over late warnings": "related_link",
        "Story continues below advertisement": "advertisement",
        "Photo by Sam Lee/Getty Images": "caption",
        "Rescuers carry an elderly man through floodwater on Monday. (AP Photo/Dana Cole)": "caption",
        "FILE - In this March 3, 2021 file photo, sandbags line the embankment.": "caption",
        "Volunteers filled 12,000 sandbags overnight. (Reuters)": "caption",
        "See also: How the 2019 floods changed insurance rules": "related_link",
        "•": "punctuation",
        "Read more: Why rivers are rising faster than forecast": "related_link",
        "Subscribe to our daily briefing newsletter for the latest updates.": "share_subscribe",
        "Follow us on Instagram and X": "share_subscribe",
        "Share this article": "share_subscribe",
        "Share on Facebook": "share_subscribe",
        "Print": "share_subscribe",
        "This article originally appeared on Example Wire Service.": "source_credit",
        "Copyright 2024 Example Media Group. All rights reserved.": "copyright",
        "DailyExample.co.uk": "site_name",
    }
    for text, rule in expected.items():
        assert rules.get(text) == rule, (text, rules.get(text))
    assert rules["Contents\n1. What happened\n2. The response"] == "toc"
    blocks = {r.rule: r.text for r in doc.removed if "\n" in r.text}
    assert blocks["related_block"].startswith("You might also like")
    assert blocks["related_block"].endswith("Read more »")
    assert blocks["author_bio"].startswith("About the Author")
    assert "cookies" in next(r.text for r in doc.removed if r.rule == "cookie_notice")
    assert [r.rule for r in doc.removed if r.text.startswith(("Leave", "Cancel", "Save my", "Post"))] == [
        "comment_form"
    ] * 4
    for sentence in (
        "Flooding displaces thousands in river valley",
        "What happened\n\nAbout 4,000 residents left their homes",
        "Readers shared photos of submerged streets, and the mayor said she would share updates hourly.",
        "More than 300 soldiers were deployed, and officials declined to comment on the cost.",
        "MORE THAN 3,000 HOMES WITHOUT POWER",
        "Related discussions continued into the night, the council said.",
        "The response\n\nMore than 300 soldiers",
    ):
        assert sentence in doc.text, sentence
    assert doc.text.endswith("the council said.")


def test_trailing_bio_without_heading() -> None:
    raw = (
        "Talks resumed in Geneva on Tuesday with 40 delegations present.\n\n"
        "Sam Ortiz is a freelance reporter based in Lisbon. Reach him at sam@example.org.\n"
    )
    doc = clean_document(make_doc(raw), CONFIG)
    assert doc.text == "Talks resumed in Geneva on Tuesday with 40 delegations present."
    assert [r.rule for r in doc.removed] == ["author_bio"]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Leave a Reply Cancel reply", "comment_form"),
        ("Name * Email * Website", "comment_form"),
        ("Comments are closed.", "comment_form"),
        ("3 Pending Comments", "comment_form"),
        ("Facebook Twitter Pinterest Email", "share_subscribe"),
        ("Like this: Like Loading...", "share_subscribe"),
        ("Click to share on X (Opens in new window)", "share_subscribe"),
        ("Stay with Channel 9 for updates on this developing story.", "share_subscribe"),
        ("Download the News 4 app for breaking news alerts.", "share_subscribe"),
        ("Advertisement - Continue Reading Below", "advertisement"),
        ("Continue reading →", "advertisement"),
        ("Sign in using your station profile", "page_chrome"),
        ("2 of 3 Premium Clicks used this month", "page_chrome"),
        ("Image 4 of 17", "page_chrome"),
        ("Please enable Javascript to watch this video", "page_chrome"),
        ("Copyright 2016 WXYZ. All rights reserved.", "copyright"),
        ("(© 2017 KABC)", "copyright"),
        ("Staff writer Ana Ruiz contributed to this report.", "source_credit"),
        ("Contributing: Lee Park, The Associated Press", "source_credit"),
        ("Close Get email notifications on Ana Ruiz daily!", "author_link"),
        ("Contact Ana Ruiz at 555-201-3344 or aruiz@example.com.", "contact"),
        ("Twitter: @anaruiz", "contact"),
        ("Shooting scene (Photo: WXYZ)", "caption"),
        ("Image via Shutterstock", "caption"),
        ("RELATED: Two hurt in weekend crash on Route 9", "related_link"),
        ("Tagged flood, rescue, river", "tags"),
        ("https://example.com/2016/05/story", "bare_url"),
        ("Image credit: NASA/JPL", "caption"),
        ("Photograph: Jane Roe/AFP via Getty Images", "caption"),
        (
            "This article is republished from Example Review under a Creative Commons licence.",
            "source_credit",
        ),
        ("We value your privacy", "cookie_notice"),
    ],
)
def test_furniture_lines(line: str, rule: str) -> None:
    assert line_rule(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "About 4,000 troops crossed the border overnight.",
        "Read the ministry's full statement, which lists 12 demands.",
        "Shares in the company fell 8% after the announcement.",
        "Advertisement revenue fell 12% in the third quarter.",
        "Contents of the leaked report were confirmed by two officials.",
        "Copyright lawsuits against the firm rose to 300 last year.",
        "Photographers were barred from the site, where 12 people died.",
        "Follow-up talks are scheduled for June, the envoy said.",
        "Subscribers to the service rose to 5 million, the company said.",
        "In a video posted online, the commander said 800 soldiers had been lost.",
        "Watch out for further announcements on Friday, the spokesman told reporters.",
        "Sources in the ministry said 5,000 reservists had been called up.",
        "Anyone with information is asked to call police at 555-123-4567.",
        "Related talks will resume in Vienna next week.",
        "Comment was sought from the defence ministry.",
        "Trending upward, casualty figures reached 1,200 by Sunday.",
        "UPDATE: Police said a third victim died at the hospital.",
        "Sources—who asked not to be named—said 5,000 troops had moved.",
        "In these still-uncertain weeks, 300 families have left the town.",
        "This report was published in March and counted 2,400 displaced people.",
    ],
)
def test_article_sentences_are_not_boilerplate(line: str) -> None:
    assert line_rule(line) is None


def test_about_heading_over_prose_is_kept() -> None:
    raw = "About Kursk\nKursk is a region of western Russia where 11,000 troops were sent last year.\n"
    doc = clean_document(make_doc(raw), CONFIG)
    assert doc.text == raw.strip()
    assert doc.removed == ()


def test_spec_list_label_is_not_a_related_link() -> None:
    raw = "Display: 6.1 inches, 120Hz\nVideo: 4K at 60fps with stabilisation\nBattery: 4,000 mAh\n"
    doc = clean_document(make_doc(raw), CONFIG)
    assert doc.text == raw.strip()


def test_site_name_line_matches_the_document_site() -> None:
    raw = "The Example Herald\nOfficials counted 52 damaged buildings.\n"
    doc = clean_document(make_doc(raw, site="The Example Herald"), CONFIG)
    assert doc.text == "Officials counted 52 damaged buildings."
    assert [r.rule for r in doc.removed] == ["site_name"]


@pytest.mark.parametrize(
    "heading", ["Most Read", "Read Next", "More from The Example Herald:", "Recommended"]
)
def test_related_heading_at_the_end_is_removed(heading: str) -> None:
    raw = (
        f"Officials counted 52 damaged buildings.\n\n{heading}\nBridge reopens after repairs\nSchools shut\n"
    )
    doc = clean_document(make_doc(raw), CONFIG)
    assert doc.text == "Officials counted 52 damaged buildings."
    assert [r.rule for r in doc.removed] == ["related_block"]


def test_empty_and_whitespace_raw_do_not_crash() -> None:
    for raw in ("", "\n\n", "   \n\t\n"):
        doc = clean_document(make_doc(raw), CONFIG)
        assert doc.text == "" and doc.removed == ()


# Lines mixing article words with the furniture the rules look for, so generated texts hit them.
_PIECES = st.sampled_from(
    [
        "Related Posts",
        "Table of Contents",
        "About Jo Bell",
        "Jo Bell is a reporter for the Herald.",
        "KEEP READING: Story",
        "Read more",
        "1:20 Clip title",
        "-",
        "Advertisement",
        "Officials said 12 people died.",
        "",
        "   ",
        "Photo: AP",
        "Original Source: example.com",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(_PIECES, st.text(max_size=80)), max_size=25), st.sampled_from(["\n", "\r\n", "\n\n"])
)
def test_clean_never_raises_and_accounts_for_every_line(pieces: list[str], joiner: str) -> None:
    raw = joiner.join(pieces).replace("\r", "")
    doc = clean_document(make_doc(raw), CONFIG)
    for removal in doc.removed:
        assert doc.raw[removal.start : removal.end] == removal.text
    kept = [line for line in doc.text.split("\n") if line]
    removed = [line.strip() for r in doc.removed for line in r.text.split("\n") if line.strip()]
    assert sorted(kept + removed) == sorted(line.strip() for line in raw.split("\n") if line.strip())


def test_pathological_lines_stay_fast() -> None:
    started = time.perf_counter()
    for line in ("a " * 50_000, "Related " * 20_000, "(" * 50_000, "Photo: " + "x/" * 30_000, "@a " * 30_000):
        clean_document(make_doc(f"Intro.\n{line}\nOutro.\n"), CONFIG)
    assert time.perf_counter() - started < 2.0
