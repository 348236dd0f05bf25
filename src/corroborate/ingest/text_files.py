"""Turn the bytes of a plain-text file into a Document: sniff binaries, detect the encoding, decode.

Decoding order: a byte-order mark wins; then strict UTF-8; then Windows-1252 when it decodes the
bytes cleanly into mostly-ASCII Western text (charset-normalizer alone guesses cp1250, cp775 or
even cp932 for such files, which turns accents and quotes into mojibake); then charset-normalizer.
Anything still implausible is rejected as ``undecodable`` rather than decoded into garbage.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer
from charset_normalizer.md import mess_ratio

from corroborate.config import Config
from corroborate.records import Document, Rejection, content_id

__all__ = ["Decoded", "NotText", "decode_bytes", "normalise_newlines", "sniff_binary", "text_document"]

# Magic numbers of formats people drop into a folder of articles by mistake: (prefix, what it is).
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.odt/.epub, which are ZIP files)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh91AY&SY", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc/.xls/.ppt)"),
    (b"{\\rtf", "an RTF document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable program"),
    (b"MZ\x90\x00", "a Windows executable"),
    (b"ID3\x03", "an MP3 file"),
    (b"ID3\x04", "an MP3 file"),
    (b"OggS", "an Ogg media file"),
    (b"wOFF", "a web font"),
)

# Byte-order marks, longest first so UTF-32 LE is not taken for UTF-16 LE.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]")
_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029|\x85")

# How much of a large file the plausibility checks look at; enough to judge, cheap on big files.
_SAMPLE_CHARS = 65_536
# A decoded text is messy above this charset-normalizer mess ratio. English WikiRef220 files
# score 0.0 as cp1252; Polish cp1250 text misread as cp1252 scores above 1.
_MAX_MESS = 0.2
# Western text has few non-ASCII letters (French ~4 %, German ~2 %); Cyrillic or Greek bytes read
# as cp1252 are nearly all non-ASCII letters, so above this share cp1252 is the wrong guess.
_MAX_NON_ASCII_LETTERS = 0.3


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with the encoding that decoded it."""

    text: str
    encoding: str


@dataclass(frozen=True, slots=True)
class NotText:
    """Why some bytes could not be read as text: ``binary`` or ``undecodable``, and what to do."""

    code: str
    detail: str


def sniff_binary(data: bytes) -> str | None:
    """Say what binary format ``data`` looks like, or None when it may be text."""
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            return f"the file is {what}, not text; convert it to plain text or HTML first"
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    head = data[:8192]
    if b"\x00" in head and _utf16_without_bom(head) is None:
        return "the file contains NUL bytes, so it is binary, not text; convert it to plain text first"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # in C: ~40x a Python loop
    if head and controls / len(head) > 0.05:
        return "the file is mostly control bytes, so it is binary, not text; convert it to plain text first"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Guess UTF-16 without a byte-order mark from where the NUL bytes of ASCII characters fall."""
    if len(data) < 4:
        return None
    even, odd = data[0::2], data[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _plausible(text: str) -> bool:
    """True when decoded text has no stray control characters and little mess."""
    sample = text[:_SAMPLE_CHARS]
    # a stray DOS end-of-file or form feed is tolerated; a steady run of controls is not text
    if len(_CONTROL_CHARS.findall(sample)) > len(sample) / 1000:
        return False
    return mess_ratio(sample, maximum_threshold=1.0) <= _MAX_MESS


def _western(text: str) -> bool:
    """True when most letters are ASCII, as in English and other Western European text."""
    letters = [ch for ch in text[:_SAMPLE_CHARS] if ch.isalpha()]
    if not letters:
        return True
    non_ascii = sum(1 for ch in letters if not ch.isascii())
    return non_ascii / len(letters) <= _MAX_NON_ASCII_LETTERS


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded | NotText:
    """Decode bytes to text without producing mojibake; ``declared`` is an encoding the file names."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                return NotText(
                    "undecodable",
                    f"the file starts with a {encoding} byte-order mark but is not valid {encoding}; "
                    "re-save it as UTF-8",
                )
    guessed16 = _utf16_without_bom(data[:8192]) if b"\x00" in data[:8192] else None
    if guessed16:
        try:
            return Decoded(data.decode(guessed16), guessed16)
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        decoded = _try_declared(data, declared)
        if decoded is not None:
            return decoded
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _western(text) and _plausible(text):
        return Decoded(text, "cp1252")
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _plausible(text):
            return Decoded(text, best.encoding)
    return NotText(
        "undecodable",
        "no text encoding decodes this file cleanly (it is not UTF-8, and every legacy encoding tried "
        "gives garbled text); re-save it as UTF-8",
    )


def _try_declared(data: bytes, declared: str) -> Decoded | None:
    """Decode with an encoding the document declares, when that codec exists and the result is clean."""
    name = declared.strip().lower()
    # Browsers read these labels as windows-1252 (WHATWG Encoding Standard), and so do we.
    if name in ("iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
        name = "cp1252"
    try:
        codec = codecs.lookup(name).name
        text = data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None
    return Decoded(text, codec) if _plausible(text) else None


def normalise_newlines(text: str) -> str:
    """Make every line break a single ``\\n`` (CRLF, CR, NEL and Unicode separators)."""
    return _NEWLINES.sub("\n", text)


def text_document(data: bytes, *, name: str, origin: str, config: Config) -> Document | Rejection:
    """Make a Document of a plain-text file's bytes, or say why they are not usable text."""
    binary = sniff_binary(data)
    if binary is not None:
        return Rejection("ingest", "binary", origin, binary, name)
    decoded = decode_bytes(data)
    if isinstance(decoded, NotText):
        return Rejection("ingest", decoded.code, origin, decoded.detail, name)
    text = normalise_newlines(decoded.text).replace("\x00", "")
    if not text.strip():
        return Rejection(
            "ingest", "empty", origin, "the file holds only whitespace; remove it or fill it", name
        )
    return Document(
        id=content_id(text),
        name=name,
        origin=origin,
        raw=text,
        kind="txt",
        encoding=decoded.encoding,
    )
