"""Read articles from files and folders: walk the paths, pick a reader by extension, stream results.

Every input ends up as a Document or a Rejection with a reason a person can act on; nothing is
dropped silently and no bad file stops the run. The one exception is hidden entries (names
starting with ".") met while walking a folder: they are version-control and OS bookkeeping, not
articles. A hidden file named explicitly is read like any other.
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
from corroborate.ingest.html_files import html_document, looks_like_html
from corroborate.ingest.json_records import json_documents, jsonl_documents
from corroborate.ingest.text_files import NotText, decode_bytes, sniff_binary, text_document
from corroborate.records import Document, Rejection

__all__ = ["read_file", "read_paths"]

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_JSON_SUFFIXES = frozenset({".json"})

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
        ".csv": "CSV is not read; save the articles as JSON Lines with a text field",
        ".tsv": "TSV is not read; save the articles as JSON Lines with a text field",
        ".xls": "spreadsheets are not read; save the articles as JSON Lines with a text field",
        ".xlsx": "spreadsheets are not read; save the articles as JSON Lines with a text field",
        ".ods": "spreadsheets are not read; save the articles as JSON Lines with a text field",
        ".warc": "WARC archives are not read by this version; extract the pages as .html files",
        ".xml": "XML (RSS/Atom feeds too) is not read by this version; save the articles as .html or .txt",
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
    JSON Lines, one line) is in memory at a time.
    """
    for item in paths:
        yield from _read_path(Path(item), config, frozenset())


def _read_path(path: Path, config: Config, walked: frozenset[str]) -> Iterator[Document | Rejection]:
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
        yield from read_file(path, config, info)
    else:
        yield Rejection(
            "ingest",
            "unsupported",
            str(path),
            "this is not a regular file (a pipe, socket or device); copy the articles into files",
            path.name,
        )


def _walk(folder: Path, config: Config, walked: frozenset[str]) -> Iterator[Document | Rejection]:
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
    if info.st_size > config.max_bytes and suffix not in _JSONL_SUFFIXES:
        yield _too_large(path, info.st_size, config)
        return
    if info.st_size == 0:
        yield Rejection("ingest", "empty", origin, "the file is empty (0 bytes); remove it or fill it", name)
        return
    if suffix in _JSONL_SUFFIXES:
        yield from _read_jsonl(path, gzipped, config)
        return
    data = _read_bytes(path, gzipped, config)
    if isinstance(data, Rejection):
        yield data
        return
    if suffix in _HTML_SUFFIXES:
        yield html_document(data, name=name, origin=origin, config=config)
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


def _sniff(data: bytes, path: Path, config: Config) -> Iterator[Document | Rejection]:
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
        yield html_document(data, name=name, origin=origin, config=config)
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
