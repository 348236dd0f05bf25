"""Our metadata step gives what trafilatura's would, on real news pages, without the unused scans."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
import trafilatura
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from corroborate.ingest.html_files import extract_article
from corroborate.ingest.page_metadata import page_metadata

FIELDS = ("title", "author", "url", "sitename", "date")


def real_pages(shared: Path, n: int) -> list[str]:
    pages = sorted((shared / "eval" / "html-extraction" / "html").glob("*.html.gz"))[:n]
    return [gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in pages]


def test_the_same_fields_as_trafilatura_on_real_pages(shared: Path) -> None:
    for html in real_pages(shared, 40):
        theirs = extract_metadata(load_html(html))
        ours = page_metadata(load_html(html))
        assert [getattr(ours, f) for f in FIELDS] == [getattr(theirs, f) for f in FIELDS]


@pytest.mark.parametrize("url", [None, "https://news.example/a-story"])
def test_the_same_article_as_trafilatura_with_metadata(shared: Path, url: str | None) -> None:
    for html in real_pages(shared, 8):
        theirs = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
        )
        ours = extract_article(html, url)
        assert not isinstance(ours, str) and ours is not None and theirs is not None
        assert [getattr(ours, f) for f in ("text", *FIELDS)] == [
            getattr(theirs, f) for f in ("text", *FIELDS)
        ]
