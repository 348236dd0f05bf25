"""The SQLite store: round trips, idempotence, occurrences, search, WAL readers, foreign keys."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from corroborate.records import Document, Rejection
from corroborate.store.sqlite_store import SCHEMA_VERSION, Store, country_names, source_kind
from tests.store.seed_records import claim_at, gold_claims, seed_documents


@pytest.fixture
def docs(shared: Path) -> list[Document]:
    return seed_documents(shared)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "run.db") as s:
        yield s


def fill(store: Store, docs: list[Document], shared: Path) -> None:
    with store.transaction():
        for d in docs:
            store.add_document(d)
        store.add_claims(gold_claims(shared, docs))
        store.add_rejection(Rejection("ingest", "empty", "in/blank.txt", "The file is empty.", "blank.txt"))


def test_documents_claims_and_rejections_round_trip(store: Store, docs: list[Document], shared: Path) -> None:
    claims = gold_claims(shared, docs)
    rejection = Rejection("ingest", "binary", "in/photo.jpg", "Not text: a JPEG image.", "photo.jpg")
    with store.transaction():
        assert all(store.add_document(d) for d in docs)
        assert store.add_claims(claims) == len(claims) == 21
        assert store.add_rejection(rejection)
    assert list(store.documents()) == docs  # removals included, order kept
    assert store.document(docs[2].id) == docs[2]
    assert store.document("0" * 16) is None
    by_id = {c.id: c for c in claims}
    back = list(store.claims())
    assert len(back) == 21 and {c.id: c for c in back} == by_id
    assert list(store.rejections()) == [rejection]
    assert store.has_document(docs[0].id) and not store.has_document("nope")


def test_metadata_listing_leaves_texts_out(store: Store, docs: list[Document]) -> None:
    store.add_document(docs[0])
    (light,) = store.documents(text=False)
    assert (light.id, light.title, light.url, light.published) == (
        docs[0].id,
        docs[0].title,
        docs[0].url,
        docs[0].published,
    )
    assert light.raw == light.text == "" and light.removed == ()


def test_adding_everything_twice_changes_no_count(store: Store, docs: list[Document], shared: Path) -> None:
    fill(store, docs, shared)
    before = store.counts()
    assert before == {
        "documents": 5,
        "occurrences": 5,
        "claims": 21,
        "sources": before["sources"],
        "rejections": 1,
        "removals": 5,
    }
    assert before["sources"] >= 5
    fill(store, docs, shared)
    assert not store.add_document(docs[0])
    assert store.add_claims(gold_claims(shared, docs)) == 0
    assert not store.add_rejection(
        Rejection("ingest", "empty", "in/blank.txt", "The file is empty.", "blank.txt")
    )
    assert store.counts() == before


def test_identical_text_under_another_name_is_an_occurrence(store: Store, docs: list[Document]) -> None:
    original = docs[1]
    copy = dataclasses.replace(original, name="mirror-site.txt", origin="/elsewhere/mirror-site.txt")
    assert store.add_document(original)
    assert not store.add_document(copy)
    counts = store.counts()
    assert (counts["documents"], counts["occurrences"], counts["removals"]) == (1, 2, 1)
    assert store.occurrences(original.id) == [
        (original.name, original.origin),
        ("mirror-site.txt", "/elsewhere/mirror-site.txt"),
    ]
    # the document keeps the name it was first met under
    assert store.document(original.id).name == original.name  # type: ignore[union-attr]


def test_input_reread_with_new_text_points_at_the_new_document(store: Store, docs: list[Document]) -> None:
    store.add_document(docs[0])
    edited = dataclasses.replace(docs[1], name=docs[0].name, origin=docs[0].origin)
    store.add_document(edited)
    assert store.counts()["occurrences"] == 1
    assert store.occurrences(docs[1].id) == [(docs[0].name, docs[0].origin)]


def test_search_finds_a_word_of_a_seed_article(store: Store, docs: list[Document]) -> None:
    for d in docs:
        store.add_document(d)
    hits = store.search("Ussuriysk")
    holding = {d.id for d in docs if "Ussuriysk" in d.text}
    assert holding and {doc_id for doc_id, _, _ in hits} == holding
    doc_id, name, snippet = hits[0]
    assert name == next(d.name for d in docs if d.id == doc_id)
    assert "[Ussuriysk]" in snippet
    assert store.search("kursk", limit=2) and len(store.search("kursk", limit=2)) <= 2
    assert store.search("deploy*")  # FTS5 syntax still works
    assert store.search("zzqxv") == []


@pytest.mark.parametrize("query", ['"unbalanced quote', "troops AND", "NEAR(kursk", "title:kursk ("])
def test_malformed_search_queries_fall_back_to_plain_words(
    store: Store, docs: list[Document], query: str
) -> None:
    for d in docs:
        store.add_document(d)
    assert isinstance(store.search(query), list)


@pytest.mark.parametrize("query", ["", "   ", "***", ")("])
def test_search_without_words_is_a_clear_value_error(store: Store, query: str) -> None:
    with pytest.raises(ValueError, match="search query"):
        store.search(query)


def test_file_is_in_wal_mode_with_a_schema_version(store: Store) -> None:
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_reader_sees_committed_data_while_a_writer_holds_a_transaction(
    store: Store, docs: list[Document]
) -> None:
    store.add_document(docs[0])
    with Store(store.path, readonly=True) as reader:
        with store.transaction():
            store.add_document(docs[1])
            store.add_document(docs[2])
            # the writer holds the write lock; the reader reads the last commit without waiting
            assert reader.counts()["documents"] == 1
            assert [d.id for d in reader.documents()] == [docs[0].id]
            assert reader.search("Korea")
        assert reader.counts()["documents"] == 3


def test_readonly_store_refuses_writes_and_missing_files(
    store: Store, docs: list[Document], tmp_path: Path
) -> None:
    with Store(store.path, readonly=True) as reader, pytest.raises(PermissionError, match="read-only"):
        reader.add_document(docs[0])
    with pytest.raises(FileNotFoundError, match="no store at"):
        Store(tmp_path / "missing.db", readonly=True)


def test_other_sqlite_files_and_newer_schemas_are_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ValueError, match="not a corroborate store"):
        Store(foreign)
    newer = tmp_path / "newer.db"
    Store(newer).close()
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(ValueError, match="upgrade corroborate"):
        Store(newer)


def test_foreign_keys_are_enforced(store: Store, docs: list[Document]) -> None:
    orphan = claim_at(docs[0], "more than 10,000 North Korean soldiers", "more than 10,000", 10000, None)
    with pytest.raises(ValueError, match=docs[0].id):
        store.add_claims([orphan])
    assert store.counts()["claims"] == 0
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute(
            "INSERT INTO removals (doc_id, start, \"end\", rule, text) VALUES ('nope', 0, 1, 'r', 'x')"
        )


def test_failed_inner_batch_is_undone_alone(store: Store, docs: list[Document]) -> None:
    orphan = claim_at(docs[1], docs[1].text[:40], docs[1].text[:10], 1, 1)
    with store.transaction():
        store.add_document(docs[0])
        with pytest.raises(ValueError):
            store.add_claims([orphan])
        store.add_document(docs[2])
    assert store.counts()["documents"] == 2 and store.counts()["claims"] == 0


def test_outer_batch_is_rolled_back_on_error(store: Store, docs: list[Document]) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_document(docs[0])
        raise RuntimeError("crash mid-batch")
    assert store.counts()["documents"] == 0 and store.counts()["occurrences"] == 0


def test_claim_filters(store: Store, docs: list[Document], shared: Path) -> None:
    fill(store, docs, shared)
    planned = list(store.claims(measure="troops_planned"))
    assert planned and all(c.measure == "troops_planned" for c in planned)
    # any spelling of a source finds its claims
    by_source = list(store.claims(source="The  Some Analysts"))
    assert [c.source for c in by_source] == ["some analysts"]
    assert all(c.modality == "hypothetical" for c in store.claims(modality="hypothetical"))
    assert {c.doc_id for c in store.claims(doc_id=docs[3].id)} == {docs[3].id}
    everything = list(store.claims())
    assert list(store.claims(limit=3, offset=2)) == everything[2:5]
    # document order, then position in the text
    order = [(next(i for i, d in enumerate(docs) if d.id == c.doc_id), c.start) for c in everything]
    assert order == sorted(order)


def test_sources_are_merged_by_spelling_and_given_a_kind(store: Store, docs: list[Document]) -> None:
    store.add_document(docs[0])
    quote = "more than 10,000 North Korean soldiers"
    a = claim_at(
        docs[0], quote, "more than 10,000", 10000, None, source="South Korea's National Intelligence Service"
    )
    b = claim_at(
        docs[0],
        "up to 100,000 troops",
        "up to 100,000",
        None,
        100000,
        source="south korea’s national intelligence service",
    )
    store.add_claims([a, b])
    assert store.sources() == [("South Korea's National Intelligence Service", "intelligence", 2)]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Dmytro Ponomarenko, Ukrainian ambassador to South Korea", "person"),
        ("Ukrainian ambassador to South Korea", "government"),
        ("President Putin", "person"),
        ("North Korea", "government"),
        ("the Kremlin", "government"),
        ("Pentagon officials", "government"),
        ("South Korean intelligence", "intelligence"),
        ("Yonhap news agency", "media"),
        ("Institute for the Study of War", "organisation"),
        ("media reports", "reports"),
        ("emerging reports", "reports"),
        ("Zelensky", "other"),
    ],
)
def test_source_kinds_from_simple_rules(name: str, kind: str) -> None:
    assert source_kind(name, country_names()) == kind
