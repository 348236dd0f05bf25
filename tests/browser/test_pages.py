"""The pages in a real browser: each page opens clean, search and filters work, a claim leads to
its evidence, the chart draws under the CSP, hostile article text runs nothing, and no page
asks any host but 127.0.0.1 for anything."""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

import pytest

from tests.browser.conftest import Server, Watch, screenshot
from tests.present.web_seed import hostile_document

Watched = tuple[Any, Watch]


def api(server: Server, path: str) -> Any:
    with urllib.request.urlopen(server.url + path) as r:  # noqa: S310 - our own server on 127.0.0.1
        return json.loads(r.read())


def top_figure(server: Server) -> dict[str, Any]:
    """The figure with the most claims: a reconciled one when reconciliation is installed."""
    return api(server, "/api/figures")["items"][0]


def wait_for_chart(page: Any) -> None:
    page.wait_for_selector("div.chart[data-rendered='true'] svg.main-svg", timeout=15_000)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Overview"),
        ("/figures", "Figures"),
        ("/documents", "Documents"),
        ("/sources", "Sources"),
        ("/search?q=troops", "Search"),
        ("/stories", "Stories"),
        ("/figures/troops_planned", "Troops planned or expected"),
    ],
)
def test_each_page_opens_clean(watched: Watched, server: Server, path: str, heading: str) -> None:
    page, watch = watched
    response = page.goto(server.url + path)
    assert response.status == 200
    assert page.locator("h1").first.inner_text() == heading
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    page.wait_for_load_state("networkidle")
    watch.assert_clean()


def test_overview_counts_what_is_stored(watched: Watched, server: Server) -> None:
    page, watch = watched
    page.goto(server.url + "/")
    stats = api(server, "/api/stats")["counts"]
    cards = dict(
        zip(
            page.locator(".stats dt").all_text_contents(),
            page.locator(".stats dd").all_text_contents(),
            strict=True,
        )
    )
    assert cards["Documents"] == str(stats["documents"]) and cards["Claims"] == str(stats["claims"])
    assert page.locator("#figures tbody tr").count() >= 1
    screenshot(page, "overview")
    watch.assert_clean()


def test_figure_page_draws_its_claims_and_consensus(watched: Watched, server: Server) -> None:
    page, watch = watched
    figure = top_figure(server)
    page.goto(server.url + figure["links"]["page"])
    wait_for_chart(page)
    claims = api(server, figure["links"]["self"] + "?limit=500")["items"]
    drawn = page.locator("div.chart .scatterlayer .point").count()
    assert drawn == len([c for c in claims if c["value_low"] is not None or c["value_high"] is not None])
    assert page.locator("div.chart .legendtext").count() >= 1
    if figure["consensus"] and figure["consensus"]["value"] is not None:
        summary = page.locator(".figure-summary .consensus").text_content() or ""
        assert f"{figure['consensus']['value']:,}" in summary
        assert page.locator("div.chart .shapelayer path").count() >= 1  # the consensus band and line
    assert page.locator("table.claims tbody tr").count() == len(claims)
    screenshot(page, "figure")
    watch.assert_clean()


def test_log_scale_button_redraws(watched: Watched, server: Server) -> None:
    page, watch = watched
    page.goto(server.url + "/figures/troops_planned")
    wait_for_chart(page)
    button = page.get_by_role("button", name=re.compile("scale"))
    before = button.inner_text()
    button.click()
    assert button.inner_text() != before
    page.wait_for_selector("div.chart .yaxislayer-above .ytick")
    watch.assert_clean()


def test_claim_leads_to_its_evidence(watched: Watched, server: Server) -> None:
    page, watch = watched
    figure = top_figure(server)
    page.goto(server.url + figure["links"]["page"])
    first = page.locator("table.claims tbody tr").first
    figure_text = first.locator(".figure").inner_text()
    first.locator("a.bounds").click()
    page.wait_for_url(re.compile(r"/claims/\w+$"))
    evidence = page.locator("#article-text .evidence")
    assert evidence.locator("mark").inner_text() == figure_text
    assert page.locator(".sentence-quote mark").inner_text() == figure_text
    # the sentence has been scrolled into the text box's view
    box = page.locator("#article-text").bounding_box()
    mark = evidence.locator("mark").bounding_box()
    assert box and mark and box["y"] <= mark["y"] <= box["y"] + box["height"]
    screenshot(page, "evidence")
    page.locator(".facts a.doc-link").click()
    page.wait_for_url(re.compile(r"/documents/\w+$"))
    assert page.locator(".article-text a.fig").count() >= 1
    watch.assert_clean()


