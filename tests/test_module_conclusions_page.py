"""Module and recommendation pages show the module's conclusions per outcome (GRADE or EBRO
level, sources as written, source lines) and the tables a recommendation holds, as tables;
reference lists and considerations show the source's `*emphasis*` in italics, escaped.

The bundled document has no conclusions and no tables in its recommendations; the corpus
fixtures (tests/data/corpus, facts in tests/corpus_truth.py) have both: the lung cluster's
module 6.1 (three GRADE conclusions on lines 87-100, a table on lines 73-76), the hip
fracture guideline's EBRO conclusion (lines 118-120) and the osteoporosis page's table.
Built with the bundled document, two guidelines have a module 6.1: each page shows its own
panel's interests and links to the network filtered on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pyoxigraph
import pytest
from browser_support import CspLog, RequestLog, axe_violations, sideways_overflow
from corpus_truth import HIP, LUNG, PAGES
from fixtures_server import running_server
from flask import Flask
from playwright.sync_api import Browser, expect
from virtuoso_server import VirtuosoEndpoints

from service.app import create_app
from service.pipeline.build import BUNDLED_SOURCE, build_release
from service.store.publish import publish
from service.store.releases import current_release

LUNG_MODULE = "/module/longkanker/6.1"
HIP_MODULE = "/module/proximale-femurfracturen/vroege-mobilisatie"
# the interest panel on module pages reads every tie: no 50-row cap of the other live tests
SETTINGS = {"GKG_QUERY_TIMEOUT": "20", "GKG_MAX_CONCURRENT": "4", "GKG_ROW_CAP": "10000"}
SCREENING = (
    "/recommendation/osteoporose-en-fractuurpreventie/screening-op-osteoporose-na-een-fractuur-1"
)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("conclusions-store")
    build_release([BUNDLED_SOURCE, LUNG, HIP, PAGES], root)
    return root


@pytest.fixture(scope="module")
def corpus_app(corpus_store: Path) -> Iterator[Flask]:
    app = create_app({"GKG_STORE": corpus_store, "TESTING": True})
    yield app
    backend = app.extensions.get("gkg.backend")
    if backend is not None:
        backend.close()


def html_of(app: Flask, path: str) -> str:
    response = app.test_client().get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(html: str, ident: str) -> str:
    found = re.search(rf'<section id="{ident}".*?</section>', html, re.S)
    assert found, ident
    return found.group(0)


def rows_of(table: str) -> list[list[str]]:
    return [
        [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]


def test_grade_conclusions_per_outcome_with_level_sources_and_lines(corpus_app: Flask) -> None:
    conclusions = section(html_of(corpus_app, LUNG_MODULE), "conclusions")
    assert "Conclusions (3)" in text_of(conclusions)
    assert rows_of(conclusions)[1:] == [
        [
            "Totale overleving (cruciaal)",
            "Stereotactische radiotherapie naast systemische therapie verlengt mogelijk de totale "
            "overleving bij patiënten met oligometastasen.",
            "GRADE: low Laag GRADE",
            "Bronnen: Visser, 2019; Okonkwo, 2022",
            "¶ 87–90",
        ],
        [
            "Progressievrije overleving (belangrijk)",
            "Stereotactische radiotherapie verlengt waarschijnlijk de progressievrije overleving.",
            "GRADE: moderate Redelijk GRADE",
            "Bronnen: Okonkwo, 2022",
            "¶ 92–95",
        ],
        [
            "Toxiciteit graad 3 of hoger (belangrijk)",
            "Het is onduidelijk wat het effect van stereotactische radiotherapie is op ernstige "
            "toxiciteit.",
            "GRADE: very low Zeer laag GRADE",
            "Bronnen: Visser, 2019",
            "¶ 97–100",
        ],
    ]
    assert 'href="/module/longkanker/6.1/conclusion/2"' in conclusions
    dutch = section(html_of(corpus_app, LUNG_MODULE + "?lang=nl"), "conclusions")
    assert "Conclusies (3)" in text_of(dutch) and "Uitkomst" in text_of(dutch)


def test_an_ebro_conclusion_shows_its_level_and_evidence_class(corpus_app: Flask) -> None:
    conclusions = section(html_of(corpus_app, HIP_MODULE), "conclusions")
    assert rows_of(conclusions)[1:] == [
        [
            "Conclusion 1",
            "Het is aangetoond dat mobilisatie op de eerste postoperatieve dag leidt tot een "
            "betere loopfunctie na 30 dagen.",
            "EBRO level 1 (evidence class A2) Niveau 1",
            "A2 Huisman 2016; A2 Tanaka 2017",
            "¶ 118–120",
        ]
    ]


def test_a_recommendation_keeps_its_table_on_the_module_page(corpus_app: Flask) -> None:
    recommendations = section(html_of(corpus_app, LUNG_MODULE), "recommendations")
    table = re.search(r'<table class="source-table".*?</table>', recommendations, re.S).group(0)
    assert 'lang="nl"' in table.split(">", 1)[0]
    assert "Table 1" in text_of(table) and "¶ 73–76" in text_of(table)
    assert rows_of(table) == [
        ["Situatie", "Aantal metastasen", "Advies"],
        ["Synchroon, na inductie", "1-3", "Stereotactische radiotherapie overwegen"],
        ["Metachroon, na meer dan 6 maanden", "1-3", "Stereotactische radiotherapie overwegen"],
        [
            "Progressie op meer dan drie plaatsen",
            "meer dan 3",
            "Geen stereotactische radiotherapie",
        ],
    ]
    # the table sits in the first recommendation's article, not the second's
    first, second = re.findall(
        r'<article class="recommendation".*?</article>', recommendations, re.S
    )
    assert "source-table" in first and "source-table" not in second


def test_a_recommendation_page_shows_its_table_and_the_module_conclusions(
    corpus_app: Flask,
) -> None:
    html = html_of(corpus_app, SCREENING)
    table = re.search(r'<table class="source-table".*?</table>', html, re.S).group(0)
    assert rows_of(table) == [
        ["T-score", "Beleid"],
        ["-2,5 of lager", "Start medicamenteuze behandeling"],
        ["tussen -2,5 en -1,0", "Behandel bij een wervelfractuur"],
        ["hoger dan -1,0", "Geen medicatie, wel valpreventie"],
    ]
    evidence = text_of(section(html, "evidence-behind"))
    assert "Conclusions (2)" in evidence
    assert (
        "Screening en behandeling na een fractuur verminderen mogelijk het aantal nieuwe "
        "klinische fracturen. GRADE: low Laag GRADE Bronnen: (Haverkamp, 2017; Lindgren, 2019)"
    ) in evidence


def test_the_bundled_modules_state_no_conclusions(bundled_app: Flask) -> None:
    html = html_of(bundled_app, "/module/borstreconstructie/6.1")
    assert text_of(section(html, "conclusions")) == (
        "Conclusions (0) The source states no conclusions for this module."
    )
    assert "source-table" not in html


def test_emphasis_is_shown_in_italics_and_escaped(bundled_app: Flask) -> None:
    html = html_of(bundled_app, "/module/borstkanker/10.1.1")
    references = section(html, "references")
    assert "<i>Eur Radiol.</i> 2021 Nov;31(11):8714-8724" in references
    assert "Dall&#39; Armellina S" in references  # escaped before the italics are added
    assert not re.search(r"\*[^*\s]", references)
    considerations = section(html, "considerations")
    assert "<i>Samenvattend</i>" in considerations
    assert (
        "<i>Uitgangsvraag 1 – Aanvullende waarde van MRI na positieve FDG-PET/CT</i>"
        in considerations
    )
    assert "*Samenvattend*" not in considerations


def test_two_modules_numbered_alike_show_their_own_interests(corpus_app: Flask) -> None:
    lung = section(html_of(corpus_app, LUNG_MODULE), "interests")
    assert 'href="/network?module=longkanker/6.1"' in lung
    assert "Members with ties to industry (1) Person Companies Wouter Brinkman AstraZeneca" in (
        text_of(lung)
    )
    breast = text_of(section(html_of(corpus_app, "/module/borstreconstructie/6.1"), "interests"))
    assert (
        "Members with ties to industry (5) Person Companies Agnes Jager AstraZeneca research "
        "funding ¶ 1060–1063 Pfizer research funding ¶ 1060–1063 Andrzej Piatkowski de Grzymala "
        "Lipocosm"
    ) in breast
    network = html_of(corpus_app, "/network?module=longkanker/6.1")
    options = re.findall(r'<option value="([^"]*)"( selected)?>', network)
    assert ("longkanker/6.1", " selected") in options
    assert ("borstreconstructie/6.1", "") in options and ("6.1", "") not in options
    assert ("proximale-femurfracturen/vroege-mobilisatie", "") in options


def test_interests_cut_at_the_row_cap_are_said_to_be_unavailable(corpus_store: Path) -> None:
    app = create_app({"GKG_STORE": corpus_store, "TESTING": True, "GKG_ROW_CAP": 50})
    try:
        interests = text_of(section(html_of(app, LUNG_MODULE), "interests"))
    finally:
        app.extensions["gkg.backend"].close()
    assert interests.endswith(
        "The declared interests cannot be shown now: a network query was cut at the row cap "
        "(GKG_ROW_CAP)"
    )
    assert "(0)" not in interests  # no counts that would read as 'no ties'


@pytest.mark.parametrize("width", [1280, 390])
def test_conclusion_and_table_pages_pass_axe_and_fit_a_phone(
    browser: Browser, corpus_store: Path, tmp_path: Path, width: int
) -> None:
    with running_server(corpus_store, SETTINGS, workers=1, log=tmp_path / "serve.log") as server:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        csp = CspLog().watch(page)
        log = RequestLog().watch(page)
        problems = []
        try:
            for path in (LUNG_MODULE, HIP_MODULE, SCREENING, "/network?module=longkanker/6.1"):
                page.goto(server + path)
                if path.startswith("/network"):
                    expect(page.locator("body")).to_have_attribute("data-network-ready", "true")
                    expect(page.locator("#tie-list tbody tr").first).to_be_visible()
                else:
                    tables = page.locator("table.source-table, table.conclusions")
                    expect(tables.first).to_be_visible()
                found = axe_violations(page) + csp.violations(page)
                if (overflow := sideways_overflow(page)) > 0:
                    found.append(f"scrolls {overflow}px sideways")
                problems += [f"{path}: {line}" for line in found]
        finally:
            context.close()
    assert problems == []
    assert log.off_host() == []


def test_conclusions_and_tables_read_the_same_from_virtuoso(
    corpus_store: Path,
    corpus_app: Flask,
    virtuoso: VirtuosoEndpoints,
    tmp_path: Path,
) -> None:
    """The cell order (an RDF list walked with rdf:rest*) and the grouped evidence classes
    come out of Virtuoso's engine as out of Oxigraph's."""
    dump = tmp_path / "corpus.nq"
    store = pyoxigraph.Store.read_only(str(current_release(corpus_store)))
    store.dump(dump, format=pyoxigraph.RdfFormat.N_QUADS)
    del store
    publish(
        dump,
        virtuoso.sparql_auth,
        graph_store_url=virtuoso.graph_store,
        username=virtuoso.user,
        password=virtuoso.password,
        release_id="conclusions-1",
    )
    remote = create_app(
        {"GKG_STORE": tmp_path / "remote", "GKG_BACKEND_URL": virtuoso.sparql, "TESTING": True}
    )
    try:
        for path, ident in [(LUNG_MODULE, "recommendations"), (HIP_MODULE, "conclusions")]:
            shown = section(html_of(remote, path), ident)
            assert rows_of(shown) == rows_of(section(html_of(corpus_app, path), ident)), path
            assert rows_of(shown), path
    finally:
        remote.extensions["gkg.backend"].close()
