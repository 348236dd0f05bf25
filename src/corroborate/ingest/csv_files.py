"""Read CSV (or TSV) files of articles, one row at a time: a text column plus optional metadata.

Columns are found by name with the same settings as JSON records (``Config.text_fields``,
``id_fields``, ``url_fields``, ``title_fields``, ``date_fields``, ``site_fields``), so a news
export with ``text``/``content``/``body`` and ``title``/``url``/``date`` columns needs no
options; a column holding page HTML goes down the HTML path. A file with no text column is one
Rejection naming its columns, not a Rejection per row.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from corroborate.config import Config
from corroborate.ingest.json_records import record_document
from corroborate.ingest.text_files import NotText, decode_bytes
from corroborate.records import Document, Rejection

__all__ = ["csv_documents"]

# Enough of the file to guess its encoding and delimiter.
_SAMPLE_BYTES = 65_536
_DELIMITERS = ",;\t|"


def csv_documents(
    stream: IO[bytes], *, path: Path, config: Config, delimiter: str | None = None
) -> Iterator[Document | Rejection]:
    """Stream a Document or Rejection per row of a CSV file; the origin of a row is ``PATH:LINE``.

    ``delimiter`` None means: guess from the first rows (comma, semicolon, tab or bar).
    """
    origin, name = str(path), path.name
    sample = stream.read(_SAMPLE_BYTES)
    if not sample.strip():
        yield Rejection("ingest", "empty", origin, "the CSV file holds no rows; remove it or fill it", name)
        return
    # decode the sample whole-characters only: cut back to the last newline
    cut = sample.rfind(b"\n") + 1 if len(sample) == _SAMPLE_BYTES else len(sample)
    decoded = decode_bytes(sample[: cut or len(sample)])
    if isinstance(decoded, NotText):
        yield Rejection("ingest", decoded.code, origin, decoded.detail, name)
        return
    encoding = "utf-8-sig" if decoded.encoding in ("utf-8", "utf-8-sig") else decoded.encoding
    delimiter = delimiter or _guess_delimiter(decoded.text)
    text = io.TextIOWrapper(
        io.BufferedReader(_Rejoined(sample, stream)), encoding=encoding, errors="strict", newline=""
    )
    # A news article in one cell outgrows csv's 128 KiB default field limit; the limit is
    # process-wide in the csv module, so it is only ever raised, to the configured input size.
    csv.field_size_limit(max(csv.field_size_limit(), config.max_bytes))
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader, None)
    except (csv.Error, UnicodeDecodeError) as error:
        yield Rejection("ingest", "bad_csv", origin, f"the header row cannot be read ({error})", name)
        return
    if header is None:
        yield Rejection("ingest", "empty", origin, "the CSV file holds no rows", name)
        return
    columns = [column.strip() for column in header]
    wanted = config.text_fields + config.html_fields
    if not any(column in wanted for column in columns):
        yield Rejection(
            "ingest",
            "no_text",
            origin,
            f"no column holds the article text: the columns are {', '.join(columns) or 'none'}; "
            f"name the text column {' or '.join(config.text_fields)}, or pass it with --text-field",
            name,
        )
        return
    line = reader.line_num
    rows = 0
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            yield Rejection(
                "ingest", "bad_csv", f"{path}:{start}", f"row at line {start} cannot be read ({error})", name
            )
            return
        except UnicodeDecodeError as error:
            yield Rejection(
                "ingest",
                "undecodable",
                f"{path}:{start}",
                f"the file is not valid {encoding} from line {start} on ({error.reason}); "
                "rows after this point were not read; save it as UTF-8",
                name,
            )
            return
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # a blank line is no record
        rows += 1
        if len(row) > len(columns):
            yield Rejection(
                "ingest",
                "bad_csv",
                f"{path}:{start}",
                f"the row at line {start} has {len(row)} cells for {len(columns)} columns; "
                "quote cells that contain the delimiter",
                f"{name}:{start}",
            )
            continue
        record = dict(zip(columns, row, strict=False))
        yield record_document(
            record,
            default_name=f"{name}:{start}",
            origin=f"{path}:{start}",
            kind="csv",
            config=config,
            encoding=codecs.lookup(encoding).name,
        )
    if rows == 0:
        yield Rejection("ingest", "empty", origin, "the CSV file has a header but no rows", name)


def _guess_delimiter(text: str) -> str:
    """The delimiter the header row uses most (csv.Sniffer gives up on rows of long articles)."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class _Rejoined(io.RawIOBase):
    """A byte stream that replays the sample already read, then continues with the rest."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
