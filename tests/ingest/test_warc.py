"""Web archives: page records read like saved pages; everything else rejected with a reason; streamed."""

from __future__ import annotations

import gzip
import tracemalloc
from pathlib import Path

import pytest
from fastwarc.stream_io import GzipWriter
from fastwarc.warc import WarcRecord, WarcRecordType

from corroborate.config import Config
from corroborate.ingest.files import read_paths, read_units
from corroborate.ingest.warc_files import warc_units, write_warc
from corroborate.records import Document, Rejection

HTML = [("Content-Type", "text/html; charset=utf-8")]


def real_pages(shared: Path, n: int) -> list[tuple[str, bytes]]:
    """The first ``n`` real news pages of the HTML-extraction benchmark, with made-up URLs."""
    pages = sorted((shared / "eval" / "html-extraction" / "html").glob("*.html.gz"))[:n]
    return [(f"https://news.example/{p.name[:12]}", gzip.decompress(p.read_bytes())) for p in pages]


def record(kind: WarcRecordType, uri: str, block: bytes, **headers: str) -> WarcRecord:
    rec = WarcRecord()
    rec.init_headers(kind, content_length=len(block))
    rec.headers["WARC-Target-URI"] = uri
    if kind in (WarcRecordType.response, WarcRecordType.revisit):
        rec.headers["Content-Type"] = "application/http; msgtype=response"
    for key, value in headers.items():
        rec.headers[key.replace("_", "-")] = value
    rec.set_bytes_content(block)
    return rec


def http(status: str, body: bytes, *headers: str) -> bytes:
    head = "".join(f"{h}\r\n" for h in headers)
    return f"HTTP/1.1 {status}\r\n{head}\r\n".encode() + body


def write_records(path: Path, records: list[WarcRecord]) -> None:
    with open(path, "wb") as out:
        writer = GzipWriter(out)
        for rec in records:
            rec.write(writer)
            writer.finish()
        writer.close()


def test_page_records_read_like_saved_pages(shared: Path, tmp_path: Path) -> None:
    pages = real_pages(shared, 4)
    warc = tmp_path / "crawl.warc.gz"
    assert write_warc(warc, [(url, 200, HTML, page) for url, page in pages]) == 4
    for (url, page), got in zip(pages, read_paths([warc], Config()), strict=True):
        saved = tmp_path / "page.html"
        saved.write_bytes(page)
        [expected] = read_paths([saved], Config())
        assert isinstance(got, Document) and isinstance(expected, Document)
        assert got.raw == expected.raw and got.id == expected.id  # the same HTML path
        assert got.title == expected.title and got.title
        assert (got.url, got.name, got.kind) == (url, url, "warc")
        assert got.origin.startswith(f"{warc}@")
    offsets = [int(d.origin.rsplit("@", 1)[1]) for d in read_paths([warc], Config())]
    assert offsets[0] == 0 and offsets == sorted(set(offsets))


def test_other_records_are_rejected_with_a_reason(shared: Path, tmp_path: Path) -> None:
    [(url, page)] = real_pages(shared, 1)
    chunked = b"".join(
        b"%x\r\n%s\r\n" % (len(page[i : i + 5000]), page[i : i + 5000]) for i in range(0, len(page), 5000)
    )
    records = [
        record(WarcRecordType.warcinfo, "", b"software: test\r\n"),  # crawl metadata: passed over
        record(WarcRecordType.request, url, b"GET / HTTP/1.1\r\nHost: news.example\r\n\r\n"),  # passed over
        record(WarcRecordType.response, url, http("200 OK", page, "Content-Type: text/html")),
        record(
            WarcRecordType.response,
            url + "/img",
            http("200 OK", b"\x89PNG\r\n\x1a\n", "Content-Type: image/png"),
        ),
        record(
            WarcRecordType.response,
            url + "/gone",
            http("404 Not Found", b"<h1>Gone</h1>", "Content-Type: text/html"),
        ),
        record(WarcRecordType.response, url + "/moved", http("301 Moved", b"", "Location: /x")),
        record(WarcRecordType.revisit, url, http("200 OK", b"", "Content-Type: text/html")),
        record(
            WarcRecordType.response,
            url + "/cut",
            http("200 OK", page[:900], "Content-Type: text/html"),
            WARC_Truncated="length",
        ),
        record(
            WarcRecordType.response,
            url + "/gz",
            http("200 OK", gzip.compress(page), "Content-Type: text/html", "Content-Encoding: gzip"),
        ),
        record(
            WarcRecordType.response,
            url + "/chunked",
            http("200 OK", chunked + b"0\r\n\r\n", "Content-Type: text/html", "Transfer-Encoding: chunked"),
        ),
        record(
            WarcRecordType.response,
            url + "/badgz",
            http("200 OK", b"not gzip at all" * 20, "Content-Type: text/html", "Content-Encoding: gzip"),
        ),
        record(WarcRecordType.resource, url + "/saved", page, Content_Type="text/html"),
    ]
    warc = tmp_path / "mixed.warc.gz"
    write_records(warc, records)
    results = list(read_paths([warc], Config()))
    outcome = [(r.name, r.code if isinstance(r, Rejection) else "document") for r in results]
    assert outcome == [
        (url, "document"),
        (url + "/img", "not_html"),
        (url + "/gone", "http_status"),
        (url + "/moved", "http_status"),
        (url, "revisit"),
        (url + "/cut", "truncated"),
        (url + "/gz", "document"),
        (url + "/chunked", "document"),
        (url + "/badgz", "malformed"),
        (url + "/saved", "document"),
    ]
    docs = [r for r in results if isinstance(r, Document)]
    assert len({d.id for d in docs}) == 1  # gzip, chunked and resource records decode to the same page
    rejections = {r.name.rsplit("/", 1)[-1]: r for r in results if isinstance(r, Rejection)}
    assert "image/png" in rejections["img"].detail
    assert "HTTP 404" in rejections["gone"].detail and "HTTP 301" in rejections["moved"].detail
    assert "gzip" in rejections["badgz"].detail
    assert all(r.stage == "ingest" and r.detail for r in rejections.values())


