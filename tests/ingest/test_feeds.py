"""RSS and Atom feeds: one input per entry, its full content (or summary) read, metadata kept."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from xml.sax.saxutils import escape

from corroborate.config import Config
from corroborate.ingest.feeds import entry_links, feed_units, looks_like_feed
from corroborate.ingest.files import read_paths
from corroborate.ingest.units import resolve_unit
from corroborate.pipeline import run
from corroborate.records import Document, Rejection
from corroborate.store.sqlite_store import Store


def articles(shared: Path, n: int) -> list[dict]:
    rows = []
    with (shared / "eval" / "casualties" / "articles.jsonl").open(encoding="utf-8") as f:
        for line in f:
            rows.append(json.loads(line))
            if len(rows) == n:
                break
    return rows


def as_html(text: str) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())


def rss(rows: list[dict], full: bool = True) -> bytes:
    items = []
    for i, row in enumerate(rows):
        content = f"<content:encoded><![CDATA[{as_html(row['content'])}]]></content:encoded>" if full else ""
        items.append(
            f"<item><title>{escape(row['title'])}</title><link>https://metro.example/story/{i}</link>"
            f"<guid isPermaLink='false'>metro-{row['doc_id']}</guid>"
            f"<pubDate>Tue, 04 Feb 2014 10:00:00 +0000</pubDate>"
            f"<description>{escape(escape(row['content'][:120]))}</description>{content}</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Metro Herald</title>'
        f"<link>https://metro.example/</link>{''.join(items)}</channel></rss>"
    ).encode()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_rss_entries_with_full_content(shared: Path, tmp_path: Path) -> None:
    rows = articles(shared, 3)
    path = tmp_path / "metro.rss"
    path.write_bytes(rss(rows))
    docs = list(read_paths([path], Config()))
    assert [type(d).__name__ for d in docs] == ["Document"] * 3
    for i, (doc, row) in enumerate(zip(docs, rows, strict=True)):
        assert isinstance(doc, Document)
        assert words(doc.raw) == words(row["content"])  # the whole article, not the teaser
        assert doc.name == f"metro-{row['doc_id']}" and doc.origin == f"{path}:{i + 1}"
        assert doc.url == f"https://metro.example/story/{i}" and doc.kind == "feed"
        assert doc.title == row["title"] and doc.published == "2014-02-04"


def test_summary_only_feed_gives_the_teaser(shared: Path) -> None:
    rows = articles(shared, 2)
    units = list(feed_units(rss(rows, full=False), source="https://metro.example/feed", config=Config()))
    docs = [resolve_unit(u, Config()) for u in units]
    for i, (doc, row) in enumerate(zip(docs, rows, strict=True)):
        assert isinstance(doc, Document), doc
        assert words(doc.raw) == words(row["content"][:120])
        assert doc.origin == f"https://metro.example/feed:{i + 1}"


def test_atom_text_and_html_entries(tmp_path: Path) -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>County Wire</title><id>urn:wire</id>
<updated>2024-03-02T00:00:00Z</updated>
<entry><title>Flood</title><id>urn:wire:1</id><link href="https://wire.example/1"/>
<updated>2024-03-01T09:30:00Z</updated>
<content type="text">Officials said 120 homes were flooded and 3 people were rescued.</content></entry>
<entry><title>Fire</title><id>urn:wire:2</id><link href="https://wire.example/2"/>
<updated>2024-03-02T09:30:00Z</updated>
<content type="html">&lt;p&gt;Crews said a fire destroyed 2 barns and killed 40 cattle.&lt;/p&gt;</content>
</entry>
<entry><title>Empty</title><id>urn:wire:3</id><updated>2024-03-02T10:00:00Z</updated></entry>
</feed>"""
    path = tmp_path / "wire.atom"
    path.write_bytes(atom)
    results = list(read_paths([path], Config()))
    text, page, empty = results
    assert isinstance(text, Document) and text.raw.startswith("Officials said 120 homes")
    assert text.site == "County Wire" and text.published == "2024-03-01" and text.name == "urn:wire:1"
    assert (
        isinstance(page, Document) and page.raw == "Crews said a fire destroyed 2 barns and killed 40 cattle."
    )
    assert page.published == "2024-03-02" and page.title == "Fire"
    assert isinstance(empty, Rejection) and empty.code == "no_text" and "--follow" in empty.detail


def test_xml_that_is_no_feed_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_bytes(
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://metro.example/a</loc></url></urlset>"
    )
    [rejection] = list(read_paths([path], Config()))
    assert isinstance(rejection, Rejection) and rejection.code == "not_feed"
    assert not looks_like_feed(path.read_bytes())


def test_entry_links_and_sniffing(shared: Path) -> None:
    data = rss(articles(shared, 3))
    assert looks_like_feed(data)
    assert entry_links(data) == [f"https://metro.example/story/{i}" for i in range(3)]


def test_a_feed_through_the_pipeline(shared: Path, tmp_path: Path) -> None:
    path = tmp_path / "metro.rss"
    path.write_bytes(rss(articles(shared, 3)))
    with Store(tmp_path / "feed.db") as store:
        summary = run([path], Config(), store)
        assert summary.analysed == 3 and summary.rejected == 0
        assert store.counts()["documents"] == 3 and store.counts()["claims"] > 0
