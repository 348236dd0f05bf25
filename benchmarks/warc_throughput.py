"""How many articles per second does ``corroborate analyze`` reach on a web archive, and in how much memory?

Builds a gzipped WARC of news pages from the real articles in
../shared/eval/casualties/articles.jsonl (3,054 US local news stories): each article's text is
set in one of four news-site page templates with the furniture real pages carry (head metadata
and JSON-LD, inline style and script, a mega-menu, breadcrumbs, share buttons, a "most read"
sidebar, a newsletter box, a grid of more stories, a footer of links; three pages in five name
their author in JSON-LD), 55 KB a page. Past the first 3,054 records the articles come round
again, each time on another site's template and with an "updated" note, as outlets re-publish
and update stories; so every record is a distinct page with distinct text. One record in a
hundred is a capture the reader must reject (a 404, an image, a robots.txt). With
``--real-pages`` it builds a WARC from the 181 real pages of ../shared/eval/html-extraction
instead (each repeated with a unique note), to show the cost of real-world page complexity.

Then it times ``corroborate analyze WARC`` end to end (process start to exit) for each setting
asked for, sampling the whole process tree's memory (PSS, so shared pages count once) every
half second, and prints a side-by-side table. WARCs are kept under benchmarks/data/ (gitignored).

    .venv/bin/python benchmarks/warc_throughput.py --records 10000 --runs w1 w2 dask2
    .venv/bin/python benchmarks/warc_throughput.py --records 100000 --runs w2
    .venv/bin/python benchmarks/warc_throughput.py --records 300 --runs w1 w2   # a quick check
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil

from corroborate.ingest.warc_files import Capture, write_warc

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ARTICLES = SHARED / "eval" / "casualties" / "articles.jsonl"
REAL_PAGES = SHARED / "eval" / "html-extraction" / "html"
DATA = ROOT / "benchmarks" / "data"
BIN = Path(sys.executable).parent

RUNS = {
    "w1": ["--workers", "1"],
    "w2": ["--workers", "2"],
    "dask2": ["--dask", "local", "--workers", "2"],
}


BYLINES = ("Dana Whitfield", "Marcus Lee", "Priya Raman", "Tom Okafor")  # made up
_SUBSECTIONS = ("Latest", "Video", "Photos", "Opinion", "Explainers", "Live updates", "Archive", "Podcasts")


@dataclass(frozen=True)
class Site:
    """A made-up outlet: its name, host, colours and the sections its navigation lists."""

    name: str
    host: str
    colour: str
    sections: tuple[str, ...]


SITES = (
    Site(
        "Riverside Daily Ledger",
        "riversideledger.example",
        "#1d3557",
        (
            "Local",
            "Crime",
            "Courts",
            "Schools",
            "Politics",
            "Business",
            "Sports",
            "Weather",
            "Opinion",
            "Obituaries",
        ),
    ),
    Site(
        "Channel 7 Action News",
        "ch7action.example",
        "#c1121f",
        ("News", "Traffic", "Weather", "Investigates", "Health", "Video", "Sports", "Community", "Contests"),
    ),
    Site(
        "The Metro Herald",
        "metroherald.example",
        "#264653",
        (
            "Metro",
            "Nation",
            "World",
            "Public Safety",
            "Transit",
            "Arts",
            "Food",
            "Real Estate",
            "Jobs",
            "Events",
        ),
    ),
    Site(
        "Tri-County Gazette",
        "tricountygazette.example",
        "#6a4c93",
        ("Home", "News", "Police & Fire", "Government", "Education", "Lifestyle", "Sports", "Classifieds"),
    ),
)

# Inline script of the weight analytics and ad tags give real pages (parsed as one text node).
_SCRIPT = "window.dataLayer=window.dataLayer||[];" + "".join(
    f"function t{i}(e){{var n=document.createElement('img');n.src='/px?e='+encodeURIComponent(e)+'&v={i}';}}"
    for i in range(300)
)
_STYLE = "".join(
    f".c{i}{{margin:{i % 7}px {i % 5}px;padding:{i % 3}px;font-size:{12 + i % 6}px;"
    f"color:#{i * 4097 % 0xFFFFFF:06x}}}"
    for i in range(150)
)


def _links(items: list[tuple[str, str]], cls: str) -> str:
    return (
        f'<ul class="{cls}">'
        + "".join(f'<li><a href="{h}">{html.escape(t)}</a></li>' for h, t in items)
        + "</ul>"
    )


def page_html(
    row: dict, site: Site, url: str, note: str, headlines: list[str], author: str | None = None
) -> bytes:
    """One article set in a site's page template, with the furniture news pages carry.

    ``author`` goes into the page's JSON-LD, as most news sites put it; without it, the byline
    is only in the text (106 of the 181 real pages of ../shared/eval/html-extraction name their
    author in meta tags or JSON-LD, 75 do not).
    """
    title = html.escape(row["title"])
    date = row.get("dct") or "2017-01-01"
    paragraphs = [p.strip() for p in row["content"].split("\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    if len(paragraphs) > 4:  # a related-story box inside the article, as many sites place one
        link = f'<a href="/r/{len(body)}">{html.escape(headlines[0])}</a>'
        related = f'<aside class="related"><h4>Related</h4>{link}</aside>'
        cut = body.find("</p>", len(body) // 2) + 4
        body = body[:cut] + related + body[cut:]
    # a mega-menu: every section with its sub-sections, as large outlets print on every page
    nav = "".join(
        f'<div class="menu"><a href="/{s.lower()}">{s}</a>'
        + _links([(f"/{s.lower()}/{k}", f"{s} {sub}") for k, sub in enumerate(_SUBSECTIONS)], "sub")
        + "</div>"
        for s in site.sections
    )
    more = "".join(
        f'<div class="card"><img src="/img/{k}.jpg" alt=""><h3><a href="/more/{k}">{html.escape(h)}</a></h3>'
        f"<p>{html.escape(h)} and what it means for the community.</p></div>"
        for k, h in enumerate(headlines + headlines[::-1])
    )
    most_read = _links([(f"/story/{i}", h) for i, h in enumerate(headlines)], "most-read")
    footer = _links(
        [
            (f"/about/{i}", t)
            for i, t in enumerate(
                [
                    "About us",
                    "Contact",
                    "Advertise",
                    "Careers",
                    "Privacy policy",
                    "Terms of use",
                    "Cookie settings",
                    "Accessibility",
                    "Newsletters",
                    "Subscribe",
                    "e-Edition",
                    "Archives",
                    "Site map",
                    "RSS feeds",
                ]
            )
        ]
        * 2,
        "footer-links",
    )
    json_ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": row["title"],
            "datePublished": date,
            "publisher": {"@type": "Organization", "name": site.name},
            "url": url,
            **({"author": {"@type": "Person", "name": author}} if author else {}),
        }
    )
    share = "".join(
        f'<button class="share-{n}">Share on {n}</button>' for n in ("Facebook", "X", "Email", "Print")
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {site.name}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{site.name}">
<meta property="og:url" content="{url}"><meta property="article:published_time" content="{date}T08:00:00Z">
<meta name="description" content="{html.escape(paragraphs[0][:150]) if paragraphs else title}">
<link rel="canonical" href="{url}"><style>body{{color:{site.colour}}}{_STYLE}</style>
<script type="application/ld+json">{json_ld}</script><script>{_SCRIPT}</script></head>
<body><header><a class="logo" href="/">{site.name}</a>{nav}
<form class="search" action="/search"><input name="q" placeholder="Search"><button>Go</button></form></header>
<div class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/news">News</a> &rsaquo;
<span>Local</span></div>
<main><article><h1>{title}</h1><div class="byline">By {author or "Staff"} | Published {date}</div>
<div class="share">{share}</div>{body}<p class="note"><em>{html.escape(note)}</em></p></article>
<aside class="sidebar"><h3>Most read</h3>{most_read}
<div class="newsletter"><h3>Get the morning briefing</h3>
<form><input type="email"><button>Sign up</button></form></div>
<div class="ad" data-slot="sidebar-1"></div></aside></main>
<section class="more-stories"><h2>More stories</h2>{more}</section>
<footer>{footer}<p>&copy; 2017 {site.name}. All rights reserved.</p></footer>
<script>t1('view');t2('scroll');</script></body></html>""".encode()


