"""A page's title, author, URL, site name and date, as trafilatura finds them, minus what we never use.

trafilatura's ``extract_metadata`` also looks for categories, tags and a licence: three scans
of the whole tree that cost 2-4 ms a page (3.6 ms on the 181 real pages of
../shared/eval/html-extraction, about a tenth of all the work on a page), for fields no
corroborate record has. This runs the same steps in the same order with those three left out,
so title, author, URL, site name and date come out exactly as before
(``tests/ingest/test_page_metadata.py`` checks it on the real pages).

It calls trafilatura's metadata helpers directly; they are module functions of
``trafilatura.metadata`` rather than its documented API, so a trafilatura upgrade is checked
by that test.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import unescape

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import set_date_params
from trafilatura.utils import line_processing

__all__ = ["PageMetadata", "page_metadata"]

# trafilatura's default (EXTENSIVE_DATE_SEARCH = on in its settings.cfg)
_DATE_PARAMS = set_date_params(True)


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What a page says about itself."""

    title: str | None
    author: str | None
    url: str | None
    sitename: str | None
    date: str | None


def page_metadata(tree: HtmlElement, default_url: str | None = None) -> PageMetadata:
    """Title, author, URL, site name and date of a parsed page (the tree is not changed)."""
    found = examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None  # as trafilatura: a one-word author in meta tags is usually a handle
    try:
        found = extract_meta_json(tree, found)
    except Exception:  # noqa: BLE001 - trafilatura guards its JSON-LD parser the same way
        pass
    title = found.title or extract_title(tree)
    author = found.author or extract_author(tree)
    url = found.url or extract_url(tree, default_url)
    date = find_date(tree, **{**_DATE_PARAMS, "url": url})
    sitename = found.sitename or extract_sitename(tree)
    if sitename:
        sitename = sitename.lstrip("@")
        if sitename and "." not in sitename and not sitename[0].isupper():
            sitename = sitename.title()
    elif url:
        match = META_URL.match(url)
        sitename = match[1] if match else None
    return PageMetadata(
        title=_tidy(title), author=_tidy(author), url=_tidy(url), sitename=_tidy(sitename), date=_tidy(date)
    )


def _tidy(value: str | None) -> str | None:
    """trafilatura's final clean-up of each field: entities decoded, spaces and controls trimmed."""
    if not value:
        return value or None
    if len(value) > 10_000:
        value = value[:9999] + "…"
    return line_processing(unescape(value))
