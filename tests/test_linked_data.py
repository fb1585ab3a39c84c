"""Every minted IRI dereferences at its own path: HTML or RDF by content negotiation."""

from __future__ import annotations

import pytest
from flask import Flask
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, SKOS
from test_pages import pages_app_fixture  # noqa: F401 - the fixture

from service.sparql.querying import select_rows

BASE = "https://w3id.org/gkg/"
MODULE = URIRef(f"{BASE}module/borstkanker/10.1.1")
BIBO = Namespace("http://purl.org/ontology/bibo/")
FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld",
           "application/n-triples": "nt", "application/rdf+xml": "xml"}  # fmt: skip
SUFFIXES = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt", ".rdf": "xml"}


def rdf(app: Flask, path: str, accept: str | None = None) -> tuple[Graph, str]:
    response = app.test_client().get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200, response.data[:300]
    assert "Accept" in response.headers.get("Vary", "")
    media_type = response.mimetype
    return Graph().parse(data=response.data, format=FORMATS[media_type]), media_type


def test_browsers_get_html_with_alternate_links(pages_app: Flask) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = pages_app.test_client().get("/module/borstkanker/10.1.1", headers={"Accept": accept})
    assert response.mimetype == "text/html"
    assert "Accept" in response.headers["Vary"]
    html = response.data.decode("utf-8")
    assert '<link rel="alternate" type="text/turtle" href="/module/borstkanker/10.1.1.ttl">' in html
    assert (
        '<link rel="alternate" type="application/ld+json" '
        'href="/module/borstkanker/10.1.1.jsonld">' in html
    )
    assert 'rel="alternate"; type="text/turtle"' in response.headers["Link"]


@pytest.mark.parametrize("accept", list(FORMATS))
def test_rdf_by_accept_holds_the_module_and_its_neighbours(pages_app: Flask, accept: str) -> None:
    graph, media_type = rdf(pages_app, "/module/borstkanker/10.1.1", accept)
    assert media_type == accept
    title = Literal("Beeldvormende diagnostiek bij oligometastasen bij borstkanker", lang="nl")
    assert (MODULE, DCTERMS.title, title) in graph
    assert (URIRef(f"{BASE}guideline/borstkanker"), DCTERMS.hasPart, MODULE) in graph  # incoming
    recommendation = URIRef(f"{BASE}recommendation/borstkanker/10.1.1-1")
    assert (recommendation, None, MODULE) in graph
    label = Literal("Aanbeveling-1 Aanvullende MRI", lang="nl")
    assert (recommendation, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), label) in graph


def test_suffixes_give_the_same_graph_in_every_format(pages_app: Flask) -> None:
    graphs = [rdf(pages_app, f"/reference/xia-2023{suffix}")[0] for suffix in SUFFIXES]
    assert all(isomorphic(graphs[0], graph) for graph in graphs[1:])
    assert len(graphs[0]) > 20


def test_q_values_choose_the_representation(pages_app: Flask) -> None:
    _, media_type = rdf(pages_app, "/person/agnes-jager", "text/html;q=0.5, text/turtle")
    assert media_type == "text/turtle"
    _, media_type = rdf(pages_app, "/person/agnes-jager", "application/json")
    assert media_type == "application/ld+json"
    response = pages_app.test_client().get("/person/agnes-jager", headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_blank_node_closure_keeps_the_author_list(pages_app: Flask) -> None:
    graph, _ = rdf(pages_app, "/reference/xia-2023", "text/turtle")
    reference = URIRef(f"{BASE}reference/xia-2023")
    authors = [str(name) for name in Collection(graph, graph.value(reference, BIBO.authorList))]
    assert authors == ["Xia L", "Lai J", "Huang D", "Qiu S", "Hu H", "Luo Y", "Cao J"]
    assert (reference, BIBO.doi, Literal("10.2478/raon-2023-0037")) in graph


def test_concepts_dereference_with_their_mappings(pages_app: Flask) -> None:
    graph, _ = rdf(pages_app, "/concept/fdg-pet-ct.jsonld")
    concept = URIRef(f"{BASE}concept/fdg-pet-ct")
    assert (concept, SKOS.exactMatch, URIRef("http://snomed.info/id/443271005")) in graph
    assert (concept, SKOS.prefLabel, Literal("FDG-PET/CT", lang="nl")) in graph


def test_source_spans_dereference_as_rdf(pages_app: Flask) -> None:
    graph, _ = rdf(pages_app, "/source/cd1d8d8584518336/lines/375-375.ttl")
    span = URIRef(f"{BASE}source/cd1d8d8584518336/lines/375-375")
    assert graph.value(span, URIRef("https://w3id.org/gkg/ontology#firstLine")).toPython() == 375


def test_unknown_iris_are_404(pages_app: Flask) -> None:
    client = pages_app.test_client()
    assert client.get("/person/nobody").status_code == 404
    assert client.get("/person/nobody.ttl").status_code == 404


def test_every_minted_subject_kind_dereferences(pages_app: Flask) -> None:
    """A sample of every kind of IRI the builder mints answers HTML and Turtle at its path."""
    query = f"""SELECT ?kind (SAMPLE(?s) AS ?iri) WHERE {{
      GRAPH <{BASE}graph/data> {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?s), "{BASE}"))
      BIND(STRBEFORE(STRAFTER(STR(?s), "{BASE}"), "/") AS ?kind) }} GROUP BY ?kind"""
    with pages_app.app_context():
        iris = [row["iri"]["value"] for row in select_rows(query)]
    assert len(iris) >= 12
    client = pages_app.test_client()
    for iri in iris:
        path = "/" + iri[len(BASE) :]
        assert client.get(path).status_code == 200, path
        turtle = client.get(path, headers={"Accept": "text/turtle"})
        assert turtle.status_code == 200, path
        assert (URIRef(iri), None, None) in Graph().parse(data=turtle.data, format="turtle")