def _rejectable(index: int, site: Site) -> Capture:
    """A capture of the kind web archives hold besides pages: a 404, an image, a robots.txt."""
    kind = index % 3
    if kind == 0:
        return (
            f"https://{site.host}/gone/{index}",
            404,
            [("Content-Type", "text/html")],
            b"<h1>Not found</h1>",
        )
    if kind == 1:
        png = b"\x89PNG\r\n\x1a\n" + hashlib.sha256(str(index).encode()).digest() * 64
        return (f"https://{site.host}/img/{index}.png", 200, [("Content-Type", "image/png")], png)
    return (
        f"https://{site.host}/robots.txt",
        200,
        [("Content-Type", "text/plain")],
        b"User-agent: *\nAllow: /\n",
    )


def template_captures(records: int) -> Iterator[Capture]:
    """``records`` captures: articles in site templates, and one in a hundred to be rejected."""
    rows = [json.loads(line) for line in ARTICLES.open(encoding="utf-8")]
    titles = [r["title"] for r in rows]
    for index in range(records):
        round_, i = divmod(index, len(rows))
        site = SITES[(i + round_) % len(SITES)]
        if index % 100 == 99:
            yield _rejectable(index, site)
            continue
        row = rows[i]
        note = (
            f"This story was first published on {row.get('dct') or 'an earlier date'}."
            if round_ == 0
            else f"Updated: this story was revised (revision {round_}) with information from {site.name}."
        )
        month = (row.get("dct") or "2017-01-01")[:7].replace("-", "/")
        url = f"https://{site.host}/news/{month}/{row['doc_id']}-{round_}"
        headlines = [titles[(i + k * 37) % len(titles)] for k in range(1, 11)]
        yield (
            url,
            200,
            [("Content-Type", "text/html; charset=utf-8")],
            # three pages in five name their author in metadata, as 106 of the 181 real pages do
            page_html(row, site, url, note, headlines, BYLINES[index % 4] if index % 5 < 3 else None),
        )


