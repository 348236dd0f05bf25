"""Fetching pages against a local HTTP server (127.0.0.1 only): polite, bounded and safe."""

from __future__ import annotations

import html
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from corroborate.cli import app
from corroborate.config import Config
from corroborate.ingest.fetch_urls import Fetcher, fetch_units, read_url_list
from corroborate.ingest.units import PendingPage, resolve_unit
from corroborate.records import Document, Rejection
from corroborate.store.sqlite_store import Store


@dataclass
class Site:
    """What the test server serves and what it saw."""

    articles: list[dict]
    port: int = 0
    hits: list[tuple[float, str, str, str]] = field(default_factory=list)  # (time, path, host, agent)
    flaky_left: int = 2

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self) -> list[str]:
        return [path for _, path, _, _ in self.hits]


def page(row: dict) -> bytes:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in row["content"].split("\n") if p.strip())
    return (
        f"<!DOCTYPE html><html><head><title>{html.escape(row['title'])}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{html.escape(row['title'])}</h1>{body}</article>"
        "<footer>Local news since 1921</footer></body></html>"
    ).encode()


def handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def send(self, status: int, ctype: str, body: bytes, length: bool = True, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            for key, value in headers.items():
                self.send_header(key.replace("_", "-"), value)
            if length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            site.hits.append(
                (time.monotonic(), self.path, self.headers.get("Host", ""), self.headers["User-Agent"])
            )
            path = self.path
            if path == "/robots.txt":
                self.send(200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
            elif path.startswith("/article/"):
                self.send(200, "text/html; charset=utf-8", page(site.articles[int(path.rsplit("/", 1)[1])]))
            elif path.startswith("/private/"):
                self.send(200, "text/html", b"<html><body><p>Not for robots.</p></body></html>")
            elif path == "/big":
                self.send(
                    200, "text/html", b"<html><body>" + b"<p>Filler text.</p>" * 20_000 + b"</body></html>"
                )
            elif path == "/big-stream":  # no Content-Length: the size shows only while reading
                self.send(200, "text/html", b"<html><body>" + b"<p>Filler text.</p>" * 20_000, length=False)
                self.close_connection = True
            elif path == "/report.pdf":
                self.send(200, "application/pdf", b"%PDF-1.7\n" + b"0" * 2000)
            elif path == "/flaky":
                if site.flaky_left > 0:
                    site.flaky_left -= 1
                    self.send(503, "text/plain", b"busy", Retry_After="0")
                else:
                    self.send(200, "text/html; charset=utf-8", page(site.articles[0]))
            elif path == "/slow":
                time.sleep(1.0)
                self.send(200, "text/html", b"<html><body><p>Late.</p></body></html>")
            elif path == "/moved":
                self.send(301, "text/plain", b"", Location="/article/1")
            elif path == "/to-private":
                self.send(302, "text/plain", b"", Location="http://10.0.0.1/admin")
            elif path == "/feed.xml":
                items = "".join(
                    f"<item><title>{html.escape(a['title'])}</title><link>{site.url(f'/article/{i}')}</link>"
                    f"<description>{html.escape(html.escape(a['content'][:200]))}</description></item>"
                    for i, a in enumerate(site.articles[:3])
                )
                feed = f"<rss version='2.0'><channel><title>Test</title>{items}</channel></rss>"
                self.send(200, "application/rss+xml", feed.encode())
            else:
                self.send(404, "text/html", b"<h1>Not found</h1>")

    return Handler


@pytest.fixture
def site(shared: Path) -> Iterator[Site]:
    rows = []
    with (shared / "eval" / "casualties" / "articles.jsonl").open(encoding="utf-8") as f:
        for line in f:
            rows.append(json.loads(line))
            if len(rows) == 6:
                break
    state = Site(rows)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(state))
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def local(**changes: object) -> Config:
    """Settings for the local server: loopback allowed, no waiting unless a test asks for it."""
    base = {
        "fetch_allow_private": True,
        "fetch_host_interval": 0.0,
        "fetch_backoff": 0.01,
        "fetch_timeout": 5.0,
    }
    return Config(**{**base, **changes})  # type: ignore[arg-type]


def test_pages_arrive_as_pending_pages_with_a_clear_user_agent(site: Site) -> None:
    units = list(fetch_units([site.url("/article/0"), site.url("/moved")], local()))
    assert [type(u).__name__ for u in units] == ["PendingPage", "PendingPage"]
    first, moved = units
    assert isinstance(first, PendingPage) and isinstance(moved, PendingPage)
    assert first.origin == first.name == site.url("/article/0") and first.kind == "url"
    assert moved.origin == site.url("/moved") and moved.name == site.url("/article/1")  # after the redirect
    doc = resolve_unit(first, Config())
    assert isinstance(doc, Document) and doc.title == site.articles[0]["title"]
    assert all(agent.startswith("corroborate/") and "+http" in agent for _, _, _, agent in site.hits)


def test_robots_txt_is_read_once_and_honoured(site: Site) -> None:
    urls = [site.url("/article/0"), site.url("/private/report"), site.url("/article/1")]
    units = list(fetch_units(urls, local()))
    assert isinstance(units[1], Rejection) and units[1].code == "robots" and units[1].stage == "fetch"
    assert [type(u).__name__ for u in units] == ["PendingPage", "Rejection", "PendingPage"]
    assert site.paths() == ["/robots.txt", "/article/0", "/article/1"]  # /private/ never requested


def test_requests_to_one_host_keep_the_interval(site: Site) -> None:
    interval = 0.25
    urls = [site.url(f"/article/{i}") for i in range(4)]
    start = time.monotonic()
    units = list(fetch_units(urls, local(fetch_host_interval=interval)))
    assert all(isinstance(u, PendingPage) for u in units)
    times = [t for t, _, _, _ in site.hits]
    assert len(times) == 5  # robots.txt and four pages
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= interval - 0.02, gaps
    assert time.monotonic() - start >= 4 * interval - 0.05


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://192.168.1.1/admin",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
    ],
)
def test_private_addresses_are_refused_before_connecting(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: attempts.append(address))
    with Fetcher(Config()) as fetcher:
        result = fetcher.fetch(url)
    assert isinstance(result, Rejection) and result.code == "private_address", result
    assert "--allow-private" in result.detail
    assert attempts == []


