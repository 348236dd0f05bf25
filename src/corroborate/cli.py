"""The ``corroborate`` command: analyse articles into a database, list claims, write reports.

This is the edge where flags become one frozen :class:`~corroborate.config.Config`; library code
never sees typer objects.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from corroborate.config import Config
from corroborate.extract.numbers import find_quantities
from corroborate.ingest.files import read_units
from corroborate.pipeline import run_units
from corroborate.present.export import claims_table, rejections_table, write_csv, write_jsonl
from corroborate.present.report_html import write_report
from corroborate.store.sqlite_store import Store

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn a pile of news articles into a sourced ledger of quantitative claims.",
)
console = Console(stderr=True)

DbOption = Annotated[Path, typer.Option("--db", help="SQLite database file (created if missing).")]


class ClaimFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


def _stdout() -> Console:
    # piped output has no terminal width; 80 columns would fold every cell into slivers
    return Console() if sys.stdout.isatty() else Console(width=180)


def _open_existing(db: Path) -> Store:
    if not db.is_file():
        console.print(
            f"[red]No database at {db}.[/red] Create one first: corroborate analyze PATH... --db {db}"
        )
        raise typer.Exit(2)
    return Store(db, readonly=True)


@app.command()
def analyze(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files or folders (recursive): .txt .html .json .jsonl .csv .warc(.gz) .rss/.atom/.xml;"
            " or WARC URLs fsspec can open (s3://bucket/*.warc.gz)."
        ),
    ],
    db: DbOption = Path("corroborate.db"),
    max_mb: Annotated[float, typer.Option(help="Reject input files larger than this many MB.")] = 20.0,
    text_field: Annotated[list[str] | None, typer.Option(help="Extra JSON field holding the text.")] = None,
    id_field: Annotated[
        list[str] | None, typer.Option(help="Extra JSON field holding the record id.")
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Documents per commit and per boilerplate batch.")] = 2000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    workers: Annotated[
        int | None,
        typer.Option(help="Worker processes for the per-document work (default 1; with --dask local: CPUs)."),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(help="Run the per-document work on a Dask cluster: scheduler ADDRESS, or 'local'."),
    ] = None,
) -> None:
    """Read articles, remove boilerplate, extract every quantitative claim into DB."""
    base = Config()
    config = Config(
        max_bytes=int(max_mb * 1_000_000),
        text_fields=base.text_fields + tuple(text_field or ()),
        id_fields=tuple(id_field or ()) + base.id_fields,
    )
    _analyse_into(db, lambda: read_units(paths, config), config, batch_size, workers, dask, quiet)


@app.command()
def claims(
    db: DbOption = Path("corroborate.db"),
    format: Annotated[ClaimFormat, typer.Option("--format", "-f")] = ClaimFormat.table,
    measure: Annotated[str | None, typer.Option(help="Only this measure.")] = None,
) -> None:
    """List the claims in DB as a table, JSON lines or CSV (on standard output)."""
    from corroborate.present.provenance_view import claim_provenance_fields

    with _open_existing(db) as store:
        rows = store.claims(measure=measure)
        provenance = claim_provenance_fields(store) or None  # story, origins, repeats once computed
        if format is ClaimFormat.jsonl:
            write_jsonl(rows, sys.stdout, provenance)
        elif format is ClaimFormat.csv:
            write_csv(rows, sys.stdout, provenance)
        else:
            _stdout().print(claims_table(rows))


@app.command()
def rejects(db: DbOption = Path("corroborate.db")) -> None:
    """List the inputs that were rejected, with the reason."""
    with _open_existing(db) as store:
        _stdout().print(rejections_table(store.rejections()))


@app.command()
def report(
    db: DbOption = Path("corroborate.db"),
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("report.html"),
    title: Annotated[str, typer.Option(help="Report title.")] = "Quantitative claims report",
) -> None:
    """Write one self-contained HTML report (no network needed to open it)."""
    with _open_existing(db) as store:
        path = write_report(store, out, title=title)
    console.print(f"Report written to {path}")


@app.command()
def quantities(
    text: Annotated[str | None, typer.Argument(help="Text; standard input when omitted.")] = None,
) -> None:
    """Debug the number grammar: one JSON object per quantity found in TEXT."""
    source = text if text is not None else sys.stdin.read()
    for q in find_quantities(source):
        print(
            json.dumps(
                {
                    "text": q.text,
                    "start": q.start,
                    "end": q.end,
                    "value_low": _plain(q.value_low),
                    "value_high": _plain(q.value_high),
                    "approx": q.approx,
                    "vague": q.vague,
                    "unit": q.unit,
                },
                ensure_ascii=False,
            )
        )


def _plain(v: float | None) -> int | float | None:
    return int(v) if v is not None and float(v).is_integer() else v


class FigureFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


@app.command()
def figures(
    db: DbOption = Path("corroborate.db"),
    format: Annotated[FigureFormat, typer.Option("--format", "-f")] = FigureFormat.table,
    measure: Annotated[str | None, typer.Option(help="Only this measure.")] = None,
    period: Annotated[str, typer.Option(help="What one consensus spans: day, month, year or all.")] = "month",
) -> None:
    """Reconcile the claims in DB into figures: a consensus per thing measured and period, with
    the plain majority and median, the claims for and against, and the independent origins."""
    # imported here so the commands that do not reconcile start without numpy and scipy
    from corroborate.present.figures_view import figures_from_store, figures_table, write_figures_jsonl
    from corroborate.reconcile.figures import FigureConfig

    try:
        config = FigureConfig(period=period)
    except ValueError as e:
        console.print(f"[red]{e}[/red]")
        raise typer.Exit(2) from e
    with _open_existing(db) as store:
        result = figures_from_store(store, config)
    found = [f for f in result.figures if measure is None or f.measure == measure]
    if format is FigureFormat.jsonl:
        write_figures_jsonl(found, sys.stdout)
    else:
        _stdout().print(figures_table(found))
    for r in result.rejections:
        console.print(f"[yellow]left out[/yellow] {r.origin}: {r.detail}")


@app.command()
def fetch(
    sources: Annotated[
        list[str], typer.Argument(help="URLs (http/https) of pages or RSS/Atom feeds, or files listing URLs.")
    ],
    db: DbOption = Path("corroborate.db"),
    follow: Annotated[bool, typer.Option(help="For a feed, fetch the page each entry links to.")] = False,
    allow_private: Annotated[
        bool, typer.Option(help="Allow loopback and private-network addresses (refused by default).")
    ] = False,
    host_interval: Annotated[float, typer.Option(help="Seconds between requests to one host.")] = 1.0,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a connection or a read.")] = 20.0,
    retries: Annotated[int, typer.Option(help="Further tries after a timeout, 429 or 5xx.")] = 3,
    max_mb: Annotated[float, typer.Option(help="Reject pages larger than this many MB.")] = 5.0,
    batch_size: Annotated[int, typer.Option(help="Documents per commit.")] = 200,
    workers: Annotated[int | None, typer.Option(help="Worker processes for the per-document work.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Download pages and feeds (robots.txt honoured, rate-limited per host) and analyse them into DB."""
    from corroborate.ingest.fetch_urls import fetch_units, read_url_list

    config = Config(
        fetch_allow_private=allow_private,
        fetch_host_interval=host_interval,
        fetch_timeout=timeout,
        fetch_retries=retries,
        fetch_max_bytes=int(max_mb * 1_000_000),
    )

    def urls() -> Iterable[str]:
        for source in sources:
            if "://" in source:
                yield source
                continue
            path = Path(source)
            if not path.is_file():
                console.print(f"[red]{source} is neither a URL nor a file of URLs[/red]; give http(s) URLs")
                raise typer.Exit(2)
            yield from read_url_list(path.read_text(encoding="utf-8", errors="replace"))

    _analyse_into(
        db, lambda: fetch_units(urls(), config, follow=follow), config, batch_size, workers, None, quiet
    )


