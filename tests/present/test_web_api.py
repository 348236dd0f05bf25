"""The web app through FastAPI's TestClient: every endpoint, one error shape, 4xx for bad input,
security headers, no path traversal, no live markup from article text, reads during writes."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from corroborate.config import Config
from corroborate.pipeline import run
from corroborate.present.web_app import CONTENT_SECURITY_POLICY, app_from_environment, create_app
from corroborate.present.web_state import FigureView
from corroborate.records import MODALITIES
from corroborate.store.sqlite_store import Store
from tests.present.web_seed import build_seed_db, hostile_document

API_LISTS = (
    "/api/claims",
    "/api/documents",
    "/api/figures",
    "/api/stories",
    "/api/sources",
    "/api/search?q=troops",
)
PAGES = ("/", "/figures", "/documents", "/sources", "/search", "/search?q=troops", "/stories", "/docs")


@pytest.fixture(scope="module")
def db(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_db(tmp_path_factory.mktemp("web") / "seed.db", shared)


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def store(db: Path) -> Store:
    return Store(db, readonly=True)


def assert_error(response, status: int, code: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    """The response is the one JSON error shape with this status."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "detail"}
    assert body["error"]["status"] == status
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


# -- endpoints -------------------------------------------------------------------------------


def test_api_index_lists_the_endpoints(client: TestClient) -> None:
    links = client.get("/api/").json()
    for path in API_LISTS:
        assert path.split("?")[0] in {v.split("?")[0] for v in links.values()}


def test_stats_match_the_store(client: TestClient, store: Store) -> None:
    body = client.get("/api/stats").json()
    assert body["counts"] == store.counts()
    assert body["published"] == {"first": "2024-11-10", "last": "2024-11-20"}


def test_claims_carry_export_fields_document_and_links(client: TestClient, store: Store) -> None:
    body = client.get("/api/claims?limit=500").json()
    assert body["total"] == store.counts()["claims"] == len(body["items"])
    by_id = {c.id: c for c in store.claims()}
    for item in body["items"]:
        c = by_id[item["id"]]
        assert (item["doc"], item["figure"], item["measure"], item["source"]) == (
            c.doc,
            c.figure,
            c.measure,
            c.source,
        )
        assert item["links"]["evidence"] == f"/claims/{c.id}"
        assert item["document"]["id"] == c.doc_id
    one = body["items"][0]
    assert client.get(one["links"]["self"]).json() == one


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ("measure=troops_planned", lambda c: c["measure"] == "troops_planned"),
        ("modality=possible", lambda c: c["modality"] == "possible"),
        ("source=Emerging+reports", lambda c: (c["source"] or "").lower() == "emerging reports"),
        ("place=kursk", lambda c: "kursk" in (c["where"] or "").lower()),
        (
            "from=2024-11-12&to=2024-11-13",
            lambda c: "2024-11-12" <= c["document"]["published"] <= "2024-11-13",
        ),
        ("to=2024-11-11", lambda c: c["document"]["published"] <= "2024-11-11"),
        ("q=ambassador", lambda c: True),
        ("unit=count", lambda c: c["unit"] is None),
    ],
)
def test_claim_filters_select_what_they_say(client: TestClient, params: str, check) -> None:  # type: ignore[no-untyped-def]
    everything = client.get("/api/claims?limit=500").json()["items"]
    body = client.get(f"/api/claims?limit=500&{params}").json()
    assert 0 < body["total"] == len(body["items"]), params
    assert all(check(c) for c in body["items"]), params
    if params != "unit=count":
        assert body["total"] < len(everything), f"{params} filtered nothing out"


def test_partial_dates_cover_their_whole_month_or_year(client: TestClient) -> None:
    everything = client.get("/api/claims?limit=500").json()["total"]
    assert client.get("/api/claims?to=2024-11").json()["total"] == everything  # 2024-11-20 included
    assert client.get("/api/claims?from=2024").json()["total"] == everything
    assert client.get("/api/claims?from=2024-12").json()["total"] == 0


def test_full_text_filter_keeps_claims_of_matching_documents(client: TestClient, store: Store) -> None:
    docs = {doc_id for doc_id, _, _ in store.search("ambassador", limit=100)}
    items = client.get("/api/claims?limit=500&q=ambassador").json()["items"]
    assert {c["doc_id"] for c in items} == docs & {c.doc_id for c in store.claims()}