def test_clicking_a_point_on_the_chart_opens_its_evidence(watched: Watched, server: Server) -> None:
    page, watch = watched
    page.goto(server.url + "/figures/troops_planned")
    wait_for_chart(page)
    point = page.locator("div.chart .scatterlayer .point").first.bounding_box()
    assert point is not None
    page.mouse.move(point["x"] + point["width"] / 2, point["y"] + point["height"] / 2)
    page.mouse.click(point["x"] + point["width"] / 2, point["y"] + point["height"] / 2)
    page.wait_for_url(re.compile(r"/claims/\w+$"), timeout=10_000)
    assert page.locator("#article-text mark").count() == 1
    watch.assert_clean()


def test_search_then_filter_and_share(watched: Watched, server: Server) -> None:
    page, watch = watched
    page.goto(server.url + "/")
    page.fill(".quick-search input[name=q]", "ambassador")
    page.press(".quick-search input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=ambassador"))
    assert page.locator("ol.hits li").count() >= 1
    assert "ambassador" in page.locator("ol.hits mark").first.inner_text().lower()
    page.get_by_role("link", name=re.compile("^Claims")).click()
    page.wait_for_url(re.compile(r"type=claims"))
    all_rows = page.locator("table.claims tbody tr.claim").count()
    assert all_rows >= 1
    page.select_option("form.filters select[name=modality]", "expected")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"modality=expected"))
    badges = page.locator("table.claims tbody .c-mod .badge").all_inner_texts()
    assert badges and set(badges) == {"expected"} and len(badges) <= all_rows
    shared_url = page.url
    page.goto(server.url + "/")
    page.goto(shared_url)  # the URL alone brings the same view back
    assert page.locator("table.claims tbody .c-mod .badge").all_inner_texts() == badges
    assert page.locator("form.filters select[name=modality]").input_value() == "expected"
    watch.assert_clean()


def test_filters_by_place_and_date(watched: Watched, server: Server) -> None:
    page, watch = watched
    page.goto(server.url + "/search?type=claims")
    page.fill("form.filters input[name=place]", "Kursk")
    page.fill("form.filters input[name=from]", "2024-11-11")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"place=Kursk.*from=2024-11-11"))
    places = page.locator("table.claims tbody .where").all_inner_texts()
    assert places and all("kursk" in p.lower() for p in places)
    dates = page.locator("table.claims tbody time").all_inner_texts()
    assert dates and min(dates) >= "2024-11-11"
    watch.assert_clean()


def test_api_docs_render_from_local_assets(watched: Watched, server: Server) -> None:
    page, watch = watched
    page.goto(server.url + "/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
    assert "corroborate" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".swagger-ui .opblock").count() >= 8
    page.wait_for_load_state("networkidle")
    assert all(r.startswith(server.url) for r in watch.requests)
    watch.assert_clean()


def test_hostile_document_runs_nothing(watched: Watched, hostile_server: Server) -> None:
    server = hostile_server
    page, watch = watched
    doc, claims = hostile_document()
    for path in (
        f"/documents/{doc.id}",
        f"/claims/{claims[0].id}",
        "/",
        "/documents",
        "/sources",
        "/figures/troops_deployed",
        "/search?q=officials",
        "/search?q=officials&type=claims",
    ):
        page.goto(server.url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__pwned") is None, path
        assert page.locator("img[src*='evil.example']").count() == 0, path
        assert page.locator("a[href^='javascript:']").count() == 0, path
    # the markup is shown as text
    page.goto(server.url + f"/documents/{doc.id}")
    assert "<script>window.__pwned = 'script'</script>" in page.locator(".article-text").inner_text()
    assert "<script>" in page.locator("h1").inner_text()
    watch.assert_clean()
