"""The SPARQL engine gives pySHACL's results: on every shape fixture, on SHACL Core components
the project's shapes do not use yet, and on the bundled document.

"The same results" is checked twice: as the set of `ResultRecord`s (severity, shape, focus
node, component, path, value, English and Dutch message, source lines), and as the SHACL
report graph, which must be isomorphic to pySHACL's (every triple, property shapes, paths and
SPARQL constraints copied in as pySHACL copies them).

Each fixture is validated with the shape it is about (and what that shape refers to): pySHACL
runs a SPARQL constraint once per focus node through rdflib, which over the merged ontology
takes seconds per shape.  On the bundled document the agreement covers the Core constraints
here; its SPARQL constraints, pySHACL's slowest part by far (about six minutes), are compared
by hand with `bench/shacl_agreement.py`, and each of them here on its own fixtures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import SH
from rdflib.term import Node
from test_shapes import BUNDLED, CASE, fixture_paths, split_fixture

from service.gate.engine import Engine
from service.gate.validation import load_ontology, load_shapes, validate

ENGINE_DATA = Path(__file__).parent / "data" / "engine"
EX = Namespace("http://example.org/ns#")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def assert_same_results(data: Graph, ontology: Graph, shapes: Graph) -> list:
    """Validate with both engines; the results and the reports must be the same."""
    fast = validate(data, ontology=ontology, shapes=shapes)
    reference = validate(data, ontology=ontology, shapes=shapes, engine="pyshacl")
    assert set(fast.results) == set(reference.results)
    assert len(fast.results) == len(set(fast.results))
    ours, theirs = fast.report_graph, deduplicated(reference.report_graph)
    if not isomorphic(ours, theirs):
        _, only_ours, only_theirs = graph_diff(to_isomorphic(ours), to_isomorphic(theirs))
        pytest.fail(f"reports differ: {sorted(only_ours)[:5]} / {sorted(only_theirs)[:5]}")
    written = Graph().parse(data=fast.report_ntriples(), format="nt")  # what the build stores
    assert isomorphic(written, ours)
    return fast.results


def deduplicated(report: Graph) -> Graph:
    """The report without repeated results (pySHACL reports a nested property shape's result
    once for each focus node that shares the value node it is about; the engine once)."""
    seen, kept = set(), Graph()
    for node in report.subjects(RDF.type, SH.ValidationResult):
        description = frozenset(report.predicate_objects(node))
        if description in seen:
            continue
        seen.add(description)
        kept += report.triples((node, None, None))
    for s, p, o in report:
        if p != SH.result and (s, RDF.type, SH.ValidationResult) not in report:
            kept.add((s, p, o))
    for s, _, o in report.triples((None, SH.result, None)):
        if (o, None, None) in kept:
            kept.add((s, SH.result, o))
    return kept


def shape_with_references(shapes: Graph, shape: Node) -> Graph:
    """`shape` and every node of the shapes graph it reaches (property shapes, lists, SPARQL
    constraints, prefix declarations)."""
    subset, todo, seen = Graph(namespace_manager=shapes.namespace_manager), [shape], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for predicate, value in shapes.predicate_objects(node):
            subset.add((node, predicate, value))
            if isinstance(value, BNode | URIRef) and (value, None, None) in shapes:
                todo.append(value)
    return subset


@pytest.mark.parametrize("path", fixture_paths(), ids=lambda path: path.stem)
def test_engine_agrees_with_pyshacl_on_every_fixture(
    path: Path, ontology: Graph, shapes: Graph
) -> None:
    data, header = split_fixture(path)
    shape = header.value(header.value(predicate=RDF.type, object=CASE.Case), CASE.shape)
    assert shape is not None and (shape, None, None) in shapes, (
        f"{path.name} names no shape of the shapes file"
    )
    assert_same_results(data, ontology, shape_with_references(shapes, shape))


@pytest.fixture(scope="module")
def core_components() -> tuple[Graph, Graph]:
    data = Graph().parse(ENGINE_DATA / "core-components.data.ttl", format="turtle")
    shapes = Graph().parse(ENGINE_DATA / "core-components.shapes.ttl", format="turtle")
    return data, shapes


def test_engine_agrees_with_pyshacl_on_other_core_components(core_components) -> None:  # noqa: ANN001
    data, shapes = core_components
    results = assert_same_results(data, Graph(), shapes)
    components = {result.component.rsplit("#", 1)[1] for result in results}
    assert components == {
        f"{name}ConstraintComponent"
        for name in (
            "Class", "Datatype", "NodeKind", "MinCount", "MaxCount", "MinExclusive",
            "MinInclusive", "MaxExclusive", "MaxInclusive", "MinLength", "MaxLength",
            "Pattern", "LanguageIn", "UniqueLang", "In", "HasValue", "Xone", "And", "Or",
            "Equals", "Disjoint", "LessThan", "LessThanOrEquals",
        )
    }  # fmt: skip
    assert {r.severity for r in results} == {"Violation", "Warning", "Info"}
    focus_nodes = {r.focus_node for r in results}
    assert {str(EX.b), str(EX.c), str(EX.missing), "a literal target"} <= focus_nodes
    assert any(r.focus_node.startswith("_:") for r in results)  # a blank node focus
    assert str(EX.a) not in {r.focus_node for r in results if r.shape == str(EX.ThingShape)}


def test_nothing_of_the_project_shapes_is_left_to_pyshacl(shapes: Graph) -> None:
    from pyoxigraph import Store

    engine = Engine(shapes)
    engine.validate(Store())
    assert engine.fallback == []


def test_a_shape_the_engine_cannot_compile_is_left_to_pyshacl(core_components) -> None:  # noqa: ANN001
    data, shapes = core_components
    shapes = Graph() + shapes
    shape = EX.QualifiedShape
    shapes.add((shape, SH.targetClass, EX.Thing))
    shapes.add((shape, SH.path, EX.part))
    qualified = URIRef("http://example.org/ns#QualifiedPart")
    shapes.add((shape, SH.qualifiedValueShape, qualified))
    shapes.add((qualified, SH["class"], EX.Part))
    shapes.add((shape, SH.qualifiedMinCount, Literal(2)))
    results = assert_same_results(data, Graph(), shapes)
    assert any(r.shape == str(shape) for r in results)
    from pyoxigraph import Store

    engine = Engine(shapes)
    engine.validate(Store(), rdflib_data=Graph())
    assert engine.fallback == [shape]


def test_a_sparql_constraint_that_cannot_run_once_is_left_to_pyshacl(core_components) -> None:  # noqa: ANN001
    """`$this` inside a sub-select must be pre-bound, as pySHACL does, not joined."""
    data, shapes = core_components
    shapes = Graph() + shapes
    shape, constraint = EX.SubSelectShape, URIRef("http://example.org/ns#subSelect")
    shapes.add((shape, SH.targetClass, EX.Thing))
    shapes.add((shape, SH.sparql, constraint))
    code = f"<{EX.code}>"
    select = "SELECT $this ?value WHERE { { SELECT $this ?value WHERE { $this CODE ?value } } "
    select = select.replace("CODE", code) + "FILTER(isIRI(?value)) }"
    shapes.add((constraint, SH.select, Literal(select)))
    shapes.add((constraint, SH.message, Literal("A code is text.", lang="en")))
    results = assert_same_results(data, Graph(), shapes)
    assert {r.focus_node for r in results if r.shape == str(shape)} == {str(EX.b)}
    from pyoxigraph import Store

    engine = Engine(shapes)
    engine.validate(Store(), rdflib_data=Graph())
    assert engine.fallback == [shape]


def test_engine_agrees_with_pyshacl_on_the_bundled_document(ontology: Graph, shapes: Graph) -> None:
    from loaders.parsers.document import parse_document
    from loaders.rdf.builder import build_graph

    data = build_graph(parse_document(BUNDLED))
    core = Graph(namespace_manager=shapes.namespace_manager) + shapes
    core.remove((None, SH.sparql, None))
    results = assert_same_results(data, ontology, core)
    assert [(r.shape.rsplit("#")[-1], r.first_line) for r in results] == [
        ("RecommendationStatedShape", 1091)  # 6.1's '[Sterke conditionele aanbeveling voor]'
    ]
    everything = validate(data, ontology=ontology, shapes=shapes).results
    assert len(everything) == 82
    assert {r.severity for r in everything} == {"Warning"}
    assert all(r.first_line is not None for r in everything)
