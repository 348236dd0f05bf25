"""The provenance stage on a store: incremental (two batches give what one gives), rebuilt when a
setting changes, and harmless on stores without provenance."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from corroborate.config import Config
from corroborate.ingest.files import read_units
from corroborate.pipeline import run_units
from corroborate.provenance.rewrites import RewriteSettings
from corroborate.provenance.update import ProvenanceConfig, update_provenance
from corroborate.store import provenance_store as tables
from corroborate.store.sqlite_store import Store

# incidents reported by this many articles or more: 51 articles of 5 shootings, in which the
# full run finds copies, rewrites and cites
MIN_ARTICLES = 9


def incident_articles(shared: Path, min_articles: int = MIN_ARTICLES) -> list[dict[str, Any]]:
    """The articles (file order) of the casualty incidents that ``min_articles`` articles report."""
    rows = [json.loads(line) for line in (shared / "eval" / "casualties" / "articles.jsonl").open()]
    per_incident: dict[str, int] = {}
    for r in rows:
        per_incident[r["incident_id"]] = per_incident.get(r["incident_id"], 0) + 1
    return [r for r in rows if per_incident[r["incident_id"]] >= min_articles]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def analyse(store: Store, *paths: Path) -> None:
    config = Config()
    run_units(read_units([str(p) for p in paths], config), config, store)


SNAPSHOT = {
    "provenance_docs": "SELECT * FROM provenance_docs ORDER BY doc_id",
    "signatures": "SELECT * FROM signatures ORDER BY doc_id",
    "cues": 'SELECT doc_id, kind, outlet, name, start, "end", removed FROM cues ORDER BY doc_id, start, kind',
    "links": "SELECT * FROM links ORDER BY derived_doc, original_doc",
    "sentence_links": "SELECT * FROM sentence_links ORDER BY claim_id, other_claim_id",
    "stories": "SELECT * FROM stories ORDER BY id",
    "story_members": "SELECT * FROM story_members ORDER BY doc_id",
    "claim_provenance": "SELECT * FROM claim_provenance ORDER BY claim_id",
    "outlets": "SELECT * FROM outlets ORDER BY key",
}


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    return {table: store.conn.execute(sql).fetchall() for table, sql in SNAPSHOT.items()}


@pytest.fixture(scope="module")
def batches(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("casualties")
    rows = incident_articles(shared)
    return write_jsonl(folder / "a.jsonl", rows[:30]), write_jsonl(folder / "b.jsonl", rows[30:])


@pytest.fixture(scope="module")
def one_batch(
    batches: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[tuple[Any, ...]]]:
    with Store(tmp_path_factory.mktemp("one") / "run.db") as store:
        analyse(store, *batches)
        summary = update_provenance(store)
        assert summary.documents == summary.total_documents > 40
        return snapshot(store)


def test_two_batches_give_what_one_gives(
    batches: tuple[Path, Path], one_batch: dict[str, list[tuple[Any, ...]]], tmp_path: Path
) -> None:
    with Store(tmp_path / "run.db") as store:
        analyse(store, batches[0])
        first = update_provenance(store)
        analyse(store, batches[1])
        second = update_provenance(store)
        assert first.documents + second.documents == second.total_documents
        assert 0 < second.documents < second.total_documents  # only the new ones were processed
        assert snapshot(store) == one_batch
    # the sample is not trivial: it holds links of more than one kind, and repeated claims
    assert len({row[2] for row in one_batch["links"]}) >= 2
    assert any(json.loads(row[4]) for row in one_batch["claim_provenance"])


def test_nothing_new_changes_nothing_and_a_new_setting_rebuilds(
    batches: tuple[Path, Path], tmp_path: Path
) -> None:
    with Store(tmp_path / "run.db") as store:
        analyse(store, *batches)
        update_provenance(store)
        before = snapshot(store)
        again = update_provenance(store)
        assert (again.documents, again.claims, again.rebuilt) == (0, 0, False)
        assert snapshot(store) == before
        strict = ProvenanceConfig(rewrites=RewriteSettings(threshold=0.9, strong=0.95))
        rebuilt = update_provenance(store, strict)
        assert rebuilt.rebuilt and rebuilt.documents == rebuilt.total_documents
        after = snapshot(store)
        assert after["story_members"] == before["story_members"]
        assert {r[2] for r in after["links"]} <= {r[2] for r in before["links"]}
        assert len([r for r in after["links"] if r[2] == "rewrite"]) < len(
            [r for r in before["links"] if r[2] == "rewrite"]
        )


def test_a_store_without_provenance_reads_as_empty(shared: Path, tmp_path: Path) -> None:
    path = tmp_path / "run.db"
    with Store(path) as store:
        analyse(store, shared / "corpus" / "seeds")
    with Store(path, readonly=True) as store:
        assert not tables.has_provenance(store)
        assert tables.claim_provenance(store) == {}
        assert tables.stories(store) == [] and tables.links(store) == [] and tables.outlets(store) == []
        with pytest.raises(PermissionError, match="read-only"):
            update_provenance(store)


def test_tables_of_another_schema_version_are_rebuilt(shared: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "run.db") as store:
        analyse(store, shared / "corpus" / "seeds")
        update_provenance(store)
        expected = snapshot(store)
        with store.transaction():
            tables.write_meta(store, "schema", "0")  # as an older corroborate left them
        assert tables.ensure_schema(store)
        assert snapshot(store)["links"] == []
        assert update_provenance(store).documents == 5
        assert snapshot(store) == expected
        assert not tables.ensure_schema(store)


def test_small_chunks_give_what_one_pass_gives(
    batches: tuple[Path, Path],
    one_batch: dict[str, list[tuple[Any, ...]]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """New documents processed a few at a time (one transaction each), and origins computed a few
    scopes at a time (bounded memory), give the tables one pass gives."""
    import corroborate.provenance.update as update

    monkeypatch.setattr(update, "ORIGIN_BATCH_DOCS", 3)
    monkeypatch.setattr(update, "REWRITE_GROUP_DOCS", 2)
    with Store(tmp_path / "run.db") as store:
        analyse(store, *batches)
        summary = update_provenance(store, chunk_docs=7)
        assert summary.documents == summary.total_documents > 7 * 3
        assert snapshot(store) == one_batch


def test_features_from_workers_give_what_this_process_gives(
    batches: tuple[Path, Path], one_batch: dict[str, list[tuple[Any, ...]]], tmp_path: Path
) -> None:
    """analyze hands the per-document features to its workers; the tables do not change."""
    from corroborate.parallel import ProcessEngine
    from corroborate.pipeline import engine_feature_map

    with ProcessEngine(2) as engine, Store(tmp_path / "run.db") as store:
        analyse(store, *batches)
        update_provenance(store, map_features=engine_feature_map(engine))
        assert snapshot(store) == one_batch


def test_copies_repeat_their_originals_and_add_no_pairwise_comparisons(
    batches: tuple[Path, Path], tmp_path: Path
) -> None:
    """Every article republished three more times (near-copies on other sites): each copy's claims
    share the origin of the same figure in the article it copies, and the claim sentences compared
    grow with the number of copies, not with its square (a new article is compared with one
    article of each other copy group of its story)."""
    import random

    from tests.provenance.corpora import plant_copy

    rows = [json.loads(line) for p in batches for line in p.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(3)
    copies = [
        {
            **row,
            "doc_id": f"{row['doc_id']}-copy{n}",
            "uri": f"https://republisher{n}.example/{row['doc_id']}",
            "content": plant_copy(row["content"], rng),
        }
        for n in range(3)
        for row in rows
    ]
    with Store(tmp_path / "plain.db") as plain, Store(tmp_path / "copied.db") as copied:
        analyse(plain, *batches)
        analyse(copied, *batches, write_jsonl(tmp_path / "copies.jsonl", copies))
        update_provenance(plain)
        summary = update_provenance(copied)
        assert summary.links.get("copy", 0) >= len(copies)  # each copy is linked to its original
        figures = (
            "SELECT d.name, c.measure, c.value_low, c.value_high, c.source, p.origin_doc FROM claims c"
            " JOIN documents d ON d.id = c.doc_id JOIN claim_provenance p ON p.claim_id = c.id"
        )
        origin = {}
        for name, *figure, origin_doc in copied.conn.execute(figures):
            origin.setdefault((name.split("-copy")[0], *figure), set()).add(origin_doc)
        shared = [docs for docs in origin.values() if len(docs) > 0]
        assert len(shared) > 100 and all(len(docs) == 1 for docs in shared)
        n_before = plain.conn.execute("SELECT count(*) FROM sentence_links").fetchone()[0]
        n_after = copied.conn.execute("SELECT count(*) FROM sentence_links").fetchone()[0]
        # each article and its three copies meet each other group once: 1 + 2 x 3 times the plain
        # count at most, where comparing every pair of articles gives (1 + 3) ** 2 = 16 times
        assert 0 < n_before and n_after <= 7 * n_before


def test_following_the_run_batch_by_batch_gives_what_one_pass_after_it_gives(
    batches: tuple[Path, Path], one_batch: dict[str, list[tuple[Any, ...]]], tmp_path: Path
) -> None:
    """analyze processes each stored batch while the workers read the next, with the features the
    workers computed while analysing; the tables are those of one update after the run."""
    from corroborate.parallel import ProcessEngine
    from corroborate.provenance.update import ProvenanceUpdate

    config = Config()
    with ProcessEngine(2) as engine, Store(tmp_path / "run.db") as store:
        follower = ProvenanceUpdate(store)
        advanced: list[int] = []
        original = follower.advance

        def advance(*args: Any, **kwargs: Any) -> int:
            advanced.append(original(*args, **kwargs))
            return advanced[-1]

        follower.advance = advance  # type: ignore[method-assign]
        units = read_units([str(p) for p in batches], config)
        run_units(units, config, store, batch_size=8, engine=engine, provenance=follower)
        summary = follower.finish()
        assert len([n for n in advanced if n]) >= 5  # the batches were followed one by one
        assert summary.documents == summary.total_documents == sum(advanced)
        assert snapshot(store) == one_batch


def test_a_run_stopped_between_saves_of_the_story_state_goes_on_as_if_never_stopped(
    batches: tuple[Path, Path],
    one_batch: dict[str, list[tuple[Any, ...]]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The clusterer's whole state is saved only every STATE_EVERY_DOCS documents; a run stopped
    after chunks not yet saved adds those documents to the clusterer again when it resumes."""
    import corroborate.provenance.update as update

    monkeypatch.setattr(update, "STATE_EVERY_DOCS", 10)
    with Store(tmp_path / "run.db") as store:
        analyse(store, *batches)
        stopped = update.ProvenanceUpdate(store, chunk_docs=7)
        n = stopped.advance()  # chunks stored, then the process dies before finishing
        assert n == len(tables.processed_documents(store)) > 40
        saved = tables.load_story_state(store)
        assert saved is not None
        unsaved = n - len(update.StoryClusterer.from_bytes(saved))
        assert 0 < unsaved < 10  # the last chunks' documents are only in the story tables
        resumed = update.ProvenanceUpdate(store, chunk_docs=7)
        summary = resumed.finish()
        assert summary.documents == 0 and summary.claims > 0  # origins left pending, now done
        assert snapshot(store) == one_batch
