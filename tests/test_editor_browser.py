"""Live browser tests of the query editor (/query) in headless Debian Chromium.

A real ``gkg serve`` runs over the sample store with one named query that takes a
parameter, and another over the store built from the bundled document with the
project's own named queries. Each test drives the page as a user would, asserts what
is on screen, and that every request the page made went to 127.0.0.1.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from browser_support import CspLog, RequestLog, axe_violations, serving, sideways_overflow
from playwright.sync_api import Browser, Page, expect

from service.app import create_app
from service.web.editor import PREFIXES, render_editor

VENDOR = Path(__file__).parents[1] / "service" / "web" / "static" / "vendor"
SAMPLE = "https://w3id.org/gkg/test/"
MODULES_ABOUT_CONCEPT = """\
#+ summary: Modules about a concept
#+ description: The guideline's modules related to one concept, in their order.
#+ tags: [modules]
#+ params:
#+   - name: concept
#+     type: iri
#+     required: true
#+     example: https://w3id.org/gkg/test/concept-1
#+     description: the concept's IRI
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?concept ?module ?title WHERE {
  ?module skos:related ?concept ; dcterms:title ?title ; <https://w3id.org/gkg/order> ?order .
} ORDER BY ?order
"""
TYPED_QUERY = (
    "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
    "SELECT ?order ?title WHERE { ?module <https://w3id.org/gkg/order> ?order ; "
    "dcterms:title ?title . FILTER(?order <= 3) } ORDER BY ?order"
)
CONCEPT_2_MODULES = [f"{SAMPLE}module-{number}" for number in range(2, 30, 3)]


@pytest.fixture(scope="module")
def server(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    queries = tmp_path_factory.mktemp("queries")
    (queries / "modules-about-concept.rq").write_text(MODULES_ABOUT_CONCEPT, "utf-8")
    log = tmp_path_factory.mktemp("logs") / "serve.log"
    with serving(sample_store, log, queries) as url:
        yield url


@pytest.fixture(scope="module")
def bundled_server(bundled_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("logs") / "serve-bundled.log"
    with serving(bundled_store, log) as url:
        yield url


def open_editor(page: Page, url: str) -> RequestLog:
    """Open `url` with a request log attached; wait until the editor script has started."""
    log = RequestLog().watch(page)
    page.goto(url)
    expect(page.locator("body")).to_have_attribute("data-editor-ready", "true")
    return log


def editor_text(page: Page) -> str:
    return page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")


def type_query(page: Page, text: str) -> None:
    """Replace the editor's content by typing `text`, key by key, as a user would."""
    page.locator(".CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def test_editor_starts_with_prefixes_and_this_servers_endpoint(page: Page, server: str) -> None:
    log = open_editor(page, f"{server}/query")
    query = editor_text(page)
    for prefix in ("gkg", "skos", "dcterms", "prov", "foaf", "org", "schema", "fabio", "cito"):
        assert f"PREFIX {prefix}: <" in query
    for prefix in ("bibo", "obo", "rdfs", "rdf", "xsd", "owl"):
        assert f"PREFIX {prefix}: <" in query
    expect(page.locator(".yasgui input.autocomplete")).to_have_value(f"{server}/sparql")
    expect(page.locator(".named-query summary")).to_contain_text(["Modules about a concept"])
    assert log.urls and not log.off_host()


def test_gallery_filter_hides_queries_that_do_not_match(page: Page, server: str) -> None:
    open_editor(page, f"{server}/query")
    entries = page.locator("details.named-query:visible")
    expect(entries).to_have_count(1)
    page.get_by_label("Find a named query").fill("no such question")
    expect(entries).to_have_count(0)
    page.get_by_label("Find a named query").fill("concept modules")
    expect(entries).to_have_count(1)


def test_typed_query_runs_and_shows_rows(page: Page, server: str) -> None:
    log = open_editor(page, f"{server}/query")
    type_query(page, TYPED_QUERY)
    page.locator(".yasqe_queryButton").click()
    rows = page.locator(".yasr tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text('Module 1: "diagnostiek"')
    expect(rows.nth(2)).to_contain_text('Module 3: "diagnostiek"')
    assert f"{server}/sparql" in log.urls
    assert not log.off_host(), log.off_host()


def test_address_bar_shares_the_typed_query(page: Page, browser: Browser, server: str) -> None:
    open_editor(page, f"{server}/query")
    type_query(page, TYPED_QUERY)
    link = page.locator("#share-link")
    expect(link).to_have_value(page.url)
    assert "#query=" in page.url
    other = browser.new_page()
    try:
        log = open_editor(other, page.url)
        assert editor_text(other) == TYPED_QUERY
        assert not log.off_host()
    finally:
        other.close()


def test_query_parameter_prefills_the_editor(page: Page, server: str) -> None:
    log = open_editor(page, f"{server}/query?query={quote(TYPED_QUERY)}")
    assert editor_text(page) == TYPED_QUERY
    page.locator(".yasqe_queryButton").click()
    expect(page.locator(".yasr tbody tr")).to_have_count(3)
    assert not log.off_host()


def test_named_query_runs_with_a_parameter(page: Page, server: str) -> None:
    log = open_editor(page, f"{server}/query")
    entry = page.locator("details.named-query", has_text="Modules about a concept")
    entry.locator("summary").click()
    field = entry.get_by_label("concept")
    expect(field).to_have_value(f"{SAMPLE}concept-1")
    field.fill(f"{SAMPLE}concept-2")
    entry.get_by_role("button", name="Run").click()

    expect(page.locator("#named-result-summary")).to_have_text("modules-about-concept: 10 rows")
    rows = page.locator("#named-result-table tbody tr")
    expect(rows).to_have_count(len(CONCEPT_2_MODULES))
    shown = [link.get_attribute("title") for link in rows.locator("td:nth-child(2) a").all()]
    assert shown == CONCEPT_2_MODULES
    expect(rows.first).to_contain_text('Module 2: "diagnostiek"')

    api = f"{server}/api/queries/modules-about-concept"
    bound = f"concept={quote(SAMPLE + 'concept-2', safe='')}"
    assert f"{api}.json?{bound}" in log.urls
    assert not any("/sparql" in url for url in log.urls), "named queries run through the API"
    assert not log.off_host(), log.off_host()

    csv_link = page.locator("#download-csv")
    json_link = page.locator("#download-json")
    assert csv_link.get_attribute("href") == f"/api/queries/modules-about-concept.csv?{bound}"
    assert json_link.get_attribute("href") == f"/api/queries/modules-about-concept.json?{bound}"
    csv_lines = requests.get(server + csv_link.get_attribute("href"), timeout=10).text.splitlines()
    assert csv_lines[0].split(",") == ["concept", "module", "title"]
    assert len(csv_lines) == 1 + len(CONCEPT_2_MODULES)


def test_named_query_run_is_shareable(page: Page, browser: Browser, server: str) -> None:
    open_editor(page, f"{server}/query")
    entry = page.locator("details.named-query", has_text="Modules about a concept")
    entry.locator("summary").click()
    entry.get_by_label("concept").fill(f"{SAMPLE}concept-2")
    entry.get_by_role("button", name="Run").click()
    expect(page.locator("#named-result-table tbody tr")).to_have_count(len(CONCEPT_2_MODULES))
    assert "#named=modules-about-concept" in page.url

    other = browser.new_page()
    try:
        log = open_editor(other, page.url)
        rows = other.locator("#named-result-table tbody tr")
        expect(rows).to_have_count(len(CONCEPT_2_MODULES))
        expect(other.get_by_label("concept")).to_have_value(f"{SAMPLE}concept-2")
        assert not log.off_host()
    finally:
        other.close()


def test_named_query_error_is_shown(page: Page, server: str) -> None:
    log = open_editor(page, f"{server}/query")
    entry = page.locator("details.named-query", has_text="Modules about a concept")
    entry.locator("summary").click()
    entry.get_by_label("concept").fill("not an iri")
    entry.get_by_role("button", name="Run").click()
    expect(page.locator("#named-result-error")).to_contain_text("parameter 'concept'")
    expect(page.locator("#named-result-table tbody tr")).to_have_count(0)
    assert not log.off_host()


def test_project_named_query_over_the_bundled_document(page: Page, bundled_server: str) -> None:
    listing = requests.get(f"{bundled_server}/api/queries", timeout=10).json()
    query = next(item for item in listing if item["name"] == "references-of-module")
    example = {param["name"]: param["example"] for param in query["params"]}
    answer = requests.get(
        f"{bundled_server}/api/queries/references-of-module.json", params=example, timeout=30
    ).json()
    expected = answer["results"]["bindings"]
    assert expected, "the example module lists references"

    log = open_editor(page, f"{bundled_server}/query")
    expect(page.locator("details.named-query")).to_have_count(len(listing))
    entry = page.locator("details#named-references-of-module")
    entry.locator("summary").click()
    expect(entry.get_by_label("module")).to_have_value(example["module"])
    entry.get_by_role("button", name="Run").click()

    rows = page.locator("#named-result-table tbody tr")
    expect(rows).to_have_count(len(expected))
    headers = page.locator("#named-result-table thead th")
    expect(headers).to_have_text(answer["head"]["vars"])
    first_literal = next(
        (name, term) for name, term in expected[0].items() if term["type"] == "literal"
    )
    column = answer["head"]["vars"].index(first_literal[0]) + 1
    expect(rows.first.locator(f"td:nth-child({column})")).to_contain_text(first_literal[1]["value"])
    assert not log.off_host(), log.off_host()


def test_render_editor_serves_other_views(sample_store: Path) -> None:
    app = create_app({"GKG_STORE": sample_store, "TESTING": True})
    with app.test_request_context("/sparql", headers={"Accept": "text/html"}):
        page = render_editor("ASK { ?s ?p ?o }")
    found = re.search(r'<script type="application/json" id="editor-settings">(.*?)</script>', page)
    settings = json.loads(found.group(1))
    assert settings["query"] == "ASK { ?s ?p ?o }"
    assert settings["endpoint"] == "/sparql"
    assert settings["prefixes"] == PREFIXES


def test_vendored_libraries_carry_their_licence() -> None:
    packages = sorted(path.name for path in VENDOR.iterdir() if path.is_dir())
    assert packages == ["cytoscape-3.35.0", "yasgui-4.6.2"]
    for package in packages:
        assert "MIT" in (VENDOR / package / "LICENSE").read_text("utf-8")
        version = json.loads((VENDOR / package / "package.json").read_text("utf-8"))["version"]
        assert package.endswith(version)


# ---------- names in parameter forms, result views, local links, share link, axe ----------

CLASS_COUNTS = (
    "SELECT ?class (COUNT(?thing) AS ?instances) WHERE { GRAPH <https://w3id.org/gkg/graph/data> "
    "{ ?thing a ?class } } GROUP BY ?class ORDER BY DESC(?instances) LIMIT 10"
)
RECOMMENDATION_GRAPH = (
    "CONSTRUCT { ?r ?p ?o } WHERE { ?r a <https://w3id.org/gkg/ontology#Recommendation> ; "
    "?p ?o FILTER(isIRI(?o)) } LIMIT 40"
)
MODULES = (
    "SELECT ?module ?number WHERE { ?module <https://w3id.org/gkg/ontology#moduleNumber> ?number }"
    " ORDER BY ?number"
)


def run_typed(page: Page, query: str) -> None:
    page.evaluate(
        "(text) => document.querySelector('.CodeMirror').CodeMirror.setValue(text)", query
    )
    page.locator(".yasqe_queryButton").click()


def test_named_query_takes_a_module_number_offered_as_you_type(
    page: Page, bundled_server: str
) -> None:
    log = open_editor(page, f"{bundled_server}/query")
    entry = page.locator("details#named-industry-ties-per-module")
    entry.locator("summary").click()
    field = entry.get_by_label("module")
    field.fill("")
    field.press_sequentially("6.")
    expect(entry.locator("datalist option[value='6.1']")).to_have_count(1)
    field.fill("6.1")
    entry.get_by_role("button", name="Run").click()
    expected = requests.get(
        f"{bundled_server}/api/queries/industry-ties-per-module.json",
        params={"module": "https://w3id.org/gkg/module/borstreconstructie/6.1"},
        timeout=30,
    ).json()["results"]["bindings"]
    rows = page.locator("#named-result-table tbody tr")
    expect(rows).to_have_count(len(expected))
    expect(page.locator("#named-result-table")).to_contain_text("Agnes Jager")
    assert f"{bundled_server}/api/queries/industry-ties-per-module.json?module=6.1" in log.urls
    assert any("/api/names?" in url and "q=6." in url for url in log.urls)
    assert not log.off_host(), log.off_host()


def test_grouped_counts_show_as_a_bar_chart(page: Page, bundled_server: str) -> None:
    log = open_editor(page, f"{bundled_server}/query")
    run_typed(page, CLASS_COUNTS)
    expect(page.locator(".yasr tbody tr")).to_have_count(10)
    page.locator(".yasr .select_chart").click()
    bars = page.locator(".result-chart .bars li")
    expect(bars).to_have_count(10)
    expect(page.locator(".result-chart figcaption")).to_have_text("instances per class")
    expect(bars.first.locator(".bar-label")).to_have_text("prov:Entity")
    expect(bars.first.locator(".bar-value")).to_have_text("327")  # with spans of findings, labels
    interest = bars.filter(has=page.get_by_role("link", name="gkg:Interest", exact=True))
    expect(interest.locator(".bar-value")).to_have_text("280")
    assert interest.locator(".bar-label").get_attribute("href") == "/ontology#Interest"
    assert not log.off_host()


def test_construct_results_show_as_a_graph(page: Page, bundled_server: str) -> None:
    log = open_editor(page, f"{bundled_server}/query")
    run_typed(page, RECOMMENDATION_GRAPH)
    page.locator(".yasr .select_graph").click()
    expect(page.locator(".result-graph canvas").first).to_be_visible()
    expect(page.locator(".graph-note")).to_contain_text("nodes and")
    nodes = int(page.locator(".graph-note").inner_text().split()[0])
    assert 4 < nodes <= 41  # the four recommendations and what their 40 triples point to
    assert not log.off_host()


def test_result_iris_open_this_servers_pages(page: Page, bundled_server: str) -> None:
    log = open_editor(page, f"{bundled_server}/query")
    run_typed(page, MODULES)
    expect(page.locator(".yasr tbody tr")).to_have_count(3)
    links = page.locator(".yasr tbody a[href^='/module/']")
    expect(links).to_have_count(3)
    with page.context.expect_page() as opened:
        links.first.click()
    module_page = opened.value
    module_page.wait_for_load_state()
    assert module_page.url.startswith(f"{bundled_server}/module/")
    assert not log.off_host()


def test_share_link_follows_the_tab_in_view(page: Page, bundled_server: str) -> None:
    open_editor(page, f"{bundled_server}/query")
    link = page.locator("#share-link")
    first = link.input_value()
    page.locator(".yasgui button.addTab").click()
    page.locator(".CodeMirror:visible").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("ASK { ?s ?p ?o }")
    expect(link).to_have_value(re.compile(r"#query=ASK\+%7B"))
    assert page.url == link.input_value()
    page.locator(".yasgui .tabsList a[role=tab]").first.click()
    expect(link).to_have_value(first)


@pytest.mark.parametrize("width", [1280, 390])
def test_editor_passes_axe_and_keeps_the_csp(
    browser: Browser, bundled_server: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    csp = CspLog().watch(page)
    try:
        log = open_editor(page, f"{bundled_server}/query")
        problems = [f"start: {line}" for line in axe_violations(page)]
        run_typed(page, CLASS_COUNTS)
        expect(page.locator(".yasr tbody tr")).to_have_count(10)
        problems += [f"table: {line}" for line in axe_violations(page)]
        page.locator(".yasr .select_chart").click()
        problems += [f"chart: {line}" for line in axe_violations(page)]
        run_typed(page, RECOMMENDATION_GRAPH)
        page.locator(".yasr .select_graph").click()
        expect(page.locator(".result-graph canvas").first).to_be_visible()
        problems += [f"graph: {line}" for line in axe_violations(page)]
        entry = page.locator("details#named-references-of-module")
        entry.locator("summary").click()
        entry.get_by_role("button", name="Run").click()
        expect(page.locator("#named-result-table tbody tr").first).to_be_visible()
        problems += [f"named: {line}" for line in axe_violations(page)]
        problems += csp.violations(page)
        if sideways_overflow(page) > 0:
            problems.append(f"scrolls {sideways_overflow(page)}px sideways")
        assert problems == []
        assert not log.off_host()
    finally:
        context.close()


def test_prefixed_names_in_the_editor_are_readable(page: Page, bundled_server: str) -> None:
    """The class lists' 'more' links open the editor on a query with prefixed names in it."""
    query = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?instance ?label WHERE {\n  ?instance a <http://www.w3.org/ns/prov#Entity> .\n"
        "  OPTIONAL { ?instance rdfs:label ?label }\n} ORDER BY ?instance LIMIT 5"
    )
    log = open_editor(page, f"{bundled_server}/query?query={quote(query)}")
    expect(page.locator(".yasqe .cm-string-2").first).to_have_text("rdfs:label")
    assert axe_violations(page) == []
    assert not log.off_host()
