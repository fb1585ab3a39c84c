"""Unit tests: query checks, content negotiation, limits and the Service Description."""

from __future__ import annotations

import json
import threading
import time

import pytest
import rdflib

from service.sparql import limits
from service.sparql.negotiation import NotAcceptable, choose_media_type, choose_page_type
from service.sparql.query_check import (
    CheckedQuery,
    CheckedUpdate,
    QueryRefused,
    QuerySyntaxError,
    QueryTooDeep,
    QueryTooLarge,
    check_query,
)
from service.sparql.service_description import SD, describe_service, serialize_description
from service.store.backends import (
    CSV,
    JSON_LD,
    N_TRIPLES,
    RDF_XML,
    SPARQL_JSON,
    SPARQL_XML,
    TSV,
    TURTLE,
)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("ASK { ?s ?p ?o }", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <https://example.org/x>", "DESCRIBE"),
        ("PREFIX ex: <https://example.org/> SELECT ?s { ?s ex:from ex:service }", "SELECT"),
    ],
)
def test_read_queries_pass_with_their_form(text: str, form: str) -> None:
    assert check_query(text) == CheckedQuery(text=text, form=form)


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        (
            "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
            1,
            10,
            "FROM <file:///etc/passwd>",
        ),
        ("SELECT *\n# FROM here\nFROM NAMED <http://x/> { ?s ?p ?o }", 3, 1, "FROM NAMED"),
        ("SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }", 1, 12, "allow-list"),
        ("SELECT * {\n  SERVICE SILENT ?endpoint { ?s ?p ?o } }", 2, 3, "variable endpoint"),
        ("SELECT * { OPTIONAL { SERVICE <http://y/> { ?s ?p ?o } } }", 1, 23, "<http://y/>"),
    ],
)
def test_egress_is_refused_with_a_position(
    text: str, line: int | None, column: int | None, words: str
) -> None:
    with pytest.raises(QueryRefused) as refused:
        check_query(text)
    assert words in refused.value.message
    assert (refused.value.line, refused.value.column) == (line, column)


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("SELECT * { \\u0053ERVICE <http://x/> { ?s ?p ?o } }", 12),
        ("SELECT * { \\U00000053ERVICE <http://x/> { } }", 12),
        ("SELECT * { # \\u000a SERVICE <http://x/> { }\n }", 14),
        ("PREFIX ex: <http://e/> SELECT * { ?s ex:a\\#b ?o }", 42),
    ],
)
def test_escapes_outside_strings_and_iris_are_refused(text: str, column: int) -> None:
    """Oxigraph decodes \\u only inside strings and IRIs: anywhere else it is refused."""
    with pytest.raises(QuerySyntaxError) as error:
        check_query(text)
    assert "only allowed inside strings and IRIs" in error.value.message
    assert (error.value.line, error.value.column) == (1, column)


def test_escapes_inside_strings_and_iris_are_read_as_the_engine_reads_them() -> None:
    text = 'SELECT * { SERVICE <http://ok/\\u0073parql> { ?s ?p "\\u0022 SERVICE <x> {}" } }'
    checked = check_query(text, ["http://ok/sparql"])
    assert checked.services == ("http://ok/sparql",)
    assert checked.service_offsets == (11,)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("SELECT * { SERVICEex:s { } }", "SERVICEex:s is read as SERVICE"),
        ("PREFIX : <http://x/> SELECT * { SERVICE:s { } }", "SERVICE:s is read as SERVICE"),
        ("SELECT * { ?s ?p trueSERVICE <http://x/> { } }", "trueSERVICE is read as SERVICE"),
        ("SELECT * { ?s ?p true.SERVICEex:s { } }", "true.SERVICEex:s is read as SERVICE"),
        ("SELECT * { SERVICESILENT<http://x/>{} }", "SERVICESILENT is read as SERVICE"),
        ("SELECT * { SERVICE ex:s { } }", "write an allow-listed endpoint as a full IRI"),
        ("SELECT * FROMex:g { ?s ?p ?o }", "FROMex:g is read as FROM"),
    ],
)
def test_names_the_engine_reads_as_service_or_from_are_refused(text: str, words: str) -> None:
    with pytest.raises(QueryRefused) as refused:
        check_query(text, ["http://x/"])
    assert words in refused.value.message


