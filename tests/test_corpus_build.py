"""Several documents, several guidelines, one store: the bundled document with the fixtures.

`gkg build` takes files and folders; module IRIs are scoped by guideline (two modules
6.1 live side by side); people, organisations and references shared by documents are
one; the same module twice is refused; old module IRIs redirect to the new ones.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from corpus_truth import CORPUS, HIP, LUNG
from flask import Flask

from service.app import create_app
from service.pipeline.build import BUNDLED_SOURCE
from service.store.releases import current_release, open_read_only, read_release_info

BASE = "https://w3id.org/gkg/"
PREFIXES = f"""
PREFIX gkg: <{BASE}ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX bibo: <http://purl.org/ontology/bibo/> PREFIX csvw: <http://www.w3.org/ns/csvw#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


def gkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus-store")
    result = gkg("build", str(BUNDLED_SOURCE), str(CORPUS), "--store", str(root))
    assert result.returncode == 0, result.stderr
    return root


def select(root: Path, query: str) -> list[tuple[str, ...]]:
    store = open_read_only(current_release(root))
    rows = store.query(PREFIXES + query, use_default_graph_as_union=True)
    return [tuple(term.value if term else "" for term in row) for row in rows]


def test_every_document_is_published_in_one_release(corpus_store: Path) -> None:
    info = read_release_info(current_release(corpus_store))
    assert info.conforms
    assert sorted(Path(source["path"]).name for source in info.sources) == [
        "borstkanker-cluster-3a-2026.txt",
        "colorectal-cancer-en.txt",
        "duur-behandeling-bisfosfonaten.html",
        "heupfractuur-2019.txt",
        "longkanker-cluster-2025.txt",
        "screening-na-fractuur.html",
    ]
    modules = select(corpus_store, "SELECT ?m WHERE { ?m a gkg:Module } ORDER BY ?m")
    assert [m.removeprefix(f"{BASE}module/") for (m,) in modules] == [
        "borstkanker/10.1.1",
        "borstkanker/9.2.3",
        "borstreconstructie/6.1",
        "colorectal-cancer/4.2",
        "longkanker/6.1",
        "osteoporose-en-fractuurpreventie/duur-van-de-behandeling-met-bisfosfonaten",
        "osteoporose-en-fractuurpreventie/screening-op-osteoporose-na-een-fractuur",
        "proximale-femurfracturen/3.1",
        "proximale-femurfracturen/vroege-mobilisatie",
    ]


def test_two_modules_6_1_of_two_guidelines_live_side_by_side(corpus_store: Path) -> None:
    rows = select(
        corpus_store,
        """SELECT ?m ?g ?title (COUNT(DISTINCT ?r) AS ?recommendations) WHERE {
             ?m gkg:moduleNumber "6.1" ; dcterms:isPartOf ?g ; dcterms:title ?title .
             ?r gkg:inModule ?m ; a gkg:Recommendation } GROUP BY ?m ?g ?title ORDER BY ?m""",
    )
    assert rows == [
        (
            f"{BASE}module/borstreconstructie/6.1",
            f"{BASE}guideline/borstreconstructie",
            "Autologe vettransplantatie bij borstreconstructie na ablatio",
            "1",
        ),
        (
            f"{BASE}module/longkanker/6.1",
            f"{BASE}guideline/longkanker",
            "Stereotactische radiotherapie bij oligometastasen",
            "2",
        ),
    ]


def test_a_person_of_two_documents_is_one_person(corpus_store: Path) -> None:
    rows = select(
        corpus_store,
        """SELECT DISTINCT ?module WHERE {
             ?ms org:member <https://w3id.org/gkg/person/agnes-jager> ; gkg:scopeModule ?module
           } ORDER BY ?module""",
    )
    assert [m.removeprefix(f"{BASE}module/") for (m,) in rows] == [
        "borstkanker/10.1.1",
        "borstkanker/9.2.3",
        "borstreconstructie/6.1",
        "longkanker/6.1",
    ]
    names = select(
        corpus_store,
        "SELECT (COUNT(?name) AS ?n) WHERE { <https://w3id.org/gkg/person/femke-haverkamp> "
        "<http://xmlns.com/foaf/0.1/name> ?name }",
    )
    assert names == [("1",)]  # named on both HTML pages, one person with one name
    # her preferred spelling is one SKOS-XL label derived from lines of several documents
    documents = select(
        corpus_store,
        """SELECT (COUNT(DISTINCT ?label) AS ?labels) (COUNT(DISTINCT ?document) AS ?documents)
           WHERE {
             <https://w3id.org/gkg/person/agnes-jager>
               <http://www.w3.org/2008/05/skos-xl#prefLabel> ?label .
             ?label prov:wasDerivedFrom/gkg:inDocument ?document
           }""",
    )
    assert documents == [("1", "2")]


