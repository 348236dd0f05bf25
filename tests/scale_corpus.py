"""A mixed corpus of real articles for the parallel, distributed and resume tests, and how to compare stores.

The corpus has every kind of input a run meets: web pages in a WARC (real US local news
articles from ../shared/eval/casualties set in simple page templates of three made-up sites,
plus a few real pages from ../shared/eval/html-extraction), a capture to reject (an image, a
404), plain-text JSON Lines records with one exact duplicate, and a broken file.
"""

from __future__ import annotations

import gzip
import html
import io
import json
from pathlib import Path

from corroborate.ingest.warc_files import write_warc
from corroborate.present.export import write_jsonl
from corroborate.store.sqlite_store import Store

SITES = ("Lakeside Courier", "Valley News Now", "Harbor City Times")
HTML = [("Content-Type", "text/html; charset=utf-8")]


def casualty_articles(shared: Path, n: int, skip: int = 0) -> list[dict]:
    rows = []
    with (shared / "eval" / "casualties" / "articles.jsonl").open(encoding="utf-8") as f:
        for number, line in enumerate(f):
            if number >= skip:
                rows.append(json.loads(line))
            if len(rows) == n:
                break
    return rows


def article_page(row: dict, site: str) -> bytes:
    """An article in a small news-site page, with the furniture that repeats across a site."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in row["content"].split("\n") if p.strip())
    return (
        f"<!DOCTYPE html><html><head><title>{html.escape(row['title'])}</title>"
        f'<meta property="og:site_name" content="{site}"></head><body>'
        f"<nav><a href='/'>Home</a> <a href='/local'>Local</a> <a href='/weather'>Weather</a></nav>"
        f"<article><h1>{html.escape(row['title'])}</h1>{body}"
        f"<p>Follow {site} on social media for updates.</p></article>"
        f"<footer>Copyright 2017 {site}. All rights reserved.</footer></body></html>"
    ).encode()


def write_corpus(shared: Path, folder: Path, pages: int) -> tuple[list[Path], int]:
    """Write the mixed corpus into ``folder``; returns its paths and how many inputs they hold."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = casualty_articles(shared, pages)
    captures = [
        (
            f"https://{SITES[i % 3].lower().replace(' ', '')}.example/news/{row['doc_id']}",
            200,
            HTML,
            article_page(row, SITES[i % 3]),
        )
        for i, row in enumerate(rows)
    ]
    real = sorted((shared / "eval" / "html-extraction" / "html").glob("*.html.gz"))[:5]
    captures += [
        (f"https://real.example/{p.name[:10]}", 200, HTML, gzip.decompress(p.read_bytes())) for p in real
    ]
    captures.insert(
        7, ("https://lakesidecourier.example/logo.png", 200, [("Content-Type", "image/png")], b"\x89PNG")
    )
    captures.insert(20, ("https://valleynewsnow.example/gone", 404, HTML, b"<h1>Not here</h1>"))
    warc = folder / "crawl.warc.gz"
    write_warc(warc, captures)
    texts = casualty_articles(shared, 12, skip=pages)
    records = [{"id": r["doc_id"], "text": r["content"], "title": r["title"], "dct": r["dct"]} for r in texts]
    records.append(dict(records[3], id="copy-of-4"))  # the same text again: an occurrence, not a document
    jsonl = folder / "records.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records) + "{not json\n", encoding="utf-8")
    broken = folder / "scan.pdf"
    broken.write_bytes(b"%PDF-1.4 not an article")
    inputs = len(captures) + len(records) + 1 + 1
    return [warc, jsonl, broken], inputs


def store_contents(db: Path) -> dict[str, object]:
    """Everything a run leaves in a store that must not depend on how it ran (times excluded)."""
    with Store(db, readonly=True) as store:
        claims = io.StringIO()
        write_jsonl(store.claims(), claims)
        conn = store.conn
        return {
            "claims": claims.getvalue(),
            "documents": conn.execute(
                "SELECT id, name, origin, raw, text FROM documents ORDER BY rowid"
            ).fetchall(),
            "occurrences": conn.execute(
                "SELECT doc_id, name, origin FROM occurrences ORDER BY id"
            ).fetchall(),
            "removals": conn.execute(
                'SELECT doc_id, start, "end", rule FROM removals ORDER BY id'
            ).fetchall(),
            "rejections": conn.execute(
                "SELECT stage, code, origin, name, detail FROM rejections ORDER BY rowid"
            ).fetchall(),
            "sources": conn.execute("SELECT name, normalised, kind FROM sources ORDER BY id").fetchall(),
        }
