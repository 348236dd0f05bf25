"""The HTML report: self-contained, no live markup from article text, evidence marked, charts fed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import plotly.graph_objects as go
import pytest

from corroborate.present.report_html import (
    colour_groups,
    evidence_html,
    json_for_html,
    render_report,
    safe_url,
    write_report,
)
from corroborate.records import Claim, Document, Rejection, Removal, content_id
from corroborate.store.sqlite_store import Store
from tests.store.seed_records import claim_at, gold_claims, seed_documents

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
CLOSE = "</script>"
HOSTILE = f"{SCRIPT} {IMG} {CLOSE}"
REPORT_JS = (
    Path(__file__).resolve().parents[2] / "src" / "corroborate" / "present" / "templates" / "report.js"
)


def hostile_store(path: Path) -> tuple[Store, Claim]:
    """A store whose one document puts markup in every field an article controls."""
    text = f"Officials said 12,000 troops {HOSTILE} crossed the border.\nSecond line {CLOSE} here."
    doc_id = content_id(text)
    doc = Document(
        id=doc_id,
        name=f"evil{IMG}.txt",
        origin="in/evil.txt",
        raw=text + " junk",
        text=text,
        title=f"Title {HOSTILE}",
        url="javascript:alert(1)",
        published="2024-11-20",
        removed=(Removal(doc_id, len(text), len(text) + 5, "site_repeat", " junk"),),
    )
    claim = claim_at(
        doc,
        text.split("\n")[0],
        "12,000",
        12000,
        12000,
        source=f"Ministry {HOSTILE}",
        counted=f"troops {HOSTILE}",
        where=IMG,
        time=SCRIPT,
        modality="denied",
    )
    other = claim_at(doc, "Second line", "Second", None, 5, measure=f"weird{IMG}", modality=SCRIPT)
    store = Store(path)
    with store.transaction():
        store.add_document(doc)
        store.add_claims([claim, other])
        store.add_rejection(Rejection("ingest", "bad_json", f"in/{IMG}", f"Detail {HOSTILE}", name=SCRIPT))
    return store, claim


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Claim]:
    store, claim = hostile_store(tmp_path_factory.mktemp("hostile") / "run.db")
    with store:
        return render_report(store, title=f"Report {SCRIPT}"), claim


@pytest.fixture(scope="module")
def seeds_report(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    docs = seed_documents(shared)
    path = tmp_path_factory.mktemp("seeds") / "run.db"
    with Store(path) as store, store.transaction():
        for d in docs:
            store.add_document(d)
        store.add_claims(gold_claims(shared, docs))
    out = path.parent / "report.html"
    with Store(path, readonly=True) as store:
        write_report(store, out, title="North Korean troops in Russia")
    return out.read_text(encoding="utf-8"), out


def our_scripts_only(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Assert every <script> is ours (plotly, report.js or a JSON data block); return the data blocks."""
    data_blocks = []
    for script in tree.iter("script"):
        if script.get("type") == "application/json":
            assert re.fullmatch(r"chart-[a-z0-9-]+-data", script.get("id", ""))
            data_blocks.append(script)
        else:
            assert script.get("id") in ("plotly-js", "report-js"), lxml.html.tostring(script)[:200]
            assert script.get("src") is None
    return data_blocks


def test_hostile_article_text_never_becomes_markup(hostile: tuple[str, Claim]) -> None:
    html, _ = hostile
    tree = lxml.html.fromstring(html)
    blocks = our_scripts_only(tree)
    assert len(blocks) == 2  # one chart per measure present
    assert len(list(tree.iter("script"))) == 4
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag not in ("img", "iframe", "object", "embed", "base", "form"), el.tag
        assert not [a for a in el.attrib if a.lower().startswith("on")], (el.tag, dict(el.attrib))
    # the payloads survive as visible text, which is what escaping (not stripping) means
    body = tree.body.text_content()
    assert SCRIPT in body and IMG.strip('"') in body
    assert tree.findtext(".//title") == f"Report {SCRIPT}"
    for block in blocks:
        assert "<" not in block.text and ">" not in block.text and "&" not in block.text
        data = json.loads(block.text)
        assert data["claims"]


def test_a_javascript_url_is_not_linked(hostile: tuple[str, Claim]) -> None:
    tree = lxml.html.fromstring(hostile[0])
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert hrefs and all(h.startswith("#") for h in hrefs)
    assert "javascript:" not in hostile[0].split('<script id="plotly-js">')[0]


