"""What readers hand the pipeline: a Document, a Rejection, or a page still to be extracted.

Running trafilatura is most of the cost of reading a web page, so readers of HTML (files, WARC
records, feed entries, fetched pages) do not run it themselves: they hand on a
:class:`PendingPage`, and :func:`resolve_unit` turns it into a Document or a Rejection wherever
the per-document work runs (this process, a worker process, a Dask worker). Reading stays cheap
and sequential; the costly step moves to the workers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from corroborate.config import Config
from corroborate.ingest.html_files import html_document
from corroborate.records import Document, Rejection

__all__ = ["PendingPage", "Unit", "resolve_unit", "unit_key"]


@dataclass(frozen=True, slots=True)
class PendingPage:
    """An HTML page read from its container (file, WARC record, feed, URL), not yet extracted.

    ``title`` and ``published`` are what the container said (a feed entry's title and date);
    they win over what trafilatura makes out from the page, as a JSON record's metadata does.
    """

    page: bytes
    name: str
    origin: str
    url: str | None = None
    kind: str = "html"
    title: str | None = None
    published: str | None = None


#: One input as a reader yields it.
Unit = Document | Rejection | PendingPage


def resolve_unit(unit: Unit, config: Config) -> Document | Rejection:
    """Finish reading one input: extract a pending page's article; pass anything else through."""
    if not isinstance(unit, PendingPage):
        return unit
    result = html_document(
        unit.page, name=unit.name, origin=unit.origin, config=config, url=unit.url, kind=unit.kind
    )
    if isinstance(result, Document) and (unit.title or unit.published):
        # what the container states (a feed's title and date) beats trafilatura's guess from the page
        result = replace(
            result, title=unit.title or result.title, published=unit.published or result.published
        )
    return result


def unit_key(unit: PendingPage, config: Config) -> str:
    """Identity of a page input for resuming: where it was read, its bytes, and the settings.

    Two runs that read the same bytes at the same place with the same settings reach the same
    result, so the second may skip the page without running trafilatura again.
    """
    digest = hashlib.sha256()
    for part in (unit.origin.encode("utf-8"), hashlib.sha256(unit.page).digest(), repr(config).encode()):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()[:32]
