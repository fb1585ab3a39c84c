"""Live browser tests of the pages in headless Debian Chromium, over the bundled store.

A real ``gkg serve`` (granian) runs on a free port of 127.0.0.1; each test drives the
pages as a reader would (open a module, follow a reference, open a person and their
declarations, open a source span, filter the network), asserts what is on screen, and
that every request the page made stayed on 127.0.0.1.  Every page kind is checked with
axe-core (no critical or serious violation), for Content-Security-Policy violations and for
sideways scrolling, at 1280 and 390 px.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import CspLog, RequestLog, axe_violations, sideways_overflow
from fixtures_server import running_server
from playwright.sync_api import Browser, Page, expect

# the network view reads every tie: no 50-row cap of the other live tests
SETTINGS = {"GKG_QUERY_TIMEOUT": "20", "GKG_MAX_CONCURRENT": "4", "GKG_ROW_CAP": "10000"}


@pytest.fixture(scope="module")
def server(bundled_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``gkg serve`` over the bundled store on a free port; yields its URL."""
    log = tmp_path_factory.mktemp("logs") / "serve.log"
    with running_server(bundled_store, SETTINGS, workers=1, log=log) as url:
        yield url


SOURCE = "/source/cd1d8d8584518336"
EVIDENCE_PAGES = (
    "/module/borstkanker/10.1.1",
    "/module/borstreconstructie/6.1",
    "/module/borstkanker/9.2.3",
    "/recommendation/borstkanker/10.1.1-2",
    "/recommendation/borstreconstructie/6.1-1",
    "/network?module=6.1",
    "/network?ego=Agnes+Jager",
)
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


def open_page(page: Page, url: str) -> RequestLog:
    log = RequestLog().watch(page)
    page.goto(url)
    return log


def test_open_a_module_and_follow_a_reference(page: Page, server: str) -> None:
    log = open_page(page, f"{server}/")
    page.get_by_role("link", name="10.1.1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Module 10.1.1 Beeldvormende diagnostiek bij oligometastasen bij borstkanker"
    )
    expect(page.locator("#recommendations")).to_contain_text("Aanbeveling-1 Aanvullende MRI")
    expect(page.locator("figure.forest svg").first).to_be_visible()
    page.locator("#references").get_by_role("link", name="Xia", exact=False).first.click()
    expect(page).to_have_url(f"{server}/reference/xia-2023")
    expect(page.locator("main")).to_contain_text("Xia")
    expect(page.get_by_role("link", name="DOI", exact=False).first).to_be_visible()
    expect(page.locator("section", has=page.locator("#incoming-h"))).to_contain_text("10.1.1")
    assert log.off_host() == []


def test_open_a_person_and_their_declarations(page: Page, server: str) -> None:
    log = open_page(page, f"{server}/module/borstkanker/10.1.1")
    page.locator("#panel").get_by_role("link", name="Agnes Jager").click()
    expect(page).to_have_url(f"{server}/person/agnes-jager")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agnes Jager")
    declarations = page.locator("#declarations")
    expect(declarations).to_contain_text("Module 10.1.1")
    folded = declarations.locator("details", has_text="Module 10.1.1 · Clusterexpertisegroep")
    folded.locator("summary").click()
    folded.get_by_role("link", name="Declaration of interests").click()
    expect(page).to_have_url(f"{server}/declaration/borstkanker/10.1.1/agnes-jager/expertise")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Declaration of interests: Agnes Jager · module 10.1.1 · Clusterexpertisegroep"
    )
    assert log.off_host() == []


def test_open_a_source_span(page: Page, server: str) -> None:
    xia_sensitivity = "/finding/borstkanker/10.1.1/xia-2023/sensitivity-fdg-pet-ct-bone-metastases"
    log = open_page(page, server + xia_sensitivity)
    page.locator("a.src").first.click()
    expect(page).to_have_url(f"{server}/source/cd1d8d8584518336/lines/375-375")
    highlighted = page.locator("tr.hit")
    expect(highlighted).to_have_count(1)
    expect(highlighted).to_contain_text("sensitiviteit van 96%")
    expect(page.locator("main")).to_contain_text("Derived from these lines")
    assert log.off_host() == []


def test_filter_the_network(page: Page, server: str) -> None:
    log = open_page(page, f"{server}/network")
    expect(page.locator("body")).to_have_attribute("data-network-ready", "true")
    status = page.locator("#network-status")
    expect(status).to_contain_text("ties")
    everything = int(status.get_attribute("data-ties"))
    page.locator("#module-filter").select_option("6.1")
    expect(status).to_contain_text("in module 6.1")
    in_module = int(status.get_attribute("data-ties"))
    page.get_by_label("employment").uncheck()
    expect(status).not_to_have_attribute("data-ties", str(in_module))
    assert 0 < int(status.get_attribute("data-ties")) < in_module < everything
    expect(page.locator("#centrality tbody tr").first).to_be_visible()
    assert "module=6.1" in page.url
    assert log.off_host() == []


