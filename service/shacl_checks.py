"""Compiling a shape with targets into set-based checks: one SPARQL query per constraint.

    >>> from rdflib import Graph
    >>> shapes = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
    ...     ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:maxCount 1 ] .''')
    >>> [check] = compile_shape(target_shapes(shapes)[0], lambda iri: (iri,))
    >>> check.component.rsplit("#")[1], "HAVING (COUNT(DISTINCT ?value) > 1)" in check.query
    ('MaxCountConstraintComponent', True)

Each `Check` is run once over all focus nodes of its shape (`shacl_engine`): its `query`
selects `?this` (and `?value`, or `?lang` for sh:uniqueLang), one row per validation result.
Tests that need Python (`shacl_values`) select the distinct candidate values instead
(`candidates`); the failing ones are then looked up with `rows_for`.  A shape whose
constraints cannot all be compiled raises `Unsupported`, and pySHACL validates it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import count

from rdflib import URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from .shacl_conformance import (
    PLAIN_DATATYPES,
    VALUE_PARAMETERS,
    Conditions,
    Subclasses,
    same_language,
)
from .shacl_shapes import (
    COMPONENTS,
    Shape,
    Unsupported,
    is_implicit_class,
    nullable,
    sparql_path,
    sparql_term,
    target_shapes,
)
from .shacl_values import Test, fails_datatype, fails_length, fails_pattern, fails_range

__all__ = ["Check", "compile_shape", "focus_query", "target_shapes"]
PYTHON_PARAMETERS = (
    SH.pattern, SH.minLength, SH.maxLength,
    SH.minExclusive, SH.minInclusive, SH.maxExclusive, SH.maxInclusive,
)  # fmt: skip
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LEVELS = count(1)  # names the variables of nested property shapes' focus nodes apart


@dataclass(frozen=True)
class Check:
    """One constraint of one shape, over all the shape's focus nodes."""

    shape: Shape
    parameter: URIRef
    argument: Node
    query: str | None  # rows: ?this [?value | ?lang]
    has_value: bool = True
    candidates: str | None = None  # SELECT DISTINCT ?value: values for `fails`
    fails: Test | None = None
    values_pattern: str = ""  # binds ?this and ?value, for `rows_for`
    focus: str = ""  # binds ?this: for SPARQL constraints

    @property
    def component(self) -> URIRef:
        return COMPONENTS[self.parameter]

    def rows_for(self, values: list[str]) -> str:
        """The rows of the failing `values` (SPARQL terms)."""
        return (
            f"SELECT DISTINCT ?this ?value WHERE {{ VALUES ?value {{ {' '.join(values)} }} "
            f"{self.values_pattern} }}"
        )


Focus = Callable[[str], str]  # variable name -> a sub-select binding the focus nodes to it


def focus_query(shape: Shape, subclasses: Subclasses) -> Focus:
    """The shape's focus nodes (SHACL targets) as a sub-select."""
    branches = []
    classes = [c for t in shape.values(SH.targetClass) for c in subclasses(t)]
    if is_implicit_class(shape.graph, shape.node):
        classes += subclasses(shape.node)
    if classes:
        listed = " ".join(f"<{c}>" for c in dict.fromkeys(classes))
        branches.append(f"{{ VALUES ?class {{ {listed} }} ?focus {RDF_TYPE} ?class }}")
    nodes = shape.values(SH.targetNode)
    if nodes:
        branches.append(f"{{ VALUES ?focus {{ {' '.join(sparql_term(n) for n in nodes)} }} }}")
    for predicate in shape.values(SH.targetSubjectsOf):
        branches.append(f"{{ ?focus <{predicate}> ?object }}")
    for predicate in shape.values(SH.targetObjectsOf):
        branches.append(f"{{ ?subject <{predicate}> ?focus }}")
    union = " UNION ".join(branches) or "FILTER(false)"
    return lambda var: f"{{ SELECT DISTINCT (?focus AS {var}) WHERE {{ {union} }} }}"


def compile_shape(shape: Shape, subclasses: Subclasses, focus: Focus | None = None) -> list[Check]:
    """The checks of `shape` (and of its property shapes) over the focus nodes `focus`."""
    if shape.deactivated:
        return []
    focus = focus or focus_query(shape, subclasses)
    path = sparql_path(shape.graph, shape.path) if shape.is_property else None
    zero_length = path is not None and nullable(shape.graph, shape.path)
    pattern = _value_pattern(focus, path, zero_length)
    this, values = focus("?this"), pattern("?this", "?value")
    conditions = Conditions(subclasses)
    checks: list[Check] = []
    for parameter in shape.parameters:
        for argument in shape.values(parameter):
            if parameter == SH.property:
                inner = shape.other(argument)
                checks += compile_shape(inner, subclasses, _values_of(pattern) if path else focus)
            elif parameter == SH.sparql:
                if path:
                    raise Unsupported("a SPARQL constraint on a property shape")
                checks.append(Check(shape, parameter, argument, None, focus=this))
            else:
                check = _check(
                    shape, parameter, argument, this, path, values, conditions, zero_length
                )
                checks.append(check)
    return checks


