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

from service.gate.validation import load_ontology, load_shapes, validate

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


def test_property_shapes_share_their_node_shape_severity(shapes: Graph) -> None:
    """A property shape does not inherit sh:severity: each must repeat its node shape's."""
    mismatched = {
        (str(node), str(prop))
        for node, prop in shapes.subject_objects(SH.property)
        if (shapes.value(node, SH.severity) or SH.Violation)
        != (shapes.value(prop, SH.severity) or SH.Violation)
    }
    assert mismatched == set()


def test_every_shape_has_a_conforming_and_a_non_conforming_fixture(shapes: Graph) -> None:
    covered: dict[URIRef, set[bool]] = {}
    for path in fixture_paths():
        _, header = split_fixture(path)
        for case in header.subjects(RDF.type, CASE.Case):
            conforms = header.value(case, CASE.conforms) == Literal(True)
            covered.setdefault(header.value(case, CASE.shape), set()).add(conforms)
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    missing = {str(shape) for shape in node_shapes if covered.get(shape, set()) != {True, False}}
    assert missing == set()


# --- the bundled source document ------------------------------------------------------------

BUNDLED = Path(__file__).parents[1] / "data" / "source" / "borstkanker-cluster-3a-2026.txt"
DATA = "https://w3id.org/gkg/"


@pytest.fixture(scope="module")
def bundled(ontology: Graph, shapes: Graph):  # noqa: ANN201 - ValidationResult
    from loaders.parsers.document import parse_document
    from loaders.rdf.builder import build_graph

    return validate(build_graph(parse_document(BUNDLED)), ontology=ontology, shapes=shapes)


def warnings_of(result, shape: str) -> set[tuple[str, str]]:  # noqa: ANN001
    return {
        (r.focus_node.removeprefix(DATA), r.lines)
        for r in result.warnings
        if r.shape == str(GKGSH[shape])
    }


def test_bundled_graph_has_no_violation(bundled) -> None:  # noqa: ANN001
    assert bundled.violations == [], bundled.to_text()


def test_bundled_unresolved_citations(bundled) -> None:  # noqa: ANN001
    # 'NABON/NIV, 2017' (line 760) is no longer among them: it cites 'NABON/ NIV, 2012c' with a
    # mistyped year (a 'citation-wrong-year' source problem), see test_source_defects.
    assert warnings_of(bundled, "CitationResolvesShape") == {
        ("module/borstkanker/9.2.3/citation/21", "823"),  # 'ESMO': no entry in the list
        ("module/borstkanker/9.2.3/citation/22", "823"),  # 'NCCN'
        ("module/borstreconstructie/6.1/citation/1", "1115"),  # 'Van der Venne (2026)'
        ("module/borstreconstructie/6.1/citation/2", "1118"),  # 'Laas (2025)'
    }


def test_bundled_references_never_cited(bundled) -> None:  # noqa: ANN001
    # nabon-niv-2012 (lines 918-919) is cited on line 760, with a mistyped year
    assert warnings_of(bundled, "ReferenceCitedShape") == {
        ("reference/bruckmann-2021", "574-579"),
        ("reference/moser-2024", "605-608"),
        ("reference/van-ommen-nijhof-2023", "617"),
        ("reference/yoon-2024", "621"),
        ("reference/ai-2020", "902"),
        ("reference/song-2023", "913-915"),
        ("reference/walstra-2019", "917"),
        ("reference/piatkowski-2023", "1179"),
        ("reference/tukiama-2022", "1180"),
        ("reference/tian-2022", "1181"),
    }


def test_bundled_references_sharing_a_doi(bundled) -> None:  # noqa: ANN001
    assert warnings_of(bundled, "SharedIdentifierShape") == {("reference/tian-2022", "1181")}


def test_bundled_declarations_that_differ_between_tables(bundled) -> None:  # noqa: ANN001
    found = warnings_of(bundled, "ConsistentDeclarationShape")
    assert ("declaration/borstkanker/10.1.1/agnes-jager/steering", "285-288") in found
    assert ("declaration/borstkanker/9.2.3/jose-volders/steering", "696") in found
    assert ("declaration/borstreconstructie/6.1/desiree-van-den-bongard/steering", "1039") in found


def test_bundled_declarations_differing_only_in_spacing_or_numbering_agree(bundled) -> None:  # noqa: ANN001
    """'Instituut/ Antoni' and 'Instituut / Antoni' (lines 690, 1048); 'Stichting 2. Borst
    Vooruit' and 'Stichting Borst Vooruit' (lines 702, 285): the same declaration."""
    by_category = {
        (r.focus_node.removeprefix(DATA), r.value.removeprefix(DATA), r.path.rsplit("#")[-1])
        for r in bundled.warnings
        if r.shape == str(GKGSH.ConsistentDeclarationShape)
    }
    for focus, value, category in [
        ("declaration/borstkanker/9.2.3/frederieke-van-duijnhoven/steering",
         "declaration/borstreconstructie/6.1/frederieke-van-duijnhoven/steering", "mainPosition"),
        ("declaration/borstreconstructie/6.1/frederieke-van-duijnhoven/steering",
         "declaration/borstkanker/10.1.1/frederieke-van-duijnhoven/steering", "mainPosition"),
        ("declaration/borstkanker/9.2.3/agnes-jager/steering",
         "declaration/borstkanker/10.1.1/agnes-jager/steering", "sideActivities"),
        ("declaration/borstreconstructie/6.1/agnes-jager/steering",
         "declaration/borstkanker/10.1.1/agnes-jager/steering", "sideActivities"),
    ]:  # fmt: skip
        assert (focus, value, category) not in by_category
    assert len(by_category) == 23


def test_bundled_source_problems_carry_their_lines(bundled) -> None:  # noqa: ANN001
    lines = {line for _, line in warnings_of(bundled, "SourceProblemShape")}
    assert {"297", "644", "1093", "1179"} <= lines  # name variants, contradictory verdict, PMC id
