"""Find lines a site repeats across its articles: cross-document evidence of boilerplate.

A line that one site prints in many of its articles ("Follow KDKA on Twitter", a slogan, a
newsletter plug) is furniture even when no pattern knows it. This is a corpus-wide step: it
reads every document once and returns, per site, the lines to remove; ``clean_document`` then
takes them as ``site_lines``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import PurePath
from urllib.parse import urlsplit

from corroborate.lang.en.boilerplate import COPYRIGHT, NUMBER_WORD
from corroborate.records import Document

__all__ = ["MAX_REPEAT_CHARS", "normalise_line", "repeated_lines", "site_key"]

#: Longer repeated lines are left alone: a repeated paragraph is a syndicated copy (the
#: provenance stage's business), not furniture.
MAX_REPEAT_CHARS = 200

_WAYBACK = re.compile(r"^/web/[^/]+/(?P<url>.+)$")
_RECORD_LINE = re.compile(r":\d+$")
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:18|19|20)\d{2}\b")
_LETTER = re.compile(r"[^\W\d_]")


def normalise_line(text: str) -> str:
    """The form in which lines are compared across documents: case- and whitespace-blind."""
    return " ".join(text.split()).casefold()


def site_key(doc: Document) -> str:
    """Which site a document belongs to: its site name, else its URL's host, else its folder."""
    if doc.site and doc.site.strip():
        return normalise_line(doc.site)
    host = _host(doc.url) if doc.url else None
    if host:
        return host
    path = _RECORD_LINE.sub("", doc.origin)
    return str(PurePath(path).parent)


def _host(url: str) -> str | None:
    """The host of a URL without "www.", looking through web.archive.org to the archived page."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        if host == "web.archive.org":
            archived = _WAYBACK.match(parts.path)
            if archived:
                inner = archived["url"]
                return _host(inner if "://" in inner else f"http://{inner}")
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def _candidate(line: str) -> bool:
    """Whether a repeated line may be furniture rather than shared reporting.

    Updates of one story on one site share sentences like "Police said 3 people were shot."; a
    line that states a number in a sentence is kept even when repeated, so no figure is lost.
    """
    if not line or len(line) >= MAX_REPEAT_CHARS or not _LETTER.search(line):
        return False
    if COPYRIGHT.search(line):
        return True
    # a year ("since 1921") is a slogan's, not a figure
    has_number = bool(_DIGIT.search(_YEAR.sub("", line)) or NUMBER_WORD.search(line))
    return not (has_number and len(line.split()) >= 5)


def repeated_lines(docs: Iterable[Document], min_docs: int) -> dict[str, frozenset[str]]:
    """Per site key, the normalised lines found in at least ``min_docs`` distinct documents.

    Documents with the same id (exact copies) count once, so a duplicated article does not
    make its own sentences look like furniture.
    """
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    seen_ids: set[str] = set()
    for doc in docs:
        if doc.id in seen_ids:
            continue
        seen_ids.add(doc.id)
        lines = {normalise_line(line) for line in doc.raw.split("\n")}
        counts[site_key(doc)].update(line for line in lines if _candidate(line))
    return {
        site: frozenset(line for line, count in counter.items() if count >= min_docs)
        for site, counter in counts.items()
        if any(count >= min_docs for count in counter.values())
    }
