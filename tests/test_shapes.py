"""Every shape against small self-describing fixtures in tests/data/shapes/.

Each fixture is a Turtle data graph with one header node of type `case:Case`:

    [] a case:Case ; case:shape gkgsh:RecommendationShape ; case:conforms true .
    [] a case:Case ; case:shape gkgsh:RecommendationShape ;
       case:expects sh:MinCountConstraintComponent ; case:focus <…/recommendation/1> .

A conforming fixture must give no result at all; a non-conforming one exactly the
named constraint component, from the named shape, on the named focus node.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH

from service.validation import load_ontology, load_shapes, validate

FIXTURES = Path(__file__).parent / "data" / "shapes"
CASE = Namespace("https://w3id.org/gkg/test/case#")
GKGSH = Namespace("https://w3id.org/gkg/shapes#")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def split_fixture(path: Path) -> tuple[Graph, Graph]:
    """The fixture's data graph and its header (the `case:Case` node's triples)."""
    graph = Graph().parse(path, format="turtle")
    header = Graph()
    for case in graph.subjects(RDF.type, CASE.Case):
        for triple in graph.triples((case, None, None)):
            header.add(triple)
    return graph - header, header


def fixture_paths() -> list[Path]:
    return sorted(FIXTURES.glob("*.ttl"))


@pytest.mark.parametrize("path", fixture_paths(), ids=lambda path: path.stem)
def test_fixture(path: Path, ontology: Graph, shapes: Graph) -> None:
    data, header = split_fixture(path)
    case = header.value(predicate=RDF.type, object=CASE.Case)
    assert case is not None, f"{path.name} has no case:Case header"
    shape = header.value(case, CASE.shape)
    assert (shape, None, None) in shapes, f"{path.name} names an unknown shape {shape}"

    result = validate(data, ontology=ontology, shapes=shapes)
    found = {(r.component, r.focus_node, r.shape) for r in result.results}

    if header.value(case, CASE.conforms) == Literal(True):
        assert found == set(), result.to_text()
    else:
        expected = (
            str(header.value(case, CASE.expects)),
            str(header.value(case, CASE.focus)),
            str(shape),
        )
        assert found == {expected}, result.to_text()


def test_every_shape_has_a_conforming_and_a_non_conforming_fixture(shapes: Graph) -> None:
    covered: dict[URIRef, set[bool]] = {}
    for path in fixture_paths():
        _, header = split_fixture(path)
        for case in header.subjects(RDF.type, CASE.Case):
            conforms = header.value(case, CASE.conforms) == Literal(True)
            covered.setdefault(header.value(case, CASE.shape), set()).add(conforms)
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    missing = {
        str(shape) for shape in node_shapes if covered.get(shape, set()) != {True, False}
    }
    assert missing == set()