def test_references_shared_across_documents(corpus_store: Path) -> None:
    lievens = f"<{BASE}reference/lievens-2020>"
    rows = select(
        corpus_store,
        f"""SELECT (COUNT(DISTINCT ?list) AS ?lists) (COUNT(DISTINCT ?span) AS ?spans)
                   (COUNT(DISTINCT ?module) AS ?modules) WHERE {{
              {lievens} bibo:authorList ?list ; prov:wasDerivedFrom ?span .
              ?module gkg:listsReference {lievens} }}""",
    )
    assert rows == [("1", "2", "2")]  # one work, described once, listed by two modules
    xia = select(
        corpus_store,
        """SELECT ?r ?doi WHERE { ?r a gkg:Reference ; bibo:doi ?doi
             FILTER(STRSTARTS(STR(?r), "https://w3id.org/gkg/reference/xia-2023")) } ORDER BY ?r""",
    )
    assert xia == [
        (f"{BASE}reference/xia-2023", "10.2478/raon-2023-0037"),
        (f"{BASE}reference/xia-2023-1a0804", "10.5555/lk.2023.0024"),
    ]  # another work under the same name keeps the bundled IRI and gets its own


def test_english_text_is_tagged_english_and_html_spans_name_their_element(
    corpus_store: Path,
) -> None:
    store = open_read_only(current_release(corpus_store))
    question = pyoxigraph.NamedNode(f"{BASE}module/colorectal-cancer/4.2/question/main")
    (text,) = [
        q.object
        for q in store.quads_for_pattern(question, None, None)
        if q.predicate.value.endswith("#text")
    ]
    assert text.language == "en"
    rows = select(
        corpus_store,
        """SELECT ?element ?first WHERE {
             <https://w3id.org/gkg/recommendation/osteoporose-en-fractuurpreventie/screening-op-osteoporose-na-een-fractuur-1/table/1>
               prov:wasDerivedFrom ?span .
             ?span gkg:element ?element ; gkg:firstLine ?first }""",
    )
    assert rows == [
        (
            "#aanbeveling > table:nth-of-type(1) > thead:nth-of-type(1) > tr:nth-of-type(1)",
            "49",
        )
    ]
    cells = select(
        corpus_store,
        """SELECT ?first WHERE {
             ?table a csvw:Table ; csvw:row ?row . ?row csvw:rownum 3 ; gkg:cells ?cells .
             ?cells rdf:first ?first
             FILTER(CONTAINS(STR(?table), "longkanker/6.1-1")) }""",
    )
    assert cells == [("Progressie op meer dan drie plaatsen",)]


def test_conclusions_are_in_the_graph(corpus_store: Path) -> None:
    rows = select(
        corpus_store,
        """SELECT ?system ?level ?outcome WHERE {
             <https://w3id.org/gkg/module/longkanker/6.1> gkg:hasConclusion ?c .
             ?c gkg:gradingSystem ?system ; gkg:certainty ?level ; gkg:conclusionNumber ?n ;
                gkg:outcomeAsWritten ?outcome } ORDER BY ?n""",
    )
    assert rows == [
        ("GRADE", f"{BASE}ontology#LowCertainty", "Totale overleving (cruciaal)"),
        ("GRADE", f"{BASE}ontology#ModerateCertainty", "Progressievrije overleving (belangrijk)"),
        ("GRADE", f"{BASE}ontology#VeryLowCertainty", "Toxiciteit graad 3 of hoger (belangrijk)"),
    ]
    ebro = select(
        corpus_store,
        """SELECT ?level ?class WHERE {
             <https://w3id.org/gkg/module/proximale-femurfracturen/vroege-mobilisatie/conclusion/1>
               gkg:evidenceLevel ?level ; gkg:evidenceClass ?class }""",
    )
    assert ebro == [("1", "A2")]


def test_the_same_module_twice_is_refused_naming_both_places(
    corpus_store: Path, tmp_path: Path
) -> None:
    before = current_release(corpus_store)
    copy = tmp_path / "kopie.txt"
    shutil.copy(LUNG, copy)
    result = gkg("build", str(BUNDLED_SOURCE), str(LUNG), str(copy), "--store", str(corpus_store))
    assert result.returncode == 2
    assert (
        f"kopie.txt, line 63: module 6.1 'Stereotactische radiotherapie bij oligometastasen' of "
        f"guideline 'longkanker' is already read from {LUNG}, line 63 (the same file content)"
    ) in result.stderr
    assert "Traceback" not in result.stderr
    assert current_release(corpus_store) == before


