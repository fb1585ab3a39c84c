"""Value tests done in Python, with pySHACL's semantics, on the distinct values of a path.

    >>> from pyoxigraph import Literal as L, NamedNode
    >>> fails_pattern(Literal("^10\\\\.[0-9]{4}/"), None)(L("10.1234/x"))
    False
    >>> integer = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    >>> fails_datatype(XSD.integer)(L("abc", datatype=integer))
    True

SPARQL's REGEX (XPath) and Python's `re`, SPARQL's `<` and rdflib's literal comparison, and
SPARQL's and rdflib's notions of a well-formed literal differ in corner cases; pySHACL uses the
Python ones.  These tests run once per distinct value (a few thousand at 1M triples), which
keeps validation set-based while giving exactly pySHACL's answers.  Each test is only about
the values it can pass: blank nodes, IRIs for the range tests, and literals of another
datatype for sh:datatype fail in SPARQL already (`shacl_checks`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal

import pyoxigraph
from pyshacl.rdfutil import compare_literal
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import SH, XSD

XSD_STRING = str(XSD.string)
Test = Callable[[object], bool]  # a pyoxigraph term -> True when it fails the constraint
PairTest = Callable[[object, object], bool]  # value, other value -> True when the pair fails
PYTHON_TYPES = {
    XSD.string: str,
    RDF.langString: str,
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.time: time,
    XSD.dateTime: datetime,
}
RANGE_SIGNS = {
    SH.minExclusive: lambda c: c > 0,
    SH.minInclusive: lambda c: c >= 0,
    SH.maxExclusive: lambda c: c < 0,
    SH.maxInclusive: lambda c: c <= 0,
}


def rdflib_term(term: object) -> URIRef | Literal:
    """An IRI or literal from pyoxigraph as rdflib's term."""
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:  # rdflib's plain literal ("x" and "x"^^xsd:string
        return Literal(term.value)  # are one term in Oxigraph)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def fails_datatype(datatype: URIRef) -> Test:
    """A literal of `datatype` that rdflib finds ill-typed, or whose value is of the wrong kind."""
    expected = PYTHON_TYPES.get(datatype)

    def fails(term: object) -> bool:
        if not isinstance(term, pyoxigraph.Literal) or term.datatype.value != str(datatype):
            return False  # a value of another kind or datatype fails in SPARQL already
        literal = rdflib_term(term)
        if getattr(literal, "ill_typed", None) is True:
            return True
        if expected is None:
            return False
        value = literal.value
        if expected is int and isinstance(value, bool):
            return False  # pySHACL's isinstance(value, int) lets booleans pass
        return not isinstance(value, expected)

    return fails


def fails_pattern(pattern: Literal, flags: Literal | None) -> Test:
    """The value's string does not match the regular expression (Python's `re.search`)."""
    options = 0
    letters = str(flags).lower() if flags is not None else ""
    options |= re.I if "i" in letters else 0
    options |= re.M if "m" in letters else 0
    matcher = re.compile(str(pattern), options)
    return lambda term: matcher.search(_string(term)) is None


def fails_length(parameter: URIRef, limit: Literal) -> Test:
    """The string is shorter than sh:minLength or longer than sh:maxLength."""
    bound = int(limit)
    if parameter == SH.minLength:
        return lambda term: bound != 0 and len(_string(term)) < bound
    return lambda term: len(_string(term)) > bound


def fails_range(parameter: URIRef, limit: Literal) -> Test:
    """The literal does not compare as sh:min/maxIn/Exclusive requires (pySHACL's comparison)."""
    accepts = RANGE_SIGNS[parameter]
    limit_is_string = isinstance(limit.value, str)

    def fails(term: object) -> bool:
        if not isinstance(term, pyoxigraph.Literal):
            return False  # an IRI or blank node fails in SPARQL already
        value = rdflib_term(term)
        if isinstance(value.value, str) != limit_is_string:
            return True
        try:
            return not accepts(compare_literal(value, limit))
        except (TypeError, NotImplementedError):
            return True

    return fails


def fails_order(or_equal: bool) -> PairTest:
    """sh:lessThan (or sh:lessThanOrEquals) fails for this pair, compared as pySHACL does:
    strings (IRIs, string literals) only with strings, other literals by their values."""

    def comparable(term: object) -> tuple[bool, object]:
        if isinstance(term, pyoxigraph.BlankNode):
            raise ValueError("sh:lessThan cannot compare a blank node")
        if isinstance(term, pyoxigraph.NamedNode):
            return True, term.value
        literal = rdflib_term(term)
        is_string = isinstance(literal.value, str)
        return is_string, literal.value if is_string else literal

    def fails(value: object, other: object) -> bool:
        (value_is_string, mine), (other_is_string, theirs) = comparable(value), comparable(other)
        if value_is_string != other_is_string:
            return True
        try:
            return not (mine <= theirs if or_equal else mine < theirs)
        except TypeError:
            return True

    return fails


def _string(term: object) -> str:
    """pySHACL's string of a value: a plain or language literal's text, else its lexical form."""
    return term.value
