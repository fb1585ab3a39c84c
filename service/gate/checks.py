"""Compiling a shape with targets into set-based checks, each run once over all focus nodes.

    >>> from rdflib import Graph
    >>> shapes = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
    ...     ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:maxCount 1 ] .''')
    >>> [batch] = compile_shape(target_shapes(shapes)[0], lambda iri: (iri,))
    >>> [check] = batch.counted
    >>> check.component.rsplit("#")[1], batch.counts_query().endswith("> 1)")
    ('MaxCountConstraintComponent', True)

Everything is run once over all focus nodes of its shape (`shacl_engine`).  A `Check` with
its own `query` selects `?this` (and `?value`, or `?lang` for sh:uniqueLang), one row per
validation result.  The constraints of a shape that are tested value by value (a SPARQL
condition, a Python test from `shacl_values` on the distinct values, or both) or by the number
of values are gathered in one `Batch` of at most three queries.  A shape whose constraints
cannot all be compiled raises `Unsupported`, and pySHACL validates it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import count

from rdflib import URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from service.gate.conformance import (
    PLAIN_DATATYPES,
    VALUE_PARAMETERS,
    Conditions,
    Subclasses,
    same_language,
)
from service.gate.shacl_sparql import joinable
from service.gate.shapes import (
    COMPONENTS,
    Shape,
    Unsupported,
    is_implicit_class,
    nullable,
    sparql_path,
    sparql_term,
    target_shapes,
)
from service.gate.values import (
    PairTest,
    Test,
    fails_datatype,
    fails_length,
    fails_order,
    fails_pattern,
    fails_range,
)

__all__ = ["Batch", "Check", "compile_shape", "focus_query", "target_shapes"]
PYTHON_PARAMETERS = (
    SH.pattern, SH.minLength, SH.maxLength,
    SH.minExclusive, SH.minInclusive, SH.maxExclusive, SH.maxInclusive,
)  # fmt: skip
PAIR_PARAMETERS = (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals)
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LEVELS = count(1)  # names the variables of nested property shapes' focus nodes apart


@dataclass(frozen=True)
class Check:
    """One constraint of one shape, over all the shape's focus nodes."""

    shape: Shape
    parameter: URIRef
    argument: Node
    query: str | None = None  # its own query; rows: ?this [?value | ?lang]
    has_value: bool = True
    flag: str | None = None  # or: a SPARQL condition on ?value, true when the value fails
    fails: Test | None = None  # and/or: a Python test of the distinct values
    limit: int | None = None  # or: sh:minCount / sh:maxCount, from the number of values
    pair_fails: PairTest | None = None  # query rows ?this ?value ?other: does the pair fail?
    focus: str = ""  # binds ?this: for SPARQL constraints

    @property
    def component(self) -> URIRef:
        return COMPONENTS[self.parameter]


