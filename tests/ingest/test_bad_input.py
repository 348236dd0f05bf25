"""Every kind of bad input becomes a Rejection with an actionable reason; good input still loads."""

from __future__ import annotations

import gzip
import json
import os
import struct
import zlib
from pathlib import Path

import pytest

from corroborate.config import Config
from corroborate.ingest.files import read_paths
from corroborate.records import Document, Rejection

ARTICLE = (
    "Officials in the capital said on Tuesday that at least 40 people had been evacuated from the "
    "flooded district, and that emergency crews expected the water to recede by the weekend.\n"
)
PAGE = (
    "<!doctype html><html><head><title>Flood update</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
    "<article><h1>Flood update</h1>"
    "<p>Officials in the capital said on Tuesday that at least 40 people had been evacuated from "
    "the flooded district near the river.</p>"
    "<p>Emergency crews expected the water to recede by the weekend, a spokesperson for the city "
    "council told reporters outside the town hall.</p></article></body></html>"
)


def read(paths: list[Path], config: Config | None = None) -> list[Document | Rejection]:
    return list(read_paths(paths, config or Config()))


def only_rejection(results: list[Document | Rejection]) -> Rejection:
    assert len(results) == 1, results
    assert isinstance(results[0], Rejection), results[0]
    return results[0]


def png_bytes() -> bytes:
    """A real (1x1 pixel) PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    rejection = only_rejection(read([path]))
    assert rejection.code == "empty"
    assert rejection.stage == "ingest"
    assert rejection.origin == str(path)
    assert rejection.name == "empty.txt"


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b"  \r\n\t\n   \n")
    assert only_rejection(read([path])).code == "empty"


def test_binary_renamed_as_text(tmp_path: Path) -> None:
    png, archive = tmp_path / "photo.txt", tmp_path / "bundle.txt"
    png.write_bytes(png_bytes())
    archive.write_bytes(gzip.compress(ARTICLE.encode()))
    for path, what in ((png, "PNG"), (archive, "gzip")):
        rejection = only_rejection(read([path]))
        assert rejection.code == "binary"
        assert what in rejection.detail


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "data"
    path.write_bytes(os.urandom(64) + b"\x00\x00\x01\x02" * 200)
    assert only_rejection(read([path])).code == "binary"


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "garbled.txt"
    path.write_bytes(b"Report on the troops: " + bytes(range(0x80, 0x100)) * 3)
    rejection = only_rejection(read([path]))
    assert rejection.code == "undecodable"
    assert "UTF-8" in rejection.detail


def test_malformed_json_lines_keep_the_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": ARTICLE}),
        '{"id": "a2", "text": "unterminated',
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "a4", "title": "No body here"}),
        json.dumps({"text": ARTICLE.replace("40", "55")}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read([path])
    docs = [r for r in results if isinstance(r, Document)]
    rejections = {r.origin: r for r in results if isinstance(r, Rejection)}
    assert [d.name for d in docs] == ["a1", "articles.jsonl:6"]
    assert [d.origin for d in docs] == [f"{path}:1", f"{path}:6"]
    assert rejections[f"{path}:2"].code == "bad_json"
    assert "line 2" in rejections[f"{path}:2"].detail
    assert rejections[f"{path}:4"].code == "bad_json"
    assert rejections[f"{path}:5"].code == "no_text"
    assert rejections[f"{path}:5"].name == "a4"
    assert len(results) == 5  # five records; the blank line is no record


def test_html_without_an_article(tmp_path: Path) -> None:
    path = tmp_path / "login.html"
    path.write_text(
        "<html><head><title>Sign in</title></head><body><nav><a href='/'>Home</a></nav>"
        "<form><input name='user'><button>Log in</button></form></body></html>",
        encoding="utf-8",
    )
    rejection = only_rejection(read([path]))
    assert rejection.code == "no_article"
    assert "article" in rejection.detail


def test_too_large_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(ARTICLE * 20, encoding="utf-8")
    config = Config(max_bytes=1000)
    rejection = only_rejection(read([path], config))
    assert rejection.code == "too_large"
    assert "1,000" in rejection.detail
    assert isinstance(read([path])[0], Document)  # the default limit lets it through


def test_too_large_after_gunzip(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"troops " * 10_000))
    assert path.stat().st_size < 1000
    assert only_rejection(read([path], Config(max_bytes=1000))).code == "too_large"


def test_too_large_json_line(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    small = json.dumps({"id": "s", "text": ARTICLE})
    huge = json.dumps({"id": "h", "text": ARTICLE * 40})
    path.write_text(f"{small}\n{huge}\n{small}\n", encoding="utf-8")
    results = read([path], Config(max_bytes=1000))
    assert [type(r).__name__ for r in results] == ["Document", "Rejection", "Document"]
    assert results[1].code == "too_large"
    assert results[1].origin == f"{path}:2"


@pytest.mark.parametrize("name", ["report.pdf", "notes.docx", "scan.png", "archive.zip"])
def test_unsupported_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"whatever is inside")
    rejection = only_rejection(read([path]))
    assert rejection.code == "unsupported"
    assert rejection.detail.endswith(".")
    assert any(word in rejection.detail for word in ("convert", "extract", "remove", "unpack", "save"))


def test_missing_path(tmp_path: Path) -> None:
    rejection = only_rejection(read([tmp_path / "nowhere" / "article.txt"]))
    assert rejection.code == "missing"
    assert "check the spelling" in rejection.detail


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)
    try:
        rejection = only_rejection(read([path]))
    finally:
        path.chmod(0o600)
    assert rejection.code == "unreadable"
    assert "permission" in rejection.detail


def test_read_error_becomes_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An OS error while reading (here simulated, as tests may run as root) is a Rejection."""
    locked, fine = tmp_path / "locked.txt", tmp_path / "fine.txt"
    locked.write_text(ARTICLE, encoding="utf-8")
    fine.write_text(ARTICLE, encoding="utf-8")
    real_open = Path.open

    def guarded_open(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)
    rejection, doc = read([locked, fine])
    assert isinstance(rejection, Rejection) and rejection.code == "unreadable"
    assert "read access" in rejection.detail
    assert isinstance(doc, Document)


