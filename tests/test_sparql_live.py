"""Live tests: `gkg serve` (granian) on 127.0.0.1; SPARQLWrapper and requests as clients."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError

import pytest
import rdflib
import requests
from fixtures_server import SAMPLE_TRIPLES, SLOW_QUERY, readiness_after_warm_up, running_server
from rdflib.compare import isomorphic
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

MODULES = "PREFIX gkg: <https://w3id.org/gkg/> SELECT ?m WHERE { ?m a gkg:Module } ORDER BY ?m"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
MODULE_1 = "<https://w3id.org/gkg/test/module-1>"
CONSTRUCT = f"CONSTRUCT {{ {MODULE_1} ?p ?o }} WHERE {{ {MODULE_1} ?p ?o }}"


def client(url: str, query: str, return_format: str = JSON, method: str = "GET") -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{url}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(return_format)
    if method != "GET":
        sparql.setMethod(POST)
        sparql.setRequestMethod(method)
    return sparql


def module_iris(url: str, method: str = "GET") -> list[str]:
    result = client(url, MODULES, JSON, method).queryAndConvert()
    return [row["m"]["value"] for row in result["results"]["bindings"]]


@pytest.mark.parametrize("method", ["GET", URLENCODED, POSTDIRECTLY])
def test_select_by_every_protocol_form(live_server: str, method: str) -> None:
    iris = module_iris(live_server, method)
    assert len(iris) == 30 and iris[0] == "https://w3id.org/gkg/test/module-1"


@pytest.mark.parametrize("return_format", [JSON, XML, CSV, TSV])
def test_select_in_every_results_format(live_server: str, return_format: str) -> None:
    response = client(live_server, MODULES, return_format).query()
    expected_type = {
        JSON: "application/sparql-results+json",
        XML: "application/sparql-results+xml",
        CSV: "text/csv",
        TSV: "text/tab-separated-values",
    }[return_format]
    assert response.info()["Content-Type"].startswith(expected_type)
    converted = response.convert()
    if return_format == JSON:
        assert len(converted["results"]["bindings"]) == 30
    elif return_format == XML:
        assert len(converted.getElementsByTagName("result")) == 30
    else:
        assert len(converted.decode().strip().splitlines()) == 31


def test_ask(live_server: str) -> None:
    result = client(live_server, "ASK { ?s a <https://w3id.org/gkg/Guideline> }").queryAndConvert()
    assert result["boolean"] is True
    as_xml = client(live_server, "ASK { ?s a <https://w3id.org/nothing> }", XML).queryAndConvert()
    assert as_xml.getElementsByTagName("boolean")[0].firstChild.data == "false"


@pytest.mark.parametrize("return_format", [TURTLE, N3, JSONLD, XML])
def test_construct_and_describe_in_every_graph_format(live_server: str, return_format: str) -> None:
    graphs = []
    for query in (CONSTRUCT, f"DESCRIBE {MODULE_1}"):
        graph = client(live_server, query, return_format).queryAndConvert()
        if not isinstance(graph, rdflib.Graph):  # SPARQLWrapper returns Turtle/N3 as bytes
            graph = rdflib.Graph().parse(data=graph, format="turtle")
        graphs.append(graph)
    assert len(graphs[0]) == 5
    assert isomorphic(graphs[0], graphs[1])


def test_n_triples_by_accept(live_server: str) -> None:
    response = requests.get(
        f"{live_server}/sparql",
        params={"query": CONSTRUCT},
        headers={"Accept": "application/n-triples"},
        timeout=10,
    )
    assert response.headers["Content-Type"] == "application/n-triples"
    assert response.headers["Vary"] == "Accept"
    assert len(rdflib.Graph().parse(data=response.text, format="nt")) == 5


def test_not_acceptable(live_server: str) -> None:
    response = requests.get(
        f"{live_server}/sparql",
        params={"query": COUNT},
        headers={"Accept": "image/png"},
        timeout=10,
    )
    assert response.status_code == 406


def test_malformed_query(live_server: str) -> None:
    with pytest.raises(QueryBadFormed) as error:
        client(live_server, "SELECT * WHERE { ?s ?p ").query()
    assert "Malformed query" in str(error.value) and '"line":1' in str(error.value)


def test_update_is_refused_and_changes_nothing(live_server: str) -> None:
    update = client(
        live_server, "INSERT DATA { <http://a> <http://b> <http://c> }", JSON, URLENCODED
    )
    with pytest.raises(HTTPError) as error:
        update.query()
    assert error.value.code == 403
    count = client(live_server, COUNT).queryAndConvert()["results"]["bindings"][0]["n"]["value"]
    assert int(count) == SAMPLE_TRIPLES + 1


class Listener:
    """A local HTTP server that records every request and answers as a SPARQL endpoint."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                self.answer()

            def do_POST(self) -> None:  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.answer()

            def answer(self) -> None:
                listener.requests.append(f"{self.command} {self.path}")
                row = {"x": {"type": "literal", "value": "from the listener"}}
                body = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [row]}})
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def listener() -> Iterator[Listener]:
    listening = Listener()
    yield listening
    listening.server.shutdown()