@dataclass(frozen=True)
class Batch:
    """The constraints of one shape tested value by value or by count, in at most 3 queries.

    `flagged` checks run as one query over the values (a flag per check); `tested` ones share
    one query for the distinct values to test in Python (and one for the rows of those that
    fail); `counted` ones (sh:minCount, sh:maxCount) one GROUP BY over the focus nodes.
    """

    shape: Shape
    checks: tuple[Check, ...]
    values: str  # binds ?this and ?value
    counts: str  # binds ?this and, optionally, ?value: for counting

    @property
    def flagged(self) -> list[Check]:
        return [check for check in self.checks if check.flag is not None]

    @property
    def tested(self) -> list[Check]:
        return [check for check in self.checks if check.fails is not None]

    @property
    def counted(self) -> list[Check]:
        return [check for check in self.checks if check.limit is not None]

    def flags_query(self) -> str:
        flags = [f"?flag{i}" for i in range(len(self.flagged))]
        binds = " ".join(
            f"BIND(COALESCE({c.flag}, false) AS {f})"
            for c, f in zip(self.flagged, flags, strict=True)
        )
        return (
            f"SELECT DISTINCT ?this ?value {' '.join(flags)} WHERE {{ {self.values} {binds} "
            f"FILTER({' || '.join(flags)}) }}"
        )

    def candidates_query(self) -> str:
        return f"SELECT DISTINCT ?value WHERE {{ {self.values} FILTER(!isBlank(?value)) }}"

    def rows_for(self, values: list[str]) -> str:
        """The rows of the failing `values` (SPARQL terms)."""
        return (
            f"SELECT DISTINCT ?this ?value WHERE {{ VALUES ?value {{ {' '.join(values)} }} "
            f"{self.values} }}"
        )

    def counts_query(self) -> str:
        bounds = []
        for check in self.counted:
            sign = "<" if check.parameter == SH.minCount else ">"
            bounds.append(f"COUNT(DISTINCT ?value) {sign} {check.limit}")
        return (
            f"SELECT ?this (COUNT(DISTINCT ?value) AS ?count) WHERE {{ {self.counts} }} "
            f"GROUP BY ?this HAVING ({' || '.join(bounds)})"
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


def compile_shape(
    shape: Shape, subclasses: Subclasses, focus: Focus | None = None
) -> list[Check | Batch]:
    """The checks of `shape` (and of its property shapes) over the focus nodes `focus`."""
    if shape.deactivated:
        return []
    focus = focus or focus_query(shape, subclasses)
    path = sparql_path(shape.graph, shape.path) if shape.is_property else None
    zero_length = path is not None and nullable(shape.graph, shape.path)
    pattern = _value_pattern(focus, path, zero_length)
    this, values = focus("?this"), pattern("?this", "?value")
    conditions = Conditions(subclasses)
    checks: list[Check | Batch] = []
    batched: list[Check] = []
    for parameter in shape.parameters:
        for argument in shape.values(parameter):
            if parameter == SH.property:
                inner = shape.other(argument)
                checks += compile_shape(inner, subclasses, _values_of(pattern) if path else focus)
            elif parameter == SH.sparql:
                if path or not joinable(shape.graph, argument):
                    raise Unsupported("a SPARQL constraint with $PATH, sub-selects or on a path")
                checks.append(Check(shape, parameter, argument, focus=this))
            else:
                check = _check(
                    shape, parameter, argument, this, path, values, conditions, zero_length
                )
                (checks if check.query else batched).append(check)
    if batched:
        batched = [
            _alone_if_only_count(check, batched, this, path, zero_length) for check in batched
        ]
        checks += [check for check in batched if check.query]
        counts = values if zero_length else f"{this} OPTIONAL {{ ?this {path} ?value }}"
        checks.append(Batch(shape, tuple(c for c in batched if not c.query), values, counts))
    return checks


def _alone_if_only_count(
    check: Check, batched: list[Check], this: str, path: str | None, zero_length: bool
) -> Check:
    """sh:minCount 1 with no other count: a NOT EXISTS, much cheaper than counting values."""
    if check.limit != 1 or check.parameter != SH.minCount or zero_length:
        return check
    if any(other.limit is not None for other in batched if other is not check):
        return check
    query = f"SELECT ?this WHERE {{ {this} FILTER NOT EXISTS {{ ?this {path} ?value }} }}"
    return replace(check, query=query, limit=None)


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
    def make(query: str | None = None, **more: object) -> Check:
        return Check(shape, parameter, argument, query, **more)

    if parameter == SH.hasValue and path is None:
        term = sparql_term(argument)
        query = f"SELECT ?this WHERE {{ {focus} FILTER(!sameTerm(?this, {term})) }}"
        return make(query, has_value=False)
    if parameter in (SH.minCount, SH.maxCount, SH.hasValue, SH.uniqueLang) and path is None:
        raise Unsupported(f"{parameter} on a node shape")
    if parameter == SH.minCount:
        limit = int(argument)
        return make(has_value=False, limit=limit) if limit else make("", has_value=False)
    if parameter == SH.maxCount:
        return make(has_value=False, limit=int(argument))
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
            return make("", has_value=False)
        query = (
            f"SELECT DISTINCT ?this (LCASE(LANG(?value)) AS ?lang) WHERE {{ {values} "
            f"?this {path} ?other FILTER({same_language('?value', '?other')}) }}"
        )
        return make(query, has_value=False)
    if parameter in PAIR_PARAMETERS:
        return _pair_check(parameter, argument, focus, path, values, zero_length, make)
    if parameter == SH.datatype and argument == RDFS.Datatype:
        raise Unsupported("sh:datatype rdfs:Datatype")
    if parameter == SH.datatype and argument not in PLAIN_DATATYPES:
        return make(
            flag=f"!(isLiteral(?value) && DATATYPE(?value) = <{argument}>)",
            fails=fails_datatype(argument),
        )
    if parameter in PYTHON_PARAMETERS:
        return _python_check(shape, parameter, argument, make)
    if parameter in VALUE_PARAMETERS:
        return make(flag=conditions.value_fails(shape, parameter, argument, "?value"))
    raise Unsupported(f"{parameter} is not compiled")


def _pair_check(
    parameter: URIRef,
    other: Node,
    focus: str,
    path: str | None,
    values: str,
    zero_length: bool,
    make: Callable[..., Check],
) -> Check:
    """sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals: values against `other`'s."""
    if path is None and parameter in (SH.lessThan, SH.lessThanOrEquals):
        raise Unsupported(f"{parameter} on a node shape")
    if zero_length or not isinstance(other, URIRef):
        raise Unsupported(f"{parameter} on a path of length zero, or not naming a property")
    if path is None:
        path, values = "<urn:gkg:none>", f"{focus} BIND(?this AS ?value)"
    if parameter == SH.disjoint:
        return make(f"SELECT DISTINCT ?this ?value WHERE {{ {values} ?this <{other}> ?value }}")
    if parameter == SH.equals:
        mine = f"{{ {values} FILTER NOT EXISTS {{ ?this <{other}> ?value }} }}"
        own = (
            f"?this {path} ?value"
            if path != "<urn:gkg:none>"
            else "FILTER(sameTerm(?this, ?value))"
        )
        theirs = f"{{ {focus} ?this <{other}> ?value FILTER NOT EXISTS {{ {own} }} }}"
        return make(f"SELECT DISTINCT ?this ?value WHERE {{ {mine} UNION {theirs} }}")
    sign = "<" if parameter == SH.lessThan else "<="
    surely = f"isNumeric(?value) && isNumeric(?other) && ?value {sign} ?other"
    pairs = f"{values} ?this <{other}> ?other FILTER(!({surely}))"
    query = f"SELECT DISTINCT ?this ?value ?other WHERE {{ {pairs} }}"
    return make(query, pair_fails=fails_order(parameter == SH.lessThanOrEquals))


def _python_check(
    shape: Shape, parameter: URIRef, argument: Node, make: Callable[..., Check]
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
    return make(flag=always, fails=fails)
