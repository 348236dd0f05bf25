"""Near-duplicate detection: planted copies in real articles, persistence, incrementality."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.provenance.near_duplicates import (
    DuplicateSettings,
    NearDuplicateIndex,
    estimated_jaccard,
    find_near_duplicates,
    shingles,
    signature,
)
from tests.provenance.corpora import casualty_documents, distinct_articles, plant_copies

# written for this test: two versions of one short report and an unrelated one
REPORT = (
    "Firefighters spent most of Tuesday night containing a warehouse blaze on the east side of the "
    "river, where stacks of wooden pallets caught fire shortly after the last shift had gone home. "
    "No one was hurt, the fire chief said, but smoke drifted across the neighbourhood for hours and "
    "residents were asked to keep their windows closed until the morning."
)
REPOST = (
    "Breaking news from our partners.\n"
    "Firefighters spent most of Wednesday night containing a warehouse blaze on the east side of the "
    "river, where stacks of wooden pallets caught fire shortly after the last shift had gone home. "
    "No one was hurt, the fire chief said, but smoke drifted across the neighbourhood for hours and "
    "residents were told to keep their windows closed until the morning.\n"
    "Download our app for more local stories."
)
OTHER = (
    "The city council approved a new budget on Monday that adds two bus routes, repaves a stretch of "
    "the ring road and sets aside money for a library branch in the northern suburbs, after a debate "
    "that ran well past midnight."
)


@pytest.fixture(scope="module")
def planted(shared: Path):
    """600 distinct real articles and 100 planted near-copies of some of them, shuffled."""
    articles = distinct_articles((item.doc for item in casualty_documents(shared, limit=900)), 600)
    assert len(articles) >= 500
    return plant_copies(articles, 100, seed=11)


def test_planted_copies_are_found_without_false_links(planted) -> None:
    links = find_near_duplicates(planted.documents)
    found = {frozenset((link.doc_id, link.earlier)) for link in links}
    expected = {frozenset(pair) for pair in planted.copy_of.items()}
    recall = len(found & expected) / len(expected)
    false_links = found - expected
    assert recall >= 0.95
    assert len(false_links) / max(1, len(found)) <= 0.01
    assert len(false_links) / len(planted.documents) <= 0.01


def test_a_repost_with_new_boilerplate_and_date_is_a_near_duplicate() -> None:
    index = NearDuplicateIndex()
    assert index.add("report", REPORT) == []
    assert index.add("other", OTHER) == []
    matches = index.add("repost", REPOST)
    assert [doc_id for doc_id, _ in matches] == ["report"]
    assert 0.4 <= matches[0][1] < 1.0


def test_identical_text_has_jaccard_one_and_unrelated_text_near_zero() -> None:
    assert estimated_jaccard(signature(REPORT), signature(REPORT)) == 1.0
    assert estimated_jaccard(signature(REPORT), signature(OTHER)) < 0.1


def test_shingles_ignore_case_and_punctuation() -> None:
    assert shingles("The Fire, the SMOKE; the end!", size=3) == shingles("the fire the smoke the end", size=3)
    assert shingles("two words", size=5) == ["two words"]
    assert shingles("  ...  ", size=5) == []


def test_empty_texts_never_match() -> None:
    index = NearDuplicateIndex()
    assert index.add("a", "") == []
    assert index.add("b", "   ") == []
    assert len(index) == 2
    assert index.query_id("a") == []


def test_re_adding_a_document_does_not_index_it_twice() -> None:
    index = NearDuplicateIndex()
    index.add("report", REPORT)
    index.add("repost", REPOST)
    assert [doc_id for doc_id, _ in index.add("report", REPORT)] == ["repost"]
    assert len(index) == 2


def test_round_trip_through_bytes_keeps_matches_and_goes_on_like_the_original(planted) -> None:
    docs = planted.documents
    half = len(docs) // 2
    whole = NearDuplicateIndex()
    first = [whole.add(doc.id, doc.text) for doc in docs[:half]]
    restored = NearDuplicateIndex.from_bytes(whole.to_bytes())
    assert restored.ids == whole.ids
    assert np.array_equal(restored.signatures(), whole.signatures())
    rest_whole = [whole.add(doc.id, doc.text) for doc in docs[half:]]
    rest_restored = [restored.add(doc.id, doc.text) for doc in docs[half:]]
    assert rest_restored == rest_whole
    assert any(first) and any(rest_whole)


def test_signatures_computed_apart_rebuild_the_same_index(planted) -> None:
    docs = planted.documents[:300]
    one_by_one = NearDuplicateIndex()
    for doc in docs:
        one_by_one.add(doc.id, doc.text)
    sigs = np.stack([signature(doc.text) for doc in docs])  # as workers would
    rebuilt = NearDuplicateIndex.from_signatures([doc.id for doc in docs], sigs)
    for doc in docs:
        assert rebuilt.query_id(doc.id) == one_by_one.query_id(doc.id)


def test_loading_signatures_from_another_scheme_is_refused() -> None:
    data = NearDuplicateIndex().to_bytes().replace(b"rensa-rminhash-v", b"rensa-rminhash-x")
    with pytest.raises(ValueError, match="rebuild the index"):
        NearDuplicateIndex.from_bytes(data)
    with pytest.raises(ValueError, match="CRBND1"):
        NearDuplicateIndex.from_bytes(b"not an index")


def test_signature_is_the_same_in_another_process() -> None:
    code = (
        "from corroborate.provenance.near_duplicates import signature;"
        f"print(signature({REPORT!r})[:8].tolist())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "123"},
    )
    assert out.stdout.strip() == str(signature(REPORT)[:8].tolist())


def test_bad_settings_and_signatures_say_what_to_do() -> None:
    with pytest.raises(ValueError, match="must not exceed num_perm"):
        DuplicateSettings(bands=100, rows=2)
    with pytest.raises(ValueError, match="compute it with signature"):
        NearDuplicateIndex().add_signature("x", np.zeros(64, dtype=np.uint32))


def test_lsh_shape_catches_pairs_at_the_threshold() -> None:
    defaults = DuplicateSettings()
    assert defaults.candidate_probability(defaults.threshold) >= 0.99


@settings(max_examples=60, deadline=None)
@given(st.text())
def test_any_text_gets_a_signature(text: str) -> None:
    sig = signature(text)
    assert sig.dtype == np.uint32 and sig.shape == (128,)
    index = NearDuplicateIndex()
    index.add("a", text)
    assert index.add("b", text) == ([("a", 1.0)] if shingles(text) else [])
