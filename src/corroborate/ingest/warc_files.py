"""Read web archives (WARC, as Common Crawl and Heritrix write them) record by record with FastWARC.

Each response (or resource) record holding an HTML page becomes a :class:`PendingPage` that goes
down the same HTML path as a saved ``.html`` file, with the record's target URI as its URL and
name. Every other page-like record becomes a Rejection saying why: not HTML, an HTTP error or
redirect, a revisit with no content of its own, truncated by the crawler, cut short by the end
of the file, or too large. Request, metadata and warcinfo records describe a crawl rather than
hold a page, so they are passed over. One record is in memory at a time; a damaged archive
yields what it held up to the damage, then a Rejection saying where reading stopped.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from fastwarc.stream_io import GzipWriter
from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from corroborate.config import Config
from corroborate.ingest.html_files import looks_like_html
from corroborate.ingest.units import PendingPage
from corroborate.records import Rejection

__all__ = ["Capture", "warc_units", "write_warc"]

#: One HTTP response to archive: target URI, status, response headers, body.
Capture = tuple[str, int, Iterable[tuple[str, str]], bytes]

_PAGE_RECORDS = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.revisit
# Media types of HTML pages; a record without one is sniffed instead.
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml+xhtml"})
_CHUNK_SIZE = re.compile(rb"\A([0-9A-Fa-f]+)[^\r\n]*\r?\n")


def warc_units(source: str | Path, config: Config) -> Iterator[PendingPage | Rejection]:
    """Stream a PendingPage or a Rejection for every page record of a WARC file or URL.

    ``source`` may be a local path or any URL fsspec can open (``s3://``, ``https://``); the
    origin of each record is ``SOURCE@OFFSET``, the record's byte offset in the (compressed) file.
    """
    label = str(source)
    position = 0
    try:
        records = ArchiveIterator(
            str(source), record_types=_PAGE_RECORDS, parse_http=True, auto_decode="none"
        )
        for record in records:
            position = record.stream_pos
            yield _record_unit(record, label, config)
    except OSError as error:
        where = f"after byte {position:,}" if position else "at its start"
        yield Rejection(
            "ingest",
            "malformed",
            f"{label}@{position}",
            f"the web archive is damaged {where} ({error}); the records after that point were not read; "
            "re-download the file or check it with `gzip -t`",
            Path(label).name,
        )


def _record_unit(record: WarcRecord, label: str, config: Config) -> PendingPage | Rejection:
    """One page record as a PendingPage, or a Rejection saying why it holds no page to read."""
    origin = f"{label}@{record.stream_pos}"
    uri = (record.headers.get("WARC-Target-URI") or "").strip().strip("<>") or None
    name = uri or origin

    def reject(code: str, detail: str) -> Rejection:
        return Rejection("ingest", code, origin, detail, name)

    if record.record_type == WarcRecordType.revisit:
        return reject(
            "revisit",
            "the record is a revisit: it only points to an earlier capture of the same content, "
            "which is read where it occurs in the archive",
        )
    truncated = record.headers.get("WARC-Truncated")
    if truncated:
        return reject(
            "truncated",
            f"the crawler cut this capture short (WARC-Truncated: {truncated}), so the page is incomplete",
        )
    if record.is_http:
        status = record.http_headers.status_code
        if status is None:
            return reject("malformed", "the record's HTTP response has no status line, so it cannot be read")
        if not 200 <= status < 300:
            return reject(
                "http_status",
                f"the capture is an HTTP {status} response "
                f"({record.http_headers.reason_phrase or 'no reason'}), not a page",
            )
        media = record.http_content_type
    else:
        media = (record.headers.get("Content-Type") or "").split(";")[0].strip() or None
    media = media.lower() if media else None
    if media is not None and media not in _HTML_TYPES:
        return reject("not_html", f"the record holds {media}, not an HTML page")
    if record.content_length > config.max_bytes:
        return reject(
            "too_large",
            f"the record's payload is {record.content_length:,} bytes, over the {config.max_bytes:,}-byte "
            "limit; raise max_bytes if it really is one article",
        )
    body = record.reader.read(record.content_length)
    if len(body) < record.content_length:
        return reject(
            "truncated",
            f"the archive ends inside this record ({len(body):,} of {record.content_length:,} bytes); "
            "the file was cut short: re-download it",
        )
    decoded = _decode_payload(body, record, config) if record.is_http else body
    if isinstance(decoded, str):
        return reject("malformed", decoded)
    if not decoded.strip():
        return reject("empty", "the record's payload is empty")
    if media is None and not looks_like_html(decoded[:4096].decode("utf-8", "replace")):
        return reject("not_html", "the record names no content type and its payload does not look like HTML")
    return PendingPage(decoded, name=name, origin=origin, url=uri, kind="warc")


def _decode_payload(body: bytes, record: WarcRecord, config: Config) -> bytes | str:
    """Undo HTTP transfer and content encodings (chunked, gzip, deflate); a message when that fails.

    FastWARC can decode on the fly, but a record that fails to decode there stops the whole
    iteration; decoded here, one bad record is one Rejection.
    """
    headers = record.http_headers
    transfer = (headers.get("Transfer-Encoding") or "").lower()
    if "chunked" in transfer:
        unchunked = _unchunk(body)
        if unchunked is None:
            return "the payload says it is chunked but its chunks are damaged"
        body = unchunked
    encoding = (headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding in ("identity", "none", ""):
        return body
    if encoding in ("gzip", "x-gzip", "deflate"):
        # wbits 47 reads gzip or zlib headers; raw deflate (some servers) needs -15
        for wbits in (47, -15):
            inflater = zlib.decompressobj(wbits)
            try:
                out = inflater.decompress(body, config.max_bytes + 1)
            except zlib.error:
                continue
            if len(out) > config.max_bytes:
                return f"the page unpacks to more than {config.max_bytes:,} bytes"
            return out
        return f"the payload says it is {encoding}-compressed but does not unpack"
    if encoding == "br":
        try:
            import brotli  # optional: installed with dask[distributed]; servers rarely send br to crawlers
        except ImportError:
            return "the payload is brotli-compressed; install the brotli package to read it"
        try:
            out = brotli.decompress(body)
        except brotli.error:
            return "the payload says it is brotli-compressed but does not unpack"
        return (
            out
            if len(out) <= config.max_bytes
            else f"the page unpacks to more than {config.max_bytes:,} bytes"
        )
    return f"the payload uses the content encoding {encoding!r}, which is not read"


def _unchunk(body: bytes) -> bytes | None:
    """The payload of an HTTP chunked body, or None when the chunk framing is broken."""
    out, rest = bytearray(), memoryview(body)
    while True:
        match = _CHUNK_SIZE.match(bytes(rest[:64]))
        if match is None:
            return None
        size = int(match.group(1), 16)
        rest = rest[match.end() :]
        if size == 0:
            return bytes(out)
        if len(rest) < size:
            return None
        out += rest[:size]
        rest = rest[size:]
        if bytes(rest[:2]) == b"\r\n":
            rest = rest[2:]
        elif bytes(rest[:1]) == b"\n":
            rest = rest[1:]


def write_warc(path: str | Path, captures: Iterable[Capture], compression_level: int = 6) -> int:
    """Write HTTP responses as a gzipped WARC (one gzip member per record); returns the count.

    For keeping downloaded pages so a run can be repeated from the archive, and for building
    test and benchmark archives.
    """
    count = 0
    with open(path, "wb") as out:
        writer = GzipWriter(out, compression_level=compression_level)
        for uri, status, headers, body in captures:
            head = f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}\r\n"
            head += "".join(f"{k}: {v}\r\n" for k, v in headers if k.lower() not in _RECOMPUTED)
            http = head.encode("latin-1", "replace") + f"Content-Length: {len(body)}\r\n\r\n".encode() + body
            record = WarcRecord()
            record.init_headers(WarcRecordType.response, content_length=len(http))
            record.headers["WARC-Target-URI"] = uri
            record.headers["Content-Type"] = "application/http; msgtype=response"
            record.set_bytes_content(http)
            record.write(writer)
            writer.finish()  # close the gzip member, so each record can be read from its offset
            count += 1
        writer.close()
    return count


_REASONS = {200: "OK", 203: "Non-Authoritative Information"}
# Headers that described the bytes on the wire; the archived body is stored decoded.
_RECOMPUTED = frozenset({"content-length", "content-encoding", "transfer-encoding"})
