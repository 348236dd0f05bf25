"""Each input format reads into Documents with the right text, encoding, name, origin and metadata."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from corroborate.config import Config
from corroborate.ingest.files import read_paths
from corroborate.ingest.json_records import iso_date
from corroborate.records import Document, Rejection, content_id

TEXT = (
    "Kyiv said on Monday that 3,000 troops had arrived.\r\nThe café nearby — closed since May — reopened.\r\n"
)
NORMALISED = TEXT.replace("\r\n", "\n")


def read_one(path: Path, config: Config | None = None) -> Document:
    results = list(read_paths([path], config or Config()))
    assert len(results) == 1, results
    assert isinstance(results[0], Document), results[0]
    return results[0]


def shingle_overlap(gold: str, got: str) -> tuple[float, float]:
    """(recall, precision) of word 4-grams: how much of the gold body came out, and how much else."""

    def shingles(text: str) -> Counter[tuple[str, ...]]:
        words = re.findall(r"\w+", text)
        return Counter(tuple(words[i : i + 4]) for i in range(len(words) - 3))

    want, have = shingles(gold), shingles(got)
    common = sum((want & have).values())
    return common / sum(want.values()), common / sum(have.values())


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("cp1252", "cp1252")],
)
def test_plain_text_encodings(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / f"article-{encoding}.txt"
    path.write_bytes(TEXT.encode(encoding))
    doc = read_one(path)
    assert doc.raw == NORMALISED
    assert doc.encoding == expected
    assert doc.kind == "txt"
    assert doc.name == path.name and doc.origin == str(path)
    assert doc.id == content_id(NORMALISED)
    assert doc.text == "" and doc.removed == ()


def test_cp1252_news_file_without_mojibake(shared: Path) -> None:
    """WikiRef220 files are cp1252 with CRLF; charset-normalizer alone reads this one as cp1250."""
    path = shared / "eval" / "clustering" / "WikiRef220" / "ParisAttacks2015 (11).txt"
    doc = read_one(path)
    assert doc.encoding == "cp1252"
    assert "Ismaël Omar Mostefaï" in doc.raw
    assert "State’s" in doc.raw
    assert "\r" not in doc.raw and "\ufffd" not in doc.raw
    assert not re.search("[ďčěřĺ]", doc.raw)  # the letters a cp1250 misreading would produce


def test_every_wikiref_file_decodes_cleanly(shared: Path) -> None:
    folder = shared / "eval" / "clustering" / "WikiRef220"
    results = list(read_paths([folder], Config()))
    assert len(results) == 220
    assert all(isinstance(r, Document) and r.encoding in ("utf-8", "cp1252") for r in results)
    assert not any("\ufffd" in r.raw or "Ã" in r.raw for r in results)


def test_html_page_matches_the_gold_article(shared: Path) -> None:
    folder = shared / "eval" / "html-extraction"
    key = "04a6711caa7c687592777718866e781e976e0fe684faebe8b3cedcef8cd0ea34"
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))[key]
    doc = read_one(folder / "html" / f"{key}.html.gz")
    recall, precision = shingle_overlap(gold["articleBody"], doc.raw)
    assert recall >= 0.95 and precision >= 0.9
    assert doc.kind == "html"
    assert doc.title == "Opinion | Republicans Are Following Trump to Nowhere"
    assert doc.published == "2019-11-19"
    assert doc.author == "Jamelle Bouie"
    assert doc.site == "NYTimes"
    assert doc.url == gold["url"]
    assert doc.encoding == "utf-8"
    assert doc.name == f"{key}.html.gz"


def test_plain_html_file_and_sniffed_html(tmp_path: Path, shared: Path) -> None:
    source = shared / "eval" / "html-extraction" / "html"
    page = gzip.decompress(sorted(source.glob("*.html.gz"))[0].read_bytes())
    (tmp_path / "page.html").write_bytes(page)
    (tmp_path / "page-without-extension").write_bytes(page)
    html, sniffed = (read_one(tmp_path / name) for name in ("page.html", "page-without-extension"))
    assert html.kind == sniffed.kind == "html"
    assert html.raw == sniffed.raw and len(html.raw.split()) > 50
    assert html.id == sniffed.id


def test_legacy_encoded_html_declares_its_charset(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        "<title>Réfugiés</title></head><body><article><p>Le ministère a annoncé que 1 200 réfugiés "
        "étaient arrivés à Calais la semaine dernière, selon la préfecture du Pas-de-Calais.</p>"
        "<p>Les associations estiment que le nombre réel est bien plus élevé, près du double.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "legacy.html"
    path.write_bytes(page.encode("latin-1"))
    doc = read_one(path)
    assert doc.encoding == "cp1252"
    assert "réfugiés" in doc.raw and "élevé" in doc.raw


def test_jsonl_records_from_the_casualties_corpus(tmp_path: Path, shared: Path) -> None:
    source = shared / "eval" / "casualties" / "articles.jsonl"
    with source.open(encoding="utf-8") as lines:
        head = [next(lines) for _ in range(5)]
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(head), encoding="utf-8")
    records = [json.loads(line) for line in head]
    docs = list(read_paths([path], Config()))
    assert [d.name for d in docs] == [r["doc_id"] for r in records]
    for number, (doc, record) in enumerate(zip(docs, records, strict=True), start=1):
        assert isinstance(doc, Document)
        assert doc.kind == "jsonl"
        assert doc.origin == f"{path}:{number}"
        assert doc.published == record["dct"][:10]
        assert doc.title == record["title"]
        assert doc.url == record["uri"]
        assert doc.raw == record["content"].strip()
        assert doc.encoding == "utf-8"


def test_json_shapes(tmp_path: Path) -> None:
    record = {"text": NORMALISED, "headline": "Troops arrive", "date": "Tue, 04 Feb 2014 10:00:00 GMT"}
    array, wrapped, single = tmp_path / "array.json", tmp_path / "wrapped.json", tmp_path / "single.json"
    array.write_text(json.dumps([record, {"id": 7, "body": "Second article with enough words to count."}]))
    wrapped.write_text(json.dumps({"articles": [record], "count": 1}))
    single.write_text(json.dumps({"doc_id": "only-one", **record}))
    first, second = read_paths([array], Config())
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.name, first.origin) == ("array.json:1", f"{array}:1")
    assert (second.name, second.origin) == ("7", f"{array}:2")
    assert first.title == "Troops arrive" and first.published == "2014-02-04"
    assert first.kind == "json"
    assert read_one(wrapped).name == "wrapped.json:1"
    only = read_one(single)
    assert (only.name, only.origin) == ("only-one", str(single))


def test_html_inside_a_record_goes_through_the_html_path(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Page title</title></head><body><nav>Home | World | Sport</nav><article>"
        "<p>Rescue teams pulled 14 survivors from the collapsed building overnight, firefighters said.</p>"
        "<p>The search continued on Sunday for at least six people still believed to be trapped.</p>"
        "</article><footer>Copyright footer</footer></body></html>"
    )
    path = tmp_path / "pages.jsonl"
    path.write_text(
        json.dumps({"id": "p1", "html": html, "title": "Record title", "url": "https://ex.org/a"}) + "\n"
    )
    doc = read_one(path)
    assert "14 survivors" in doc.raw and "Home | World" not in doc.raw
    assert doc.title == "Record title"  # the record's own metadata wins over the page's
    assert doc.url == "https://ex.org/a"


def test_gzipped_text_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(TEXT.encode("utf-8")))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(json.dumps({"id": "g", "text": NORMALISED}).encode()))
    text_doc, record_doc = read_paths([tmp_path], Config())
    assert isinstance(text_doc, Document) and text_doc.raw == NORMALISED
    assert isinstance(record_doc, Document) and record_doc.name == "g"


def test_ids_and_order_are_stable_across_reads(tmp_path: Path, shared: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(shared / "corpus" / "seeds", corpus / "seeds")
    (corpus / "extra.jsonl").write_text(json.dumps({"id": "x", "text": NORMALISED}) + "\n")
    first = [(r.name, r.id) for r in read_paths([corpus], Config()) if isinstance(r, Document)]
    second = [(r.name, r.id) for r in read_paths([corpus], Config()) if isinstance(r, Document)]
    assert first == second
    assert [name for name, _ in first] == ["x"] + sorted(
        p.name for p in (shared / "corpus" / "seeds").iterdir()
    )


def test_seed_corpus_reads_whole(shared: Path) -> None:
    results = list(read_paths([shared / "corpus" / "seeds"], Config()))
    assert [r.name for r in results] == sorted(p.name for p in (shared / "corpus" / "seeds").iterdir())
    assert not [r for r in results if isinstance(r, Rejection)]
    assert all(r.encoding == "utf-8" and "North Korea" in r.raw for r in results)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2014-02-04", "2014-02-04"),
        ("2014-02-04T23:10:00+02:00", "2014-02-04"),
        ("Tue, 04 Feb 2014 10:00:00 GMT", "2014-02-04"),
        ("February 4, 2014", "2014-02-04"),
        ("4 Feb 2014", "2014-02-04"),
        (1391472000, "2014-02-04"),
        (1391472000000, "2014-02-04"),
        ("2014-02-31", None),
        ("last Tuesday", None),
        (True, None),
        (None, None),
    ],
)
def test_iso_date(value: object, expected: str | None) -> None:
    assert iso_date(value) == expected
