"""Explicit provenance cues: what an article itself says about where its text and facts came from.

Ten articles repeating one wire story say so more often than not: "Original Source:
m.economictimes.com" under an AI summary, "SEOUL (Yonhap) --" or "(AP) —" datelines, "The
Associated Press contributed to this report", "told the BBC", "according to Yonhap". Each cue
names an *outlet*; outlet names are normalised (:func:`outlet_key`) so that "the AP", "Associated
Press" and apnews.com, or "WSB-TV" and wsbtv.com, meet as one outlet.

Cues are read from the clean text and from the boilerplate the clean stage cut (credit and
copyright lines are mostly cut), so a cue's span points into ``Document.text`` or, for a cut
piece, into ``Document.raw`` (``Cue.removed``). :func:`find_cues` is a pure per-document function.

Cue kinds: ``original_source`` (the text is a copy or summary of the outlet's), ``dateline`` and
``credit`` (the text carries the outlet's copy: a wire dateline, a contribution or byline line, a
wire's copyright), ``attribution`` (a fact is credited to the outlet: "told CNN").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from types import MappingProxyType
from urllib.parse import urlsplit

from corroborate.lang.en import provenance as words
from corroborate.records import Document

__all__ = [
    "CUE_KINDS",
    "DERIVING_KINDS",
    "Cue",
    "site_host",
    "Outlet",
    "find_cues",
    "is_outlet_name",
    "is_wire",
    "outlet_key",
    "outlet_name",
    "publisher",
]

CUE_KINDS = ("original_source", "dateline", "credit", "attribution")
#: Kinds that say the text itself (not one fact) came from the outlet.
DERIVING_KINDS = frozenset({"original_source", "dateline", "credit"})
DATELINE_LINES = 4  # a dateline opens the article: look no further than its first lines
MAX_NAME_WORDS = 6  # a longer capitalised run is a sentence start, not a masthead
NAME_WINDOW = 120  # characters before a fixed phrase in which its outlet is looked for


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _squash(display: str) -> str:
    return _words(display.removeprefix("The ")).replace(" ", "")


# spelling (words joined by spaces) -> display name; display names by key; the wire services' keys
_CANONICAL = MappingProxyType(
    {
        _words(spelling): display
        for display, spellings in (*words.WIRE_SERVICES.items(), *words.OUTLETS.items())
        for spelling in (display.removeprefix("The "), *spellings)
    }
)
_DISPLAY_BY_KEY = MappingProxyType({_squash(d): d for d in _CANONICAL.values()})
_WIRE_KEYS = frozenset(_squash(d) for d in words.WIRE_SERVICES)
_WORD = re.compile(r"[a-z0-9]+")
_DOMAIN = re.compile(r"^(?:[a-z]+://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?(?:/\S*)?$", re.IGNORECASE)
_CALL_SIGN = re.compile(r"^[KW][A-Z]{2,3}(?:-?(?:TV|FM|AM|DT|CD))?$")
_NETWORK_NUMBER = re.compile(r"^(?:NBC|CBS|ABC|FOX|Fox|CW|PBS|NPR|WGN|News|Channel)[ -]?\d{1,3}$")
_SQUASHED_CALL_SIGN = re.compile(r"^([kw][a-z]{2,3})(?:tv|fm|am|dt)$")
_POSSESSIVE = re.compile(r"['’]s\b.*$")

_Patterns = tuple[tuple[str, str, re.Pattern[str]], ...]  # (kind, keyword, pattern)


def _compiled(kind: str, pairs: tuple[tuple[str, str], ...]) -> _Patterns:
    return tuple((kind, keyword, re.compile(pattern)) for keyword, pattern in pairs)


_PATTERNS = (
    *_compiled("original_source", words.ORIGINAL_SOURCE_PATTERNS),
    *_compiled("credit", words.CREDIT_PATTERNS),
    *_compiled("attribution", words.ATTRIBUTION_PATTERNS),
)
_NAME_BEFORE_PHRASES = (
    *_compiled("credit", (words.CREDIT_PHRASES,)),
    *_compiled("attribution", (words.ATTRIBUTION_PHRASES,)),
)
_NAME_BEFORE = re.compile(words.NAME_BEFORE)
_COPYRIGHT = _compiled("credit", (words.COPYRIGHT_PATTERN,))[0]
_REUTERS_CREDIT = _compiled("credit", (words.REUTERS_CREDIT_PATTERN,))[0]
_DATELINE = _compiled("dateline", (words.DATELINE_PATTERN,))[0]


@dataclass(frozen=True, slots=True)
class Outlet:
    """A news outlet as provenance compares it: a normalised key and a name for people."""

    key: str  # "associatedpress", "economictimes", "fox59", "wsb"
    name: str  # "The Associated Press", or the first spelling met


@dataclass(frozen=True, slots=True)
class Cue:
    """A phrase in which an article names an outlet as the source of its text or of a fact."""

    doc_id: str
    kind: str  # one of CUE_KINDS
    outlet: str  # Outlet.key
    name: str  # the outlet as written
    start: int  # span of the cue: into Document.text, or into Document.raw when ``removed``
    end: int
    removed: bool = False  # found in boilerplate the clean stage cut, not in the clean text


def _clean_name(name: str) -> str:
    name = _POSSESSIVE.sub("", name.strip())
    name = name.strip(" \t.,;:()[]\"'“”‘’")
    return re.sub(r"^(?:the)\s+", "", name, flags=re.IGNORECASE)


def site_host(text: str) -> str:
    """The site a url or domain names: lower case, no "www."/"m.", an archived page's own site."""
    inner = re.search(r"web\.archive\.org/web/[^/]+/(.+)$", text)
    if inner:
        text = inner.group(1)
    if "//" not in text:
        text = "//" + text
    try:
        host = (urlsplit(text).hostname or "").lower()
    except ValueError:
        return ""
    return re.sub(r"^(?:www\d?|m|mobile|amp|edition|beta)\.", "", host)