def test_the_figure_is_marked_in_its_escaped_sentence(hostile: tuple[str, Claim]) -> None:
    html, claim = hostile
    tree = lxml.html.fromstring(html)
    marks = [m.text_content() for m in tree.iter("mark")]
    assert "12,000" in marks
    quote = next(q for q in tree.find_class("quote") if "12,000" in q.text_content())
    assert quote.text_content() == claim.quote
    # evidence rows and badges of an odd modality keep it as text
    assert any(b.text_content() == SCRIPT for b in tree.find_class("badge"))


def test_each_measure_has_a_chart_whose_data_parses_back(
    seeds_report: tuple[str, Path], shared: Path
) -> None:
    html, _ = seeds_report
    tree = lxml.html.fromstring(html)
    blocks = {b.get("id"): json.loads(b.text) for b in our_scripts_only(tree)}
    gold = json.loads((shared / "gold" / "seeds.claims.json").read_text(encoding="utf-8"))
    measures = {g["measure"] for g in gold["claims"]}
    total = 0
    for measure in measures:
        section = tree.get_element_by_id("m-" + measure.replace("_", "-"))
        (chart,) = section.find_class("chart")
        data = blocks[chart.get("data-chart")]
        assert chart.get("id") + "-data" == chart.get("data-chart")
        rows = section.xpath(".//tr[contains(@class, 'claim')]")
        assert len(data["claims"]) == len(rows) == sum(g["measure"] == measure for g in gold["claims"])
        assert all(
            0 <= c["source"] < len(data["sources"]) and 0 <= c["doc"] < len(data["documents"])
            for c in data["claims"]
        )
        total += len(rows)
    assert total == len(gold["claims"])
    planned = blocks["chart-troops-planned-data"]
    assert {"low": None, "high": 100000} in [{"low": c["low"], "high": c["high"]} for c in planned["claims"]]
    # sections follow the measure order: troops before casualties, other last
    order = [s.get("id") for s in tree.find_class("measure")]
    assert order.index("m-troops-deployed") < order.index("m-troops-planned") < order.index("m-other")
    assert order[-1] == "m-other"


def test_report_needs_no_network(seeds_report: tuple[str, Path]) -> None:
    html, path = seeds_report
    tree = lxml.html.fromstring(html)
    external = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("src", "srcset", "data", "poster", "action"):
            assert not (el.get(attr) and external.match(el.get(attr))), (el.tag, attr, el.get(attr))
        if el.tag == "link":
            assert not external.match(el.get("href", "")), el.get("href")
        if el.tag == "a" and el.get("href", "").startswith("http"):
            assert el.get("rel") == "noopener noreferrer"  # a link the reader may follow, not a load
    for style in [s.text for s in tree.iter("style")] + [
        el.get("style", "") for el in tree.iter() if isinstance(el.tag, str)
    ]:
        assert not re.search(r"@import|url\(\s*['\"]?\s*(https?:)?//", style, re.IGNORECASE)
    assert tree.get_element_by_id("plotly-js").text.startswith("/**")  # plotly inlined, not fetched
    assert 4_000_000 < path.stat().st_size < 6_500_000  # plotly once, the rest small