def test_paging_visits_every_claim_once(client: TestClient, store: Store) -> None:
    seen: list[str] = []
    url: str | None = "/api/claims?limit=5"
    prevs = 0
    while url:
        body = client.get(url).json()
        seen += [c["id"] for c in body["items"]]
        prevs += body["prev"] is not None
        url = body["next"]
    assert len(seen) == len(set(seen)) == store.counts()["claims"]
    assert prevs == math.ceil(len(seen) / 5) - 1


def test_csv_download_has_the_export_columns_and_every_selected_claim(
    client: TestClient, store: Store
) -> None:
    r = client.get("/api/claims.csv?measure=troops_planned")
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    expected = [c.id for c in store.claims(measure="troops_planned")]
    assert sorted(row["id"] for row in rows) == sorted(expected)
    assert {"doc", "quote", "value_low", "value_high", "measure", "source", "modality"} <= set(rows[0])


def test_csv_download_streams_in_chunks_without_repeating_the_header(
    client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("corroborate.present.web_api.CSV_CHUNK", 4)
    lines = client.get("/api/claims.csv").text.splitlines()
    assert sum(1 for line in lines if line.startswith("doc,quote,")) == 1
    assert len(list(csv.DictReader(io.StringIO("\n".join(lines))))) == store.counts()["claims"]


def test_documents_list_and_detail(client: TestClient, store: Store) -> None:
    body = client.get("/api/documents?limit=3").json()
    assert body["total"] == store.counts()["documents"] and len(body["items"]) == 3
    dates = [d["published"] for d in body["items"]]
    assert dates == sorted(dates, reverse=True)  # newest first
    doc_id = body["items"][1]["id"]
    detail = client.get(f"/api/documents/{doc_id}").json()
    stored = store.document(doc_id)
    assert stored is not None
    assert detail["text"] == stored.text
    assert detail["occurrences"] == [{"name": n, "origin": o} for n, o in store.occurrences(doc_id)]
    assert [r["rule"] for r in detail["removed"]] == [r.rule for r in stored.removed]
    assert detail["claims"] == len(list(store.claims(doc_id=doc_id)))
    dated = client.get("/api/documents?from=2024-11-20").json()
    assert [d["published"] for d in dated["items"]] == ["2024-11-20"]


def test_figures_fall_back_to_measures_and_say_so(db: Path, store: Store) -> None:
    client = TestClient(create_app(db, figures=lambda s: None, stories=lambda s: None))
    body = client.get("/api/figures").json()
    assert body["computed"] is False and "not computed" in body["note"]
    measures = {c.measure for c in store.claims()}
    assert {f["id"] for f in body["items"]} == measures
    fig = client.get("/api/figures/troops_deployed?limit=500").json()
    assert fig["figure"]["consensus"] is None
    assert {c["measure"] for c in fig["items"]} == {"troops_deployed"}
    assert fig["total"] == len(list(store.claims(measure="troops_deployed")))
    assert "not computed" in client.get("/").text


def test_installed_reconciliation_gives_figures_over_stored_claims(client: TestClient, store: Store) -> None:
    body = client.get("/api/figures?limit=500").json()
    if not body["computed"]:
        pytest.skip(f"reconciliation is not installed: {body['note']}")
    ids = {c.id for c in store.claims()}
    assert body["items"] and all(f["computed"] for f in body["items"])
    counts = [f["claims"] for f in body["items"]]
    assert counts == sorted(counts, reverse=True)
    for f in body["items"]:
        claims = client.get(f["links"]["self"] + "?limit=500").json()
        assert claims["total"] == f["claims"] and {c["id"] for c in claims["items"]} <= ids


def test_slow_figures_are_computed_off_the_request_path(db: Path) -> None:
    release = threading.Event()

    def slow(store: Store) -> list[FigureView]:
        release.wait(10)
        return [
            FigureView(
                id="f-slow", label="Slow figure", measure="troops_deployed", claim_ids=(), computed=True
            )
        ]

    app = create_app(db, figures=slow, stories=lambda s: None)
    app.state.web.figure_runs.first_wait = 0.05
    client = TestClient(app)
    t = time.perf_counter()
    body = client.get("/api/figures").json()
    assert time.perf_counter() - t < 2
    assert body["computed"] is False and "being computed" in body["note"]
    assert "being computed" in client.get("/").text
    release.set()
    app.state.web.figure_runs.wait(10)
    body = client.get("/api/figures").json()
    assert body["computed"] is True and [f["id"] for f in body["items"]] == ["f-slow"]


def test_a_failing_stage_leaves_the_pages_up(db: Path) -> None:
    def broken(store: Store) -> list[FigureView]:
        raise RuntimeError("reconciliation exploded")

    client = TestClient(create_app(db, figures=broken, stories=broken))
    body = client.get("/api/figures").json()
    assert body["computed"] is False and "reconciliation exploded" in body["note"]
    assert client.get("/").status_code == 200
    assert client.get("/api/stories").json()["computed"] is False


def test_stories_are_empty_until_computed(db: Path) -> None:
    client = TestClient(create_app(db, stories=lambda s: None))
    body = client.get("/api/stories").json()
    assert body["computed"] is False and body["items"] == [] and body["note"]
    assert_error(client.get("/api/stories/anything"), 404, "not_found")


def test_sources_most_cited_first_and_by_kind(client: TestClient, store: Store) -> None:
    body = client.get("/api/sources").json()
    counts = [s["claims"] for s in body["items"]]
    assert counts == sorted(counts, reverse=True)
    assert body["total"] == store.counts()["sources"]
    kinds = client.get("/api/sources?kind=intelligence").json()["items"]
    assert kinds and all(s["kind"] == "intelligence" for s in kinds)


def test_search_gives_snippets_with_match_spans(client: TestClient) -> None:
    body = client.get("/api/search?q=ambassador").json()
    assert body["total"] >= 1
    for hit in body["items"]:
        assert hit["matches"]
        for start, end in hit["matches"]:
            assert hit["snippet"][start:end].lower().startswith("ambassador")
    near = client.get("/api/search?q=troops+NEAR+kursk").json()  # FTS5 syntax works
    assert near["total"] >= 1


def test_openapi_describes_the_api_and_the_docs_page_is_local(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/claims",
        "/api/claims.csv",
        "/api/documents/{doc_id}",
        "/api/figures/{figure_id}",
        "/api/search",
    ):
        assert path in spec["paths"]
    assert not any(p.startswith(("/static", "/claims", "/figures")) for p in spec["paths"])
    docs = client.get("/docs").text
    assert 'src="/static/swagger-ui-bundle.js"' in docs
    assert not re.search(r'(src|href)="(https?:)?//', docs)
    assert client.get("/static/swagger-ui-bundle.js").status_code == 200


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/claims?limit=0",
        "/api/claims?limit=501",
        "/api/claims?limit=abc",
        "/api/claims?offset=-1",
        "/api/claims?offset=100000000000000000000000",
        "/api/claims?modality=rumoured",
        "/api/claims?from=2024-13-01",
        "/api/claims?to=yesterday",
        "/api/claims?measure=" + "x" * 101,
        "/api/sources?kind=alien",
        "/api/search",
        "/api/search?q=",
    ],
)
def test_bad_parameters_are_422_in_the_error_shape(client: TestClient, url: str) -> None:
    error = assert_error(client.get(url), 422, "bad_parameter")
    assert error["message"].startswith(("bad value for", "search needs"))