def _site_label(host: str) -> str:
    """The registrable name of a host: "bbc" for news.bbc.co.uk, "fox59" for fox59.com."""
    labels = host.split(".")
    if len(labels) >= 3 and ".".join(labels[-2:]) in words.SECOND_LEVEL_SUFFIXES:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def outlet_key(name: str) -> str:
    """The key under which spellings of one outlet meet ("" when the name has no letters).

    Known outlets map to one key whatever the spelling ("AP", "The Associated Press",
    apnews.com); others are their words (or site name) squashed, lower case, without "the", and a
    call sign without its "-TV" ("WSB-TV" and wsbtv.com are "wsb").
    """
    text = name.strip()
    if _DOMAIN.match(text):
        host = site_host(text)
        full = " ".join(_WORD.findall(host))
        phrase = full if full in _CANONICAL else " ".join(_WORD.findall(_site_label(host))) if host else ""
    else:
        tokens = _WORD.findall(_clean_name(text).lower())
        phrase = " ".join(tokens)
    display = _CANONICAL.get(phrase)
    if display is not None:
        return _squash(display)
    squashed = phrase.replace(" ", "")
    call = _SQUASHED_CALL_SIGN.match(squashed)
    return call.group(1) if call and len(squashed) <= 7 else squashed


def outlet_name(name: str) -> str:
    """A display name: the canonical one for known outlets, else the spelling given, cleaned."""
    return _DISPLAY_BY_KEY.get(outlet_key(name)) or _clean_name(name) or name.strip()


def is_wire(key: str) -> bool:
    """Whether an outlet key is a wire service or news agency (whose copy others carry)."""
    return key in _WIRE_KEYS


def is_outlet_name(name: str, dateline: bool = False) -> bool:
    """Whether a captured name looks like a news outlet rather than a person, body or place.

    An outlet is a known one, a site, a name with a masthead word ("Chicago Tribune", "KOIN 6
    News"), a broadcast call sign ("WREG", "WGN-TV") or a network and channel ("NBC4"). In a
    dateline's brackets any acronym counts ("(STMW)"): datelines name whose copy it is.
    """
    cleaned = _clean_name(name)
    tokens = cleaned.split()
    if not tokens or len(tokens) > MAX_NAME_WORDS:
        return False
    lower = [t.lower().strip(".,") for t in tokens]
    if lower[0] in words.NOT_OUTLETS or any(t in words.PHOTO_WORDS for t in lower):
        return False
    if _DOMAIN.match(cleaned):
        return True
    if _words(cleaned) in _CANONICAL:
        return True
    if lower[-1] in words.OUTLET_HEAD_WORDS or any(
        re.sub(r"\d+$", "", t) in {"news", "tv", "television", "radio", "newschannel"} for t in lower
    ):
        return True
    if _CALL_SIGN.match(tokens[0]) or _NETWORK_NUMBER.match(cleaned):
        return True
    return dateline and len(tokens) <= 3 and bool(re.match(r"^[A-Z]{2,}", tokens[0]))


