"""Claim exports: the scorer's JSONL contract, CSV round trip, terminal tables, human bounds."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path
from types import ModuleType

import pytest
from rich.console import Console

from corroborate.present.export import (
    EXPORT_FIELDS,
    claim_from_json,
    claim_to_json,
    claims_table,
    format_bounds,
    read_csv,
    rejections_table,
    write_csv,
    write_jsonl,
)
from corroborate.records import Claim, Document, Rejection
from corroborate.store.sqlite_store import Store
from tests.store.seed_records import claim_at, gold_claims, seed_documents


def load_scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_claims", shared / "tools" / "score_claims.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def docs(shared: Path) -> list[Document]:
    return seed_documents(shared)


def test_jsonl_from_the_store_scores_perfectly_against_gold(
    shared: Path, docs: list[Document], tmp_path: Path
) -> None:
    with Store(tmp_path / "run.db") as store, store.transaction():
        for d in docs:
            store.add_document(d)
        store.add_claims(gold_claims(shared, docs))
    out = tmp_path / "claims.jsonl"
    with Store(tmp_path / "run.db", readonly=True) as store, out.open("w", encoding="utf-8") as f:
        assert write_jsonl(store.claims(), f) == 21
    scorer = load_scorer(shared)
    preds = scorer.load_predictions(str(out))
    gold = json.loads((shared / "gold" / "seeds.claims.json").read_text(encoding="utf-8"))
    result = scorer.score(gold, preds)
    assert result["f1"] == 1.0 and result["false_positives"] == 0
    assert (result["measure"], result["modality"], result["source"], result["where"]) == (1.0, 1.0, 1.0, 1.0)


def test_json_has_the_contract_fields_and_whole_numbers_as_ints(docs: list[Document]) -> None:
    c = claim_at(docs[0], "more than 10,000 North Korean soldiers", "more than 10,000", 10000.0, None)
    d = claim_to_json(c)
    assert tuple(d) == EXPORT_FIELDS
    for field in ("doc", "quote", "value_low", "value_high", "approx", "counted", "measure", "where"):
        assert field in d
    line = io.StringIO()
    write_jsonl([c, claim_at(docs[0], "up to 100,000", "up to 100,000", None, 1.5e5 + 0.5)], line)
    first, second = line.getvalue().splitlines()
    assert '"value_low": 10000,' in first and '"value_high": null' in first
    assert json.loads(second)["value_high"] == 150000.5
    assert claim_from_json(json.loads(first)) == c


def test_csv_round_trip(shared: Path, docs: list[Document]) -> None:
    claims = gold_claims(shared, docs)
    claims.append(
        claim_at(
            docs[0],
            "up to 100,000 troops",
            "up to 100,000",
            None,
            2.5,
            unit="percent",
            where='Kursk, "border" area',
        )
    )
    buf = io.StringIO()
    assert write_csv(claims, buf) == len(claims)
    buf.seek(0)
    rows = list(read_csv(buf))
    assert rows == [claim_to_json(c) for c in claims]
    assert [claim_from_json(r) for r in rows] == claims
    buf.seek(0)
    assert buf.readline().strip().split(",") == list(EXPORT_FIELDS)


@pytest.mark.parametrize(
    ("bounds", "text"),
    [
        ((None, 15000), "≤ 15,000"),
        ((10000, None), "≥ 10,000"),
        ((12000, 12000, True), "≈ 12,000"),
        ((12000, 12000), "12,000"),
        ((25000, 30000), "25,000–30,000"),
        ((10000, None, True, True), "≳ 10,000 (vague)"),
        ((1280000, 1280000, True), "≈ 1.28 million"),
        ((1234567, 1234567), "1,234,567"),
        ((2.5e9, 2.5e9, False, False, "USD"), "$2.5 billion"),
        ((12.5, 12.5, False, False, "percent"), "12.5%"),
        ((None, None), "?"),
    ],
)
def test_bounds_in_human_form(bounds: tuple, text: str) -> None:
    assert format_bounds(*bounds) == text


def render(table: object) -> str:
    console = Console(record=True, width=200, file=io.StringIO())
    console.print(table)
    return console.export_text()


def test_tables_show_text_that_looks_like_rich_markup_as_is(docs: list[Document]) -> None:
    c: Claim = claim_at(
        docs[0],
        "more than 10,000 North Korean soldiers",
        "more than 10,000",
        10000,
        None,
        source="[bold]x[/] [/link]",
    )
    out = render(claims_table([c]))
    assert "[bold]x[/] [/link]" in out and "≥ 10,000" in out and "troops_deployed" in out
    out = render(
        rejections_table([Rejection("ingest", "bad_json", "feed.jsonl:7", "Line 7 is not JSON [sic].")])
    )
    assert "bad_json" in out and "feed.jsonl:7" in out and "[sic]" in out