def test_hostile_html_never_crashes_and_keeps_scripts_out(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.html"
    hostile.write_text(
        "<html><head><script>alert('head')</script><style>p{color:red}</style></head><body>"
        f'<img src=x onerror="alert(\'img\')" alt="{"A" * 200_000}">'
        '<article><p onclick="steal()">Officials in the capital said on Tuesday that at least 40 people '
        "had been evacuated from the flooded district near the river.</p>"
        "<script>document.write('injected text from a script')</script>"
        "<p>Emergency crews expected the water to recede by the weekend, a spokesperson for the city "
        "council told reporters.</p><noscript>enable scripts</noscript></article>"
        '<iframe src="javascript:alert(1)"></iframe></body></html>',
        encoding="utf-8",
    )
    nested = tmp_path / "nested.html"
    nested.write_text(
        "<html><body>" + "<div><span>" * 5000 + "deep text" + "</span></div>" * 5000 + "</body></html>"
    )
    broken = tmp_path / "broken.html"
    broken.write_text("<html><body><p>Unclosed <b><i>tags <table><tr><td>" + "<" * 5000 + "</p>")
    [doc] = read([hostile])
    assert isinstance(doc, Document)
    assert "at least 40 people" in doc.raw
    assert "alert" not in doc.raw and "injected" not in doc.raw and "steal" not in doc.raw
    for path in (nested, broken):
        [result] = read([path])
        assert isinstance(result, Document | Rejection)
        if isinstance(result, Rejection):
            assert result.code == "no_article"


def test_nothing_is_dropped_in_a_mixed_folder(tmp_path: Path) -> None:
    """A folder of good and bad files: every input comes back as a document or a rejection."""
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text("\n\n  \n")
    (folder / "image.txt").write_bytes(png_bytes())
    (folder / "garbled.txt").write_bytes(bytes(range(0x80, 0x100)) * 3)
    (folder / "report.pdf").write_bytes(b"%PDF-1.7 ...")
    (folder / "sub" / "records.jsonl").write_text(
        json.dumps({"doc_id": "r1", "content": ARTICLE}) + "\n{broken\n" + json.dumps({"doc_id": "r3"}) + "\n"
    )
    (folder / "sub" / "login.htm").write_text("<html><body><form><input></form></body></html>")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")  # hidden bookkeeping is skipped in folder walks
    inputs = 8 + 3  # files, with the JSON Lines file counting one per record
    results = read([folder, tmp_path / "missing.txt"])
    docs = [r for r in results if isinstance(r, Document)]
    rejections = [r for r in results if isinstance(r, Rejection)]
    assert len(docs) + len(rejections) == inputs + 1
    assert sorted(d.name for d in docs) == ["good.txt", "page.html", "r1"]
    assert sorted(r.code for r in rejections) == sorted(
        [
            "empty",
            "empty",
            "binary",
            "undecodable",
            "unsupported",
            "bad_json",
            "no_text",
            "no_article",
            "missing",
        ]
    )
    assert all(r.detail and r.stage == "ingest" for r in rejections)
    assert [r.origin for r in results] == [r.origin for r in read([folder, tmp_path / "missing.txt"])]