@pytest.mark.parametrize(
    "text",
    [
        "PREFIX schema: <https://schema.org/> SELECT ?t { ?s schema:serviceType ?t }",
        "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?o { ?s prov:wasDerivedFrom ?o }",
        "SELECT ?service { ?service ?p ?o FILTER(?o < 3 && ?from > 1) }",
        'SELECT * { ?s ?p "SERVICE <http://x/> {}" } # SERVICE <http://x/> {}',
        "SELECT * { ?s ?p <http://x/service#from> }",
    ],
)
def test_the_words_elsewhere_pass(text: str) -> None:
    assert isinstance(check_query(text), CheckedQuery)


def test_size_is_checked_before_anything_else() -> None:
    text = "#" + "x" * 300_000 + "\nASK {}"
    with pytest.raises(QueryTooLarge) as error:
        check_query(text)
    assert "at most 262144" in error.value.message
    assert isinstance(check_query(text, max_bytes=400_000), CheckedQuery)
    with pytest.raises(QueryTooLarge):
        check_query("ASK { ?s ?p 'é' }", max_bytes=16)  # bytes of UTF-8, not characters


def test_nesting_is_limited() -> None:
    deep = "SELECT * WHERE " + "{ " * 65 + "?s ?p ?o" + " }" * 65
    with pytest.raises(QueryTooDeep) as error:
        check_query(deep)
    assert "nests more than 64 levels deep" in error.value.message
    assert (error.value.line, error.value.column) == (1, 16 + 2 * 64)
    assert isinstance(check_query(deep, max_depth=70), CheckedQuery)


def test_allow_listed_service_passes() -> None:
    checked = check_query(
        "SELECT * { SERVICE <http://ok/sparql> { ?s ?p ?o } }", ["http://ok/sparql"]
    )
    assert checked.services == ("http://ok/sparql",)


def test_malformed_text_reports_its_position() -> None:
    """What the tokeniser sees is reported here; the engine's own parse errors come later."""
    with pytest.raises(QuerySyntaxError) as error:
        check_query('SELECT * WHERE {\n  ?s ?p "not closed\n}')
    assert error.value.message.startswith("Malformed query")
    assert (error.value.line, error.value.column) == (2, 9)
    assert "line 2" in str(error.value)


@pytest.mark.parametrize(
    ("text", "operation"),
    [
        ("INSERT DATA { <http://a> <http://b> <http://c> }", "InsertData"),
        ("LOAD <http://example.org/data.ttl>", "Load"),
        ("DROP ALL", "Drop"),
        ("DELETE WHERE { ?s ?p ?o }", "DeleteWhere"),
    ],
)
def test_updates_are_recognised_not_run(text: str, operation: str) -> None:
    assert check_query(text) == CheckedUpdate(text=text, operations=(operation,))


@pytest.mark.parametrize(
    ("accept", "form", "expected"),
    [
        (None, "SELECT", SPARQL_JSON),
        ("*/*", "SELECT", SPARQL_JSON),
        ("*/*", "CONSTRUCT", TURTLE),
        ("application/sparql-results+xml", "ASK", SPARQL_XML),
        ("text/csv;q=0.5, text/tab-separated-values", "SELECT", TSV),
        ("text/csv;q=0.9, application/sparql-results+json;q=0.2", "SELECT", CSV),
        (
            "application/sparql-results+json,application/json,text/javascript,"
            "application/javascript",
            "SELECT",
            SPARQL_JSON,
        ),
        ("application/json", "DESCRIBE", JSON_LD),
        ("application/rdf+xml;q=1, text/turtle;q=0.8", "CONSTRUCT", RDF_XML),
        ("application/n-triples, */*;q=0.1", "CONSTRUCT", N_TRIPLES),
        ("text/*, application/json;q=0.1", "CONSTRUCT", TURTLE),
    ],
)
def test_accept_with_q_values(accept: str | None, form: str, expected: str) -> None:
    assert choose_media_type(accept, form) == expected


def test_format_parameters_win_and_unknown_ones_are_ignored() -> None:
    assert choose_media_type("application/sparql-results+json", "SELECT", ["csv"]) == CSV
    assert choose_media_type(None, "CONSTRUCT", ["xml"]) == RDF_XML
    assert choose_media_type(None, "CONSTRUCT", ["json-ld"]) == JSON_LD
    assert choose_media_type("text/csv", "SELECT", ["nonsense"]) == CSV