@pytest.mark.parametrize("q", ["***", "%00", "((("])
def test_queries_without_words_are_422_never_500(client: TestClient, q: str) -> None:
    assert_error(client.get(f"/api/search?q={q}"), 422)
    assert_error(client.get(f"/api/claims?q={q}"), 422)


@pytest.mark.parametrize(
    "q", ['"unterminated', "%22%22", "NEAR(", "troops AND", "title:troops", "^x", "a%00b", "%ED%A0%80"]
)
def test_odd_queries_are_answered_not_crashed(client: TestClient, q: str) -> None:
    assert client.get(f"/api/search?q={q}").status_code in (200, 422)
    assert client.get(f"/search?q={q}").status_code in (200, 422)


def test_missing_things_are_404_in_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/claims/nope"), 404, "not_found")
    assert_error(client.get("/api/documents/nope"), 404, "not_found")
    assert_error(client.get("/api/figures/nope"), 404, "not_found")
    assert_error(client.get("/api/no/such/route"), 404, "not_found")
    assert_error(client.post("/api/claims"), 405, "method_not_allowed")


@pytest.mark.parametrize(
    "url",
    ["/search?page=0", "/search?page=x", "/documents?from=never", "/figures/troops_deployed?modality=x"],
)
def test_bad_parameters_on_pages_are_422_pages(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "bad value" in r.text


def test_missing_pages_are_404_pages(client: TestClient) -> None:
    for url in ("/claims/nope", "/documents/nope", "/figures/nope", "/stories/nope", "/nothing/here"):
        r = client.get(url)
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html"), url


# -- safety ----------------------------------------------------------------------------------


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for url in (
        *PAGES,
        "/api/claims",
        "/api/nothing",
        "/static/web.css",
        "/openapi.json",
        "/nothing",
        "/api/claims.csv",
    ):
        r = client.get(url)
        assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, url
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY and "'unsafe-eval'" not in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    "path",
    [
        "/static/../web_app.py",
        "/static/..%2fweb_app.py",
        "/static/%2e%2e%2fweb_app.py",
        "/static/..%2F..%2Fstore%2Fqueries.py",
        "/static/..%5c..%5cweb_app.py",
        "/static/%2e%2e/%2e%2e/records.py",
        "/static/index.html",  # a file of the Swagger package that is not on the list
        "/static//etc/passwd",
        "/static/%2Fetc%2Fpasswd",
    ],
)
def test_static_files_come_from_a_fixed_list_only(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404, path
    assert "import" not in r.text and "root:" not in r.text


def test_static_assets_are_served_locally(client: TestClient) -> None:
    for name, kind in (("web.css", "text/css"), ("web.js", "javascript"), ("plotly.min.js", "javascript")):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200 and kind in r.headers["content-type"], name


def test_pages_name_no_other_host(client: TestClient, store: Store) -> None:
    claim = next(store.claims())
    for url in (*PAGES, "/figures/troops_deployed", f"/claims/{claim.id}", f"/documents/{claim.doc_id}"):
        html = client.get(url).text
        assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', html), url
        assert "<script>" not in html.replace('<script type="application/json"', ""), url


def hostile_pages(client: TestClient) -> dict[str, str]:
    doc, claims = hostile_document()
    urls = [
        "/",
        f"/documents/{doc.id}",
        f"/claims/{claims[0].id}",
        f"/claims/{claims[1].id}",
        "/figures/troops_deployed",
        "/sources",
        "/documents",
        "/search?q=officials&type=documents",
        "/search?q=officials&type=claims",
        "/search?type=claims&source=" + claims[0].source,  # type: ignore[operator]
    ]
    return {url: client.get(url).text for url in urls}


def test_article_markup_is_escaped_everywhere(client: TestClient) -> None:
    for url, html in hostile_pages(client).items():
        assert "<script>window.__pwned" not in html, url
        assert '<img src="http://evil.example' not in html, url
        assert "javascript:" not in re.sub(r"&[#\w]+;", "", " ".join(re.findall(r'href="([^"]*)"', html))), (
            url
        )
        # the text is there, as text
        assert "&lt;script&gt;window.__pwned" in html or "\\u003cscript\\u003e" in html, url


def test_chart_data_cannot_end_its_script_block(client: TestClient) -> None:
    html = client.get("/figures/troops_deployed").text
    block = re.search(r'<script type="application/json" id="timeline-data">(.*?)</script>', html, re.S)
    assert block is not None
    data = json.loads(block.group(1))
    names = {s["name"] for s in data["series"]}
    assert any("<img" in n for n in names)  # the hostile source survives as data
    assert "<" not in block.group(1)


# -- providers and concurrency --------------------------------------------------------------


def test_reconciled_figures_and_stories_are_shown_when_provided(db: Path, store: Store) -> None:
    doc, claims = hostile_document()
    figure = FigureView(
        id="f-border",
        label="Troops at the border",
        measure="troops_deployed",
        claim_ids=tuple(c.id for c in claims),
        value=13000,
        low=12000,
        high=15000,
        status="determined",
        computed=True,
    )
    story = {"id": "s-1", "title": "Border crossing", "doc_ids": [doc.id], "figure_ids": ["f-border"]}
    client = TestClient(create_app(db, figures=lambda s: [figure], stories=lambda s: [story]))
    body = client.get("/api/figures").json()
    assert body["computed"] is True and body["items"][0]["consensus"] == {
        "value": 13000,
        "low": 12000,
        "high": 15000,
    }
    page = client.get("/api/figures/f-border").json()
    assert {c["id"] for c in page["items"]} == {c.id for c in claims}
    assert client.get("/api/figures/troops_deployed").status_code == 200  # measures stay reachable
    html = client.get("/figures/f-border").text
    assert "Consensus" in html and "13,000" in html
    assert client.get("/api/stories").json()["items"][0]["documents"] == [doc.id]
    assert "Troops at the border" in client.get("/stories/s-1").text
    assert "Border crossing" in client.get(f"/claims/{claims[0].id}").text


def test_serves_while_analyze_writes(tmp_path: Path, shared: Path) -> None:
    """WAL lets the read-only app answer every request while a run commits batch after batch."""
    articles = shared / "eval" / "casualties" / "articles.jsonl"
    sample = tmp_path / "articles.jsonl"
    with articles.open(encoding="utf-8") as f:
        sample.write_text("".join(next(f) for _ in range(120)), encoding="utf-8")
    db = tmp_path / "live.db"
    Store(db).close()
    client = TestClient(create_app(db), raise_server_exceptions=False)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with Store(db) as store:
                run([sample], Config(), store, batch_size=5)
        except BaseException as e:  # noqa: BLE001 - reported by the test below
            errors.append(e)

    writer = threading.Thread(target=write)
    writer.start()
    statuses, totals = [], []
    while writer.is_alive():
        r = client.get("/api/claims?limit=5")
        statuses.append(r.status_code)
        totals.append(r.json().get("total", -1))
        statuses.append(client.get("/").status_code)
        time.sleep(0.01)
    writer.join()
    assert not errors
    assert set(statuses) == {200}, statuses
    assert len(totals) >= 3, f"only {len(totals)} reads happened during the run"
    assert totals == sorted(totals), totals  # the growth is seen, never undone
    assert len(set(totals)) > 1, totals
    with Store(db, readonly=True) as store:
        assert client.get("/api/claims").json()["total"] == store.counts()["claims"]


def test_modalities_in_filters_are_the_record_model_ones(client: TestClient) -> None:
    html = client.get("/search").text
    for m in MODALITIES:
        assert f'<option value="{m}"' in html


def test_app_refuses_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        create_app(tmp_path / "missing.db")
    bad = tmp_path / "bad.db"
    bad.write_text("not sqlite", encoding="utf-8")
    with pytest.raises(ValueError):
        create_app(bad)


def test_apps_share_nothing(db: Path, tmp_path: Path, shared: Path) -> None:
    """Two apps on two databases keep their own connections and caches."""
    other = tmp_path / "other.db"
    with Store(other) as store:
        store.add_document(hostile_document()[0])
    a, b = TestClient(create_app(db)), TestClient(create_app(other))
    assert a.get("/").status_code == b.get("/").status_code == 200  # fills both caches
    assert a.get("/api/stats").json()["counts"]["documents"] == 6
    assert b.get("/api/stats").json()["counts"]["documents"] == 1
    assert a.app.state.web is not b.app.state.web


def test_cache_keeps_to_its_byte_budget(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("corroborate.present.web_state.CACHE_BYTES", 10_000)
    state = create_app(db).state.web
    store = state.store()
    calls: list[int] = []
    for i in range(20):
        assert state.cached(store, ("big", i), lambda i=i: calls.append(i) or "x" * 3000) == "x" * 3000
    assert len(state._cache) == 3 and state._cached_bytes == sum(state._sizes.values()) <= 10_000
    state.cached(store, ("big", 19), lambda: calls.append(-1) or "y")  # the newest is still kept
    assert -1 not in calls and len(calls) == 20


def test_serve_answers_on_loopback(db: Path) -> None:
    """``serve`` as the CLI runs it: its own process, 127.0.0.1 by default, read-only."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = "import sys; from pathlib import Path; from corroborate.present.web_app import serve;"
    code += " serve(Path(sys.argv[1]), port=int(sys.argv[2]))"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(db), str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=5) as r:  # noqa: S310
                    assert json.loads(r.read())["counts"]["documents"] == 6
                    assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(10)


def test_worker_processes_find_the_database_in_the_environment(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CORROBORATE_WEB_DB", raising=False)
    with pytest.raises(RuntimeError, match="CORROBORATE_WEB_DB"):
        app_from_environment()
    monkeypatch.setenv("CORROBORATE_WEB_DB", str(db))
    assert TestClient(app_from_environment()).get("/api/stats").json()["counts"]["documents"] == 6
