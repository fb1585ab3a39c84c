"""The SPARQL 1.1 Service Description of the endpoint (answered to a GET without a query).

    graph = describe_service("http://127.0.0.1:8000/sparql", ["https://w3id.org/gkg/graph/data"])
    body = serialize_description(graph, "text/turtle")

It states the endpoint, the query language, the result formats, that the default
graph is the union of the named graphs (``sd:UnionDefaultGraph``), the named
graphs themselves, and whether federated queries (allow-listed ``SERVICE``) are on.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef

from service.store.backends import JSON_LD, N_TRIPLES, RDF_XML, TURTLE

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
ENTAILMENT_SIMPLE = URIRef("http://www.w3.org/ns/entailment/Simple")
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)
RDFLIB_FORMATS = {TURTLE: "turtle", N_TRIPLES: "nt", JSON_LD: "json-ld", RDF_XML: "xml"}
GRAPH_NAMES_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"


def describe_service(
    endpoint: str,
    named_graphs: Sequence[str] = (),
    *,
    federated: bool = False,
    updates: bool = False,
    data_version: str = "",
) -> Graph:
    """The Service Description of the endpoint at ``endpoint`` as an RDF graph."""
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if updates:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    for name in RESULT_FORMATS:
        graph.add((service, SD.resultFormat, FORMATS[name]))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    if federated:
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
    graph.add((service, SD.defaultEntailmentRegime, ENTAILMENT_SIMPLE))

    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default_graph = BNode()
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    for name in named_graphs:
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
    if data_version:
        graph.add(
            (dataset, URIRef("http://www.w3.org/2002/07/owl#versionInfo"), Literal(data_version))
        )
    return graph


def serialize_description(graph: Graph, media_type: str) -> bytes:
    """``graph`` serialized as one of the RDF media types (Turtle, N-Triples, JSON-LD, RDF/XML)."""
    return graph.serialize(format=RDFLIB_FORMATS[media_type], encoding="utf-8")
