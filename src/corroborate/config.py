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