def _value_pattern(focus: Focus, path: str | None, zero_length: bool) -> Callable[[str, str], str]:
    """(this, value) -> a pattern binding the focus nodes and their value nodes."""

    def pattern(this: str, value: str) -> str:
        nodes = focus(this)
        if path is None:
            return f"{nodes} BIND({this} AS {value})"
        if zero_length:  # SPARQL's zero-length paths do not start from nodes outside the data
            itself = f"{{ {nodes} BIND({this} AS {value}) }}"
            return f"{{ {nodes} {this} {path} {value} }} UNION {itself}"
        return f"{nodes} {this} {path} {value} ."

    return pattern


def _values_of(pattern: Callable[[str, str], str]) -> Focus:
    """The value nodes of a property shape: the focus nodes of a property shape nested in it."""
    level = next(_LEVELS)
    outer, inner = f"?outer{level}", f"?inner{level}"
    return lambda var: (
        f"{{ SELECT DISTINCT ({inner} AS {var}) WHERE {{ {pattern(outer, inner)} }} }}"
    )


def _check(
    shape: Shape,
    parameter: URIRef,
    argument: Node,
    focus: str,
    path: str | None,
    values: str,
    conditions: Conditions,
    zero_length: bool = False,
) -> Check:
    def make(query: str | None, **more: object) -> Check:
        return Check(shape, parameter, argument, query, **more)

    if parameter == SH.hasValue and path is None:
        term = sparql_term(argument)
        query = f"SELECT ?this WHERE {{ {focus} FILTER(!sameTerm(?this, {term})) }}"
        return make(query, has_value=False)
    if parameter in (SH.minCount, SH.maxCount, SH.hasValue, SH.uniqueLang) and path is None:
        raise Unsupported(f"{parameter} on a node shape")
    if parameter == SH.minCount:
        limit = int(argument)
        if limit == 0:
            return make(None, has_value=False)
        if zero_length:  # every focus node has a value: itself
            query = (
                f"SELECT ?this WHERE {{ {values} }} GROUP BY ?this "
                f"HAVING (COUNT(DISTINCT ?value) < {limit})"
            )
        elif limit == 1:
            query = f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?value }} }}"
        else:
            query = (
                f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path} ?value }} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {limit})"
            )
        return make(query, has_value=False)
    if parameter == SH.maxCount:
        query = (
            f"SELECT ?this WHERE {{ {values} }} GROUP BY ?this "
            f"HAVING (COUNT(DISTINCT ?value) > {int(argument)})"
        )
        return make(query, has_value=False)
    if parameter == SH.hasValue:
        term = sparql_term(argument)
        missing = f"NOT EXISTS {{ ?this {path} {term} }}"
        if zero_length:
            missing = f"!sameTerm(?this, {term}) && {missing}"
        return make(f"SELECT ?this WHERE {{ {focus} FILTER({missing}) }}", has_value=False)
    if parameter == SH.uniqueLang and zero_length:
        raise Unsupported("sh:uniqueLang on a path of length zero")
    if parameter == SH.uniqueLang:
        if str(argument) != "true":
            return make(None, has_value=False)
        query = (
            f"SELECT DISTINCT ?this (LCASE(LANG(?value)) AS ?lang) WHERE {{ {values} "
            f"?this {path} ?other FILTER({same_language('?value', '?other')}) }}"
        )
        return make(query, has_value=False)
    if parameter == SH.datatype and argument == RDFS.Datatype:
        raise Unsupported("sh:datatype rdfs:Datatype")
    if parameter == SH.datatype and argument not in PLAIN_DATATYPES:
        mismatch = f"!(isLiteral(?value) && DATATYPE(?value) = <{argument}>)"
        return make(
            f"SELECT DISTINCT ?this ?value WHERE {{ {values} FILTER({mismatch}) }}",
            candidates=f"SELECT DISTINCT ?value WHERE {{ {values} FILTER(!{mismatch}) }}",
            fails=fails_datatype(argument),
            values_pattern=values,
        )
    if parameter in PYTHON_PARAMETERS:
        return _python_check(shape, parameter, argument, values, make)
    if parameter in VALUE_PARAMETERS:
        failing = conditions.value_fails(shape, parameter, argument, "?value")
        return make(f"SELECT DISTINCT ?this ?value WHERE {{ {values} FILTER({failing}) }}")
    raise Unsupported(f"{parameter} is not compiled")


def _python_check(
    shape: Shape, parameter: URIRef, argument: Node, values: str, make: Callable[..., Check]
) -> Check:
    if parameter == SH.pattern:
        fails = fails_pattern(argument, shape.graph.value(shape.node, SH.flags))
        always = "isBlank(?value)"
    elif parameter in (SH.minLength, SH.maxLength):
        fails = fails_length(parameter, argument)
        always = "isBlank(?value)"
    else:
        fails = fails_range(parameter, argument)
        always = "!isLiteral(?value)"
    return make(
        f"SELECT DISTINCT ?this ?value WHERE {{ {values} FILTER({always}) }}",
        candidates=f"SELECT DISTINCT ?value WHERE {{ {values} FILTER(!({always})) }}",
        fails=fails,
        values_pattern=values,
    )
