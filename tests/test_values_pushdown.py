"""Where bind_values puts a parameter's VALUES block (service.queries.groups), and that the
inner blocks change no result of any named query on the bundled document."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from service.queries.binding import bind_values
from service.queries.groups import values_positions
from service.queries.library import NamedQuery, load_library
from service.store.releases import current_release, open_read_only

LIBRARY = load_library()
NAMES = sorted(name for name, query in LIBRARY.items() if "SERVICE" not in query.sparql)
VARIANTS = 12  # parameter values tried per query


def inner_groups(query: str, name: str = "m") -> list[str]:
    """The text just before each inner '{' that gets the block (the WHERE group left out)."""
    return [query[:at].split()[-2] for at in values_positions(query, [name])[name][1:]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * { ?x <p> ?m OPTIONAL { ?x <q> ?m } }", ["OPTIONAL"]),
        ("SELECT * { ?m <p> ?x OPTIONAL { ?x <q> ?y } }", []),  # ?m not in the group
        ("SELECT * { ?m <p> ?x OPTIONAL { ?x <q> ?y FILTER(?y = ?m) } }", []),  # read only
        ("SELECT * { ?m <p> ?x OPTIONAL { BIND(?m AS ?y) ?x <q> ?m } }", []),  # read first
        ("SELECT * { ?m <p> ?x OPTIONAL { ?x <q> ?m OPTIONAL { ?m <r> ?z } } }", ["OPTIONAL"] * 2),
        ("SELECT * { ?m <p> ?x OPTIONAL { ?x <q> ?y OPTIONAL { ?m <r> ?y } } }", []),
        ("SELECT * { ?m <p> ?x OPTIONAL { ?m <q> ?y } UNION { ?m <r> ?y } }", ["OPTIONAL"]),
        ("SELECT * { ?m <p> ?x OPTIONAL { { ?m <q> ?y } UNION { ?m <r> ?y } } }", []),
        ("SELECT * { ?m <p> ?x OPTIONAL { ?m <q> ?y SERVICE <urn:s> { ?y <r> ?z } } }", []),
        ("SELECT * { ?m <p> ?x OPTIONAL { ?m <q> ?y VALUES ?y { 1 } } }", []),
        ("SELECT * { ?m <p> ?x { SELECT ?m ?y { ?m <q> ?y } } }", ["?y"]),
        ("SELECT * { ?m <p> ?x OPTIONAL { SELECT ?m ?y WHERE { ?m <q> ?y } } }", ["WHERE"]),
        ("SELECT * { ?m <p> ?x { SELECT ?y { ?m <q> ?y } } }", []),  # not projected
        ("SELECT * { ?m <p> ?x { SELECT (?z AS ?m) ?y { ?z <q> ?y } } }", []),
        ("SELECT * { ?m <p> ?x { SELECT ?m ?y { ?m <q> ?y } LIMIT 5 } }", []),
        ("SELECT * { ?m <p> ?x { SELECT ?m ?y { ?m <q> ?y } OFFSET 1 } }", []),
        ("SELECT * { ?m <p> ?x { SELECT ?m (COUNT(*) AS ?n) { ?m <q> ?y } } }", []),
        ("SELECT * { ?m <p> ?x { SELECT ?m ?n { ?m <q> ?y } GROUP BY ?n } }", []),
        (
            "SELECT * { ?m <p> ?x { SELECT ?m (COUNT(*) AS ?n) { ?m <q> ?y } GROUP BY ?m } }",
            ["?n)"],
        ),
        ("SELECT * { ?m <p> ?x FILTER EXISTS { SELECT ?m { ?m <q> ?y } } }", []),
        ("SELECT * { ?m <p> ?x MINUS { SELECT ?m { ?m <q> ?y } } }", []),
        (  # a sub-SELECT binds it for the OPTIONAL that follows; the inner one is narrowed
            "SELECT * { ?m <p> ?x OPTIONAL { { SELECT ?m ?y { ?m <q> ?y } } ?y <r> ?z } }",
            ["OPTIONAL", "?y"],
        ),
        (  # keywords inside prefixed names, variable names, strings and comments are no keywords
            'SELECT ?where { ?m ex:optional ?where OPTIONAL { ?m <q> "{" } # OPTIONAL {\n }',
            ["OPTIONAL"],
        ),
    ],
)
def test_inner_groups_that_take_the_block(query: str, expected: list[str]) -> None:
    assert inner_groups(query) == expected


def test_a_bound_query_runs_with_the_inner_blocks() -> None:
    store = pyoxigraph.Store()
    p, q = pyoxigraph.NamedNode("urn:p"), pyoxigraph.NamedNode("urn:q")
    for subject, value in (("urn:a", "1"), ("urn:b", "2")):
        store.add(pyoxigraph.Quad(pyoxigraph.NamedNode(subject), p, pyoxigraph.Literal(value)))
        store.add(pyoxigraph.Quad(pyoxigraph.NamedNode(subject), q, pyoxigraph.Literal(value)))
    text = bind_values(
        "SELECT ?m ?x ?n { ?m <urn:p> ?x OPTIONAL { SELECT ?m (COUNT(*) AS ?n) "
        "{ ?m <urn:q> ?y } GROUP BY ?m } }",
        {"m": "<urn:b>"},
        inner=True,
    )
    assert text.count("VALUES") == 2  # the WHERE group and the sub-SELECT's
    assert bind_values(text, {"m": "<urn:b>"}).count("VALUES") == 3  # the WHERE group's only
    rows = [[term.value for term in row] for row in store.query(text)]
    assert rows == [["urn:b", "2", "1"]]


def parameter_values(store: pyoxigraph.Store, query: NamedQuery) -> list[dict[str, str]]:
    """Up to VARIANTS sets of parameter values: each IRI parameter takes every resource of
    its example's classes in turn, each parameter with allowed values each of them."""
    pools = {}
    for param in query.params:
        if param.allowed:
            pools[param.name] = list(param.allowed)
        elif param.type == "iri" and param.example:
            found = store.query(
                f"SELECT DISTINCT ?v {{ <{param.example}> a ?class . ?v a ?class "
                f"FILTER(isIRI(?v)) }} ORDER BY ?v LIMIT {VARIANTS}",
                use_default_graph_as_union=True,
            )
            pools[param.name] = [row["v"].value for row in found] or [param.example]
        elif param.example:
            pools[param.name] = [param.example]
    size = max((len(pool) for pool in pools.values()), default=0)
    return [{name: pool[i % len(pool)] for name, pool in pools.items()} for i in range(size)]


