"""What the remote backend sends is standard SPARQL that passed every check, as sent.

A recording HTTP server on 127.0.0.1 stands in for the store (answering every query
with an empty SPARQL XML result). Queries are handed to the backend directly, past
the endpoint's own check, so the backend's checks are tested alone: Virtuoso
pragmas and anything else Oxigraph does not parse, escapes, and SERVICE or FROM
hidden from a tokeniser never reach the store; an ordinary query does, with its
parameters bound.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from test_egress_live import ConnectionCounter

from service.app import create_app
from service.sparql.query_check import CheckedQuery, check_query
from service.store.backends import (
    SPARQL_JSON,
    MalformedQuery,
    QueryFailed,
    QueryTimeout,
    RefusedQuery,
)
from service.store.remote_backend import RemoteBackend, store_graphs

EMPTY_RESULTS = (
    b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
    b"<head></head><results></results></sparql>"
)


class RecordingStore:
    """A stand-in SPARQL endpoint that records the query of every request."""

    def __init__(self) -> None:
        self.queries: list[str] = []
        store = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                store.queries.extend(parse_qs(body).get("query", []))
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+xml")
                self.send_header("Content-Length", str(len(EMPTY_RESULTS)))
                self.end_headers()
                self.wfile.write(EMPTY_RESULTS)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def store() -> Iterator[RecordingStore]:
    recording = RecordingStore()
    yield recording
    recording.server.shutdown()


@pytest.fixture
def backend(store: RecordingStore) -> Iterator[RemoteBackend]:
    remote = RemoteBackend(store.url, graphs=store_graphs("https://w3id.org/gkg/"))
    yield remote
    remote.close()


def unchecked(text: str, form: str = "SELECT") -> CheckedQuery:
    """``text`` as if the endpoint's check had passed it."""
    return CheckedQuery(text=text, form=form)


@pytest.mark.parametrize(
    "text",
    [
        'define get:soft "soft" SELECT * WHERE { ?s ?p ?o }',
        'define input:grab-all "yes" SELECT * WHERE { ?s ?p ?o }',
        'SELECT * WHERE { ?s ?p ?o } LIMIT 1 define input:grab-all "yes"',
        "SELECT * WHERE { ?s ?p ?o } OPTION (QUIETCAST)",
        "SPARQL SELECT * WHERE { ?s ?p ?o }",
    ],
)
def test_text_oxigraph_does_not_parse_is_never_sent(
    backend: RemoteBackend, store: RecordingStore, text: str
) -> None:
    with pytest.raises(MalformedQuery):
        backend.execute(unchecked(text), SPARQL_JSON, timeout=10, row_cap=10)
    assert store.queries == []


def test_escapes_are_never_sent(backend: RemoteBackend, store: RecordingStore) -> None:
    for text in (
        'SELECT * WHERE { ?s ?p "\\u0041" }',
        "SELECT * WHERE { ?s ?p <http://e/\\U00000041> }",
    ):
        with pytest.raises(QueryFailed, match="escapes are not sent"):
            backend.execute(check_query(text), SPARQL_JSON, timeout=10, row_cap=10)
    assert store.queries == []


def test_service_and_from_hidden_from_a_tokeniser_are_never_sent(
    backend: RemoteBackend, store: RecordingStore
) -> None:
    counter = ConnectionCounter()
    try:
        for text in (
            f"BASE <http://e/> SELECT * {{ ?a ?b ?c FILTER(?a<?b)SERVICE#>\n<{counter.url}>{{}} }}",
            f"SELECT * WHERE {{ ?s ?p trueSERVICE <{counter.url}> {{ }} }}",
            f"SELECT * FROM <{counter.url}> WHERE {{ ?s ?p ?o }}",
        ):
            with pytest.raises(RefusedQuery):
                backend.execute(unchecked(text), SPARQL_JSON, timeout=10, row_cap=10)
        assert store.queries == [] and counter.connections == 0
    finally:
        counter.close()


def test_the_check_counts_against_the_time_limit(
    backend: RemoteBackend, store: RecordingStore
) -> None:
    """Oxigraph takes seconds to plan 600 joined patterns (8 s here; 300 took 1.0 s, too close
    to the limit): the check is stopped in time."""
    patterns = " ".join(f"?s{n} <http://e/p{n}> ?o{n} ." for n in range(600))
    with pytest.raises(QueryTimeout):
        backend.execute(
            check_query(f"SELECT * {{ {patterns} }}"), SPARQL_JSON, timeout=1, row_cap=1
        )
    assert store.queries == []
    backend.execute(check_query("ASK { ?s ?p ?o }"), SPARQL_JSON, timeout=10, row_cap=1)
    assert len(store.queries) == 1  # the checker was replaced and answers again


def test_an_ordinary_query_is_sent_as_checked_with_its_parameters_bound(
    backend: RemoteBackend, store: RecordingStore
) -> None:
    query = check_query("SELECT ?title WHERE { ?m <http://purl.org/dc/terms/title> ?title }")
    answer = backend.execute(
        query, SPARQL_JSON, timeout=10, row_cap=10, substitutions={"m": "<https://e.org/m/1>"}
    )
    assert answer.body.startswith(b"{")
    assert store.queries == [
        "SELECT ?title WHERE { VALUES (?m) { (<https://e.org/m/1>) }\n"
        " ?m <http://purl.org/dc/terms/title> ?title }"
    ]


def test_the_endpoint_over_a_remote_store_answers_engine_errors_with_positions(
    store: RecordingStore, tmp_path: Path
) -> None:
    app = create_app({"GKG_STORE": tmp_path, "GKG_BACKEND_URL": store.url})
    client = app.test_client()
    text = 'SELECT * WHERE { ?s ?p ?o }\nLIMIT 1 define input:grab-all "yes"'
    response = client.post("/sparql", data={"query": text}, headers={"Accept": "application/json"})
    error = response.get_json()["error"]
    assert response.status_code == 400 and error["line"] == 2
    assert all("grab-all" not in sent for sent in store.queries)
