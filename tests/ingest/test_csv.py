"""CSV files of articles: a text column plus metadata, read row by row like JSON records."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from pathlib import Path

import pytest

from corroborate.config import Config
from corroborate.ingest.files import read_paths, read_units
from corroborate.records import Document, Rejection

COLUMNS = ["doc_id", "title", "dct", "uri", "content"]


def articles(shared: Path, n: int) -> list[dict]:
    rows = []
    with (shared / "eval" / "casualties" / "articles.jsonl").open(encoding="utf-8") as f:
        for line in f:
            rows.append(json.loads(line))
            if len(rows) == n:
                break
    return rows


def write_csv(path: Path, rows: list[dict], delimiter: str = ",", encoding: str = "utf-8") -> None:
    with path.open("w", newline="", encoding=encoding) as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([row[c] for c in COLUMNS])


def test_rows_read_like_the_same_json_records(shared: Path, tmp_path: Path) -> None:
    rows = articles(shared, 20)
    as_csv, as_jsonl = tmp_path / "articles.csv", tmp_path / "articles.jsonl"
    write_csv(as_csv, rows)
    as_jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    from_csv = list(read_paths([as_csv], Config()))
    from_jsonl = list(read_paths([as_jsonl], Config()))
    assert len(from_csv) == len(from_jsonl) == 20
    for got, want in zip(from_csv, from_jsonl, strict=True):
        assert isinstance(got, Document) and isinstance(want, Document)
        fields = ("id", "name", "raw", "title", "url", "published")
        assert [getattr(got, f) for f in fields] == [getattr(want, f) for f in fields]
        assert got.kind == "csv"
    # a row's origin is the line it starts on, even when cells span several lines
    text = as_csv.read_text(encoding="utf-8")
    for doc in from_csv:
        line = int(doc.origin.rsplit(":", 1)[1])
        assert text.splitlines()[line - 1].startswith(doc.name + ",")


@pytest.mark.parametrize(("suffix", "delimiter"), [(".csv", ";"), (".tsv", "\t"), (".csv", "|")])
def test_delimiters(shared: Path, tmp_path: Path, suffix: str, delimiter: str) -> None:
    path = tmp_path / f"articles{suffix}"
    write_csv(path, articles(shared, 5), delimiter=delimiter)
    results = list(read_paths([path], Config()))
    assert [type(r).__name__ for r in results] == ["Document"] * 5


def test_windows_1252_export(shared: Path, tmp_path: Path) -> None:
    row = dict(articles(shared, 1)[0], content="Police said the café owner, 52, was shot at 3 a.m. — twice.")
    path = tmp_path / "export.csv"
    write_csv(path, [row], encoding="cp1252")
    [doc] = read_paths([path], Config())
    assert isinstance(doc, Document) and "café" in doc.raw and "—" in doc.raw


def test_no_text_column_is_one_rejection_naming_the_columns(shared: Path, tmp_path: Path) -> None:
    path = tmp_path / "stories.csv"
    path.write_text(
        "id,headline,story\n1,Fire,Three people were hurt in a fire on Main Street.\n", encoding="utf-8"
    )
    [rejection] = read_paths([path], Config())
    assert isinstance(rejection, Rejection) and rejection.code == "no_text"
    assert "id, headline, story" in rejection.detail and "--text-field" in rejection.detail
    [doc] = read_paths([path], Config(text_fields=("story",)))
    assert isinstance(doc, Document) and doc.title == "Fire" and doc.name == "1"


def test_bad_rows_are_rejected_and_the_rest_still_load(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text(
        'id,text\n1,"Two people were hurt when a car hit a bus shelter."\n'
        "\n"
        '2,"A second story, with a comma",and an extra cell\n'
        '3,"A third story says 40 homes lost power\non two streets."\n'
        "4,\n",
        encoding="utf-8",
    )
    results = list(read_paths([path], Config()))
    outcome = [(r.origin.rsplit(":", 1)[1], r.code if isinstance(r, Rejection) else "ok") for r in results]
    assert outcome == [("2", "ok"), ("4", "bad_csv"), ("5", "ok"), ("7", "no_text")]


def test_an_article_longer_than_csvs_default_field_limit(tmp_path: Path) -> None:
    text = "The council approved a budget of 12 million dollars for the new bridge. " * 3000  # ~220 KB
    path = tmp_path / "long.csv"
    buf = io.StringIO()
    csv.writer(buf).writerows([["id", "text"], ["long", text]])
    path.write_text(buf.getvalue(), encoding="utf-8")
    [doc] = read_paths([path], Config())
    assert isinstance(doc, Document) and len(doc.raw) == len(text.strip())


def test_rows_stream_one_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    story = "Firefighters said 3 homes were damaged and 12 people were moved to a shelter overnight. " * 10
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "text"])
        writer.writerows([str(i), f"{story} Report {i}."] for i in range(5_000))
    tracemalloc.start()
    count = sum(1 for _ in read_units([path], Config()))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 5_000
    assert peak < 2_000_000, f"peak {peak:,} bytes for a {path.stat().st_size:,}-byte file"
