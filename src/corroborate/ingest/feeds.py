"""Read RSS and Atom feeds with feedparser: one input per entry, from a file or a fetched URL.

An entry's full content (``content:encoded``, Atom ``content``) is used when the feed carries
it, else its summary. HTML goes down the same path as a web page (trafilatura reads a fragment
as well as a page); plain text becomes a Document directly. The entry's link, title and date
fill in what the text does not say; the feed's title names the site. Many feeds carry only a
teaser: ``corroborate fetch --follow FEED_URL`` fetches each entry's page instead.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

import feedparser

from corroborate.config import Config
from corroborate.ingest.text_files import normalise_newlines
from corroborate.ingest.units import PendingPage, Unit
from corroborate.records import Document, Rejection, content_id

__all__ = ["entry_links", "feed_units", "looks_like_feed"]

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# The root element of an RSS 0.9x/2.0, RSS 1.0 (RDF) or Atom document, after any prolog.
_FEED_ROOT = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*)*<(?:rss|feed|rdf:RDF)\b", re.S
)


def looks_like_feed(data: bytes) -> bool:
    """True when bytes start like an RSS or Atom document."""
    return bool(_FEED_ROOT.match(data[:4096]))


def _parse(data: bytes) -> Any:
    # a stream, never a string: feedparser treats a string as a URL or file name to open
    return feedparser.parse(io.BytesIO(data))


def _source_name(source: str) -> str:
    return PurePath(source.rstrip("/")).name or source


def feed_units(data: bytes, *, source: str, config: Config) -> Iterator[Unit]:
    """Stream one PendingPage, Document or Rejection per entry of a feed read from ``source``.

    Entry ``n`` has the origin ``SOURCE:n`` (1-based, in feed order) and is named by its id or link.
    """
    parsed = _parse(data)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f" ({problem})" if problem else ""
        yield Rejection(
            "ingest",
            "not_feed",
            source,
            f"this XML is not an RSS or Atom feed{why}; save articles as .html or .txt instead",
            _source_name(source),
        )
        return
    if not parsed.entries:
        yield Rejection("ingest", "empty", source, "the feed has no entries", _source_name(source))
        return
    site = (parsed.feed.get("title") or "").strip() or None
    for number, entry in enumerate(parsed.entries, start=1):
        yield _entry_unit(entry, f"{source}:{number}", f"{_source_name(source)}:{number}", site, config)


def _entry_unit(entry: Any, origin: str, default_name: str, site: str | None, config: Config) -> Unit:
    link = (entry.get("link") or "").strip() or None
    name = (entry.get("id") or "").strip() or link or default_name
    title = (entry.get("title") or "").strip() or None
    published = _entry_date(entry)
    body = _entry_body(entry)
    if body is None:
        return Rejection(
            "ingest",
            "no_text",
            origin,
            "the feed entry has no content or summary; fetch its page with `corroborate fetch --follow`",
            name,
        )
    value, media = body
    if len(value.encode("utf-8")) > config.max_bytes:
        return Rejection(
            "ingest", "too_large", origin, f"the entry is over the {config.max_bytes:,}-byte limit", name
        )
    if media in _HTML_TYPES:
        return PendingPage(
            value.encode("utf-8"),
            name=name,
            origin=origin,
            url=link,
            kind="feed",
            title=title,
            published=published,
        )
    raw = normalise_newlines(value).strip()
    return Document(
        id=content_id(raw),
        name=name,
        origin=origin,
        raw=raw,
        kind="feed",
        title=title,
        url=link,
        site=site,
        author=(entry.get("author") or "").strip() or None,
        published=published,
    )


def _entry_body(entry: Any) -> tuple[str, str] | None:
    """The entry's fullest text and its media type: the longest content, else the summary."""
    candidates = [
        (part.get("value") or "", (part.get("type") or "text/html").lower())
        for part in entry.get("content", [])
    ]
    summary = entry.get("summary_detail") or {}
    if not any(value.strip() for value, _ in candidates) and (summary.get("value") or "").strip():
        candidates = [(summary["value"], (summary.get("type") or "text/html").lower())]
    candidates = [(value, media) for value, media in candidates if value.strip()]
    return max(candidates, key=lambda c: len(c[0])) if candidates else None


def _entry_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    try:
        return time.strftime("%Y-%m-%d", parsed)
    except (TypeError, ValueError):
        return None


def entry_links(data: bytes) -> list[str]:
    """The page links of a feed's entries, in feed order (for fetching the full articles)."""
    links = []
    for entry in _parse(data).entries:
        link = (entry.get("link") or "").strip()
        if link and link not in links:
            links.append(link)
    return links