def test_the_same_module_twice_in_one_document_is_refused(tmp_path: Path) -> None:
    text = HIP.read_text("utf-8")
    start = text.index("Module 3.1 Tijdstip van de operatie\n\nUitgangsvraag")
    end = text.index("Verantwoording module Vroege mobilisatie")
    twice = tmp_path / "twice.txt"
    twice.write_text(text[:end] + text[start:end] + text[end:], "utf-8")
    result = gkg("build", str(twice), "--store", str(tmp_path / "store"))
    assert result.returncode == 2
    # the outline check sees the repeated heading before anything is parsed
    assert "the section 'Module 3.1 Tijdstip van de operatie' appears 2 times" in result.stderr
    # and the parser refuses the repeated module even when partial input is allowed
    result = gkg("build", str(twice), "--allow-partial", "--store", str(tmp_path / "store"))
    assert result.returncode == 2
    assert (
        "module 3.1 'Tijdstip van de operatie' of guideline 'proximale-femurfracturen' "
        "appears twice" in result.stderr
    )
    assert not (tmp_path / "store" / "current").exists()


def test_a_file_named_twice_is_read_once(tmp_path: Path) -> None:
    result = gkg("build", str(HIP), str(HIP), "--store", str(tmp_path / "store"))
    assert result.returncode == 0, result.stderr
    info = read_release_info(current_release(tmp_path / "store"))
    assert [Path(source["path"]).name for source in info.sources] == ["heupfractuur-2019.txt"]


@pytest.fixture(scope="module")
def corpus_app(corpus_store: Path) -> Flask:
    app = create_app({"GKG_STORE": corpus_store, "TESTING": True})
    yield app
    backend = app.extensions.get("gkg.backend")
    if backend is not None:
        backend.close()


def test_old_module_iris_redirect_when_unambiguous(bundled_app: Flask, corpus_app: Flask) -> None:
    client = bundled_app.test_client()
    for old, new in [
        ("/module/10.1.1", "/module/borstkanker/10.1.1"),
        ("/module/6.1.ttl", "/module/borstreconstructie/6.1.ttl"),
        ("/recommendation/10.1.1-2?lang=en", "/recommendation/borstkanker/10.1.1-2?lang=en"),
        (
            "/finding/6.1/unattributed/hazard-ratio",
            "/finding/borstreconstructie/6.1/unattributed/hazard-ratio",
        ),
        (
            "/declaration/9.2.3/jose-volders/steering",
            "/declaration/borstkanker/9.2.3/jose-volders/steering",
        ),
        (
            "/membership/cluster/steering/agnes-jager",
            "/membership/cluster/borstkanker/steering/agnes-jager",
        ),
        (
            "/problem/name-variant/644-644",
            "/problem/cd1d8d8584518336/name-variant/644-644",
        ),
    ]:
        response = client.get(old)
        assert (response.status_code, response.location) == (301, new), old
        assert client.get(new).status_code == 200, new
    corpus = corpus_app.test_client()
    assert corpus.get("/module/10.1.1").location == "/module/borstkanker/10.1.1"
    assert corpus.get("/module/6.1").status_code == 404  # two guidelines have a module 6.1


def test_interest_network_names_modules_apart(corpus_store: Path) -> None:
    ambiguous = gkg("coi", "module", "6.1", "--store", str(corpus_store))
    assert ambiguous.returncode != 0
    assert "borstreconstructie/6.1, longkanker/6.1" in ambiguous.stderr
    lung = gkg("coi", "module", "longkanker/6.1", "--store", str(corpus_store))
    assert lung.returncode == 0, lung.stderr
    assert lung.stdout.splitlines()[:4] == [
        "Module longkanker/6.1 Stereotactische radiotherapie bij oligometastasen",
        "  panel: 4 seats (2 expertise, 2 steering); 4 declarations, 8 declared interests, "
        "8 ties to named organisations",
        "  industry (1 companies, 1 ties):",
        "    AstraZeneca [company]: Wouter Brinkman (l.55)",
    ]
    bundled = gkg("coi", "module", "10.1.1", "--store", str(corpus_store))
    assert bundled.returncode == 0 and "Wouter Brinkman" not in bundled.stdout