def real_page_captures(records: int) -> Iterator[Capture]:
    """``records`` captures cycling through the 181 real pages, each copy made unique."""
    pages = sorted(REAL_PAGES.glob("*.html.gz"))
    for index in range(records):
        round_, i = divmod(index, len(pages))
        data = gzip.decompress(pages[i].read_bytes())
        if round_:
            mark = f"<!-- copy {round_} --><p>Updated: revision {round_} of this story.</p>".encode()
            at = data.lower().rfind(b"</body>")
            data = data[:at] + mark + data[at:] if at >= 0 else data + mark
        url = f"https://real-pages.example/{pages[i].name.split('.')[0]}/{round_}"
        yield (url, 200, [("Content-Type", "text/html; charset=utf-8")], data)


def build(path: Path, captures: Iterator[Capture]) -> None:
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    t = time.perf_counter()
    n = write_warc(partial, captures)
    partial.rename(path)
    print(
        f"built {path.name}: {n} records, {path.stat().st_size / 1e6:.0f} MB "
        f"in {time.perf_counter() - t:.0f} s"
    )


def _tree_sample(proc: psutil.Process, cpu: dict[int, float]) -> tuple[int, int, int]:
    """(PSS, RSS) summed over a process and all its descendants, and the PSS of the process
    itself, in bytes; CPU seconds per pid."""
    pss = rss = own = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            info = p.memory_full_info()
            times = p.cpu_times()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        pss += getattr(info, "pss", info.rss)
        rss += info.rss
        if p.pid == proc.pid:
            own = getattr(info, "pss", info.rss)
        cpu[p.pid] = times.user + times.system
    return pss, rss, own


