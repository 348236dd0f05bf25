"""Run configuration: one frozen object built at the edge (CLI, API) and passed to every stage."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Config"]


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a stage may need to know about a run; library code never sees CLI objects."""

    max_bytes: int = 20_000_000  # larger inputs are rejected as too_large, not read into memory
    text_fields: tuple[str, ...] = ("text", "content", "body")
    html_fields: tuple[str, ...] = ("html",)
    id_fields: tuple[str, ...] = ("id", "doc_id")
    url_fields: tuple[str, ...] = ("url", "uri", "link")
    title_fields: tuple[str, ...] = ("title", "headline")
    date_fields: tuple[str, ...] = ("published", "date", "dct", "pubdate")
    site_fields: tuple[str, ...] = ("site", "source", "outlet")
    min_words: int = 5  # an extracted text shorter than this is "no article"
    # cross-document boilerplate: a line seen in at least this many documents of one site
    site_repeat_min_docs: int = 3
    language: str = "en"
    # fetching pages (``corroborate fetch``, feeds by URL): polite, bounded, and refusing by default
    # to reach into private networks, since URLs often come from untrusted lists
    user_agent: str = "corroborate/0.1 (+https://example.invalid/corroborate; news claims research tool)"
    fetch_timeout: float = 20.0  # seconds for connecting and for each read
    fetch_retries: int = 3  # further tries after a timeout, a dropped connection, 429 or 5xx
    fetch_backoff: float = 1.0  # seconds before the first retry; doubles on each retry
    fetch_host_interval: float = 1.0  # at least this many seconds between requests to one host
    fetch_max_bytes: int = 5_000_000  # a page larger than this is no article: stop reading, reject
    fetch_allow_private: bool = False  # allow loopback, private, link-local and reserved addresses
    fetch_robots: bool = True  # honour robots.txt
