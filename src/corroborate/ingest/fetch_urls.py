"""Download web pages and feeds for analysis (``corroborate fetch``), politely and safely.

Polite: a User-Agent that names the tool, robots.txt honoured (RFC 9309; its Crawl-delay too),
at most one request per ``fetch_host_interval`` seconds to any one host, retries with
exponential backoff on timeouts, dropped connections, 429 and 5xx (``Retry-After`` honoured up
to a minute). Safe: URL lists are often untrusted, so every host is resolved first and refused
when any of its addresses is loopback, private, link-local, reserved or otherwise not global
(unless ``fetch_allow_private``); the connection then goes to the checked address, so a second
DNS answer cannot point it elsewhere, and every redirect is checked again. Bodies are streamed
and reading stops past ``fetch_max_bytes``; only HTML, feeds and plain text are read.

Every refusal or failure is a ``Rejection(stage="fetch", code=...)`` with a reason:
``bad_url``, ``dns``, ``private_address``, ``robots``, ``timeout``, ``unreachable``,
``http_status``, ``redirects``, ``too_large``, ``not_html``.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Self
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx

from corroborate.config import Config
from corroborate.ingest.feeds import entry_links, feed_units, looks_like_feed
from corroborate.ingest.html_files import looks_like_html
from corroborate.ingest.text_files import NotText, decode_bytes, normalise_newlines
from corroborate.ingest.units import PendingPage, Unit
from corroborate.records import Document, Rejection, content_id

__all__ = ["Fetched", "Fetcher", "fetch_units", "read_url_list"]

Resolver = Callable[[str, int], list[str]]

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"}
)
_TEXT_TYPES = frozenset({"text/plain"})
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS = 5
_MAX_RETRY_AFTER = 60.0  # a longer Retry-After is treated as "not now": the URL is rejected
_MAX_CRAWL_DELAY = 60.0
_ROBOTS_MAX_BYTES = 500_000  # RFC 9309 asks crawlers to read at least 500 KiB of robots.txt
_ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml;q=0.9,text/plain;q=0.5"


def default_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IP literals resolve to themselves, with no lookup)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _not_public(address: str) -> str | None:
    """What kind of non-public address this is, or None for a global unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, test in (
        ("loopback", ip.is_loopback),
        ("private", ip.is_private),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
    ):
        if test:
            return kind
    return None if ip.is_global else "non-global"


@dataclass(frozen=True, slots=True)
class Fetched:
    """A page downloaded whole: where it ended up, its status, headers, body and media type."""

    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    media: str  # html | feed | text


@dataclass(slots=True)
class _Host:
    """What the fetcher knows of one host: when it was last asked, and how long to leave it."""

    interval: float
    last_request: float | None = None


