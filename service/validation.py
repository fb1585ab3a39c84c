"""Validating a data graph against the project's SHACL shapes.

    >>> from rdflib import Graph
    >>> result = validate(Graph())
    >>> result.conforms, result.violations
    (True, [])

`validate` runs pySHACL with the ontology and concept scheme as its ontology
graph (no inference, no `owl:imports`, nothing fetched) and turns the SHACL
report into `ResultRecord`s: severity, shape, focus node, path, value, the
message in English and Dutch and the source lines the focus node was read from.
Only `sh:Violation` makes a graph non-conforming; warnings and infos report
problems of the source document.  The SPARQL constraints run in `shacl_sparql`;
the records and their text and JSON formatting are in `validation_report`.
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
from rdflib import RDF, BNode, Graph, Literal, Namespace
from rdflib.namespace import SH
from rdflib.term import Node

from loaders import paths

from .shacl_sparql import (
    ShapesError,
    SparqlConstraint,
    constraint_query,
    restore_message_languages,
    run_sparql_constraints,
    shapes_without,
    store_runnable_constraints,
)
from .validation_report import SEVERITY_ORDER, ResultRecord, ValidationResult

__all__ = [
    "SEVERITY_ORDER",
    "ResultRecord",
    "ShapesError",
    "SparqlConstraint",
    "ValidationResult",
    "constraint_query",
    "load_ontology",
    "load_shapes",
    "owning_shape",
    "restore_message_languages",
    "run_sparql_constraints",
    "shapes_without",
    "source_lines",
    "store_runnable_constraints",
    "validate",
]

ONTOLOGY_DIR = paths.ONTOLOGY_DIR
ONTOLOGY_FILES = ("gkg.ttl", "concepts.ttl")
SHAPES_FILE = "gkg.shapes.ttl"

GKG = Namespace("https://w3id.org/gkg/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SPAN_FIRST_LINE = GKG.firstLine
SPAN_LAST_LINE = GKG.lastLine


def load_ontology(directory: Path = ONTOLOGY_DIR) -> Graph:
    """The ontology and concept scheme, as one graph (missing files are skipped)."""
    graph = Graph()
    for name in ONTOLOGY_FILES:
        if (directory / name).exists():
            graph.parse(directory / name, format="turtle")
    return graph


def load_shapes(directory: Path = ONTOLOGY_DIR) -> Graph:
    """The SHACL shapes graph."""
    return Graph().parse(directory / SHAPES_FILE, format="turtle")


def validate(
    data: Graph,
    *,
    ontology: Graph | None = None,
    shapes: Graph | None = None,
    sparql_on_store: bool = True,
) -> ValidationResult:
    """Validate `data` against the shapes; never fetches anything from the network.

    The ontology and concept scheme are merged into a copy of the data (pySHACL's own
    ontology mixing copies only RDFS/OWL axioms, not the concepts `sh:class skos:Concept`
    needs).  With `sparql_on_store`, pySHACL runs the core constraints and each SPARQL
    constraint runs once, over all its focus nodes, on an in-memory Oxigraph store
    (`run_sparql_constraints`); otherwise pySHACL runs everything, one query per focus node.
    """
    ontology = load_ontology() if ontology is None else ontology
    shapes = load_shapes() if shapes is None else shapes
    combined = data + ontology
    fast = store_runnable_constraints(shapes) if sparql_on_store else []
    core_shapes = shapes_without(shapes, fast)
    _conforms, report, _text = pyshacl.validate(
        combined,
        shacl_graph=core_shapes,
        inference="none",
        advanced=True,
        inplace=True,
        allow_warnings=True,
        allow_infos=True,
        do_owl_imports=False,
    )
    if not isinstance(report, Graph):  # pySHACL's ValidationFailure: the shapes are unusable
        raise ShapesError(str(report))
    if fast:
        run_sparql_constraints(combined, shapes, fast, report)
    restore_message_languages(report, shapes)
    _set_conforms(report)
    report.namespace_manager = shapes.namespace_manager
    records = [
        _record(report, node, combined, shapes)
        for node in report.subjects(RDF.type, SH.ValidationResult)
    ]
    return ValidationResult(report_graph=report, results=records)


def _set_conforms(report: Graph) -> None:
    """`sh:conforms` is true when no result is a violation (warnings and infos allowed)."""
    node = report.value(predicate=RDF.type, object=SH.ValidationReport)
    conforms = (None, SH.resultSeverity, SH.Violation) not in report
    report.set((node, SH.conforms, Literal(conforms)))


def _record(report: Graph, node: Node, data: Graph, shapes: Graph) -> ResultRecord:
    focus = report.value(node, SH.focusNode)
    severity = report.value(node, SH.resultSeverity)
    messages = {m.language or "": str(m) for m in report.objects(node, SH.resultMessage)}
    first, last = source_lines(data, focus) if focus is not None else (None, None)
    return ResultRecord(
        severity=str(severity).rsplit("#", 1)[-1],
        shape=_term(owning_shape(shapes, report.value(node, SH.sourceShape))),
        focus_node=_term(focus),
        component=_term(report.value(node, SH.sourceConstraintComponent)),
        path=_term(report.value(node, SH.resultPath)),
        value=_term(report.value(node, SH.value)),
        message_en=messages.get("en", messages.get("", "")),
        message_nl=messages.get("nl", ""),
        first_line=first,
        last_line=last,
    )


def owning_shape(shapes: Graph, shape: Node | None) -> Node | None:
    """The named shape a (blank-node) property shape belongs to, else the shape itself."""
    while isinstance(shape, BNode):
        parent = shapes.value(predicate=SH.property, object=shape)
        if parent is None:
            break
        shape = parent
    return shape


def source_lines(data: Graph, node: Node) -> tuple[int | None, int | None]:
    """First and last source line of `node` (over all its spans), or (None, None)."""
    lines = [
        (int(first), int(last if last is not None else first))
        for span in data.objects(node, PROV.wasDerivedFrom)
        if (first := data.value(span, SPAN_FIRST_LINE)) is not None
        for last in [data.value(span, SPAN_LAST_LINE)]
    ]
    if not lines:
        return None, None
    return min(first for first, _ in lines), max(last for _, last in lines)


def _term(node: Node | None) -> str:
    """A term as a plain string: the full IRI, `_:id` for a blank node, a literal's text."""
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)
