"""Assemble the stages into a run: read -> clean -> extract -> store.

Per-document work is the pure function :func:`analyze_document`, so the same code runs in a
loop, a process pool or on Dask. Corpus-wide evidence (lines repeated across a site's
documents) is gathered per batch, so memory is bounded by the batch size, not the corpus.
Each stage declares what it needs and what it produces; :func:`check_stages` verifies the
assembled chain before the first document runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from corroborate.clean.boilerplate import clean_document
from corroborate.clean.site_repeats import repeated_lines, site_key
from corroborate.config import Config
from corroborate.extract.claims import extract_claims
from corroborate.extract.timeref import byline_date
from corroborate.ingest.files import read_paths
from corroborate.records import Claim, Document, Rejection
from corroborate.store.sqlite_store import Store

__all__ = ["STAGES", "RunSummary", "Stage", "analyze_document", "check_stages", "run"]


@dataclass(frozen=True, slots=True)
class Stage:
    """A pipeline stage: its name, the record fields it reads and the ones it fills."""

    name: str
    requires: frozenset[str]
    assigns: frozenset[str]


STAGES = (
    Stage("ingest", frozenset(), frozenset({"document.id", "document.name", "document.raw"})),
    Stage("clean", frozenset({"document.raw"}), frozenset({"document.text", "document.removed"})),
    Stage("extract", frozenset({"document.text", "document.id", "document.name"}), frozenset({"claims"})),
    Stage("store", frozenset({"document.text", "claims"}), frozenset()),
)


def check_stages(stages: Iterable[Stage] = STAGES) -> None:
    """Raise ValueError naming the first stage whose inputs no earlier stage produces."""
    available: set[str] = set()
    for stage in stages:
        missing = stage.requires - available
        if missing:
            raise ValueError(
                f"stage {stage.name!r} needs {sorted(missing)} but no earlier stage produces it; "
                "put a stage that assigns it before this one"
            )
        available |= stage.assigns


def analyze_document(
    doc: Document, config: Config, site_lines: frozenset[str] = frozenset()
) -> tuple[Document, list[Claim]] | Rejection:
    """Clean one document and extract its claims; a failure becomes a Rejection, not a crash."""
    if doc.published is None:
        # plain text carries no metadata; a byline date is better than resolving against today
        doc = replace(doc, published=byline_date(doc.raw))
    try:
        cleaned = clean_document(doc, config, site_lines)
    except Exception as exc:  # noqa: BLE001 - a bad document must not stop the run
        return Rejection(
            "clean", "error", doc.origin, f"cleaning failed: {type(exc).__name__}: {exc}", doc.name
        )
    if len(cleaned.text.split()) < config.min_words:
        return Rejection(
            "clean",
            "no_text",
            doc.origin,
            f"fewer than {config.min_words} words remain after removing boilerplate",
            doc.name,
        )
    try:
        return cleaned, extract_claims(cleaned, config)
    except Exception as exc:  # noqa: BLE001
        return Rejection(
            "extract",
            "error",
            doc.origin,
            f"claim extraction failed: {type(exc).__name__}: {exc}; please report this input",
            doc.name,
        )


@dataclass(slots=True)
class RunSummary:
    """What a run did, for the closing summary line."""

    read: int = 0
    analysed: int = 0
    already_stored: int = 0
    rejected: int = 0
    claims: int = 0
    rejection_codes: dict[str, int] = field(default_factory=dict)


def _batches(items: Iterable[Document | Rejection], size: int) -> Iterator[list[Document | Rejection]]:
    batch: list[Document | Rejection] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run(
    paths: Iterable[str | Path],
    config: Config,
    store: Store,
    batch_size: int = 2000,
    on_progress: Callable[[int], None] | None = None,
) -> RunSummary:
    """Analyse every input under ``paths`` into ``store``; returns counts for the summary."""
    check_stages()
    summary = RunSummary()
    for batch in _batches(read_paths(paths, config), batch_size):
        docs = [d for d in batch if isinstance(d, Document)]
        repeats = repeated_lines(docs, config.site_repeat_min_docs)
        with store.transaction():
            for item in batch:
                summary.read += 1
                if on_progress:
                    on_progress(1)
                if isinstance(item, Rejection):
                    _reject(store, summary, item)
                    continue
                if store.has_document(item.id):
                    store.add_document(item)  # records the occurrence under this name, if new
                    summary.already_stored += 1
                    continue
                result = analyze_document(item, config, repeats.get(site_key(item), frozenset()))
                if isinstance(result, Rejection):
                    _reject(store, summary, result)
                    continue
                cleaned, claims = result
                store.add_document(cleaned)
                summary.claims += store.add_claims(claims)
                summary.analysed += 1
    return summary


def _reject(store: Store, summary: RunSummary, r: Rejection) -> None:
    store.add_rejection(r)
    summary.rejected += 1
    summary.rejection_codes[r.code] = summary.rejection_codes.get(r.code, 0) + 1
