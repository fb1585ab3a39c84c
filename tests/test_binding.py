"""The VALUES binder (service.queries.binding): only single, valid IRI and literal terms get in.

A made term must read back as exactly the value it was made from, in both parsers that
see the query (rdflib checks it, Oxigraph runs it), whatever the value contains.
"""

from __future__ import annotations

import pyoxigraph
import pytest
import rdflib

from service.queries.binding import TermError, bind_values, check_term, iri, literal
from service.sparql.query_check import check_query

HOSTILE_STRINGS = [
    'x" } SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } #',
    "x\\",
    'x\\" . }',
    "\\u0022 } SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } \\u0022",
    "\\\\u0022",
    "\\u005c\\u0022",
    "\\u0041 and \\U0001F600 and \\U00000075",
    "ends in a backslash-u \\u",
    "line one\nline two\r\n",
    "'''",
    '"""',
    "tab\tand formfeed\f",
    "Gonçalves — ‘quoted’ 𝔘",
    "{ } < > | ^ `",
]
BAD_IRIS = [
    "https://w3id.org/gkg/person/x>",
    'https://w3id.org/gkg/person/x"',
    "https://w3id.org/gkg/person/x\\u003e",
    "https://w3id.org/gkg/person/{x}",
    "https://w3id.org/gkg/person/x y",
    "https://w3id.org/gkg/person/x\n",
    "https://w3id.org/gkg/person/x\x00",
    "https://w3id.org/gkg/person/x|y",
    "https://w3id.org/gkg/person/x^y",
    "https://w3id.org/gkg/person/x`y",
    "https://w3id.org/gkg/person/\x7f",
    "person/agnes-jager",  # relative
    "",
    "https://w3id.org/gkg/person/" + "a" * 9000,
]
BAD_TERMS = [
    "<https://e.org/a> <https://e.org/b>",
    "<https://e.org/a>) } SERVICE <http://127.0.0.1:9/> { (",
    '"a" "b"',
    '"a"@en . ?s ?p ?o',
    '"unterminated',
    '"a\\u0022"',  # a \u escape: rdflib and Oxigraph would read it differently
    '"a"^^xsd:string',
    "?variable",
    "_:blank",
    "42",
    "",
]


def parsed_with_oxigraph(term: str) -> pyoxigraph.Literal | pyoxigraph.NamedNode:
    """The term as Oxigraph reads it inside a query."""
    query = bind_values("SELECT ?x WHERE { }", {"x": term})
    (row,) = list(pyoxigraph.Store().query(query))
    return row["x"]


def parsed_with_rdflib(term: str) -> object:
    """The term as rdflib's SPARQL parser (the checker's) reads it inside a query."""
    (row,) = list(rdflib.Graph().query(bind_values("SELECT ?x WHERE { }", {"x": term})))
    return row[0]


@pytest.mark.parametrize("value", HOSTILE_STRINGS)
def test_a_literal_reads_back_as_its_value_in_both_parsers(value: str) -> None:
    term = literal(value)
    assert parsed_with_oxigraph(term).value == value
    assert str(parsed_with_rdflib(term)) == value


def test_language_tags_and_datatypes_are_kept() -> None:
    assert literal("nl", lang="en") == '"nl"@en'
    assert parsed_with_oxigraph(literal("borst", lang="nl")).language == "nl"
    typed = literal("5", datatype="http://www.w3.org/2001/XMLSchema#integer")
    assert parsed_with_oxigraph(typed).datatype.value.endswith("#integer")
    with pytest.raises(TermError, match="not a language tag"):
        literal("x", lang="en } SERVICE")
    with pytest.raises(TermError, match="not an IRI"):
        literal("x", datatype="xsd:int> . ?s ?p ?o")


@pytest.mark.parametrize("value", ["x\x00y", "x\x1by", "x\x7fy"])
def test_control_characters_in_a_literal_are_refused(value: str) -> None:
    with pytest.raises(TermError, match="control character"):
        literal(value)


def test_a_valid_iri_reads_back_unchanged() -> None:
    value = "https://w3id.org/gkg/finding/10.1.1/a-2006+b-2011/overall-survival/ci"
    assert iri(value) == f"<{value}>"
    assert parsed_with_oxigraph(iri(value)).value == value
    assert str(parsed_with_rdflib(iri(value))) == value


@pytest.mark.parametrize("value", BAD_IRIS)
def test_anything_but_an_absolute_iri_is_refused(value: str) -> None:
    with pytest.raises(TermError):
        iri(value)


def test_the_refusal_names_the_offending_character() -> None:
    with pytest.raises(TermError, match=r"contains '>' at position 29"):
        iri("https://w3id.org/gkg/person/x>")


@pytest.mark.parametrize("term", BAD_TERMS)
def test_bind_values_refuses_what_is_not_one_term(term: str) -> None:
    with pytest.raises(TermError) as refused:
        bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"x": term})
    assert refused.value.name == "x"


def test_bind_values_refuses_a_bad_variable_name() -> None:
    with pytest.raises(TermError, match="not a variable name"):
        bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"x) { (<urn:a>) } #": "<urn:b>"})


def test_check_term_accepts_what_iri_and_literal_make() -> None:
    for value in HOSTILE_STRINGS:
        assert check_term(literal(value, lang="nl-BE")) == literal(value, lang="nl-BE")
    assert check_term(iri("urn:gkg:x")) == "<urn:gkg:x>"


@pytest.mark.parametrize("value", HOSTILE_STRINGS)
def test_a_bound_query_checks_like_its_template(value: str) -> None:
    """Pages check their query text once and then bind: binding must not change what
    the checker sees (no SERVICE, FROM or update can come in with a value)."""
    template = "SELECT ?x WHERE { ?x <urn:p> ?label }"
    bound = bind_values(template, {"label": literal(value), "x": iri("urn:gkg:x")})
    checked, unbound = check_query(bound), check_query(template)
    assert (checked.form, checked.services) == (unbound.form, unbound.services) == ("SELECT", ())
    assert parsed_with_oxigraph(literal(value)).value == value
