"""SHACL conditions as SPARQL expressions: does a value fail a constraint, does a node conform.

    >>> from rdflib import Graph
    >>> shapes = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
    ...     ex:S sh:path ex:p ; sh:minCount 1 ; sh:nodeKind sh:IRI .''')
    >>> condition = Conditions(lambda iri: (iri,)).fails_shape(Shape(shapes, EX.S), "?x")
    >>> print(condition.replace("<http://example.org/p>", "ex:p"))
    (EXISTS { ?x ex:p ?v1 FILTER(!isIRI(?v1)) } || NOT EXISTS { ?x ex:p ?v2 })

`value_fails` covers the constraints checked one value node at a time; `fails_shape` is true
when a node does not conform to a shape (sh:not, sh:and, sh:or, sh:xone, sh:node nest shapes).
pySHACL is run with warnings and infos allowed, which makes a nested shape of severity
sh:Warning or sh:Info always conform; so it does here.  Constraints whose value test needs
Python (`shacl_values`) raise `Unsupported` when nested.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations, count

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from service.gate.shapes import Shape, Unsupported, nullable, sparql_path, sparql_term

EX = Namespace("http://example.org/")
Subclasses = Callable[[URIRef], Sequence[URIRef]]
NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
# Datatypes whose literals SPARQL alone tells apart exactly as pySHACL does.
PLAIN_DATATYPES = {
    XSD.string: "(isLiteral({v}) && DATATYPE({v}) = <{d}>)",
    RDF.langString: "(isLiteral({v}) && DATATYPE({v}) = <{d}>)",
    RDFS.Literal: "isLiteral({v})",
}
# ... and numeric ones, nested in other shapes (a well-formed literal is a number to SPARQL).
NUMERIC_DATATYPES = {
    datatype: "(isLiteral({v}) && DATATYPE({v}) = <{d}> && isNumeric({v}))"
    for datatype in (XSD.integer, XSD.decimal, XSD.double, XSD.float)
}
VALUE_PARAMETERS = (
    SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.languageIn,
    SH["not"], SH["and"], SH["or"], SH.xone,
)  # fmt: skip
MAX_NESTED_COUNT = 3  # sh:minCount/sh:maxCount inside sh:or, sh:not ...: up to this many values


class Conditions:
    """Builds SPARQL conditions; `subclasses(C)` is C and all its subclasses in the data."""

    def __init__(self, subclasses: Subclasses) -> None:
        self.subclasses = subclasses
        self._names = count(1)

    def fresh(self) -> str:
        return f"?v{next(self._names)}"

    # --- one value node ------------------------------------------------------------------------
    def value_fails(self, shape: Shape, parameter: URIRef, argument: Node, v: str) -> str:
        """SPARQL expression: value node `v` fails `parameter` = `argument` of `shape`."""
        if parameter == SH["class"]:
            classes = " ".join(f"<{c}>" for c in self.subclasses(argument))
            kind = self.fresh()
            return f"NOT EXISTS {{ VALUES {kind} {{ {classes} }} {v} a {kind} }}"
        if parameter == SH.datatype:
            template = PLAIN_DATATYPES.get(argument) or NUMERIC_DATATYPES.get(argument)
            if template is None:
                raise Unsupported(f"sh:datatype {argument} nested in another shape")
            return "!" + template.format(v=v, d=argument)
        if parameter == SH.nodeKind:
            if argument not in NODE_KINDS:
                raise Unsupported(f"unknown node kind {argument}")
            return "!" + NODE_KINDS[argument].format(v=v)
        if parameter == SH["in"]:
            members = shape.items(SH["in"])
            if not members:
                return "true"
            return "!(" + " || ".join(f"sameTerm({v}, {sparql_term(m)})" for m in members) + ")"
        if parameter == SH.languageIn:
            return "!" + _language_in(shape.items(SH.languageIn), v)
        if parameter == SH["not"]:
            return f"!{self.fails_shape(shape.other(argument), v)}"
        if parameter in (SH["and"], SH["or"], SH.xone):
            members = [shape.other(member) for member in shape.graph.items(argument)]
            failing = [self.fails_shape(member, v) for member in members]
            if parameter == SH["and"]:
                return "(" + " || ".join(failing) + ")" if failing else "false"
            if parameter == SH["or"]:
                return "(" + " && ".join(failing) + ")" if failing else "true"
            conforming = " + ".join(f"IF({f}, 0, 1)" for f in failing) or "0"
            return f"(({conforming}) != 1)"
        raise Unsupported(f"{parameter} as a per-value condition")

    # --- a whole shape -------------------------------------------------------------------------
    def fails_shape(self, shape: Shape, x: str) -> str:
        """SPARQL expression: the node `x` does not conform to `shape`."""
        if shape.deactivated or shape.severity in (SH.Warning, SH.Info):
            return "false"
        parts = []
        for parameter in shape.parameters:
            for argument in shape.values(parameter):
                parts.append(self._fails_parameter(shape, parameter, argument, x))
        return "(" + " || ".join(parts) + ")" if parts else "false"

    def _fails_parameter(self, shape: Shape, parameter: URIRef, argument: Node, x: str) -> str:
        if shape.is_property and nullable(shape.graph, shape.path):
            raise Unsupported("a nested path of length zero")
        path = sparql_path(shape.graph, shape.path) if shape.is_property else None
        if parameter == SH.property:
            inner = shape.other(argument)
            if path is None:
                return self.fails_shape(inner, x)
            v = self.fresh()
            return f"EXISTS {{ {x} {path} {v} FILTER({self.fails_shape(inner, v)}) }}"
        if parameter == SH.hasValue and path is None:
            return f"!sameTerm({x}, {sparql_term(argument)})"
        if parameter in (SH.minCount, SH.maxCount, SH.hasValue, SH.uniqueLang):
            if path is None:
                raise Unsupported(f"{parameter} on a node shape")
            return self._fails_on_values(parameter, argument, x, path)
        if parameter not in VALUE_PARAMETERS:
            raise Unsupported(f"{parameter} nested in another shape")
        if path is None:
            return self.value_fails(shape, parameter, argument, x)
        v = self.fresh()
        return (
            f"EXISTS {{ {x} {path} {v} FILTER({self.value_fails(shape, parameter, argument, v)}) }}"
        )

    def _fails_on_values(self, parameter: URIRef, argument: Node, x: str, path: str) -> str:
        if parameter == SH.hasValue:
            return f"NOT EXISTS {{ {x} {path} {sparql_term(argument)} }}"
        if parameter == SH.uniqueLang:
            if argument != Literal(True):
                return "false"
            a, b = self.fresh(), self.fresh()
            return f"EXISTS {{ {x} {path} {a}, {b} FILTER({same_language(a, b)}) }}"
        limit = int(argument)
        if parameter == SH.minCount:
            return "false" if limit == 0 else f"NOT {self._at_least(limit, x, path)}"
        return self._at_least(limit + 1, x, path)

    def _at_least(self, number: int, x: str, path: str) -> str:
        """EXISTS: `x` has at least `number` distinct values on `path`."""
        if number > MAX_NESTED_COUNT:
            raise Unsupported(f"a nested count of {number}")
        names = [self.fresh() for _ in range(number)]
        distinct = " && ".join(f"!sameTerm({a}, {b})" for a, b in combinations(names, 2))
        return f"EXISTS {{ {x} {path} {', '.join(names)} " + (
            f"FILTER({distinct}) }}" if distinct else "}"
        )


def same_language(a: str, b: str) -> str:
    """Two different literals with the same (case-insensitive) language tag."""
    return f'!sameTerm({a}, {b}) && LANG({a}) != "" && LCASE(LANG({a})) = LCASE(LANG({b}))'


def _language_in(languages: list[Node], v: str) -> str:
    """pySHACL's sh:languageIn: the tag, or its first subtag, is one of the listed (any case)."""
    wanted = sorted({str(language).lower() for language in languages})
    if "*" in wanted:
        return f'(isLiteral({v}) && LANG({v}) != "")'
    listed = ", ".join(Literal(language).n3() for language in wanted) or '""'
    first = f'LCASE(STRBEFORE(CONCAT(LANG({v}), "-"), "-"))'
    return (
        f'(isLiteral({v}) && LANG({v}) != "" && '
        f"(LCASE(LANG({v})) IN ({listed}) || {first} IN ({listed})))"
    )