def test_empty_store_report_leaves_plotly_out(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.db") as store:
        html = render_report(store)
    assert "No quantitative claims" in html and 'id="plotly-js"' not in html
    assert len(html) < 100_000


def test_json_for_html_cannot_close_a_script() -> None:
    value = {"quote": "</script><!-- & -->", "n": [1, None, True], "sep": "\u2028"}
    text = str(json_for_html(value))
    assert not set("<>&") & set(text) and "\u2028" not in text
    assert json.loads(text) == value


def test_evidence_falls_back_to_the_figure_text_and_never_marks_wrongly(shared: Path) -> None:
    doc = seed_documents(shared)[0]
    c = claim_at(doc, "more than 10,000 North Korean soldiers", "10,000", 10000, None)
    assert "<mark>10,000</mark>" in evidence_html(c)
    shifted = Claim(**{**{f: getattr(c, f) for f in c.__slots__ if f != "id"}, "start": c.start + 3})
    assert "<mark>10,000</mark>" in evidence_html(shifted)  # span off, text found
    absent = Claim(**{**{f: getattr(c, f) for f in c.__slots__ if f != "id"}, "figure": "99,999"})
    assert "<mark>" not in evidence_html(absent)


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JAVASCRIPT:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("//example.org/x", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_links_are_kept(url: str | None, safe: bool) -> None:
    assert (safe_url(url) is not None) is safe


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_chart_script_draws_every_claim_as_a_valid_plotly_figure(
    seeds_report: tuple[str, Path], tmp_path: Path
) -> None:
    """Run report.js under node with a minimal DOM and a recording Plotly stand-in, then let
    plotly.py validate every figure it would draw, on the linear and on the log scale."""
    html, _ = seeds_report
    tree = lxml.html.fromstring(html)
    blocks = {b.get("id"): b.text for b in our_scripts_only(tree)}
    harness = tmp_path / "harness.js"
    harness.write_text(
        """
const fs = require("fs");
const blocks = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const drawn = { linear: {}, log: {} }, toggles = [];
let scale = "linear";
const divs = Object.keys(blocks).map(id => ({ id: id.slice(0, -5), getAttribute: () => id,
  parentNode: { insertBefore() {} } }));
global.window = { Plotly: { react(div, data, layout) { drawn[scale][div.id] = { data, layout }; } } };
global.document = { readyState: "complete", getElementById: id => ({ textContent: blocks[id] }),
  querySelectorAll: () => divs,
  createElement: () => ({ appendChild() {}, addEventListener(name, f) { toggles.push(f); } }) };
eval(fs.readFileSync(process.argv[3], "utf8"));
scale = "log";
toggles.forEach(f => f());
console.log(JSON.stringify(drawn));
""",
        encoding="utf-8",
    )
    data_file = tmp_path / "blocks.json"
    data_file.write_text(json.dumps(blocks), encoding="utf-8")
    run = subprocess.run(
        ["node", str(harness), str(data_file), str(REPORT_JS)], capture_output=True, text=True, timeout=30
    )
    assert run.returncode == 0, run.stderr
    drawn = json.loads(run.stdout)
    assert set(drawn["linear"]) == set(drawn["log"]) == {k[:-5] for k in blocks}
    for scale, figures in drawn.items():
        for chart_id, fig in figures.items():
            go.Figure(data=fig["data"], layout=fig["layout"])  # raises on any invalid property
            spec = json.loads(blocks[chart_id + "-data"])
            assert len(fig["data"][-1]["text"]) == 3 * len(spec["claims"])  # every claim can be hovered
            assert len(fig["layout"]["yaxis"]["ticktext"]) == len(spec["sources"])  # a row per source
            assert fig["layout"]["xaxis"]["type"] == scale
            lo, hi = fig["layout"]["xaxis"]["range"]
            if scale == "log":
                lo, hi = 10**lo, 10**hi
            for c in spec["claims"]:
                assert c["low"] is None or lo <= c["low"] <= hi
                assert c["high"] is None or lo <= c["high"] <= hi


def test_units_get_their_own_chart_and_alike_measures_their_own_ids(shared: Path, tmp_path: Path) -> None:
    doc = seed_documents(shared)[0]
    quote = "more than 10,000 North Korean soldiers"
    claims = [
        claim_at(doc, quote, "more than", 1e9, 1e9, measure="money", unit="USD"),
        claim_at(doc, quote, "10,000", 2e9, 2e9, measure="money", unit="EUR"),
        claim_at(doc, quote, "North", 1, 1, measure="odd_measure"),
        claim_at(doc, quote, "Korean", 2, 2, measure="odd-measure"),
    ]
    with Store(tmp_path / "run.db") as store:
        store.add_document(doc)
        store.add_claims(claims)
        tree = lxml.html.fromstring(render_report(store))
    money = tree.get_element_by_id("m-money")
    units = sorted(
        json.loads(tree.get_element_by_id(c.get("data-chart")).text)["unit"]
        for c in money.find_class("chart")
    )
    assert units == ["EUR", "USD"]
    ids = [el.get("id") for el in tree.iter() if isinstance(el.tag, str) and el.get("id")]
    assert len(ids) == len(set(ids))
    assert {"m-odd-measure", "m-odd-measure-2"} <= set(ids)
    assert "$1 billion" in money.text_content() and "€2 billion" in money.text_content()


def test_many_articles_are_coloured_by_publication_period() -> None:
    few = [(f"a{i}.txt", f"2024-11-0{i + 1}") for i in range(3)]
    labels, group_of = colour_groups(few)
    assert labels == ["2024-11-01 · a0.txt", "2024-11-02 · a1.txt", "2024-11-03 · a2.txt"]
    assert group_of == [0, 1, 2]
    # 30 articles over three weeks of November: too many days for ten colours, so weeks
    many = [(f"b{i}.txt", f"2024-11-{i % 21 + 1:02d}") for i in range(30)] + [("c.txt", "")]
    labels, group_of = colour_groups(many)
    assert labels == ["2024-W44", "2024-W45", "2024-W46", "2024-W47", "undated"]
    assert labels[group_of[0]] == "2024-W44" and labels[group_of[-1]] == "undated"