def test_language_switch_is_remembered(page: Page, server: str) -> None:
    log = open_page(page, f"{server}/module/borstreconstructie/6.1")
    page.get_by_role("link", name="NL", exact=True).click()
    expect(page.locator("#recommendations-h")).to_have_text("Aanbevelingen")
    page.goto(f"{server}/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert log.off_host() == []


def test_skip_link_is_first_in_keyboard_order(page: Page, server: str) -> None:
    open_page(page, f"{server}/module/borstkanker/10.1.1")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()


def test_methodologist_goes_from_a_recommendation_to_figures_and_source_lines_in_two_clicks(
    page: Page, server: str
) -> None:
    log = open_page(page, f"{server}/module/borstkanker/10.1.1")
    page.get_by_role("link", name="Aanbeveling-2 overige PET-tracers").click()  # click 1
    expect(page).to_have_url(f"{server}/recommendation/borstkanker/10.1.1-2")
    evidence = page.locator("#evidence-behind")
    expect(evidence).to_contain_text("Certainty: very low")
    expect(evidence).to_contain_text("Rationale van de 2^e aanbeveling")
    kurland = evidence.locator("table.findings tr", has_text="Kurland 2020").first
    expect(kurland).to_contain_text("sensitivity")
    expect(kurland).to_contain_text("oestrogen receptor status")
    expect(kurland).to_contain_text("0.78")
    expect(kurland).to_contain_text("0.65–0.88")
    expect(evidence.locator("figure.forest").first).to_be_visible()
    kurland.locator("a.src").click()  # click 2
    expect(page).to_have_url(f"{server}{SOURCE}/lines/408-408")
    expect(page.locator("tr.hit")).to_contain_text("De gepoolde sensitiviteit bedroeg 78%")
    assert log.off_host() == []


def test_journalist_finds_industry_ties_on_the_topic_and_shared_organisations(
    page: Page, server: str
) -> None:
    log = open_page(page, f"{server}/")
    page.get_by_role("link", name="6.1", exact=True).click()
    page.locator("nav.toc").get_by_role("link", name="Declared interests").click()
    topic = page.locator("#interests table.topic-ties tbody tr")
    industry_rows = topic.filter(has=page.locator(".badge.industry"))
    # the implant study (Polytech) concerns another intervention: no tie on the topic
    expect(industry_rows).to_have_count(1)
    expect(industry_rows.nth(0)).to_contain_text("Andrzej Piatkowski de Grzymala")
    expect(industry_rows.nth(0)).to_contain_text("Lipocosm")
    expect(topic.filter(has_text="Polytech")).to_have_count(0)
    industry = page.locator("#interests table.industry-ties tbody tr")
    expect(industry).to_have_count(5)
    expect(industry.filter(has_text="Agnes Jager")).to_contain_text("AstraZeneca")
    expect(industry.filter(has_text="Agnes Jager")).to_contain_text("Pfizer")
    shared = page.locator("#interests table.shared-organisations tbody tr")
    expect(shared).to_have_count(9)
    expect(shared.first).to_contain_text("Borstkanker Onderzoek Groep")
    expect(shared.first.locator("td.num")).to_have_text("4")
    industry.filter(has_text="Marc Mureau").locator("a.src").first.click()
    expect(page).to_have_url(f"{server}{SOURCE}/lines/1042-1042")
    expect(page.locator("tr.hit")).to_contain_text("Polytech Health & Aesthetics GmbH")
    assert log.off_host() == []


def test_network_shows_a_legend_and_one_persons_ego_network(page: Page, server: str) -> None:
    log = open_page(page, f"{server}/network?module=6.1")
    expect(page.locator("body")).to_have_attribute("data-network-ready", "true")
    legend = page.locator("ul.legend")
    for kind in ("company (industry)", "charity or fund (funder)", "professional society"):
        expect(legend).to_contain_text(kind)
    expect(legend.locator("path")).to_have_count(11)
    ties = page.locator("#tie-list tbody tr")
    expect(ties.first).to_contain_text("Borstkanker Onderzoek Groep")
    page.get_by_label("Person or organisation").fill("Marc Mureau")
    page.get_by_role("button", name="Show").click()
    status = page.locator("#network-status")
    expect(status).to_contain_text("Ego network of Marc Mureau (radius 1)")
    expect(page.locator("#tie-list")).to_contain_text("Polytech Health & Aesthetics GmbH")
    assert "ego=Marc+Mureau" in page.url
    page.get_by_role("button", name="Whole network").click()
    expect(status).to_contain_text("in module 6.1")
    assert log.off_host() == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_evidence_pages_have_no_serious_axe_violations_and_fit_a_phone(
    browser: Browser, server: str, viewport: dict
) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    log = RequestLog().watch(page)
    try:
        for path in EVIDENCE_PAGES:
            page.goto(server + path)
            if path.startswith("/network"):
                expect(page.locator("body")).to_have_attribute("data-network-ready", "true")
                expect(page.locator("#tie-list tbody tr").first).to_be_visible()
            assert axe_violations(page) == [], path
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{path} scrolls sideways ({width} px)"
        assert log.off_host() == []
    finally:
        context.close()


# ---------- browsing, search, dataset: each reader's task end to end ----------

PAGES = (
    "/",
    "/person",
    "/organisation?type=Company",
    "/reference",
    "/concept",
    "/search?q=oligometastasen",
    "/person/agnes-jager",
    "/organisation/novartis",
    "/reference/xia-2023",
    "/concept/fdg-pet-ct",
    "/declaration/borstkanker/10.1.1/agnes-jager/expertise",
    "/source/cd1d8d8584518336/lines/375-375",
    "/validation",
    "/ontology",
    "/dataset",
    "/shapes",
    "/no/such/page",
)


def test_search_from_the_navigation_to_the_source_lines(page: Page, server: str) -> None:
    log = open_page(page, f"{server}/")
    page.get_by_role("searchbox", name="Search the texts").fill("oligometastasen")
    page.keyboard.press("Enter")
    expect(page.locator("#results-h")).to_have_text("10 results for “oligometastasen”")
    page.locator(".facet").get_by_role("link", name="Recommendation").click()
    expect(page.locator("#results-h")).to_have_text("1 result for “oligometastasen”")
    hit = page.locator("li.hit").first
    expect(hit.locator("mark").first).to_be_visible()
    hit.get_by_role("link", name="Source lines 336–342").click()
    expect(page).to_have_url(f"{server}/source/cd1d8d8584518336/lines/336-342")
    expect(page.locator("tr.hit")).to_have_count(7)
    page.go_back()
    page.locator("li.hit").first.get_by_role("link", name="Aanbeveling-1 Aanvullende MRI").click()
    expect(page).to_have_url(f"{server}/recommendation/borstkanker/10.1.1-1")
    assert log.off_host() == []


def test_browse_people_by_facets(page: Page, server: str) -> None:
    log = open_page(page, f"{server}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    status = page.locator("#list-status")
    expect(status).to_contain_text("48 of 48 shown")
    page.locator("section.facet", has=page.get_by_role("heading", name="Module")).get_by_role(
        "link", name="6.1", exact=True
    ).click()
    expect(status).to_contain_text("19 of 48 shown")
    page.locator(".facet").get_by_role("link", name="Clusterexpertisegroep").click()
    expect(status).to_contain_text("6 of 48 shown")
    page.get_by_role("link", name="Remove filter Group: Clusterexpertisegroep").click()
    expect(status).to_contain_text("19 of 48 shown")
    page.locator("ul.items").get_by_role("link", name="Agnes Jager").click()
    expect(page).to_have_url(f"{server}/person/agnes-jager")
    declaration = page.locator("details.declaration", has_text="Module 6.1")
    expect(declaration.locator("dl")).not_to_be_visible()
    declaration.locator("summary").click()
    expect(declaration.locator("dl")).to_contain_text("Erasmus Kanker Instituut Rotterdam")
    assert log.off_host() == []


def test_the_engineer_finds_the_dataset_dumps_and_ontology(page: Page, server: str) -> None:
    log = open_page(page, f"{server}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dataset").click()
    expect(page).to_have_url(f"{server}/dataset")
    dumps = page.locator("#dumps + .table-scroll a")
    expect(dumps).to_have_count(4)
    turtle = page.get_by_role("link", name="Turtle dump (all graphs merged)")
    assert turtle.get_attribute("href") == f"{server}/dumps/gkg.ttl"
    dump = page.request.get(turtle.get_attribute("href"))
    assert dump.ok and dump.headers["content-type"].startswith("text/turtle")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Ontology").click()
    expect(page.locator("#Equity")).to_contain_text("gkg:Equity")
    assert log.off_host() == []


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_passes_axe_keeps_the_csp_and_fits(browser, server: str, width: int) -> None:  # noqa: ANN001
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    csp = CspLog().watch(page)
    log = RequestLog().watch(page)
    problems = []
    try:
        for path in PAGES:
            page.goto(server + path)
            found = axe_violations(page) + csp.violations(page)
            overflow = sideways_overflow(page)
            if overflow > 0:
                found.append(f"scrolls {overflow}px sideways")
            problems += [f"{path}: {line}" for line in found]
    finally:
        context.close()
    assert problems == []
    assert log.off_host() == []


def test_pages_of_other_readers_keep_the_csp(page: Page, server: str) -> None:
    """The module, recommendation and network pages run under the same policy (their layout
    and accessibility are checked with their own tests)."""
    csp = CspLog().watch(page)
    log = open_page(page, f"{server}/network")
    expect(page.locator("body")).to_have_attribute("data-network-ready", "true")
    expect(page.locator("#network canvas").first).to_be_attached()
    problems = [f"/network: {line}" for line in csp.violations(page)]
    for path in ("/module/borstkanker/10.1.1", "/recommendation/borstkanker/10.1.1-1"):
        page.goto(server + path)
        problems += [f"{path}: {line}" for line in csp.violations(page)]
    assert problems == []
    assert log.off_host() == []