def test_nothing_acceptable_raises_not_acceptable() -> None:
    with pytest.raises(NotAcceptable) as error:
        choose_media_type("image/png", "SELECT")
    assert SPARQL_JSON in error.value.offered
    with pytest.raises(NotAcceptable):
        choose_media_type("text/turtle;q=0, application/sparql-results+json", "CONSTRUCT")


def test_browsers_get_html_and_clients_get_turtle() -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert choose_page_type(browser) == "text/html"
    assert choose_page_type("*/*") == TURTLE
    assert choose_page_type(None) == TURTLE


def test_truncation_marker_keeps_json_valid() -> None:
    body = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'
    marked = json.loads(limits.mark_truncated(body, SPARQL_JSON, 7))
    assert marked["truncated"] == {"rowCap": 7}
    assert marked["results"] == {"bindings": []}
    assert limits.mark_truncated(b"s\r\n", CSV, 7) == b"s\r\n"


def test_concurrency_limiter_refuses_beyond_its_slots(tmp_path) -> None:  # noqa: ANN001
    limiter = limits.ConcurrencyLimiter(2, tmp_path)
    other_process_view = limits.ConcurrencyLimiter(2, tmp_path)
    with limiter.slot(), limiter.slot():
        with pytest.raises(limits.TooBusy):
            with other_process_view.slot():
                pass
    with other_process_view.slot(), other_process_view.slot():
        pass  # both free again


def test_concurrency_limiter_waits_for_a_slot(tmp_path) -> None:  # noqa: ANN001
    limiter = limits.ConcurrencyLimiter(1, tmp_path)
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with limiter.slot():
            held.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    threading.Timer(0.05, release.set).start()
    with limiter.slot(wait=5):
        pass
    holder.join()


class CountingLimiter(limits.ConcurrencyLimiter):
    """The real limiter, counting how often it looks at the slot files."""

    tries = 0

    def _try_slots(self, slot_files):  # noqa: ANN001, ANN202
        self.tries += 1
        return super()._try_slots(slot_files)


def test_one_thread_a_process_polls_for_slots_other_processes_free(tmp_path) -> None:  # noqa: ANN001
    other_process = limits.ConcurrencyLimiter(1, tmp_path)
    limiter = CountingLimiter(1, tmp_path)
    served: list[int] = []
    with other_process.slot():
        waiters = [
            threading.Thread(target=lambda: served.append(_hold_briefly(limiter))) for _ in range(8)
        ]
        for waiter in waiters:
            waiter.start()
        time.sleep(0.5)
        tries_while_busy = limiter.tries
    for waiter in waiters:
        waiter.join(10)
    assert len(served) == 8  # every waiter got the slot once the other process freed it
    # one poller backing off to 5 ms tries about 100 times in 0.5 s; eight pollers tried 800
    assert tries_while_busy < 200


def _hold_briefly(limiter: limits.ConcurrencyLimiter) -> int:
    with limiter.slot(wait=10) as number:
        time.sleep(0.01)
        return number


def test_service_description_states_the_dataset_and_formats() -> None:
    graph = describe_service(
        "http://127.0.0.1:1/sparql", ["https://w3id.org/gkg/graph/data"], data_version="r1"
    )
    for media_type in (TURTLE, N_TRIPLES, JSON_LD, RDF_XML):
        body = serialize_description(graph, media_type)
        fmt = {TURTLE: "turtle", N_TRIPLES: "nt", JSON_LD: "json-ld", RDF_XML: "xml"}[media_type]
        parsed = rdflib.Graph().parse(data=body, format=fmt)
        service = rdflib.URIRef("http://127.0.0.1:1/sparql")
        assert (service, SD.feature, SD.UnionDefaultGraph) in parsed
        assert (None, SD.name, rdflib.URIRef("https://w3id.org/gkg/graph/data")) in parsed
        assert len(list(parsed.objects(service, SD.resultFormat))) == 8


def test_a_limiter_without_a_directory_removes_the_one_it_made():
    """A limiter given no lock directory makes its own and leaves none behind in /tmp."""
    import gc

    limiter = limits.ConcurrencyLimiter(2)
    own_dir = limiter.lock_dir
    with limiter.slot():
        assert own_dir.is_dir() and len(list(own_dir.iterdir())) == 1
    del limiter
    gc.collect()
    assert not own_dir.exists()
