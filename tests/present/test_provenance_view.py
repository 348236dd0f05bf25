"""Provenance for people: stories and sources commands, the claims export's provenance fields,
and the report's story graphs (escaped, script-free) and per-figure origin counts."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from rich.console import Console
from typer.testing import CliRunner

from corroborate.cli import app
from corroborate.config import Config
from corroborate.ingest.files import read_units
from corroborate.pipeline import run_units
from corroborate.present.export import EXPORT_FIELDS, PROVENANCE_FIELDS, claim_from_json, read_csv, write_csv
from corroborate.present.provenance_view import (
    claim_provenance_fields,
    derivation_svg,
    sources_table,
    story_lines,
    story_section,
    web_stories,
)
from corroborate.present.report_html import render_report
from corroborate.provenance.derivation import Link
from corroborate.provenance.update import update_provenance
from corroborate.records import Document, content_id
from corroborate.store import provenance_store as tables
from corroborate.store.sqlite_store import Store

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def seed_db(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seeds") / "run.db"
    config = Config()
    with Store(path) as store:
        run_units(read_units([str(shared / "corpus" / "seeds")], config), config, store)
        update_provenance(store)
    return path


@pytest.fixture
def seed_store(seed_db: Path) -> Iterator[Store]:
    with Store(seed_db, readonly=True) as store:
        yield store


def test_stories_jsonl_has_one_line_per_document(seed_db: Path) -> None:
    result = CliRunner().invoke(app, ["stories", "--db", str(seed_db), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 5 and {"doc", "story", "label"} <= set(lines[0])
    assert len({line["story"] for line in lines}) == 1  # five articles of one event
    assert "North Korea" in lines[0]["label"]
    table = CliRunner().invoke(app, ["stories", "--db", str(seed_db)])
    assert table.exit_code == 0 and "North Korea" in table.stdout


def test_sources_count_origins_and_repeats(seed_db: Path, seed_store: Store) -> None:
    rows = {o.key: o for o in tables.outlets(seed_store)}
    unknown = rows[""]  # the seed files carry no site: counted together
    assert (unknown.documents, unknown.originates, unknown.repeats) == (5, 4, 1)
    assert rows["economictimes"].named == 1 and rows["economictimes"].documents == 0
    result = CliRunner().invoke(app, ["sources", "--db", str(seed_db)])
    assert result.exit_code == 0 and "The Economic Times" in result.stdout
    jsonl = CliRunner().invoke(app, ["sources", "--db", str(seed_db), "--format", "jsonl"])
    assert {json.loads(line)["outlet"] for line in jsonl.stdout.splitlines()} >= {"The Economic Times"}
    console = Console(record=True, width=160, file=io.StringIO())
    console.print(sources_table(tables.outlets(seed_store)))
    assert re.search(r"\(site unknown\)\s+│\s+5\s+│\s+4\s+│\s+1\b", console.export_text())


def test_commands_explain_a_store_without_provenance(tmp_path: Path) -> None:
    with Store(tmp_path / "bare.db"):
        pass
    result = CliRunner().invoke(app, ["stories", "--db", str(tmp_path / "bare.db")])
    assert result.exit_code == 2


def test_claims_export_carries_story_origins_repeats(seed_db: Path, seed_store: Store) -> None:
    result = CliRunner().invoke(app, ["claims", "--db", str(seed_db), "--format", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(set(PROVENANCE_FIELDS) <= set(r) for r in rows)
    assert tuple(rows[0])[: len(EXPORT_FIELDS)] == EXPORT_FIELDS  # the scorer's contract first
    summary = [r for r in rows if r["doc"].startswith("001_") and r["value_high"] == 100000]
    assert summary and all(r["origins"] == 1 and r["repeats"][0].startswith("000_") for r in summary)
    # CSV: the same fields, repeats joined; it reads back, and the claims rebuild unchanged
    claims = list(seed_store.claims())
    provenance = claim_provenance_fields(seed_store)
    buf = io.StringIO()
    write_csv(claims, buf, provenance)
    buf.seek(0)
    back = list(read_csv(buf))
    assert [r["repeats"] for r in back] == [provenance[c.id]["repeats"] for c in claims]
    assert [claim_from_json(r) for r in back] == claims


def test_story_graph_escapes_article_text_and_is_valid_svg() -> None:
    docs = [
        Document(
            content_id(f"t{i}"),
            f"{HOSTILE}{i}.txt",
            "x",
            f"t{i}",
            f"t{i}",
            title=f"{HOSTILE} {i}",
            published=p,
        )
        for i, p in enumerate(("2024-11-12", "2024-11-10", None))
    ]
    links = [Link(docs[0].id, docs[1].id, "rewrite", 0.5, f"evidence {HOSTILE}")]
    svg = derivation_svg(docs, links, "g-1")
    tree = lxml.etree.fromstring(str(svg).encode())  # well-formed XML
    assert tree.tag.endswith("svg")
    assert (
        "<script" not in svg and "<img" not in svg and HOSTILE in "".join(tree.itertext()).replace("\n", "")
    )
    circles = [el for el in tree.iter() if el.tag.endswith("circle")]
    assert len(circles) == 3
    # articles by date: the original (10 Nov) left of the copy (12 Nov), the undated one last
    xs = [float(c.get("cx")) for c in circles]
    assert xs == sorted(xs)
    (arc,) = [el for el in tree.iter() if el.tag.endswith("path") and el.get("stroke")]
    assert arc.get("d").startswith(f"M{xs[0]:g},")


def test_report_shows_articles_and_independent_origins_and_the_story_graph(seed_store: Store) -> None:
    html = render_report(seed_store, title="Seeds")
    tree = lxml.html.fromstring(html)
    section = tree.get_element_by_id("stories")
    assert section is not None and len(section.findall(".//svg")) >= 1
    assert not [
        s
        for s in tree.iter("script")
        if s.get("id") not in ("plotly-js", "report-js") and s.get("type") != "application/json"
    ]
    figures = tree.get_element_by_id("figures").text_content()
    counts = re.findall(r"(\d+) articles?, (\d+) independent origins?", figures)
    assert counts and any(int(n) > int(m) for n, m in counts)  # the summary and its source: one origin
    assert story_section(seed_store)[0]["links"] == 1


def test_web_stories_and_lines_agree(seed_store: Store) -> None:
    (story,) = web_stories(seed_store)
    assert sorted(story["doc_ids"]) == sorted(line["doc_id"] for line in story_lines(seed_store))