def test_service_and_from_make_no_request(live_server: str, listener: Listener) -> None:
    queries = [
        f"SELECT ?x WHERE {{ SERVICE <{listener.url}/sparql> {{ ?x ?y ?z }} }}",
        f"SELECT ?x WHERE {{ SERVICE SILENT <{listener.url}/sparql> {{ ?x ?y ?z }} }}",
        f"SELECT ?x WHERE {{ BIND(<{listener.url}/sparql> AS ?e) SERVICE ?e {{ ?x ?y ?z }} }}",
        f"SELECT * FROM <{listener.url}/data.ttl> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{listener.url}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"ASK FROM <{listener.url}/data.ttl> {{ ?s ?p ?o }}",
    ]
    for query in queries:
        response = requests.post(f"{live_server}/sparql", data={"query": query}, timeout=10)
        assert response.status_code == 403, query
        assert "not allowed" in response.text
    load = requests.post(
        f"{live_server}/sparql", data={"update": f"LOAD <{listener.url}/data.ttl>"}, timeout=10
    )
    assert load.status_code == 403
    assert listener.requests == []


def test_allow_listed_service_is_called(sample_store: Path, listener: Listener) -> None:
    """The control for the test above: this listener does see a permitted SERVICE call."""
    endpoint = f"{listener.url}/sparql"
    with running_server(sample_store, {"GKG_SERVICE_ALLOWLIST": endpoint}, workers=1) as url:
        query = f"SELECT ?x WHERE {{ SERVICE <{endpoint}> {{ ?x ?y ?z }} }}"
        result = client(url, query).queryAndConvert()
        assert result["results"]["bindings"] == [
            {"x": {"type": "literal", "value": "from the listener"}}
        ]
        description = requests.get(f"{url}/sparql", timeout=10).text
        assert "BasicFederatedQuery" in description
    assert listener.requests == ["POST /sparql"]


def test_timeout_stops_the_query_and_the_next_is_answered(live_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(HTTPError) as error:
        client(live_server, SLOW_QUERY).query()
    assert error.value.code == 504
    assert "time limit" in error.value.read().decode()
    assert time.monotonic() - started < 15  # the limit is 2 s; loosely
    started = time.monotonic()
    assert len(module_iris(live_server)) == 30
    assert time.monotonic() - started < 5  # "within a second", measured loosely


def test_row_cap(live_server: str) -> None:
    response = requests.get(
        f"{live_server}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=10
    )
    assert response.headers["X-GKG-Truncated"] == "true"
    body = response.json()
    assert body["truncated"] == {"rowCap": 50} and len(body["results"]["bindings"]) == 50
    graph = client(live_server, "CONSTRUCT WHERE { ?s ?p ?o }", TURTLE).queryAndConvert()
    assert len(rdflib.Graph().parse(data=graph, format="turtle")) == 50


def test_concurrent_clients_all_succeed(live_server: str) -> None:
    expected = module_iris(live_server)

    def work(number: int) -> list[str]:
        """Distinct query texts, so the server parses them concurrently too."""
        method = ("GET", URLENCODED, POSTDIRECTLY)[number % 3]
        query = f"{MODULES} LIMIT {1000 + number}"
        result = client(live_server, query, JSON, method).queryAndConvert()
        return [row["m"]["value"] for row in result["results"]["bindings"]]

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(work, range(160)))
    assert all(result == expected for result in results)


def test_concurrency_cap_refuses_with_retry_after(sample_store: Path, tmp_path: Path) -> None:
    settings = {"GKG_MAX_CONCURRENT": "2", "GKG_SLOT_WAIT": "0.2", "GKG_QUERY_TIMEOUT": "3"}
    with running_server(sample_store, settings, log=tmp_path / "log") as url:

        def slow(_: int) -> requests.Response:
            return requests.get(f"{url}/sparql", params={"query": SLOW_QUERY}, timeout=30)

        with ThreadPoolExecutor(max_workers=5) as pool:
            responses = list(pool.map(slow, range(5)))
        statuses = sorted(response.status_code for response in responses)
        assert statuses.count(504) >= 1 and statuses.count(503) >= 1
        assert set(statuses) <= {503, 504}, (tmp_path / "log").read_text()
        busy = next(response for response in responses if response.status_code == 503)
        assert busy.headers["Retry-After"] == "1"
        assert "busy" in busy.text
        assert len(module_iris(url)) == 30


def test_service_description_health_readiness_and_access_log(
    sample_store: Path, tmp_path: Path
) -> None:
    log = tmp_path / "serve.log"
    with running_server(sample_store, workers=1, log=log) as url:
        description = requests.get(f"{url}/sparql", headers={"Accept": "text/turtle"}, timeout=10)
        assert description.headers["Content-Type"].startswith("text/turtle")
        assert "sparql-service-description" in description.text
        assert readiness_after_warm_up(url) == {
            "data_version": "test-release-1",
            "status": "ready",
        }
        assert len(module_iris(url)) == 30
    lines = [line for line in log.read_text().splitlines() if '"GET /sparql"' in line]
    assert lines and "query;dur=" in lines[-1] and "ms" in lines[-1]
