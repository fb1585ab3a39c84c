"""Validation results as pySHACL reports them: the result terms and the SHACL report graph.

    >>> from rdflib import Graph, URIRef
    >>> result = Result(URIRef("urn:x"), URIRef("urn:S"), SH.MinCountConstraintComponent,
    ...                 SH.Violation, messages=(Literal("missing", lang="en"),))
    >>> graph = report_graph([result], Graph(), Graph())
    >>> len(graph), graph.value(predicate=RDF.type, object=SH.ValidationReport) is not None
    (9, True)

`report_graph` writes what pySHACL writes: one `sh:ValidationResult` per result, with blank
nodes from the shapes graph (property shapes, paths, SPARQL constraints) and from the data
(focus and value nodes) copied in with their ids and their own triples.  `GenericMessages`
gives pySHACL's own wording for constraints of shapes that have no `sh:message`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from pyshacl.rdfutil import clone_blank_node
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from loaders.rdf.ntriples import nt_term


@dataclass(frozen=True)
class Result:
    """One SHACL validation result."""

    focus: Node
    shape: Node  # sh:sourceShape
    component: URIRef
    severity: Node
    path: Node | None = None
    value: Node | None = None
    messages: tuple[Literal, ...] = ()
    source_constraint: Node | None = None


def report_graph(results: list[Result], shapes: Graph, data: Graph) -> Graph:
    """The SHACL validation report; `data` holds the triples of blank focus and value nodes."""
    report = Graph(bind_namespaces="core")
    for prefix, namespace in shapes.namespace_manager.namespaces():
        report.namespace_manager.bind(prefix, namespace)
    root = BNode()
    conforms = not any(result.severity == SH.Violation for result in results)
    report.add((root, RDF.type, SH.ValidationReport))
    report.add((root, SH.conforms, Literal(conforms)))
    copies: dict[tuple[int, Node], Node] = {}

    def copy(source: Graph, node: Node) -> Node:
        if not isinstance(node, BNode):
            return node
        key = (id(source), node)
        if key not in copies:
            copies[key] = clone_blank_node(source, node, report, keepid=True)
        return copies[key]

    for result in results:
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.sourceConstraintComponent, result.component))
        report.add((node, SH.sourceShape, copy(shapes, result.shape)))
        report.add((node, SH.resultSeverity, result.severity))
        report.add((node, SH.focusNode, copy(data, result.focus)))
        if result.value is not None:
            report.add((node, SH.value, copy(data, result.value)))
        if result.path is not None:
            report.add((node, SH.resultPath, copy(shapes, result.path)))
        if result.source_constraint is not None:
            report.add((node, SH.sourceConstraint, copy(shapes, result.source_constraint)))
        for message in result.messages:
            report.add((node, SH.resultMessage, message))
    return report


def report_ntriples(results: list[Result], shapes: Graph, data: Graph) -> bytes:
    """The triples of `report_graph`, written directly as N-Triples (no rdflib graph)."""
    lines, copied = [], Graph()
    root = "_:gkgReport"
    conforms = not any(result.severity == SH.Violation for result in results)
    lines.append(f"{root} <{RDF.type}> <{SH.ValidationReport}> .")
    lines.append(f"{root} <{SH.conforms}> {Literal(conforms).n3()} .")
    blank = {"shapes": set(), "data": set()}
    for index, result in enumerate(results):
        node = f"_:gkgResult{index}"
        lines.append(f"{root} <{SH.result}> {node} .")
        pairs = [
            (RDF.type, SH.ValidationResult),
            (SH.sourceConstraintComponent, result.component),
            (SH.sourceShape, result.shape),
            (SH.resultSeverity, result.severity),
            (SH.focusNode, result.focus),
            (SH.value, result.value),
            (SH.resultPath, result.path),
            (SH.sourceConstraint, result.source_constraint),
            *((SH.resultMessage, message) for message in result.messages),
        ]
        for predicate, term in pairs:
            if term is None:
                continue
            lines.append(f"{node} <{predicate}> {nt_term(term)} .")
            if isinstance(term, BNode):
                source = "data" if predicate in (SH.focusNode, SH.value) else "shapes"
                blank[source].add(term)
    for source, graph in (("shapes", shapes), ("data", data)):
        for node in blank[source]:
            clone_blank_node(graph, node, copied, keepid=True)
    lines += (f"{nt_term(s)} <{p}> {nt_term(o)} ." for s, p, o in copied)
    return ("\n".join(lines) + "\n").encode("utf-8")


def results_of(report: Graph) -> list[Result]:
    """The results of a SHACL report graph (pySHACL's, for shapes it validated)."""
    found = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        found.append(
            Result(
                focus=report.value(node, SH.focusNode),
                shape=report.value(node, SH.sourceShape),
                component=report.value(node, SH.sourceConstraintComponent),
                severity=report.value(node, SH.resultSeverity),
                path=report.value(node, SH.resultPath),
                value=report.value(node, SH.value),
                messages=tuple(report.objects(node, SH.resultMessage)),
                source_constraint=report.value(node, SH.sourceConstraint),
            )
        )
    return found


class GenericMessages:
    """pySHACL's default message of a constraint, for shapes without `sh:message`."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes

    @cached_property
    def _shapes_graph(self):  # noqa: ANN202 - pyshacl.ShapesGraph
        from pyshacl.shapes_graph import ShapesGraph

        copy = Graph(namespace_manager=self.shapes.namespace_manager)
        copy += self.shapes  # pySHACL adds two system triples to the graph it is given
        graph = ShapesGraph(copy)
        graph.shapes  # noqa: B018 - builds pySHACL's shape cache
        return graph

    def messages(
        self, shape: Node, parameter: URIRef, data: Graph, focus: Node, value: Node | None
    ) -> tuple[Literal, ...]:
        from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP

        pyshacl_shape = self._shapes_graph.lookup_shape_from_node(shape)
        component = CONSTRAINT_PARAMETERS_MAP[parameter](pyshacl_shape)
        return tuple(component.make_generic_messages(data, focus, value))
