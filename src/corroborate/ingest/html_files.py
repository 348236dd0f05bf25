"""Turn an HTML page into a Document: the article body as text, plus its metadata, via trafilatura."""

from __future__ import annotations

import re

import trafilatura
from trafilatura.settings import Document as ExtractedPage
from trafilatura.utils import load_html

from corroborate.config import Config
from corroborate.ingest.page_metadata import page_metadata
from corroborate.ingest.text_files import NotText, decode_bytes, normalise_newlines, sniff_binary
from corroborate.records import Document, Rejection, content_id

__all__ = ["extract_article", "html_document", "looks_like_html"]

# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">,
# looked for in the first bytes as browsers do (WHATWG prescan reads 1024 bytes; pages with long
# <head> preambles put it later, so we look a little further).
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAG = re.compile(r"<(?:html|body|div|p|article|head)\b", re.I)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WORD = re.compile(r"\w+")


def looks_like_html(text: str) -> bool:
    """True when a file of unknown type starts like an HTML page."""
    return bool(_HTML_START.match(text[:4096])) or len(_HTML_TAG.findall(text[:4096])) >= 3


def _decode_html(data: bytes) -> tuple[str, str] | NotText:
    """Decode page bytes, honouring a declared charset when UTF-8 fails."""
    match = _META_CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii", "replace") if match else None
    decoded = decode_bytes(data, declared=declared)
    if isinstance(decoded, NotText):
        return decoded
    return decoded.text, decoded.encoding


def extract_article(html: str, url: str | None = None) -> ExtractedPage | None | str:
    """Run trafilatura on a page: its result, None when it finds no article, or the error it raised."""
    if not _HTML_START.match(html[:4096]):
        # trafilatura rejects a lone fragment ("<p>x</p>") as not-quite-HTML; give it a page.
        html = f"<html><body>{html}</body></html>"
    try:
        tree = load_html(html)
        if tree is None:
            return None
        # trafilatura's own metadata step, less the categories, tags and licence it would also
        # look for (no record keeps them; ~10 % of a page's cost, see page_metadata.py)
        meta = page_metadata(tree, url)
        # Settings measured on benchmarks/html_extraction.py (181 pages, see README.html.md):
        # without comments F1 0.953 -> 0.960; favor_precision 0.960 -> 0.964 (recall 0.978 -> 0.971).
        # Tables stay in: casualty and budget figures often live in them.
        result = trafilatura.bare_extraction(
            tree,
            url=url or meta.url,
            with_metadata=False,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
        )
    except RecursionError:
        return "the page is nested too deeply to parse"
    except Exception as error:  # noqa: BLE001 - hostile pages must become a Rejection, never a crash
        return f"trafilatura failed on the page ({type(error).__name__}: {error})"
    if result is not None:
        result.title, result.author, result.url = meta.title, meta.author, meta.url
        result.sitename, result.date = meta.sitename, meta.date
    return result


def html_document(
    page: bytes | str,
    *,
    name: str,
    origin: str,
    config: Config,
    url: str | None = None,
    kind: str = "html",
) -> Document | Rejection:
    """Make a Document of an HTML page's article text and metadata, or say why there is none."""
    encoding: str | None = None
    if isinstance(page, bytes):
        binary = sniff_binary(page)
        if binary is not None:
            return Rejection("ingest", "binary", origin, binary, name)
        decoded = _decode_html(page)
        if isinstance(decoded, NotText):
            return Rejection("ingest", decoded.code, origin, decoded.detail, name)
        page, encoding = decoded
    if not page.strip():
        return Rejection("ingest", "empty", origin, "the page is empty; remove it or fetch it again", name)
    result = extract_article(page, url)
    if isinstance(result, str):
        return Rejection(
            "ingest", "no_article", origin, f"{result}; check that it is a saved article page", name
        )
    text = normalise_newlines(result.text or "").strip() if result is not None else ""
    words = len(_WORD.findall(text))
    if words < config.min_words:
        found = f"only {words} words of article text" if words else "no article text"
        return Rejection(
            "ingest",
            "no_article",
            origin,
            f"trafilatura found {found} in this page (minimum {config.min_words}); "
            "if it is an article, save the full page rather than a listing or a login wall",
            name,
        )
    published = result.date if result.date and _ISO_DATE.fullmatch(result.date) else None
    return Document(
        id=content_id(text),
        name=name,
        origin=origin,
        raw=text,
        kind=kind,
        title=result.title or None,
        url=url or result.url or None,
        site=result.sitename or None,
        author=result.author or None,
        published=published,
        encoding=encoding,
    )
