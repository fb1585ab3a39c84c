"""The hash-join rewrite (service.sparql.join_plan): when it applies, what text it writes, and
that the rewritten query answers exactly as the original does, in Oxigraph and through the
query processes of the local backend."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph
import pytest
from fixtures_server import publish_sample

from service.sparql.join_plan import MIN_TRIPLES, RDF_TYPE, hash_joined
from service.sparql.query_check import check_query
from service.store.backends import TSV, MalformedQuery
from service.store.local_backend import LocalBackend
from service.store.pattern_counts import PatternCounts
from service.store.releases import current_release, open_read_only

E = "http://e/"
PREFIX = f"PREFIX e: <{E}> "
COUNTS = {f"{E}p": 5000, f"{E}q": 8000, f"{E}r": 3000, f"{E}rare": 40, f"{E}huge": 900_000}


def count(predicate: str, cls: str | None) -> int:
    """Triples per pattern of an imagined store: e:p 5000, e:q 8000, e:Thing 2000 ..."""
    if predicate == RDF_TYPE:
        return 2000 if cls == f"{E}Thing" else 0
    return COUNTS.get(predicate, 0)


def hashed(*patterns: str) -> str:
    return " ".join(f"{{ SELECT * WHERE {{ {p} }} }}" for p in patterns)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "SELECT * { ?a e:p ?b . ?b e:q ?c }",
            f"SELECT * {{ {hashed('?a e:p ?b', '?b e:q ?c')} }}",
        ),
        (  # ';' and ',' abbreviations are spelt out, rdf:type with a class is counted per class
            "SELECT ?a WHERE { ?a a e:Thing ; e:p ?b , ?c . ?c e:q ?d . }",
            "SELECT ?a WHERE { "
            + hashed("?a a e:Thing", "?a e:p ?b", "?a e:p ?c", "?c e:q ?d")
            + " . }",
        ),
        (  # FILTERs, OPTIONAL and MINUS stay where they are, word for word
            "SELECT * { ?a e:p ?b FILTER(?b > 1) ?b e:q ?c OPTIONAL { ?c e:r ?d . ?d e:rare ?x } "
            "MINUS { ?a e:rare ?b } FILTER NOT EXISTS { ?c e:rare ?a } }",
            f"SELECT * {{ {hashed('?a e:p ?b')} FILTER(?b > 1) {hashed('?b e:q ?c')} "
            "OPTIONAL { ?c e:r ?d . ?d e:rare ?x } MINUS { ?a e:rare ?b } "
            "FILTER NOT EXISTS { ?c e:rare ?a } }",
        ),
        (  # all solutions are needed anyway: ORDER BY, GROUP BY or an aggregate with a LIMIT
            "SELECT ?b (COUNT(?a) AS ?n) { ?a e:p ?b . ?a e:r ?c } GROUP BY ?b LIMIT 5",
            f"SELECT ?b (COUNT(?a) AS ?n) {{ {hashed('?a e:p ?b', '?a e:r ?c')} }} "
            "GROUP BY ?b LIMIT 5",
        ),
        (
            "SELECT * { ?a e:p ?b . ?a <http://e/q> ?c } ORDER BY ?b LIMIT 5",
            f"SELECT * {{ {hashed('?a e:p ?b', '?a <http://e/q> ?c')} }} ORDER BY ?b LIMIT 5",
        ),
        (  # an OPTIONAL of one triple is hashed; a FILTER NOT EXISTS of one becomes a MINUS
            # at the end of the group (the same: its ?r is bound in every solution)
            "SELECT ?r ?t { ?m e:p ?r OPTIONAL { ?r e:q ?t } FILTER NOT EXISTS { ?r e:r ?x } }",
            "SELECT ?r ?t { ?m e:p ?r OPTIONAL { { SELECT * WHERE { ?r e:q ?t } } }  "
            "MINUS { ?r e:r ?x } }",
        ),
        (
            "SELECT ?r { ?m e:p ?r . FILTER NOT EXISTS { ?r e:r ?x . } FILTER(?r != ?m) } "
            "ORDER BY ?r",
            "SELECT ?r { ?m e:p ?r .  FILTER(?r != ?m) MINUS { ?r e:r ?x } } ORDER BY ?r",
        ),
        (  # the OPTIONAL's e:rare is selective: the joins are hashed, the OPTIONAL left alone
            "SELECT * { ?a e:p ?b . ?b e:q ?c OPTIONAL { ?c e:rare ?d } }",
            f"SELECT * {{ {hashed('?a e:p ?b', '?b e:q ?c')} OPTIONAL {{ ?c e:rare ?d }} }}",
        ),
    ],
)
def test_rewritten_text(query: str, expected: str) -> None:
    assert hash_joined(PREFIX + query, count) == PREFIX + expected


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { ?a e:p ?b . ?b e:q ?c } LIMIT 10",  # a bare LIMIT stops a lookup join early
        "SELECT * { ?a e:p ?b . ?b e:q ?c } OFFSET 10",
        "ASK { ?a e:p ?b . ?b e:q ?c }",
        "CONSTRUCT { ?a e:p ?c } WHERE { ?a e:p ?b . ?b e:q ?c }",
        "SELECT * { ?a e:p ?b }",  # one pattern: nothing to join
        "SELECT * { ?a e:p ?b . ?c e:q ?d }",  # no shared variable
        "SELECT * { ?a e:p ?b . ?b e:rare ?c }",  # e:rare is selective: look it up
        "SELECT * { ?a e:p ?b . ?b e:huge ?c }",  # far more triples to hash than to look up
        "SELECT * { ?a e:p ?b . ?b e:unknown ?c }",
        "SELECT * { ?a e:p ?b . ?b e:q <http://e/x> }",  # a constant object
        "SELECT * { <http://e/x> e:p ?b . ?b e:q ?c }",  # a constant subject
        'SELECT * { ?a e:p ?b . ?b e:q "x" }',
        "SELECT * { ?a e:p ?b . ?b ?v ?c }",  # a variable predicate
        "SELECT * { ?a e:p/e:q ?b . ?b e:q ?c }",  # a property path
        "SELECT * { ?a e:p* ?b . ?b e:q ?c }",
        "SELECT * { ?a ^e:p ?b . ?b e:q ?c }",
        "SELECT * { ?a e:p _:x . _:x e:q ?c }",  # blank nodes join within one pattern group
        "SELECT * { ?a e:p [ e:q ?c ] }",
        "SELECT * { ?a e:p ?b . ?b e:q ?c VALUES ?a { e:x } }",
        "SELECT * { ?a e:p ?b . ?b e:q ?c } VALUES ?a { e:x }",
        "SELECT * { ?a e:p ?b . ?b e:q ?c BIND(1 AS ?d) }",
        "SELECT * { ?a e:p ?b . { ?b e:q ?c } }",
        "SELECT * { { ?a e:p ?b } UNION { ?a e:q ?b } ?b e:q ?c }",
        "SELECT * { ?a e:p ?b . GRAPH ?g { ?b e:q ?c } }",
        "SELECT * { ?a e:p ?b . ?b e:q ?c SERVICE <http://e/s> { ?c e:r ?d } }",
        "SELECT * { ?a e:p ?b . { SELECT ?b ?c { ?b e:q ?c } } }",
        "SELECT * { ?a e:p ?b . ?b x:q ?c }",  # an undeclared prefix: the engine's error
        "SELECT * { ?a e:p ?b . ?b <q> ?c }",  # a relative IRI
        "BASE <http://e/> SELECT * { ?a <p> ?b . ?b <q> ?c }",
        "SELECT * { ?a e:p ?b ?b e:q ?c }",  # malformed (no '.'): left to the engine's error
        "SELECT * { ?a e:p ?b . . ?b e:q ?c }",
        "SELECT * { ?a e:p ?b , . ?b e:q ?c }",
        "SELECT * { ?a e:p ?b . ?b e:q ?c",
        'SELECT * { ?a e:p ?b . ?b e:q ?c FILTER "x" }',
        # NOT EXISTS and MINUS differ where no variable is shared: left alone
        "SELECT * { ?a e:p ?b FILTER NOT EXISTS { ?c e:q ?d } }",
        # ?c may be unbound (OPTIONAL), so NOT EXISTS may not become MINUS
        "SELECT * { ?a e:p ?b OPTIONAL { ?b e:q ?c } FILTER NOT EXISTS { ?c e:r ?d } }",
        "SELECT * { ?a e:p ?b FILTER NOT EXISTS { ?b e:q ?c . ?c e:r ?d } }",  # two triples
        "SELECT * { ?a e:p ?b OPTIONAL { ?b e:q ?c FILTER(?c > 1) } }",  # one pattern: no join
        "SELECT * { ?a e:p ?b MINUS { ?b e:q ?c } }",
    ],
)
def test_left_alone(query: str) -> None:
    assert hash_joined(PREFIX + query, count) is None


def test_threshold() -> None:
    query = PREFIX + "SELECT * { ?a e:p ?b . ?b e:r ?c }"
    assert hash_joined(query, count, min_triples=3000) is not None
    assert hash_joined(query, count, min_triples=3001) is None
    assert MIN_TRIPLES == 32


# Ad-hoc questions over the bundled document, each with the number of solutions it has there.
ROWS_ALL = 36  # the module-reference links: 36 references, each listed by one module
ROWS_WITHOUT_PMID = 12  # of them without a PMID
BUNDLED = {
    "funders of several people": (
        """SELECT ?org (COUNT(DISTINCT ?person) AS ?people) WHERE {
        ?interest gkg:counterparty ?org . ?declaration gkg:declaresInterest ?interest ;
        gkg:declarant ?person } GROUP BY ?org HAVING (COUNT(DISTINCT ?person) > 1)
        ORDER BY DESC(?people) ?org""",
        20,
    ),
    "high values with a lower bound": (
        """SELECT ?finding ?value WHERE { ?finding gkg:value ?value ; gkg:lower ?lower
        FILTER(?value > 0.9 && ?lower > 0.5) } ORDER BY DESC(?value) ?finding""",
        17,
    ),
    "references with DOIs": (
        """SELECT ?module ?reference ?doi WHERE { ?module gkg:listsReference ?reference .
        ?reference bibo:doi ?doi . }""",
        31,
    ),
    "references without a PMID": (
        """SELECT ?reference ?title WHERE { ?module gkg:listsReference ?reference .
        OPTIONAL { ?reference dcterms:title ?title }
        FILTER NOT EXISTS { ?reference bibo:pmid ?pmid } }""",
        ROWS_WITHOUT_PMID,
    ),
    "absent with a variable of the OPTIONAL": (  # NOT EXISTS reads ?title where it is bound
        """SELECT ?reference ?title WHERE { ?module gkg:listsReference ?reference .
        OPTIONAL { ?reference dcterms:title ?title }
        FILTER NOT EXISTS { ?reference bibo:doi ?title } }""",
        ROWS_ALL,
    ),
    "modules by type": (
        """SELECT ?module ?reference WHERE { ?module a gkg:Module ; gkg:listsReference ?reference
        OPTIONAL { ?reference dcterms:title ?title } MINUS { ?reference bibo:pmid ?p } }""",
        12,
    ),
}
PREFIXES = """PREFIX gkg: <https://w3id.org/gkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX bibo: <http://purl.org/ontology/bibo/>
"""


def solutions(store: pyoxigraph.Store, text: str) -> Counter:
    return Counter(
        tuple(str(term) for term in solution)
        for solution in store.query(text, use_default_graph_as_union=True)
    )


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_same_answers_on_the_bundled_document(bundled_store: Path, name: str) -> None:
    store = open_read_only(current_release(bundled_store))
    query, rows = BUNDLED[name]
    planned = hash_joined(PREFIXES + query, PatternCounts(store).count, min_triples=1)
    assert planned is not None and "{ SELECT * WHERE {" in planned
    original = solutions(store, PREFIXES + query)
    assert original  # the question has answers here
    assert solutions(store, planned) == original
    assert sum(original.values()) == rows


def test_planned_answers_in_order_on_the_bundled_document(bundled_store: Path) -> None:
    """ORDER BY still orders: the funders of most people, the highest values first."""
    store = open_read_only(current_release(bundled_store))

    def first_rows(name: str, n: int) -> list[tuple[str, str]]:
        planned = hash_joined(PREFIXES + BUNDLED[name][0], PatternCounts(store).count, 1)
        rows = list(store.query(planned, use_default_graph_as_union=True))[:n]
        return [(row[0].value.rsplit("/", 2)[-2:][-1], row[1].value) for row in rows]

    assert first_rows("funders of several people", 3) == [
        ("boog", "6"),
        ("kwf", "5"),
        ("zonmw", "5"),
    ]
    assert first_rows("high values with a lower bound", 2) == [
        ("specificity-naf-pet-ct-bone-metastases", "1"),
        ("sensitivity-fapi-pet-ct-distant-metastases", "0.99"),
    ]


# A store where three predicates match 1,500 triples each: the backend rewrites by default.
DECLARATIONS = 1500
GENERATED = "".join(
    f"<urn:d:{i}> <urn:p:declarant> <urn:person:{i % 300}> ; "
    f"<urn:p:declaresInterest> <urn:i:{i}> .\n"
    f'<urn:i:{i}> <urn:p:counterparty> <urn:org:{i % 40}> ; <urn:p:amount> "{i}"^^'
    "<http://www.w3.org/2001/XMLSchema#integer> .\n"
    for i in range(DECLARATIONS)
)
FUNDERS = """SELECT ?org (COUNT(DISTINCT ?person) AS ?people) WHERE {
    ?interest <urn:p:counterparty> ?org . ?declaration <urn:p:declaresInterest> ?interest ;
    <urn:p:declarant> ?person } GROUP BY ?org ORDER BY ?org"""


@pytest.fixture(scope="module")
def generated_backend(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("join-plan-store")
    publish_sample(root, extra=GENERATED)
    backend = LocalBackend(root, processes=1)
    yield root, backend
    backend.close()


def test_backend_answers_the_rewritten_query_as_the_original(generated_backend) -> None:
    root, backend = generated_backend
    store = open_read_only(current_release(root))
    assert hash_joined(FUNDERS, PatternCounts(store).count) is not None
    body = backend.execute(check_query(FUNDERS), TSV, timeout=60, row_cap=1000).body
    lines = body.decode().splitlines()
    assert lines[0] == "?org\t?people"
    assert len(lines) == 41  # 40 organisations
    # organisation k funds declarations k, k+40, ...; their people are those numbers mod 300
    assert lines[1] == "<urn:org:0>\t15"
    expected = solutions(store, FUNDERS)
    got = Counter(tuple(line.split("\t")) for line in lines[1:])
    assert sum(expected.values()) == sum(got.values()) == 40


def test_engine_error_is_the_original_texts(generated_backend) -> None:
    _, backend = generated_backend
    text = FUNDERS.replace("ORDER BY ?org", "ORDER BY")
    with pytest.raises(MalformedQuery) as caught:
        backend.execute(check_query(text), TSV, timeout=60, row_cap=1000)
    try:
        pyoxigraph.Store().query(text)
    except SyntaxError as error:
        original = str(error)
    position = original.split(": ", 1)[0].rsplit(" ", 1)[-1]  # "line:column"
    line, column = (int(part) for part in position.split(":"))
    assert (caught.value.line, caught.value.column) == (line, column)