def test_a_file_cut_short_or_damaged_keeps_what_came_before(shared: Path, tmp_path: Path) -> None:
    pages = real_pages(shared, 3)
    whole = tmp_path / "whole.warc"
    write_warc(whole, [(url, 200, HTML, page) for url, page in pages])
    data = gzip.decompress(whole.read_bytes())
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: len(data) - 2000])  # the last record loses its end
    results = list(read_paths([cut], Config()))
    assert [type(r).__name__ for r in results] == ["Document", "Document", "Rejection"]
    assert results[2].code == "truncated" and "cut short" in results[2].detail

    damaged = tmp_path / "damaged.warc.gz"
    raw = whole.read_bytes()
    second = raw.index(b"\x1f\x8b\x08", 10)  # the second record's gzip member
    damaged.write_bytes(raw[: second + 20] + b"\x00garbage\x00" * 50 + raw[second + 20 :])
    results = list(read_paths([damaged], Config()))
    assert isinstance(results[0], Document)
    assert isinstance(results[-1], Rejection) and results[-1].code == "malformed"
    assert "damaged" in results[-1].detail and "not read" in results[-1].detail


def test_records_stream_one_at_a_time(tmp_path: Path) -> None:
    """Memory does not grow with the number of records: reading 3,000 pages holds one at a time."""
    body = (
        b"<html><body>"
        + b"<p>A paragraph of an article about the flood and the dam.</p>" * 80
        + b"</body></html>"
    )
    warc = tmp_path / "many.warc.gz"
    write_warc(warc, ((f"https://news.example/{i}", 200, HTML, body + str(i).encode()) for i in range(3000)))
    tracemalloc.start()
    count = 0
    for unit in read_units([warc], Config()):
        count += 1
        del unit
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 3000
    assert peak < 2_000_000, f"peak {peak:,} bytes for {3000 * len(body):,} bytes of pages"


def test_records_over_the_size_limit_are_not_read(shared: Path, tmp_path: Path) -> None:
    [(url, page)] = real_pages(shared, 1)
    warc = tmp_path / "big.warc"
    write_warc(warc, [(url, 200, HTML, page)])
    [rejection] = list(warc_units(warc, Config(max_bytes=1000)))
    assert isinstance(rejection, Rejection) and rejection.code == "too_large"


@pytest.mark.parametrize("name", ["old.arc", "old.arc.gz"])
def test_arc_files_are_refused_with_advice(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"filedesc://old.arc 0.0.0.0 20010101000000 text/plain 76\n")
    [rejection] = list(read_paths([path], Config()))
    assert rejection.code == "unsupported" and "convert it to WARC" in rejection.detail


def test_archives_named_by_url_are_read_through_fsspec(shared: Path, tmp_path: Path) -> None:
    pages = real_pages(shared, 2)
    for n in (1, 2):
        write_warc(tmp_path / f"part-{n}.warc.gz", [(url + f"/{n}", 200, HTML, page) for url, page in pages])
    by_url = list(read_paths([f"file://{tmp_path}/part-*.warc.gz"], Config()))
    by_path = list(read_paths(sorted(tmp_path.glob("part-*.warc.gz")), Config()))
    assert len(by_url) == 4 and [d.id for d in by_url] == [d.id for d in by_path]
    assert all(isinstance(d, Document) and d.origin.startswith("file://") for d in by_url)
    [missing] = read_paths([f"file://{tmp_path}/nothing-*.warc.gz"], Config())
    assert isinstance(missing, Rejection) and missing.code == "missing"
    [other] = read_paths([f"file://{tmp_path}/notes.txt"], Config())
    assert (
        isinstance(other, Rejection) and other.code == "unsupported" and "corroborate fetch" in other.detail
    )