@dataclass(slots=True)
class Fetcher:
    """Fetches URLs one at a time under ``config``'s limits; keeps per-host robots and timing.

    Use as a context manager. ``transport``, ``resolve``, ``clock`` and ``sleep`` are for tests.
    """

    config: Config
    transport: httpx.BaseTransport | None = None
    resolve: Resolver = default_resolver
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _hosts: dict[str, _Host] = field(default_factory=dict)
    _robots: dict[str, RobotFileParser | Rejection] = field(default_factory=dict)
    _client: httpx.Client | None = None

    def __post_init__(self) -> None:
        self._client = httpx.Client(
            transport=self.transport,
            timeout=httpx.Timeout(self.config.fetch_timeout),
            follow_redirects=False,  # each hop is checked like the first URL
            headers={"User-Agent": self.config.user_agent, "Accept": _ACCEPT},
            # no keep-alive: a pooled connection is keyed by address, and one address may serve
            # several host names with different certificates
            limits=httpx.Limits(max_keepalive_connections=0),
            trust_env=False,  # a proxy from the environment would bypass the address checks
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client."""
        if self._client is not None:
            self._client.close()

    # -- one URL --------------------------------------------------------------------------------

    def fetch(self, url: str, origin: str | None = None) -> Fetched | Rejection:
        """Download one URL, following redirects; a Rejection says why it was not read."""
        origin = origin or url
        current = url
        for _ in range(_MAX_REDIRECTS + 1):
            checked = self._check_url(current, origin)
            if isinstance(checked, Rejection):
                return checked
            host, address, port = checked
            allowed = self._robots_allow(current, host, address, port, origin)
            if allowed is not None:
                return allowed
            result = self._get(current, host, address, port, origin)
            if not isinstance(result, str):
                return result
            current = result  # a redirect: check the new place like the first
        return self._reject(
            "redirects", origin, f"more than {_MAX_REDIRECTS} redirects; give the final URL", url
        )

    def _reject(self, code: str, origin: str, detail: str, name: str) -> Rejection:
        return Rejection("fetch", code, origin, detail, name)

    def _check_url(self, url: str, origin: str) -> tuple[str, str, int] | Rejection:
        """(host, checked address, port) for a URL, or why it may not be fetched."""
        try:
            parts = urlsplit(url)
            host, port = parts.hostname, parts.port
        except ValueError as error:
            return self._reject("bad_url", origin, f"the URL cannot be parsed ({error})", url)
        if parts.scheme not in ("http", "https") or not host:
            return self._reject(
                "bad_url", origin, "only http:// and https:// URLs with a host are fetched", url
            )
        port = port or (443 if parts.scheme == "https" else 80)
        try:
            addresses = [str(ipaddress.ip_address(host))] if _is_ip(host) else self.resolve(host, port)
        except (OSError, UnicodeError) as error:
            return self._reject(
                "dns", origin, f"the host {host} does not resolve ({error}); check the URL", url
            )
        if not addresses:
            return self._reject("dns", origin, f"the host {host} resolves to no address", url)
        if not self.config.fetch_allow_private:
            for address in addresses:
                kind = _not_public(address)
                if kind:
                    return self._reject(
                        "private_address",
                        origin,
                        f"{host} resolves to {address}, a {kind} address; corroborate does not fetch from "
                        "private networks unless told to (--allow-private)",
                        url,
                    )
        return host, addresses[0], port

    def _wait_turn(self, host: str) -> _Host:
        """Sleep until this host may be asked again, then mark the request."""
        state = self._hosts.setdefault(host, _Host(self.config.fetch_host_interval))
        if state.last_request is not None:
            wait = state.last_request + state.interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        state.last_request = self.clock()
        return state

    def _request(
        self, url: str, host: str, address: str, port: int
    ) -> tuple[httpx.Response, Callable[[], None]]:
        """Start a GET of ``url`` on the checked address (Host header and TLS name stay the host's)."""
        parts = urlsplit(url)
        literal = f"[{address}]" if ":" in address else address
        pinned = urlunsplit((parts.scheme, f"{literal}:{port}", parts.path or "/", parts.query, ""))
        default_port = 443 if parts.scheme == "https" else 80
        host_header = host if port == default_port else f"{host}:{port}"
        assert self._client is not None
        request = self._client.build_request(
            "GET", pinned, headers={"Host": host_header}, extensions={"sni_hostname": host}
        )
        response = self._client.send(request, stream=True)
        return response, response.close

    def _get(self, url: str, host: str, address: str, port: int, origin: str) -> Fetched | Rejection | str:
        """GET with retries; a Fetched, a Rejection, or the URL a redirect points to."""
        config = self.config
        for attempt in range(config.fetch_retries + 1):
            last = attempt == config.fetch_retries
            delay = config.fetch_backoff * 2**attempt
            self._wait_turn(host)
            try:
                response, close = self._request(url, host, address, port)
            except httpx.TimeoutException as error:
                if last:
                    return self._reject(
                        "timeout",
                        origin,
                        f"no answer within {config.fetch_timeout:g} s, {attempt + 1} tries ({error})",
                        url,
                    )
                self.sleep(delay)
                continue
            except httpx.TransportError as error:
                if last:
                    return self._reject(
                        "unreachable",
                        origin,
                        f"the connection failed, {attempt + 1} tries ({type(error).__name__}: {error})",
                        url,
                    )
                self.sleep(delay)
                continue
            try:
                status = response.status_code
                if status in _RETRY_STATUSES:
                    retry_after = _retry_after(response.headers.get("Retry-After"))
                    if last or (retry_after is not None and retry_after > _MAX_RETRY_AFTER):
                        return self._reject(
                            "http_status",
                            origin,
                            f"the server answered {status} {response.reason_phrase}, {attempt + 1} tries",
                            url,
                        )
                    self.sleep(max(delay, retry_after or 0.0))
                    continue
                if status in _REDIRECT_STATUSES:
                    location = response.headers.get("Location")
                    if not location:
                        return self._reject(
                            "http_status", origin, f"a {status} redirect without a Location", url
                        )
                    return urljoin(url, location)
                if not 200 <= status < 300:
                    return self._reject(
                        "http_status", origin, f"the server answered {status} {response.reason_phrase}", url
                    )
                return self._read_body(response, url, origin)
            except httpx.TimeoutException as error:
                if last:
                    return self._reject(
                        "timeout",
                        origin,
                        f"the body did not arrive within {config.fetch_timeout:g} s ({error})",
                        url,
                    )
                self.sleep(delay)
            except httpx.TransportError as error:
                if last:
                    return self._reject(
                        "unreachable", origin, f"the connection broke while reading ({error})", url
                    )
                self.sleep(delay)
            finally:
                close()
        raise AssertionError("unreachable: the last attempt always returns")

    def _read_body(self, response: httpx.Response, url: str, origin: str) -> Fetched | Rejection:
        """The body, unless its type is not read or it is larger than allowed (stop reading then)."""
        limit = self.config.fetch_max_bytes
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media_type and media_type not in _HTML_TYPES | _FEED_TYPES | _TEXT_TYPES:
            return self._reject(
                "not_html", origin, f"the server sent {media_type}, not an HTML page, feed or plain text", url
            )
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            return self._reject(
                "too_large",
                origin,
                f"the page is {int(declared):,} bytes, over the {limit:,}-byte limit",
                url,
            )
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > limit:
                return self._reject(
                    "too_large", origin, f"the page is over the {limit:,}-byte limit; stopped reading", url
                )
        data = bytes(body)
        if media_type in _HTML_TYPES:
            media = "html"
        elif media_type in _TEXT_TYPES:
            media = "text"
        elif looks_like_feed(data):
            media = "feed"
        elif not media_type and looks_like_html(data[:4096].decode("utf-8", "replace")):
            media = "html"
        else:
            what = media_type or "no content type"
            return self._reject(
                "not_html", origin, f"the server sent {what}, and the body is not HTML or a feed", url
            )
        headers = tuple((k, v) for k, v in response.headers.items())
        return Fetched(url, response.status_code, headers, data, media)

    # -- robots.txt -----------------------------------------------------------------------------

    def _robots_allow(self, url: str, host: str, address: str, port: int, origin: str) -> Rejection | None:
        """None when robots.txt lets this tool fetch ``url``; else a Rejection saying why not."""
        if not self.config.fetch_robots:
            return None
        parts = urlsplit(url)
        key = f"{parts.scheme}://{host}:{port}"  # RFC 9309: rules hold per scheme, host and port
        robots = self._robots.get(key)
        if robots is None:
            robots = self._read_robots(
                f"{parts.scheme}://{parts.netloc}/robots.txt", host, address, port, origin
            )
            self._robots[key] = robots
            if isinstance(robots, RobotFileParser):
                delay = robots.crawl_delay(self._agent())
                if delay is not None:
                    state = self._hosts.setdefault(host, _Host(self.config.fetch_host_interval))
                    state.interval = max(state.interval, min(float(delay), _MAX_CRAWL_DELAY))
        if isinstance(robots, Rejection):
            return self._reject(robots.code, origin, robots.detail, url)
        if not robots.can_fetch(self._agent(), url):
            return self._reject(
                "robots", origin, f"robots.txt of {key} does not allow this tool to fetch this path", url
            )
        return None

    def _agent(self) -> str:
        """The product token robots.txt rules are matched against: ``corroborate``."""
        return self.config.user_agent.split("/", 1)[0]

    def _read_robots(
        self, robots_url: str, host: str, address: str, port: int, origin: str
    ) -> RobotFileParser | Rejection:
        parser = RobotFileParser(robots_url)
        self._wait_turn(host)
        try:
            response, close = self._request(robots_url, host, address, port)
        except httpx.HTTPError as error:
            # RFC 9309 2.3.1.4: robots.txt unreachable means assume everything is disallowed
            return self._reject(
                "robots", origin, f"robots.txt of {host} could not be read ({error}); try later", robots_url
            )
        try:
            status = response.status_code
            if 400 <= status < 500:
                parser.parse([])  # RFC 9309 2.3.1.3: no robots.txt, no restrictions
                return parser
            if status != 200:
                return self._reject(
                    "robots",
                    origin,
                    f"robots.txt of {host} answered {status}; its rules are unknown, try later",
                    robots_url,
                )
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) >= _ROBOTS_MAX_BYTES:
                    break
        except httpx.HTTPError as error:
            return self._reject(
                "robots", origin, f"robots.txt of {host} broke off ({error}); try later", robots_url
            )
        finally:
            close()
        parser.parse(bytes(body[:_ROBOTS_MAX_BYTES]).decode("utf-8", "replace").splitlines())
        return parser


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def fetch_units(
    urls: Iterable[str], config: Config, *, follow: bool = False, fetcher: Fetcher | None = None
) -> Iterator[Unit]:
    """Download each URL and yield what it holds: a page, a feed's entries, or a Rejection.

    A feed yields its entries; with ``follow`` it yields the pages its entries link to instead
    (each fetched under the same rules). Pages come out as PendingPage (origin: the URL as
    given; name: the URL after redirects).
    """
    own = fetcher is None
    active = fetcher or Fetcher(config)
    try:
        for url in urls:
            yield from _url_units(url.strip(), config, follow, active)
    finally:
        if own:
            active.close()


def _url_units(url: str, config: Config, follow: bool, fetcher: Fetcher) -> Iterator[Unit]:
    fetched = fetcher.fetch(url)
    if isinstance(fetched, Rejection):
        yield fetched
        return
    if fetched.media == "feed":
        if follow:
            for link in entry_links(fetched.body):
                yield from _url_units(link, config, False, fetcher)
        else:
            yield from feed_units(fetched.body, source=url, config=config)
        return
    if fetched.media == "html":
        yield PendingPage(fetched.body, name=fetched.url, origin=url, url=fetched.url, kind="url")
        return
    decoded = decode_bytes(fetched.body)
    if isinstance(decoded, NotText):
        yield Rejection("fetch", decoded.code, url, decoded.detail, fetched.url)
        return
    raw = normalise_newlines(decoded.text).strip()
    yield Document(
        id=content_id(raw),
        name=fetched.url,
        origin=url,
        raw=raw,
        kind="url",
        url=fetched.url,
        encoding=decoded.encoding,
    )


def read_url_list(text: str) -> list[str]:
    """The URLs of a URL-list file: one per line; blank lines and ``#`` comments skipped."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
