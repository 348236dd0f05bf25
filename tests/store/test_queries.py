"""The web app's read queries agree with the store's own, on real seed records."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborate.store.queries import (
    ClaimFilter,
    chart_points,
    claim_anchors,
    claim_by_id,
    claim_count,
    claim_page,
    claim_rowids,
    claims_by_rowid,
    document_count,
    document_page,
    ensure_indexes,
    first_rowid_at,
    fts_match,
    iter_claims,
    search_count,
    search_page,
)
from corroborate.store.sqlite_store import Store
from tests.store.seed_records import gold_claims, seed_documents


@pytest.fixture
def store(shared: Path, tmp_path: Path) -> Store:
    docs = seed_documents(shared)
    with Store(tmp_path / "q.db") as writer, writer.transaction():
        for d in docs:
            writer.add_document(d)
        writer.add_claims(gold_claims(shared, docs))
    return Store(tmp_path / "q.db", readonly=True)


def ids(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [r.claim.id for r in rows]


def stored_order(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT id FROM claims ORDER BY rowid")]


@pytest.mark.parametrize("offset", [0, 3, 7, 20, 22, 100])
def test_pages_follow_the_stored_order(store: Store, offset: int) -> None:
    assert first_rowid_at(store, offset) is not None  # no gaps: the computed start is used
    assert ids(claim_page(store, ClaimFilter(), 5, offset)) == stored_order(store)[offset : offset + 5]


def test_pages_stay_right_when_rowids_have_gaps(store: Store, tmp_path: Path) -> None:
    docs = [r[0] for r in store.conn.execute("SELECT DISTINCT doc_id FROM claims ORDER BY rowid")]
    with Store(tmp_path / "q.db") as writer:
        writer.conn.execute("DELETE FROM documents WHERE id = ?", (docs[1],))  # its claims go too
    assert first_rowid_at(store, 0) is None  # a gap in the middle: offsets are skipped instead
    remaining = stored_order(store)
    for offset in (0, 4, 9, len(remaining) - 1):
        assert ids(claim_page(store, ClaimFilter(), 5, offset)) == remaining[offset : offset + 5]


def test_filters_agree_with_the_store(store: Store) -> None:
    for measure in ("troops_planned", "troops_deployed"):
        f = ClaimFilter(measure=measure)
        expected = sorted(c.id for c in store.claims(measure=measure))
        assert sorted(ids(claim_page(store, f, 500))) == expected
        assert claim_count(store, f) == len(expected)
        assert sorted(c.id for c in iter_claims(store, f, chunk=2)) == expected
    source = next(c.source for c in store.claims() if c.source)
    assert sorted(ids(claim_page(store, ClaimFilter(source=source.upper()), 500))) == sorted(
        c.id for c in store.claims(source=source)
    )


def test_place_filter_takes_wildcards_literally(store: Store) -> None:
    assert claim_count(store, ClaimFilter(place="kursk")) > 0
    assert claim_count(store, ClaimFilter(place="%")) == 0
    assert claim_count(store, ClaimFilter(place="_ursk")) == 0


def test_partial_dates_are_inclusive(store: Store) -> None:
    dated = claim_count(store, ClaimFilter())
    assert claim_count(store, ClaimFilter(date_to="2024-11")) == dated
    assert claim_count(store, ClaimFilter(date_from="2024-11-14", date_to="2024-11-14")) == len(
        [c for c in store.claims() if c.doc_id == seed_id(store, "2024-11-14")]
    )
    assert document_count(store, ClaimFilter(date_from="2024-11-12")) == 3
    assert [d.published for d in document_page(store, 10, 0)] == sorted(
        (d.published for d in store.documents(text=False)), reverse=True
    )


def seed_id(store: Store, published: str) -> str:
    return store.conn.execute("SELECT id FROM documents WHERE published = ?", (published,)).fetchone()[0]


def test_search_ranks_like_the_store(store: Store) -> None:
    f = ClaimFilter(query="ambassador")
    assert [h.doc_id for h in search_page(store, f, 20)] == [d for d, _, _ in store.search("ambassador")]
    assert search_count(store, f) == len(store.search("ambassador", limit=100))
    assert search_count(store, ClaimFilter(query="ambassador", measure="no-such-measure")) == 0
    assert fts_match(store, '"unterminated') == '"""unterminated"'
    with pytest.raises(ValueError, match="no words"):
        fts_match(store, "***")


def test_chart_points_carry_detail_only_when_few(store: Store) -> None:
    f = ClaimFilter(measure="troops_planned")
    detailed = chart_points(store, f, detail_limit=100)
    light = chart_points(store, f, detail_limit=1)
    assert len(detailed) == len(light) == claim_count(store, f)
    assert all(p.claim_id for p in detailed) and not any(p.claim_id for p in light)
    assert [(p.low, p.high, p.published) for p in detailed] == [(p.low, p.high, p.published) for p in light]


def test_claim_by_id_and_indexes(store: Store, tmp_path: Path) -> None:
    claim = next(store.claims())
    row = claim_by_id(store, claim.id)
    assert row is not None and row.claim == claim and row.published
    assert claim_by_id(store, "nope") is None
    with Store(tmp_path / "q.db") as writer:
        ensure_indexes(writer)
        ensure_indexes(writer)  # idempotent
    names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"claims_measure_chart", "documents_id_published", "documents_published"} <= names


def test_anchored_pages_match_plain_offsets(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("corroborate.store.queries.ANCHOR_EVERY", 4)
    f = ClaimFilter(measure="troops_planned")
    anchors = claim_anchors(store, f)
    assert len(anchors) == -(-claim_count(store, f) // 4)
    for offset in range(0, 14):
        assert ids(claim_page(store, f, 3, offset, anchors)) == ids(claim_page(store, f, 3, offset))


def test_pages_by_rowid_match_the_filtered_list(store: Store) -> None:
    chosen = tuple(c.id for c in store.claims(measure="troops_planned"))[::2]
    f = ClaimFilter(claim_ids=chosen)
    rowids = claim_rowids(store, f)
    assert len(rowids) == len(chosen)
    assert ids(claims_by_rowid(store, rowids[2:5])) == ids(claim_page(store, f, 3, 2))