def test_names_are_checked_after_resolving(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: attempts.append(address))
    table = {"intranet.example": ["10.1.2.3"], "mixed.example": ["93.184.216.34", "127.0.0.1"]}
    with Fetcher(Config(), resolve=lambda host, port: table[host]) as fetcher:
        for host in table:
            result = fetcher.fetch(f"http://{host}/")
            assert isinstance(result, Rejection) and result.code == "private_address"
            assert host in result.detail
        local_server = fetcher.fetch(site.url("/article/0"))
    assert isinstance(local_server, Rejection) and local_server.code == "private_address"
    assert attempts == [] and site.hits == []


def test_the_connection_goes_to_the_checked_address(site: Site) -> None:
    """A name resolved once is not resolved again: the request goes to that address, named as asked."""
    calls: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"]

    with Fetcher(local(), resolve=resolve) as fetcher:
        result = fetcher.fetch(f"http://news.test:{site.port}/article/2")
    assert not isinstance(result, Rejection), result
    assert {host for _, _, host, _ in site.hits} == {f"news.test:{site.port}"}
    assert calls == ["news.test"]


def test_a_redirect_into_a_private_network_is_refused() -> None:
    """Each hop is checked: a public page that redirects to an internal address is not followed."""
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.url.host} {request.headers['Host']} {request.url.path}")
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"Location": "http://10.0.0.1/admin"})

    public = {"news.test": ["93.184.216.34"]}  # a documentation address; the mock answers for it
    config = Config(fetch_host_interval=0.0)
    with Fetcher(config, transport=httpx.MockTransport(answer), resolve=lambda h, p: public[h]) as fetcher:
        result = fetcher.fetch("http://news.test/story")
    assert isinstance(result, Rejection) and result.code == "private_address" and "10.0.0.1" in result.detail
    assert seen == ["93.184.216.34 news.test /robots.txt", "93.184.216.34 news.test /story"]


