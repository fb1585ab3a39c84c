"""The query check reads SERVICE and FROM where Oxigraph does: a seeded comparison with the
engine itself over thousands of generated queries.

Each query is built from fragments chosen to trip a tokeniser: comparisons written
without spaces, comments and quotes in awkward places, keywords run into names,
``true`` before a keyword, prefixed names with dots. For every query Oxigraph parses,
Oxigraph also decides whether it reads SERVICE or FROM as a keyword (it fails to
parse the query with those words misspelt). The check must then refuse it, and must
accept every query Oxigraph parses without them. The engine runs in a child process
without network, as query processes do, since preparing a query may start running it.
"""

from __future__ import annotations

import multiprocessing
import random
from concurrent.futures import ProcessPoolExecutor

from service.sparql.sandbox import deny_network

ENDPOINT = "http://127.0.0.1:9/sparql"
PATTERNS = [
    "?s ?p ?o .",
    "?s ?p ?o",
    "FILTER(?a<?b)",
    "FILTER(?a<?b&&?c>?d)",
    "FILTER(?a<1)",
    "FILTER(?a<'>'>?b)",
    "FILTER(?a<?b)#>",
    "FILTER(?a<<http://e/x>)",
    "FILTER(str(?a)<str(?b))",
    "?s ?p ex:a.b.",
    "?s ?p ex:a.b",
    "?s ?p true",
    "?s ?p 1",
    "?s ?p 1.",
    "?s ?p 'x'",
    '?s ?p "x"',
    "?s ?p '''a'b'''",
    "?s ?p <a#b>",
    "?s ?p <http://e/x'y>",
    "?s ex:p (1 2)",
    "?s ex:p ()",
    "[] ?p ?o",
    "?s ?p [ ?q ?r ]",
    "BIND(1 AS ?x)",
    "OPTIONAL{?s ?p ?o}",
    "VALUES ?x { 1 2 }",
    "FILTER EXISTS{?s ?p ?o}",
    "{?s ?p ?o} UNION {?s ?p ?o}",
    "?s :x ?o",
    "?s ex:SERVICE ?o",
    "?s ?p ?service",
    "?s a ex:C",
    "?s ?p ?o ;",
    "?s ?p ?o ,",
]
SERVICES = [
    "SERVICE<{e}>{{}}",
    "SERVICE <{e}> {{}}",
    "SERVICEex:s{{}}",
    "SERVICE:s{{}}",
    "SERVICE#>\n<{e}>{{}}",
    "SERVICESILENT<{e}>{{}}",
    "service<{e}>{{}}",
    "SERVICE ?e {{}}",
    "SERVICE<{e}>{{?s ?p ?o}}",
    "SERVICE\t<{e}>\n{{}}",
]
DATASETS = ["", "", "", "FROM <{e}> ", "FROM NAMED <{e}> ", "FROMex:g ", "FROM:g ", "*FROM<{e}>"]
SEPARATORS = ["", " ", "\n", "#>\n", "#'\n", " . ", ".", ";", "\t"]
PROLOGUES = [
    "",
    "BASE <http://e/> ",
    "PREFIX ex: <http://127.0.0.1:9/> PREFIX : <http://127.0.0.1:9/> ",
    "BASE <http://e/> PREFIX ex: <http://e/> PREFIX : <http://e/> ",
]


def generated(seed: int, count: int) -> list[str]:
    """``count`` queries, the same for the same ``seed``."""
    pick = random.Random(seed)
    queries = []
    for _ in range(count):
        parts = [pick.choice(PATTERNS) for _ in range(pick.randint(0, 3))]
        if pick.random() < 0.7:
            parts.insert(pick.randint(0, len(parts)), pick.choice(SERVICES).format(e=ENDPOINT))
        body = "".join(part + pick.choice(SEPARATORS) for part in parts)
        form = pick.choice(["SELECT * ", "ASK "])
        dataset = pick.choice(DATASETS).format(e=ENDPOINT)
        if dataset.startswith("*"):
            form, dataset = "SELECT ", dataset
        queries.append(
            f"{pick.choice(PROLOGUES)}{form}{dataset}WHERE {{{pick.choice(SEPARATORS)}{body}}}"
        )
    return queries


def compare(queries: list[str]) -> dict[str, list[str]]:
    """In a process without network: queries the check wrongly accepts or wrongly refuses."""
    from service.sparql.engine_guard import parse_error
    from service.sparql.query_check import CheckedQuery, QueryError, check_query, neutralised

    found: dict[str, list[str]] = {"missed": [], "refused": [], "parsed": [], "keyword": []}
    for text in queries:
        if parse_error(text) is not None:
            continue
        found["parsed"].append(text)
        variant, spans = neutralised(text)
        keyword = bool(spans) and parse_error(variant) is not None
        try:
            accepted = isinstance(check_query(text), CheckedQuery)
        except QueryError:
            accepted = False
        if keyword:
            found["keyword"].append(text)
            if accepted:
                found["missed"].append(text)
        elif not accepted:
            found["refused"].append(text)
    return found


def test_check_refuses_exactly_what_the_engine_reads_as_service_or_from() -> None:
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(1, mp_context=context, initializer=deny_network) as pool:
        found = pool.submit(compare, generated(seed=11, count=4000)).result(timeout=600)
    assert found["missed"] == []
    assert found["refused"] == []
    assert len(found["parsed"]) > 1000 and len(found["keyword"]) > 700  # the test tests much
