"""The build's light graph: the same triples as an rdflib graph, written as rdflib writes them."""

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from loaders.iris import DEFAULT_BASE_IRI, Iris
from loaders.parsers.document import parse_document
from loaders.rdf.builder import build_graph
from loaders.rdf.context import Context
from loaders.rdf.ntriples import NTriplesGraph
from loaders.records import Document, SourceInfo
from service.pipeline.build import BUNDLED_SOURCE

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")  # a term: pytest probes namespaces
A, B, C = (URIRef(f"https://example.org/{name}") for name in "abc")


@pytest.mark.parametrize(
    "source", [BUNDLED_SOURCE, CORPUS / "heupfractuur-2019.txt"], ids=["bundled", "heupfractuur"]
)
def test_a_document_built_into_it_has_the_triples_of_an_rdflib_graph(source: Path) -> None:
    document = parse_document(source)
    expected = build_graph(document)
    written = build_graph(document, into=NTriplesGraph())
    parsed = Graph().parse(data=written.ntriples(), format="nt")
    assert len(written) == len(parsed) == len(expected)
    assert isomorphic(parsed, expected)


def test_the_bundled_document_gives_its_known_number_of_triples() -> None:
    assert len(build_graph(parse_document(BUNDLED_SOURCE), into=NTriplesGraph())) == 12376


def test_literals_are_escaped_and_typed_as_rdflibs_serialiser_writes_them() -> None:
    literals = [
        Literal('een "citaat"\nmet \\ en \r'),
        Literal("Nederlands", lang="nl"),
        Literal(42),
        Literal("2019", datatype=GYEAR),
        Literal(""),
    ]
    graph, expected = NTriplesGraph(), Graph()
    for literal in literals:
        graph.add((A, B, literal))
        expected.add((A, B, literal))
    written = graph.ntriples().decode().splitlines()
    assert sorted(written) == sorted(_lines(expected))
    store = pyoxigraph.Store()
    store.load(graph.ntriples(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    values = {quad.object.value for quad in store}
    assert values == {'een "citaat"\nmet \\ en \r', "Nederlands", "42", "2019", ""}


def _lines(graph: Graph) -> list[str]:
    return graph.serialize(format="nt", encoding="utf-8").decode().splitlines()


def test_each_triple_is_kept_once_in_the_order_first_added() -> None:
    graph = NTriplesGraph()
    for triple in [(A, B, C), (C, B, A), (A, B, C)]:
        graph.add(triple)
    assert list(graph) == [(A, B, C), (C, B, A)]
    assert graph.ntriples().decode().splitlines() == [
        "<https://example.org/a> <https://example.org/b> <https://example.org/c> .",
        "<https://example.org/c> <https://example.org/b> <https://example.org/a> .",
    ]


def test_membership_with_an_open_object_follows_adds_and_removes() -> None:
    graph = NTriplesGraph()
    graph.add((A, B, Literal(1)))
    graph.add((A, B, Literal(2)))
    assert (A, B, None) in graph and (A, B, Literal(1)) in graph
    assert (A, C, None) not in graph
    graph.remove((A, B, Literal(1)))
    graph.remove((A, B, Literal(3)))  # absent: nothing happens
    assert (A, B, None) in graph and (A, B, Literal(1)) not in graph
    graph.remove((A, B, Literal(2)))
    assert (A, B, None) not in graph and len(graph) == 0


def test_an_iri_rdflib_would_not_write_is_refused() -> None:
    graph = NTriplesGraph()
    graph.add((A, B, URIRef("https://example.org/with space")))
    with pytest.raises(ValueError, match="with space"):
        graph.ntriples()


def test_a_list_has_the_triples_of_an_rdflib_collection() -> None:
    document = Document(SourceInfo("x.txt", "ab" * 32, 3), None, [], [], [], [], [])
    items = [Literal("Smith J"), Literal("Jansen K"), Literal("Smith J")]
    built = Context(document, Iris(DEFAULT_BASE_IRI), None, graph=NTriplesGraph())  # type: ignore[arg-type]
    head = built.add_list(items)
    expected = Graph()
    Collection(expected, BNode(), items)
    parsed = Graph().parse(data=built.graph.ntriples(), format="nt")
    assert isomorphic(parsed, expected)
    assert len(parsed) == 6 and (None, RDF.rest, RDF.nil) in parsed
    assert built.add_list([]) != head and len(built.graph) == 6
