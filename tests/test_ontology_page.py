"""The ontology and concept scheme page at /ontology, compared with the Turtle files.

The page is parsed (html.parser): every class and property of ontology/gkg.ttl and every
concept of ontology/concepts.ttl has a row (anchored at its local name, concepts at
'concept-' and their notation) showing its
English and Dutch labels, definitions, and for concepts the notation and exactly the
SNOMED CT / MeSH / Wikidata links the scheme maps it to; every example query runs.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from loaders.iris import CONCEPT, GKG
from service.store.graphs import ONTOLOGY_DIR


class Rows(HTMLParser):
    """Table rows with an id: their text and links; and every link of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, dict] = {}
        self.links: list[str] = []
        self.codes: list[str] = []
        self._row: dict | None = None
        self._in_code = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "tr" and attributes.get("id"):
            self._row = self.rows[attributes["id"]] = {"text": "", "links": [], "mappings": []}
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
            if self._row is not None:
                self._row["links"].append(attributes["href"])
                if attributes.get("class") == "mapping":
                    self._row["mappings"].append(attributes["href"])
        if tag == "code" and self._row is None:
            self._in_code = True
            self.codes.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._row = None
        if tag == "code":
            self._in_code = False

    def handle_data(self, data: str) -> None:
        if self._row is not None:
            self._row["text"] += data
        if self._in_code:
            self.codes[-1] += data


@pytest.fixture(scope="module")
def client(linked_app: Flask) -> FlaskClient:
    return linked_app.test_client()


@pytest.fixture(scope="module")
def page(client: FlaskClient) -> Rows:
    response = client.get("/ontology")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    parser = Rows()
    parser.feed(response.get_data(as_text=True))
    return parser


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "gkg.ttl")


@pytest.fixture(scope="module")
def scheme() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "concepts.ttl")


def label(graph: Graph, iri: URIRef, predicate: URIRef, lang: str) -> str:
    values = [str(v) for v in graph.objects(iri, predicate) if v.language == lang]
    assert len(values) == 1, (iri, predicate, lang)
    return " ".join(values[0].split())


def flat(text: str) -> str:
    return " ".join(text.split())


TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def test_every_class_and_property_is_documented_in_both_languages(
    page: Rows, ontology: Graph
) -> None:
    terms = {
        term
        for kind in TERM_TYPES
        for term in ontology.subjects(RDF.type, kind)
        if str(term).startswith(str(GKG))
    }
    assert len(terms) > 100
    for term in terms:
        row = page.rows[str(term).removeprefix(str(GKG))]
        text = flat(row["text"])
        for lang in ("en", "nl"):
            assert label(ontology, term, RDFS.label, lang) in text, term
            assert label(ontology, term, SKOS.definition, lang) in text, term
    module = page.rows["Module"]
    for parent in ontology.objects(GKG.Module, RDFS.subClassOf):
        assert str(parent) in module["links"] or f"#{str(parent).split('#')[-1]}" in module["links"]


def test_every_concept_shows_notation_labels_broader_and_exactly_its_mappings(
    page: Rows, scheme: Graph
) -> None:
    concepts = set(scheme.subjects(SKOS.inScheme, CONCEPT.scheme))
    assert len(concepts) > 50
    for concept in concepts:
        notation = str(scheme.value(concept, SKOS.notation))
        row = page.rows[f"concept-{notation}"]
        text = flat(row["text"])
        assert notation in text
        for lang in ("en", "nl"):
            assert label(scheme, concept, SKOS.prefLabel, lang) in text, concept
        for broader in scheme.objects(concept, SKOS.broader):
            assert f"#concept-{str(broader).rsplit('/', 1)[1]}" in row["links"], concept
        mapped = {
            str(code)
            for predicate in (SKOS.exactMatch, SKOS.closeMatch)
            for code in scheme.objects(concept, predicate)
        }
        assert set(row["mappings"]) == mapped, concept


def test_mappings_link_to_snomed_mesh_and_wikidata(page: Rows) -> None:
    breast_cancer = page.rows["concept-breast-cancer"]
    assert set(breast_cancer["mappings"]) == {
        "http://snomed.info/id/254837009",
        "http://id.nlm.nih.gov/mesh/D001943",
        "http://www.wikidata.org/entity/Q128581",
    }
    assert "SNOMED CT 254837009" in breast_cancer["text"]
    assert "Wikidata Q128581" in breast_cancer["text"]


def test_example_queries_run(page: Rows, client: FlaskClient) -> None:
    examples = [link for link in page.links if link.startswith("/sparql?")]
    assert len(examples) == 3
    for link in examples:
        query = parse_qs(urlsplit(link).query)["query"][0]
        response = client.get(
            "/sparql", query_string={"query": query}, headers={"Accept": "application/json"}
        )
        assert response.status_code == 200, response.data
        assert response.get_json()["results"]["bindings"], query