def cpu_ticks() -> list[int]:
    """The machine's CPU time by kind since boot (/proc/stat: user nice system idle iowait irq
    softirq steal), to tell how much the hypervisor took from this VM during a run."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            return [int(x) for x in f.readline().split()[1:9]]
    except OSError:
        return [0] * 8


def steal_share(before: list[int], after: list[int]) -> float:
    """The share of the CPU time between two samples that the hypervisor gave to other guests."""
    delta = [b - a for a, b in zip(before, after, strict=True)]
    return delta[7] / max(1, sum(delta))


def idle_share(before: list[int], after: list[int]) -> float:
    """The share of the CPU time between two samples that no process used (idle and I/O wait):
    what a run leaves of the machine, where its stages wait on each other."""
    delta = [b - a for a, b in zip(before, after, strict=True)]
    return (delta[3] + delta[4]) / max(1, sum(delta))


def timed_run(warc: Path, flags: list[str], batch_size: int) -> dict:
    """Run ``corroborate analyze`` on the WARC; wall time, peak tree memory, counts."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        cmd = [
            str(BIN / "corroborate"),
            "analyze",
            str(warc),
            "--db",
            str(db),
            "-q",
            "--batch-size",
            str(batch_size),
            *flags,
        ]
        ticks = cpu_ticks()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        ps = psutil.Process(proc.pid)
        peak_pss = peak_rss = main_at_peak = 0
        cpu_by_pid: dict[int, float] = {}  # last CPU seconds seen of every process of the run
        load = []
        while proc.poll() is None:
            pss, rss, own = _tree_sample(ps, cpu_by_pid)
            if pss > peak_pss:
                peak_pss, main_at_peak = pss, own  # what the writing process held then
            peak_rss = max(peak_rss, rss)
            load.append(os.getloadavg()[0])
            time.sleep(0.5)
        wall = time.perf_counter() - start
        ticks_after = cpu_ticks()
        steal, idle = steal_share(ticks, ticks_after), idle_share(ticks, ticks_after)
        out, err = proc.communicate()
        # sampled every half second, so the last half second of each process is missing
        cpu, main_cpu = sum(cpu_by_pid.values()), cpu_by_pid.get(proc.pid, 0.0)
        if proc.returncode:
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
        claims = subprocess.run(
            [str(BIN / "corroborate"), "claims", "--db", str(db), "-f", "jsonl"],
            capture_output=True,
            check=True,
        ).stdout
    return {
        "wall": wall,
        "peak_pss": peak_pss,
        "peak_rss": peak_rss,
        "main_at_peak": main_at_peak,
        "summary": " ".join(err.split()),
        # the provenance stage runs in the writing process, batch by batch while the workers read
        # on, then its origins after the analysis: both times are in the summary
        "provenance_s": float(m[1]) if (m := re.search(r"updated \(([\d.]+) s", err)) else 0.0,
        "provenance_after_s": float(m[1])
        if (m := re.search(r"([\d.]+) s after\s+the\s+analysis", err))
        else 0.0,
        "claims_sha": hashlib.sha256(claims).hexdigest()[:12],
        "n_claims": claims.count(b"\n"),
        "load": sum(load) / max(1, len(load)),
        "steal": steal,
        "idle": idle,
        "cpu": cpu,
        "main_cpu": main_cpu,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=10_000)
    ap.add_argument("--runs", nargs="+", choices=sorted(RUNS), default=["w1", "w2", "dask2"])
    ap.add_argument("--real-pages", action="store_true", help="use the 181 real pages, repeated, instead")
    ap.add_argument("--batch-size", type=int, default=2000)
    args = ap.parse_args()
    if args.real_pages:
        warc = DATA / f"real-pages-{args.records}.warc.gz"
        build(warc, real_page_captures(args.records))
    else:
        warc = DATA / f"news-{args.records}.warc.gz"
        build(warc, template_captures(args.records))
    print(
        f"machine: {platform.machine()}, {psutil.cpu_count()} CPUs, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GB, Python {platform.python_version()}; "
        f"load before: {os.getloadavg()[0]:.2f}"
    )
    print(
        f"input: {warc.name}, {args.records} records, {warc.stat().st_size / 1e6:.0f} MB; "
        f"batch {args.batch_size}"
    )
    head = (
        f"{'run':6} {'records':>8} {'wall s':>7} {'records/s':>9} {'prov. s':>8} {'after s':>7}"
        f" {'CPU ms/rec':>10}"
        f" {'main ms/rec':>11} {'peak PSS MB':>11} {'peak RSS MB':>11} {'load':>5} {'steal':>5} {'idle':>5}"
        "  claims sha"
    )
    print(head)
    for name in args.runs:
        r = timed_run(warc, RUNS[name], args.batch_size)
        n = args.records
        print(
            f"{name:6} {n:8d} {r['wall']:7.1f} {n / r['wall']:9.1f} {r['provenance_s']:8.1f}"
            f" {r['provenance_after_s']:7.1f}"
            f" {r['cpu'] * 1000 / n:10.1f}"
            f" {r['main_cpu'] * 1000 / n:11.1f} {r['peak_pss'] / 1e6:11.0f} {r['peak_rss'] / 1e6:11.0f}"
            f" {r['load']:5.2f} {r['steal']:5.0%} {r['idle']:5.0%}"
            f"  {r['claims_sha']} ({r['n_claims']} claims)",
            flush=True,
        )
        print(
            f"         main process at the peak: {r['main_at_peak'] / 1e6:.0f} MB PSS; {r['summary']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
