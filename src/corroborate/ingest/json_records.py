"""Turn JSON and JSON Lines records into Documents, one record at a time, with their metadata."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

from corroborate.config import Config
from corroborate.ingest.html_files import html_document, looks_like_html
from corroborate.ingest.text_files import NotText, decode_bytes, normalise_newlines
from corroborate.records import Document, Rejection, content_id

__all__ = ["iso_date", "json_documents", "jsonl_documents", "record_document"]

# Keys under which JSON exports commonly keep their list of records (news APIs, scraper dumps).
_RECORD_LIST_KEYS = ("records", "articles", "data", "items", "documents", "docs", "results")

# Keys under which records name their author (Config has no setting for it yet).
_AUTHOR_FIELDS = ("author", "authors", "byline")

# Date shapes seen in news exports besides ISO 8601 and RFC 2822.
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%m/%d/%Y")
_ISO_PREFIX = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")
_JSON_TYPE_NAMES = MappingProxyType(
    {
        list: "array",
        str: "string",
        int: "number",
        float: "number",
        bool: "boolean",
        type(None): "null",
    }
)
# Unix timestamps between 1990 and 2100, in seconds or milliseconds.
_EPOCH_SECONDS = (631_152_000, 4_102_444_800)


def iso_date(value: object) -> str | None:
    """The calendar date (YYYY-MM-DD) a record's date field names, or None when it names none."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > _EPOCH_SECONDS[1] else value
        if _EPOCH_SECONDS[0] <= seconds <= _EPOCH_SECONDS[1]:
            return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()
        return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _ISO_PREFIX.match(text)
    if match:
        try:
            return datetime(int(match[1]), int(match[2]), int(match[3])).date().isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    return None


def _first_string(record: dict[str, Any], fields: tuple[str, ...]) -> str | None:
    """The first non-blank string under one of ``fields``; a list of strings counts, joined."""
    for field in fields:
        value = record.get(field)
        if isinstance(value, list) and all(isinstance(part, str) for part in value):
            value = "\n\n".join(value)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _record_name(record: dict[str, Any], fields: tuple[str, ...]) -> str | None:
    """The record's own id, when it has one under one of ``fields``."""
    for field in fields:
        value = record.get(field)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
    return None


def record_document(
    record: object,
    *,
    default_name: str,
    origin: str,
    kind: str,
    config: Config,
    encoding: str | None = None,
) -> Document | Rejection:
    """Make a Document of one JSON record (text or HTML plus metadata), or say why it has none.

    ``encoding`` is how the record's bytes were decoded, recorded on the Document.
    """
    if not isinstance(record, dict):
        what = _JSON_TYPE_NAMES.get(type(record), type(record).__name__)
        return Rejection(
            "ingest",
            "bad_json",
            origin,
            f"the record is a JSON {what}, not an object with a text field; make each record an object",
            default_name,
        )
    name = _record_name(record, config.id_fields) or default_name
    url = _first_string(record, config.url_fields)
    text = _first_string(record, config.text_fields)
    html = _first_string(record, config.html_fields)
    if text is not None and looks_like_html(text):
        # some scrapers store the page source under "content"; it needs the HTML path
        html, text = text, None
    if text is not None:
        raw = normalise_newlines(text)
        doc = Document(id=content_id(raw), name=name, origin=origin, raw=raw, kind=kind)
    elif html is not None:
        extracted = html_document(html, name=name, origin=origin, config=config, url=url, kind=kind)
        if isinstance(extracted, Rejection):
            return extracted
        doc = extracted
    else:
        blank = [field for field in config.text_fields + config.html_fields if field in record]
        fields = ", ".join(config.text_fields + config.html_fields)
        detail = (
            f"the record's {blank[0]} field is empty; fill it or drop the record"
            if blank
            else f"the record has no text under any of {fields}; if its article is under another key, "
            "add that key to the text fields setting"
        )
        return Rejection("ingest", "no_text", origin, detail, name)
    # the record's own metadata wins over what trafilatura guessed from the page
    return Document(
        id=doc.id,
        name=name,
        origin=origin,
        raw=doc.raw,
        kind=kind,
        title=_first_string(record, config.title_fields) or doc.title,
        url=url or doc.url,
        site=_first_string(record, config.site_fields) or doc.site,
        author=_first_string(record, _AUTHOR_FIELDS) or doc.author,
        published=_record_date(record, config.date_fields) or doc.published,
        encoding=encoding or doc.encoding,
    )