@pytest.fixture(scope="module")
def store(bundled_store: Path) -> pyoxigraph.Store:
    release = current_release(bundled_store)
    assert release is not None
    return open_read_only(release)


@pytest.mark.parametrize("name", NAMES)
def test_inner_blocks_leave_every_named_query_result_as_it_was(
    store: pyoxigraph.Store, name: str
) -> None:
    query = LIBRARY[name]
    for values in parameter_values(store, query):
        terms = query.bind(values)
        if not terms:
            continue
        bound = bind_values(query.sparql, terms, inner=True)
        plain = bind_values(query.sparql, terms)
        rows = [list(row) for row in store.query(bound, use_default_graph_as_union=True)]
        before = [list(row) for row in store.query(plain, use_default_graph_as_union=True)]
        assert rows == before, (name, values)


def test_the_concept_lists_of_clinical_questions_are_narrowed_by_the_module() -> None:
    """The rewrite of clinical-questions.rq keeps its sub-SELECTs within a bound module's
    reach: each of its 4 concept lists and the outcome list take the block."""
    positions = values_positions(LIBRARY["clinical-questions"].sparql, ["module"])["module"]
    assert len(positions) == 1 + 3 * 3 + 4


@pytest.mark.parametrize(
    ("name", "param", "blocks"),
    [
        # down to the hash-joined sub-SELECT reading the organisations' classes
        ("funders-of-several-members", "kind", 4),
        ("figures-by-modality", "measure", 2),  # the measure is an OPTIONAL of one pattern
        ("panel-interests-on-module-topic", "module", 2),  # labels of the module's concepts only
    ],
)
def test_the_corpus_wide_queries_take_their_parameter_inside(
    name: str, param: str, blocks: int
) -> None:
    """Their rewrite for 100 copies (issue 16) keeps the block reaching the inner group."""
    assert len(values_positions(LIBRARY[name].sparql, [param])[param]) == blocks


def test_the_outcomes_of_a_modules_findings_are_looked_up_for_that_module_only() -> None:
    """findings-of-module's outcome list (a sub-SELECT in a sub-SELECT) takes the module's
    block at both levels, so it no longer reads every finding's outcomes (131 -> 9 ms over
    HTTP on 100 copies)."""
    positions = values_positions(LIBRARY["findings-of-module"].sparql, ["module"])["module"]
    assert len(positions) == 3