def test_oversize_and_non_html_responses_are_rejected_with_a_reason(site: Site) -> None:
    config = local(fetch_max_bytes=100_000)
    urls = [site.url(p) for p in ("/big", "/big-stream", "/report.pdf", "/nowhere")]
    results = list(fetch_units(urls, config))
    codes = [r.code if isinstance(r, Rejection) else "page" for r in results]
    assert codes == ["too_large", "too_large", "not_html", "http_status"]
    big, stream, pdf, missing = results
    assert "100,000-byte limit" in big.detail and "stopped reading" in stream.detail
    assert "application/pdf" in pdf.detail and "404" in missing.detail


def test_retries_back_off_then_succeed_or_give_up(site: Site) -> None:
    sleeps: list[float] = []
    with Fetcher(local(fetch_retries=3, fetch_backoff=0.05), sleep=sleeps.append) as fetcher:
        result = fetcher.fetch(site.url("/flaky"))
    assert not isinstance(result, Rejection)
    assert site.paths().count("/flaky") == 3
    assert sleeps == [0.05, 0.1]  # doubling; the server's Retry-After: 0 asks for no longer

    site.flaky_left = 5
    with Fetcher(local(fetch_retries=1, fetch_backoff=0.01)) as fetcher:
        result = fetcher.fetch(site.url("/flaky"))
    assert isinstance(result, Rejection) and result.code == "http_status" and "2 tries" in result.detail


def test_a_server_that_does_not_answer_times_out(site: Site) -> None:
    with Fetcher(local(fetch_timeout=0.2, fetch_retries=1, fetch_backoff=0.01)) as fetcher:
        result = fetcher.fetch(site.url("/slow"))
    assert isinstance(result, Rejection) and result.code == "timeout"


def test_bad_urls(site: Site) -> None:
    with Fetcher(local()) as fetcher:
        for url in ("ftp://example.com/file", "not a url", "http:///path-only"):
            result = fetcher.fetch(url)
            assert isinstance(result, Rejection) and result.code == "bad_url", url


def test_a_feed_by_url_gives_entries_or_follows_their_links(site: Site) -> None:
    entries = list(fetch_units([site.url("/feed.xml")], local()))
    assert [u.origin for u in entries] == [site.url(f"/feed.xml:{i}") for i in (1, 2, 3)]
    pages = list(fetch_units([site.url("/feed.xml")], local(), follow=True))
    assert [u.name for u in pages] == [site.url(f"/article/{i}") for i in range(3)]
    assert all(isinstance(u, PendingPage) for u in pages)


def test_fetch_command_analyses_into_the_database(site: Site, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(
        f"# morning list\n{site.url('/article/3')}\n\n{site.url('/report.pdf')}\n", encoding="utf-8"
    )
    assert read_url_list(urls.read_text()) == [site.url("/article/3"), site.url("/report.pdf")]
    db = tmp_path / "fetched.db"
    args = [
        "fetch",
        str(urls),
        site.url("/article/4"),
        "--db",
        str(db),
        "--allow-private",
        "--host-interval",
        "0",
    ]
    result = CliRunner().invoke(app, [*args, "-q"])
    assert result.exit_code == 0, result.output
    with Store(db, readonly=True) as store:
        assert store.counts()["documents"] == 2
        assert [r.code for r in store.rejections()] == ["not_html"]
    refused = CliRunner().invoke(app, ["fetch", site.url("/article/5"), "--db", str(db), "-q"])
    assert refused.exit_code == 0
    with Store(db, readonly=True) as store:
        assert sorted(r.code for r in store.rejections()) == ["not_html", "private_address"]