# Libraries that log a warning per ordinary page (trafilatura: every page with no article).
_QUIET_LOGGERS = {"trafilatura": logging.ERROR, "htmldate": logging.ERROR}


def _engine(workers: int | None, dask: str | None) -> AbstractContextManager[object]:
    """Where the per-document work runs: here, local worker processes, or a Dask cluster."""
    if dask:
        from corroborate.distributed import DaskEngine

        try:
            return DaskEngine(dask, workers=workers or _cpus(), log_levels=_QUIET_LOGGERS)
        except (RuntimeError, ValueError) as e:
            console.print(f"[red]{e}[/red]")
            raise typer.Exit(2) from e
    if workers is not None and workers < 1:
        console.print(f"[red]--workers must be at least 1, not {workers}[/red]")
        raise typer.Exit(2)
    if not workers or workers == 1:
        return nullcontext(None)
    from corroborate.parallel import ProcessEngine

    return ProcessEngine(workers, log_levels=_QUIET_LOGGERS)


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _analyse_into(
    db: Path,
    units: Callable[[], Iterable[object]],
    config: Config,
    batch_size: int,
    workers: int | None,
    dask: str | None,
    quiet: bool,
) -> None:
    """Run the pipeline over ``units()`` into DB with a progress bar; print the closing summary."""
    for name, level in _QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)
    if batch_size < 1:
        console.print(f"[red]--batch-size must be at least 1, not {batch_size}[/red]")
        raise typer.Exit(2)
    with Store(db) as store:
        with _engine(workers, dask) as engine:
            from corroborate.pipeline import engine_feature_map
            from corroborate.provenance.update import ProvenanceUpdate  # numpy and rensa only when needed

            # the corpus-wide stage follows the run, batch by batch, while the workers read on;
            # what they have not computed (documents an interrupted run left) they compute here
            features = {} if engine is None else {"map_features": engine_feature_map(engine)}  # type: ignore[arg-type]
            follower = ProvenanceUpdate(store, **features)
            progress = Progress(
                SpinnerColumn(),
                TextColumn("[bold]analysing"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("documents"),
                TimeElapsedColumn(),
                console=console,
                disable=quiet,
                transient=True,
            )
            with progress:
                task = progress.add_task("analyse", total=None)
                summary = run_units(
                    units(),
                    config,
                    store,
                    batch_size=batch_size,
                    on_progress=lambda n: progress.advance(task, n),
                    engine=engine,  # type: ignore[arg-type]
                    provenance=follower,
                )
            provenance = follower.finish()
        # the workers are gone before the figures are reconciled: both would hold memory at once
        from corroborate.present.figures_view import store_figures

        started = time.perf_counter()
        n_figures = store_figures(store)  # readers (serve) then need not reconcile the corpus
        figure_seconds = time.perf_counter() - started
        from corroborate.store.queries import ensure_indexes

        ensure_indexes(store)  # the web app's charts and deep pages read through these
        counts = store.counts()
    codes = ", ".join(f"{k} {v}" for k, v in sorted(summary.rejection_codes.items()))
    console.print(
        f"[bold]{summary.read}[/bold] inputs: [green]{summary.analysed} analysed[/green], "
        f"{summary.already_stored} already in the database, "
        f"[{'red' if summary.rejected else 'green'}]{summary.rejected} rejected[/]"
        + (f" ({codes})" if codes else "")
        + f"; {summary.claims} new claims. Database {db}: {counts.get('documents', 0)} documents, "
        f"{counts.get('claims', 0)} claims, {counts.get('rejections', 0)} rejections."
    )
    links = ", ".join(f"{n} {kind}" for kind, n in sorted(provenance.links.items())) or "none"
    console.print(
        f"Provenance: {provenance.documents} new documents in {provenance.stories} stories;"
        f" new links {links}; origins of {provenance.claims} claims updated ({provenance.seconds:.1f} s,"
        f" {provenance.closing_seconds:.1f} s after the analysis)."
    )
    console.print(f"Figures: {n_figures} reconciled and stored ({figure_seconds:.1f} s).")
    if summary.rejected:
        console.print(f"See why: corroborate rejects --db {db}")


class StoryFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


@app.command()
def stories(
    db: DbOption = Path("corroborate.db"),
    format: Annotated[StoryFormat, typer.Option("--format", "-f")] = StoryFormat.table,
) -> None:
    """List the stories (events) the articles in DB were grouped into; JSON lines: one object per
    article with its story and the story's label."""
    from corroborate.present.provenance_view import stories_table, write_stories_jsonl
    from corroborate.store.provenance_store import has_provenance
    from corroborate.store.provenance_store import stories as stored_stories

    with _open_existing(db) as store:
        if not has_provenance(store):
            console.print(f"[red]{db} has no stories yet.[/red] Run: corroborate analyze PATH... --db {db}")
            raise typer.Exit(2)
        if format is StoryFormat.jsonl:
            write_stories_jsonl(store, sys.stdout)
        else:
            _stdout().print(stories_table(stored_stories(store)))


@app.command()
def sources(
    db: DbOption = Path("corroborate.db"),
    format: Annotated[StoryFormat, typer.Option("--format", "-f")] = StoryFormat.table,
) -> None:
    """List the outlets of the articles in DB: how many articles each published, how many of them
    originate a story or repeat another article, and how often other outlets name it."""
    from corroborate.present.provenance_view import sources_table, write_sources_jsonl
    from corroborate.store.provenance_store import has_provenance, outlets

    with _open_existing(db) as store:
        if not has_provenance(store):
            console.print(f"[red]{db} has no provenance yet.[/red] Run: corroborate analyze PATH --db {db}")
            raise typer.Exit(2)
        if format is StoryFormat.jsonl:
            write_sources_jsonl(outlets(store), sys.stdout)
        else:
            _stdout().print(sources_table(outlets(store)))


if __name__ == "__main__":
    app()


@app.command()
def serve(
    db: DbOption = Path("corroborate.db"),
    host: Annotated[
        str, typer.Option(help="Address to bind; 127.0.0.1 keeps it on this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(help="Processes; 2 uses both cores.")] = 1,
) -> None:
    """Serve the web app and JSON API over DB, read-only (OpenAPI at /openapi.json, docs at /docs)."""
    from corroborate.present.web_app import serve as run_server

    _open_existing(db).close()
    run_server(db, host, port, workers)