def publisher(doc: Document) -> Outlet | None:
    """The outlet that published a document: its site, else the site of its url; None if unknown."""
    for value in (doc.site, doc.url):
        if value and value.strip():
            key = outlet_key(value)
            if key:
                site = site_host(value) if _DOMAIN.match(value.strip()) or "//" in value else ""
                return Outlet(key, outlet_name(value) if not site else _display_of_site(site, key))
    return None


def _display_of_site(host: str, key: str) -> str:
    known = outlet_name(host)
    return known if outlet_key(known) == key and known != host else host


def _texts(doc: Document) -> Iterator[tuple[str, int, bool]]:
    """The clean text, then the cut boilerplate that may hold cues: (text, offset, removed)."""
    yield doc.text or "", 0, False
    for r in doc.removed:
        if r.rule in words.CUE_REMOVAL_RULES:
            yield r.text, r.start, True


def find_cues(doc: Document) -> list[Cue]:
    """Every provenance cue of a document, in the order found (pure; safe to run on workers).

    A cue is kept once per kind and outlet; a document's mention of its own publisher is kept
    too (it is not evidence of copying, and derivation ignores it).
    """
    found: list[Cue] = []
    seen: set[tuple[str, str]] = set()

    def keep(kind: str, name: str, start: int, end: int, removed: bool) -> None:
        key = outlet_key(name)
        if key and (kind, key) not in seen:
            seen.add((kind, key))
            found.append(Cue(doc.id, kind, key, _clean_name(name) or name, start, end, removed))

    for text, offset, removed in _texts(doc):
        if not text:
            continue
        lower = text.lower()
        head = text if removed else "\n".join(text.split("\n")[:DATELINE_LINES])
        for m in _DATELINE[2].finditer(head):
            if is_outlet_name(m.group("name"), dateline=True):
                keep("dateline", m.group("name"), offset + m.start("name"), offset + m.end("name"), removed)
        for kind, keyword, pattern in _PATTERNS:
            if keyword not in lower:
                continue
            for m in pattern.finditer(text):
                name = m.group("name")
                if kind == "attribution" and _photo_credit(text, m.start()):
                    continue
                explicit = kind == "original_source" and keyword == "original source"
                if explicit or is_outlet_name(name):
                    keep(kind, name, offset + m.start(), offset + m.end(), removed)
        for kind, keyword, phrase in _NAME_BEFORE_PHRASES:
            if keyword not in lower:
                continue
            for m in phrase.finditer(text):
                window = text[max(0, m.start() - NAME_WINDOW) : m.start()]
                named = _NAME_BEFORE.search(window)
                if named and is_outlet_name(named.group("name")):
                    start = m.start() - len(window) + named.start("name")
                    keep(kind, named.group("name"), offset + start, offset + m.end(), removed)
        if _COPYRIGHT[1] in lower or "©" in text:
            for m in _COPYRIGHT[2].finditer(text):
                if is_wire(outlet_key(m.group("name"))):
                    keep("credit", m.group("name"), offset + m.start(), offset + m.end(), removed)
        if _REUTERS_CREDIT[1] in lower:
            for m in _REUTERS_CREDIT[2].finditer(text):
                keep("credit", "Reuters", offset + m.start(), offset + m.end(), removed)
    return found


def _photo_credit(text: str, start: int) -> bool:
    """Whether the words just before a cue make it a picture credit ("Photo via AP")."""
    before = _WORD.findall(text[max(0, start - 30) : start].lower())
    return bool(before) and before[-1] in words.PHOTO_WORDS