def _record_date(record: dict[str, Any], fields: tuple[str, ...]) -> str | None:
    for field in fields:
        date = iso_date(record.get(field))
        if date:
            return date
    return None


def _read_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Number the lines of a stream; a line longer than ``limit`` bytes comes back as None, unread."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the oversized line
                line = stream.readline(1 << 20)
            yield number, None
            continue
        yield number, line


def jsonl_documents(stream: IO[bytes], *, path: Path, config: Config) -> Iterator[Document | Rejection]:
    """Read a JSON Lines stream record by record; a bad line is rejected and the rest still load.

    ``config.max_bytes`` applies to each line here, not the whole file: the file is streamed,
    so a large corpus file is fine, but one oversized record is not read into memory.
    """
    seen = 0
    for number, line in _read_lines(stream, config.max_bytes):
        origin, default_name = f"{path}:{number}", f"{path.name}:{number}"
        if line is None:
            seen += 1
            yield Rejection(
                "ingest",
                "too_large",
                origin,
                f"line {number} is longer than {config.max_bytes} bytes; split the record or raise max_bytes",
                default_name,
            )
            continue
        if not line.strip():
            continue  # a blank line is no record
        seen += 1
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        decoded = decode_bytes(line)
        if isinstance(decoded, NotText):
            yield Rejection("ingest", "undecodable", origin, f"line {number}: {decoded.detail}", default_name)
            continue
        try:
            record = json.loads(decoded.text)
        except json.JSONDecodeError as error:
            yield Rejection(
                "ingest",
                "bad_json",
                origin,
                f"line {number} is not valid JSON ({error.msg} at column {error.colno}); "
                "fix or remove that line",
                default_name,
            )
            continue
        yield record_document(
            record,
            default_name=default_name,
            origin=origin,
            kind="jsonl",
            config=config,
            encoding=decoded.encoding,
        )
    if seen == 0:
        yield Rejection(
            "ingest",
            "empty",
            str(path),
            "the JSON Lines file holds no records; remove it or fill it",
            path.name,
        )


def json_documents(data: bytes, *, path: Path, config: Config) -> Iterator[Document | Rejection]:
    """Read a JSON file: an array of records, an object holding one, or a single record object."""
    decoded = decode_bytes(data)
    if isinstance(decoded, NotText):
        yield Rejection("ingest", decoded.code, str(path), decoded.detail, path.name)
        return
    if not decoded.text.strip():
        yield Rejection(
            "ingest", "empty", str(path), "the file holds only whitespace; remove it or fill it", path.name
        )
        return
    try:
        value = json.loads(decoded.text)
    except json.JSONDecodeError as error:
        yield Rejection(
            "ingest",
            "bad_json",
            str(path),
            f"the file is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno}); "
            "fix it, or save one record per line as .jsonl so one bad record does not spoil the rest",
            path.name,
        )
        return
    if isinstance(value, dict):
        records = next((value[key] for key in _RECORD_LIST_KEYS if isinstance(value.get(key), list)), None)
        if records is None:
            yield record_document(
                value,
                default_name=path.name,
                origin=str(path),
                kind="json",
                config=config,
                encoding=decoded.encoding,
            )
            return
        value = records
    if not isinstance(value, list):
        yield Rejection(
            "ingest",
            "bad_json",
            str(path),
            "the file holds a single JSON value, not records; make it an array of objects",
            path.name,
        )
        return
    if not value:
        yield Rejection(
            "ingest", "empty", str(path), "the JSON array holds no records; remove it or fill it", path.name
        )
    for index, record in enumerate(value):
        yield record_document(
            record,
            default_name=f"{path.name}:{index + 1}",
            origin=f"{path}:{index + 1}",
            kind="json",
            config=config,
            encoding=decoded.encoding,
        )
