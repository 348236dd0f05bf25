"""Read articles from files and folders: walk the paths, pick a reader by extension, stream results.

Every input ends up as a Document or a Rejection with a reason a person can act on; nothing is
dropped silently and no bad file stops the run. The one exception is hidden entries (names
starting with ".") met while walking a folder: they are version-control and OS bookkeeping, not
articles. A hidden file named explicitly is read like any other.

:func:`read_units` is the form the pipeline uses: HTML pages come out as
:class:`~corroborate.ingest.units.PendingPage` so trafilatura runs wherever the per-document
work runs; :func:`read_paths` finishes them here, for callers that want Documents.
Container files (WARC, JSON Lines, CSV, feeds) are streamed one record at a time, so memory
does not grow with the number of documents in them.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import MappingProxyType

from corroborate.config import Config
from corroborate.ingest.csv_files import csv_documents
from corroborate.ingest.feeds import feed_units
from corroborate.ingest.html_files import looks_like_html
from corroborate.ingest.json_records import json_documents, jsonl_documents
from corroborate.ingest.text_files import NotText, decode_bytes, sniff_binary, text_document
from corroborate.ingest.units import PendingPage, Unit, resolve_unit
from corroborate.ingest.warc_files import warc_units
from corroborate.records import Document, Rejection

__all__ = ["read_file", "read_paths", "read_units"]

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_JSON_SUFFIXES = frozenset({".json"})
_WARC_SUFFIXES = frozenset({".warc"})
_CSV_SUFFIXES = frozenset({".csv", ".tsv"})
_FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
# Containers are streamed record by record, so the whole-file size limit does not apply to them.
_STREAMED_SUFFIXES = _JSONL_SUFFIXES | _WARC_SUFFIXES | _CSV_SUFFIXES

_CONVERT = "convert it to plain text (.txt) or HTML first"
# Extensions that are never article text, with what to do about them.
_UNSUPPORTED = MappingProxyType(
    {
        ".pdf": "PDF is not read; extract its text first (e.g. `pdftotext file.pdf`)",
        ".doc": f"Word documents are not read; {_CONVERT}",
        ".docx": f"Word documents are not read; {_CONVERT}",
        ".odt": f"OpenDocument text is not read; {_CONVERT}",
        ".rtf": f"RTF is not read; {_CONVERT}",
        ".pages": f"Pages documents are not read; {_CONVERT}",
        ".epub": f"e-books are not read; {_CONVERT}",
        ".xls": "spreadsheets are not read; save the articles as JSON Lines with a text field",
        ".xlsx": "spreadsheets are not read; save the articles as JSON Lines with a text field",
        ".ods": "spreadsheets are not read; save the articles as JSON Lines with a text field",
        ".arc": "ARC (the web archive format before WARC) is not read; convert it to WARC first",
        ".zip": "archives are not opened; unpack it and give the folder instead",
        ".tar": "archives are not opened; unpack it and give the folder instead",
        ".tgz": "archives are not opened; unpack it and give the folder instead",
        ".7z": "archives are not opened; unpack it and give the folder instead",
        ".rar": "archives are not opened; unpack it and give the folder instead",
        ".bz2": "bzip2 files are not opened; unpack it (only .gz is read directly)",
        ".xz": "xz files are not opened; unpack it (only .gz is read directly)",
        ".png": "images hold no article text; remove it from the input",
        ".jpg": "images hold no article text; remove it from the input",
        ".jpeg": "images hold no article text; remove it from the input",
        ".gif": "images hold no article text; remove it from the input",
        ".webp": "images hold no article text; remove it from the input",
        ".svg": "images hold no article text; remove it from the input",
        ".bmp": "images hold no article text; remove it from the input",
        ".tif": "images hold no article text; remove it from the input",
        ".tiff": "images hold no article text; remove it from the input",
        ".ico": "images hold no article text; remove it from the input",
        ".mp3": "audio holds no article text; transcribe it first",
        ".wav": "audio holds no article text; transcribe it first",
        ".mp4": "video holds no article text; transcribe it first",
        ".mov": "video holds no article text; transcribe it first",
        ".webm": "video holds no article text; transcribe it first",
        ".exe": "programs hold no article text; remove it from the input",
        ".dll": "programs hold no article text; remove it from the input",
        ".so": "programs hold no article text; remove it from the input",
        ".pyc": "compiled Python holds no article text; remove it from the input",
        ".sqlite": "databases are not read; export the articles as JSON Lines",
        ".db": "databases are not read; export the articles as JSON Lines",
    }
)

_GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)


def read_paths(paths: Iterable[str | Path], config: Config) -> Iterator[Document | Rejection]:
    """Stream a Document or a Rejection for every article under ``paths`` (files or folders).

    Folders are walked recursively in sorted order, so runs are deterministic; one file (for
    JSON Lines, WARC and CSV, one record) is in memory at a time.
    """
    for unit in read_units(paths, config):
        yield resolve_unit(unit, config)


def read_units(paths: Iterable[str | Path], config: Config) -> Iterator[Unit]:
    """Like :func:`read_paths`, but HTML pages come out as PendingPage, not yet extracted.

    A path given as a URL (``s3://bucket/crawl/*.warc.gz``) is read through fsspec; only web
    archives are read that way (use ``corroborate fetch`` for web pages).
    """
    for item in paths:
        if isinstance(item, str) and "://" in item:
            yield from _read_url(item, config)
        else:
            yield from _read_path(Path(item), config, frozenset())


def _read_url(url: str, config: Config) -> Iterator[Unit]:
    """Web archives named by URL (globs allowed), each streamed from where it lives."""
    name = url.rsplit("/", 1)[-1]
    if _suffix(Path(name))[0] not in _WARC_SUFFIXES:
        yield Rejection(
            "ingest",
            "unsupported",
            url,
            "only web archives (.warc, .warc.gz) are read from URLs; download other files first, "
            "or give web pages to `corroborate fetch`",
            name,
        )
        return
    try:
        import fsspec

        fs, path = fsspec.core.url_to_fs(url)
        found = sorted(fs.glob(path)) if any(c in path for c in "*?[") else [path]
        urls = [fs.unstrip_protocol(p) for p in found]
    except (ImportError, ValueError, OSError) as error:
        yield Rejection(
            "ingest",
            "unreadable",
            url,
            f"the URL could not be opened ({type(error).__name__}: {error}); install fsspec and the "
            "filesystem's package (s3fs, gcsfs, aiohttp for http) or copy the file locally",
            name,
        )
        return
    if not urls:
        yield Rejection(
            "ingest", "missing", url, "no file matches this URL; check the bucket and pattern", name
        )
    for found_url in urls:
        yield from warc_units(found_url, config)


def _read_path(path: Path, config: Config, walked: frozenset[str]) -> Iterator[Unit]:
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            detail = "the path is a symbolic link to a file that does not exist; fix or remove the link"
        else:
            detail = "no file or folder at this path; check the spelling or the working directory"
        yield Rejection("ingest", "missing", str(path), detail, path.name)
        return
    except OSError as error:
        yield _unreadable(path, error)
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(path, config, walked)
    elif stat.S_ISREG(info.st_mode):
        yield from _file_units(path, config, info)
    else:
        yield Rejection(
            "ingest",
            "unsupported",
            str(path),
            "this is not a regular file (a pipe, socket or device); copy the articles into files",
            path.name,
        )


def _walk(folder: Path, config: Config, walked: frozenset[str]) -> Iterator[Unit]:
    real = os.path.realpath(folder)
    if real in walked:
        return  # a symbolic link back into a folder already being walked: its files come once
    try:
        entries = sorted(entry for entry in folder.iterdir() if not entry.name.startswith("."))
    except OSError as error:
        yield _unreadable(folder, error)
        return
    for entry in entries:
        yield from _read_path(entry, config, walked | {real})


def _unreadable(path: Path, error: OSError) -> Rejection:
    if isinstance(error, PermissionError):
        detail = "permission denied; give the user running corroborate read access, or copy the file"
    else:
        detail = (
            f"the operating system could not read it ({error.strerror or error}); check the disk or copy it"
        )
    return Rejection("ingest", "unreadable", str(path), detail, path.name)


def _suffix(path: Path) -> tuple[str, bool]:
    """The extension that says what the file holds, and whether it is gzipped (``a.html.gz``)."""
    name = path.name.lower()
    gzipped = name.endswith(".gz")
    if gzipped:
        name = name[: -len(".gz")]
    return Path(name).suffix, gzipped


def read_file(
    path: Path, config: Config, info: os.stat_result | None = None
) -> Iterator[Document | Rejection]:
    """Read one file: a Document per article in it, or Rejections saying what was wrong."""
    for unit in _file_units(path, config, info):
        yield resolve_unit(unit, config)


def _file_units(path: Path, config: Config, info: os.stat_result | None = None) -> Iterator[Unit]:
    origin, name = str(path), path.name
    suffix, gzipped = _suffix(path)
    if suffix in _UNSUPPORTED:
        yield Rejection("ingest", "unsupported", origin, f"{_UNSUPPORTED[suffix]}.", name)
        return
    try:
        info = info or path.stat()
    except OSError as error:
        yield _unreadable(path, error)
        return
    if info.st_size > config.max_bytes and suffix not in _STREAMED_SUFFIXES:
        yield _too_large(path, info.st_size, config)
        return
    if info.st_size == 0:
        yield Rejection("ingest", "empty", origin, "the file is empty (0 bytes); remove it or fill it", name)
        return
    if suffix in _JSONL_SUFFIXES:
        yield from _read_jsonl(path, gzipped, config)
        return
    if suffix in _WARC_SUFFIXES:
        yield from warc_units(path, config)  # FastWARC detects and unpacks .gz, .zst and .lz4 itself
        return
    if suffix in _CSV_SUFFIXES:
        yield from _read_csv(path, gzipped, suffix, config)
        return
    data = _read_bytes(path, gzipped, config)
    if isinstance(data, Rejection):
        yield data
        return
    if suffix in _HTML_SUFFIXES:
        yield PendingPage(data, name=name, origin=origin)
    elif suffix in _FEED_SUFFIXES:
        yield from feed_units(data, source=origin, config=config)
    elif suffix in _JSON_SUFFIXES:
        yield from json_documents(data, path=path, config=config)
    elif suffix in _TEXT_SUFFIXES:
        yield text_document(data, name=name, origin=origin, config=config)
    else:
        yield from _sniff(data, path, config)


def _too_large(path: Path, size: int | None, config: Config) -> Rejection:
    amount = f"{size:,} bytes" if size is not None else "more when unpacked"
    return Rejection(
        "ingest",
        "too_large",
        str(path),
        f"the file is {amount}, over the {config.max_bytes:,}-byte limit; split it or raise max_bytes",
        path.name,
    )


def _read_bytes(path: Path, gzipped: bool, config: Config) -> bytes | Rejection:
    """The file's bytes (unpacked if gzipped), never more than ``max_bytes`` of them."""
    try:
        with gzip.open(path, "rb") if gzipped else path.open("rb") as stream:
            data = stream.read(config.max_bytes + 1)
    except _GZIP_ERRORS as error:
        return Rejection(
            "ingest",
            "unreadable",
            str(path),
            f"the file is named .gz but is not a valid gzip file ({error}); unpack or re-download it",
            path.name,
        )
    except OSError as error:
        return _unreadable(path, error)
    if len(data) > config.max_bytes:
        return _too_large(path, None, config)
    if not data:
        return Rejection(
            "ingest", "empty", str(path), "the file unpacks to nothing; remove it or fill it", path.name
        )
    return data


def _read_csv(path: Path, gzipped: bool, suffix: str, config: Config) -> Iterator[Document | Rejection]:
    try:
        with gzip.open(path, "rb") if gzipped else path.open("rb") as stream:
            yield from csv_documents(
                stream, path=path, config=config, delimiter="\t" if suffix == ".tsv" else None
            )
    except _GZIP_ERRORS as error:
        yield Rejection(
            "ingest",
            "unreadable",
            str(path),
            f"the gzip stream is broken ({error}); rows after this point were not read; re-download it",
            path.name,
        )
    except OSError as error:
        yield _unreadable(path, error)


def _read_jsonl(path: Path, gzipped: bool, config: Config) -> Iterator[Document | Rejection]:
    try:
        with gzip.open(path, "rb") if gzipped else path.open("rb") as stream:
            yield from jsonl_documents(stream, path=path, config=config)
    except _GZIP_ERRORS as error:
        yield Rejection(
            "ingest",
            "unreadable",
            str(path),
            f"the gzip stream is broken ({error}); records after this point were not read; re-download it",
            path.name,
        )
    except OSError as error:
        yield _unreadable(path, error)


def _sniff(data: bytes, path: Path, config: Config) -> Iterator[Unit]:
    """Read a file whose extension says nothing: HTML, JSON, JSON Lines or plain text, by content."""
    origin, name = str(path), path.name
    binary = sniff_binary(data)
    if binary is not None:
        yield Rejection("ingest", "binary", origin, binary, name)
        return
    decoded = decode_bytes(data)
    if isinstance(decoded, NotText):
        yield Rejection("ingest", decoded.code, origin, decoded.detail, name)
        return
    text = decoded.text.lstrip("\ufeff \t\r\n")
    if looks_like_html(text):
        yield PendingPage(data, name=name, origin=origin)
        return
    if text[:1] in ("{", "["):
        first_line = text.split("\n", 1)[0]
        if _is_json(text):
            yield from json_documents(data, path=path, config=config)
            return
        if _is_json(first_line):
            yield from jsonl_documents(io.BytesIO(decoded.text.encode("utf-8")), path=path, config=config)
            return
    yield text_document(data, name=name, origin=origin, config=config)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True
