"""What the SHACL engine reads from a shapes graph: shapes, their parameters, paths as SPARQL.

    >>> from rdflib import Graph
    >>> shapes = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
    ...     ex:S sh:property [ sh:path ( ex:p [ sh:inversePath ex:q ] ) ] .''')
    >>> shape = Shape(shapes, shapes.value(URIRef("http://example.org/S"), SH.property))
    >>> shape.is_property, sparql_path(shapes, shape.path)
    (True, '(<http://example.org/p>/^(<http://example.org/q>))')

`Unsupported` marks what the SPARQL compiler does not translate; such shapes are left to
pySHACL (see `shacl_engine`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDFS, SH
from rdflib.term import Node

# The constraint parameters of SHACL Core (and SHACL-SPARQL's sh:sparql), each with its component.
COMPONENTS: dict[URIRef, URIRef] = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent,
    SH.disjoint: SH.DisjointConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.xone: SH.XoneConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH.property: SH.PropertyConstraintComponent,
    SH.qualifiedValueShape: SH.QualifiedMinCountConstraintComponent,  # or ...MaxCount...
    SH.closed: SH.ClosedConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.sparql: SH.SPARQLConstraintComponent,
    SH.expression: URIRef(f"{SH}ExpressionConstraintComponent"),  # SHACL-AF
}
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# Features that change the data or the shapes themselves: the whole validation goes to pySHACL.
WHOLE_GRAPH_FEATURES = (SH.rule, SH.target, SH.entailment, SH.jsFunctionName)


class Unsupported(Exception):
    """A shape uses something the SPARQL compiler does not translate."""


@dataclass(frozen=True)
class Shape:
    """One node or property shape of the shapes graph."""

    graph: Graph
    node: Node

    @cached_property
    def path(self) -> Node | None:
        return self.graph.value(self.node, SH.path)

    @property
    def is_property(self) -> bool:
        return self.path is not None

    @cached_property
    def severity(self) -> Node:
        return next(iter(set(self.graph.objects(self.node, SH.severity))), SH.Violation)

    @cached_property
    def messages(self) -> tuple[Node, ...]:
        return tuple(set(self.graph.objects(self.node, SH.message)))

    @cached_property
    def deactivated(self) -> bool:
        value = self.graph.value(self.node, SH.deactivated)
        return isinstance(value, Literal) and bool(value.toPython())

    @cached_property
    def parameters(self) -> list[URIRef]:
        """The constraint parameters this shape uses, in a stable order."""
        present = set(self.graph.predicates(self.node))
        return [parameter for parameter in COMPONENTS if parameter in present]

    def values(self, parameter: URIRef) -> list[Node]:
        return sorted(set(self.graph.objects(self.node, parameter)), key=_sort_key)

    def single(self, parameter: URIRef) -> Node:
        """The one value of `parameter` (more than one: left to pySHACL, which refuses it)."""
        values = self.values(parameter)
        if len(values) != 1:
            raise Unsupported(f"{len(values)} values of {parameter} on {self.node}")
        return values[0]

    def items(self, parameter: URIRef) -> list[Node]:
        """The members of the RDF list that is the one value of `parameter`."""
        return list(Collection(self.graph, self.single(parameter)))

    def other(self, node: Node) -> Shape:
        """A shape this one refers to (sh:node, sh:not, sh:property ...)."""
        if (node, None, None) not in self.graph:
            raise Unsupported(f"{self.node} refers to {node}, which is not a shape")
        return Shape(self.graph, node)


def target_shapes(shapes: Graph) -> list[Shape]:
    """The shapes with target declarations (the ones validation starts from)."""
    nodes = {node for target in TARGETS for node in shapes.subjects(target, None)}
    nodes |= {node for node in shapes.subjects(RDF.type, None) if is_implicit_class(shapes, node)}
    return [Shape(shapes, node) for node in sorted(nodes, key=_sort_key)]


def uses_whole_graph_features(shapes: Graph) -> bool:
    """True when the shapes use rules, SPARQL targets or custom constraint components."""
    if any((None, feature, None) in shapes for feature in WHOLE_GRAPH_FEATURES):
        return True
    return (None, RDF.type, SH.ConstraintComponent) in shapes


def sparql_path(graph: Graph, path: Node) -> str:
    """A SHACL property path as a SPARQL property path."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if not isinstance(path, BNode):
        raise Unsupported(f"not a property path: {path!r}")
    if (path, RDF.first, None) in graph:
        steps = [sparql_path(graph, step) for step in Collection(graph, path)]
        return "(" + "/".join(steps) + ")"
    for predicate, template in (
        (SH.inversePath, "^({})"),
        (SH.zeroOrMorePath, "({})*"),
        (SH.oneOrMorePath, "({})+"),
        (SH.zeroOrOnePath, "({})?"),
    ):
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(sparql_path(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(sparql_path(graph, a) for a in Collection(graph, alternatives)) + ")"
    raise Unsupported(f"unknown property path {path}")


def nullable(graph: Graph, path: Node) -> bool:
    """True when the path can have length zero (its values then include the focus node)."""
    if isinstance(path, URIRef):
        return False
    if (path, RDF.first, None) in graph:
        return all(nullable(graph, step) for step in Collection(graph, path))
    if (path, SH.zeroOrMorePath, None) in graph or (path, SH.zeroOrOnePath, None) in graph:
        return True
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return any(nullable(graph, a) for a in Collection(graph, alternatives))
    inner = graph.value(path, SH.inversePath) or graph.value(path, SH.oneOrMorePath)
    return inner is not None and nullable(graph, inner)


def sparql_term(term: Node) -> str:
    """A term of the shapes graph as SPARQL text (blank nodes cannot be named in a query)."""
    if isinstance(term, BNode):
        raise Unsupported("a blank node as a constraint value")
    return term.n3()


def is_implicit_class(shapes: Graph, node: Node) -> bool:
    """A shape that is also a class targets that class's instances (SHACL 2.1.3.3)."""
    classes = {RDFS.Class, OWL.Class, *shapes.subjects(RDFS.subClassOf, RDFS.Class)}
    if not any((node, RDF.type, cls) in shapes for cls in classes):
        return False
    kinds = (SH.NodeShape, SH.PropertyShape)
    return any((node, RDF.type, kind) in shapes for kind in kinds) or bool(
        set(shapes.predicates(node)) & set(COMPONENTS)
    )


def _sort_key(node: Node) -> tuple[str, str]:
    return type(node).__name__, str(node)
