"""The exact inputs the shapes file's header documents for running pySHACL by hand.

Issue 14 item 8: the ontology and concept scheme go INTO the data graph; given to pySHACL
as its separate ontology graph they make every `sh:class skos:Concept` check fail (pySHACL
mixes in only their RDFS/OWL axioms, not the concepts): 23 false violations of
PicoElementShape on the bundled document.  Only that shape is run here (the whole shapes
file through pySHACL alone takes minutes); `service.gate.validation.validate` is the full run.
"""

from __future__ import annotations

import pyshacl
import pytest
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF, SH

from loaders.parsers.document import parse_document
from loaders.rdf.builder import build_graph
from service.gate.validation import ONTOLOGY_DIR, SHAPES_FILE, load_ontology, load_shapes
from service.pipeline.build import BUNDLED_SOURCE

GKGSH = Namespace("https://w3id.org/gkg/shapes#")
OPTIONS = dict(inference="none", advanced=True, allow_warnings=True, allow_infos=True)


def one_shape(shapes: Graph, shape: URIRef) -> Graph:
    """The shapes graph cut down to one node shape and what it holds (property shapes, lists)."""
    kept = Graph()
    todo = [shape]
    while todo:
        node = todo.pop()
        for triple in shapes.triples((node, None, None)):
            kept.add(triple)
            if isinstance(triple[2], BNode):
                todo.append(triple[2])
    return kept


@pytest.fixture(scope="module")
def data() -> Graph:
    return build_graph(parse_document(BUNDLED_SOURCE))


@pytest.fixture(scope="module")
def pico_shape() -> Graph:
    return one_shape(load_shapes(), GKGSH.PicoElementShape)


def violations(report: Graph) -> list[tuple[str, str]]:
    return [
        (str(report.value(r, SH.sourceConstraintComponent)), str(report.value(r, SH.resultPath)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(r, SH.resultSeverity) == SH.Violation
    ]


def test_the_header_names_the_inputs() -> None:
    header = (ONTOLOGY_DIR / SHAPES_FILE).read_text("utf-8").split("@prefix")[0]
    assert "MERGED with ontology/gkg.ttl and ontology/concepts.ttl" in header
    assert "no ont_graph" in header and "23 false violations" in header


def test_ontology_merged_into_the_data_gives_no_violation(data: Graph, pico_shape: Graph) -> None:
    conforms, report, _ = pyshacl.validate(
        data + load_ontology(), shacl_graph=pico_shape, do_owl_imports=False, **OPTIONS
    )
    assert conforms and violations(report) == []


def test_ontology_as_a_separate_graph_gives_23_false_violations(
    data: Graph, pico_shape: Graph
) -> None:
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=pico_shape, ont_graph=load_ontology(), do_owl_imports=False, **OPTIONS
    )
    assert not conforms
    assert (
        violations(report)
        == [(str(SH.ClassConstraintComponent), "http://purl.org/dc/terms/subject")] * 23
    )
