"""In-process tests of /sparql, /healthz and /readyz with Flask's test client.

The backend is the real LocalBackend: queries run in its child processes over the
sample store published by ``sample_store``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
import rdflib
from fixtures_server import DATA_GRAPH, SAMPLE_TRIPLES, SLOW_QUERY, publish_sample
from flask import Flask
from flask.testing import FlaskClient
from rdflib.compare import isomorphic

from service.app import create_app

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
MODULES = "PREFIX gkg: <https://w3id.org/gkg/> SELECT ?m WHERE { ?m a gkg:Module } ORDER BY ?m"
MODULE_1 = "<https://w3id.org/gkg/test/module-1>"
DESCRIBE = f"DESCRIBE {MODULE_1}"


def make_app(store: Path, **config: object) -> Flask:
    settings = {"GKG_STORE": store, "GKG_ROW_CAP": 50, "GKG_QUERY_TIMEOUT": 2, "TESTING": True}
    return create_app({**settings, **config})


@pytest.fixture(scope="module")
def app(sample_store: Path) -> Iterator[Flask]:
    app = make_app(sample_store)
    yield app
    close_backend(app)


def close_backend(app: Flask) -> None:
    backend = app.extensions.get("gkg.backend")
    if backend is not None:
        backend.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def count_of(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_get_post_form_and_post_body_give_the_same_answer(client: FlaskClient) -> None:
    by_get = client.get("/sparql", query_string={"query": COUNT})
    by_form = client.post("/sparql", data={"query": COUNT})
    by_body = client.post("/sparql", data=COUNT, content_type="application/sparql-query")
    for response in (by_get, by_form, by_body):
        assert response.status_code == 200, response.text
        assert response.mimetype == "application/sparql-results+json"
        assert count_of(response.data) == SAMPLE_TRIPLES + 1  # + the ontology graph's triple
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response.headers
        assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_select_formats(client: FlaskClient, accept: str, mimetype: str) -> None:
    response = client.get("/sparql", query_string={"query": MODULES}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == mimetype
    if mimetype == "text/csv":
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0] == ["m"] and len(rows) == 31
        assert rows[1] == ["https://w3id.org/gkg/test/module-1"]
    elif mimetype == "text/tab-separated-values":
        lines = response.text.splitlines()
        assert lines[0] == "?m" and len(lines) == 31
    elif mimetype.endswith("json"):
        assert len(json.loads(response.data)["results"]["bindings"]) == 30
    else:
        assert response.data.count(b"<result>") == 30


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_describe_and_construct_formats(
    client: FlaskClient, accept: str, rdflib_format: str
) -> None:
    expected = None
    for query in (DESCRIBE, f"CONSTRUCT {{ {MODULE_1} ?p ?o }} WHERE {{ {MODULE_1} ?p ?o }}"):
        response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
        assert response.status_code == 200, response.text
        assert response.mimetype == accept
        graph = rdflib.Graph().parse(data=response.data, format=rdflib_format)
        assert len(graph) == 5
        if expected is not None:
            assert isomorphic(graph, expected)
        expected = graph


def test_ask_formats(client: FlaskClient) -> None:
    query = {"query": "ASK { ?s a <https://w3id.org/gkg/Guideline> }"}
    as_json = client.get("/sparql", query_string=query)
    assert json.loads(as_json.data)["boolean"] is True
    as_xml = client.get("/sparql", query_string=query, headers={"Accept": "text/xml"})
    assert as_xml.mimetype == "application/sparql-results+xml"
    assert b"<boolean>true</boolean>" in as_xml.data


def test_sparqlwrapper_parameters_and_accept_list(client: FlaskClient) -> None:
    accept = (
        "application/sparql-results+json,application/json,text/javascript,application/javascript"
    )
    params = {"query": MODULES, "format": "json", "output": "json", "results": "json"}
    response = client.post("/sparql", data=params, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    as_csv = client.get("/sparql", query_string={"query": MODULES, "format": "csv"})
    assert as_csv.mimetype == "text/csv"


def test_not_acceptable_is_406(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": COUNT}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text


def test_malformed_query_is_400_with_message_and_position(client: FlaskClient) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": "SELECT * WHERE {\n ?s ?p }"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["message"].startswith("Malformed query")
    assert error["line"] == 2 and error["column"] >= 1
    as_text = client.get("/sparql", query_string={"query": "SELEC"})
    assert as_text.status_code == 400 and as_text.mimetype == "text/plain"
    assert "line 1" in as_text.text


@pytest.mark.parametrize(
    "data",
    [
        {"update": "INSERT DATA { <http://a> <http://b> <http://c> }"},
        {"update": "LOAD <http://127.0.0.1:9/data.ttl>"},
        {"query": "DROP ALL"},
    ],
)
def test_updates_are_refused(client: FlaskClient, data: dict[str, str]) -> None:
    response = client.post("/sparql", data=data)
    assert response.status_code == 403
    assert "read-only" in response.text
    assert count_of(client.get("/sparql", query_string={"query": COUNT}).data) == SAMPLE_TRIPLES + 1


def test_update_token_is_checked_and_local_releases_stay_read_only(sample_store: Path) -> None:
    app = make_app(sample_store, GKG_UPDATE_TOKEN="s3cret")
    client = app.test_client()
    update = "INSERT DATA { <http://a> <http://b> <http://c> }"
    wrong = client.post(
        "/sparql",
        data=update,
        content_type="application/sparql-update",
        headers={"Authorization": "Bearer nope"},
    )
    assert wrong.status_code == 403 and "token" in wrong.text
    right = client.post(
        "/sparql",
        data=update,
        content_type="application/sparql-update",
        headers={"Authorization": "Bearer s3cret"},
    )
    assert right.status_code == 403 and "gkg build" in right.text
    close_backend(app)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://127.0.0.1:9/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { BIND(<http://127.0.0.1:9/sparql> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    ],
)
def test_egress_is_refused(client: FlaskClient, query: str) -> None:
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 403
    assert "not allowed" in response.text and "line 1" in response.text


def test_dataset_parameters_are_refused(client: FlaskClient) -> None:
    params = {"query": COUNT, "default-graph-uri": "file:///etc/passwd"}
    assert client.get("/sparql", query_string=params).status_code == 403


def test_row_cap_marks_truncation(sample_store: Path) -> None:
    app = make_app(sample_store, GKG_ROW_CAP=7)
    client = app.test_client()
    response = client.get("/sparql", query_string={"query": MODULES})
    assert response.headers["X-GKG-Truncated"] == "true"
    assert response.headers["X-GKG-Row-Cap"] == "7"
    body = response.get_json()
    assert body["truncated"] == {"rowCap": 7} and len(body["results"]["bindings"]) == 7
    as_csv = client.get("/sparql", query_string={"query": MODULES}, headers={"Accept": "text/csv"})
    assert as_csv.headers["X-GKG-Truncated"] == "true" and len(as_csv.text.splitlines()) == 8
    graph = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert graph.headers["X-GKG-Truncated"] == "true"
    assert len(rdflib.Graph().parse(data=graph.data, format="turtle")) == 7
    small = client.get("/sparql", query_string={"query": "ASK {}"})
    assert "X-GKG-Truncated" not in small.headers
    close_backend(app)


def test_body_cap_is_413(sample_store: Path) -> None:
    app = make_app(sample_store, GKG_MAX_BODY=1000)
    client = app.test_client()
    padding = "#" + "x" * 2000 + "\n"
    assert client.post("/sparql", data={"query": padding + COUNT}).status_code == 413
    body = client.post("/sparql", data=padding + COUNT, content_type="application/sparql-query")
    assert body.status_code == 413
    assert client.get("/sparql", query_string={"query": padding + COUNT}).status_code == 413
    assert client.get("/sparql", query_string={"query": COUNT}).status_code == 200
    close_backend(app)


def test_unknown_body_type_is_415(client: FlaskClient) -> None:
    response = client.post("/sparql", data=COUNT, content_type="text/plain")
    assert response.status_code == 415


def test_timeout_stops_the_query_and_the_next_one_is_answered(client: FlaskClient) -> None:
    slow = client.get("/sparql", query_string={"query": SLOW_QUERY})
    assert slow.status_code == 504
    assert "time limit" in slow.text
    after = client.get("/sparql", query_string={"query": COUNT})
    assert after.status_code == 200


def test_cors_preflight(client: FlaskClient) -> None:
    response = client.options(
        "/sparql",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_service_description_by_negotiation(client: FlaskClient) -> None:
    turtle = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.mimetype == "text/turtle"
    graph = rdflib.Graph().parse(data=turtle.data, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    endpoint = rdflib.URIRef("http://localhost/sparql")
    assert (endpoint, rdflib.RDF.type, sd.Service) in graph
    assert (None, sd.name, rdflib.URIRef(DATA_GRAPH)) in graph
    as_json_ld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert as_json_ld.mimetype == "application/ld+json"
    browser = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert browser.mimetype == "text/html" and b'id="yasgui"' in browser.data  # the editor


def test_health_and_readiness(client: FlaskClient, tmp_path: Path) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json()["data_version"] == "test-release-1"
    empty = make_app(tmp_path / "nothing-published").test_client()
    assert empty.get("/readyz").status_code == 503
    assert empty.get("/sparql", query_string={"query": COUNT}).status_code == 503


def test_a_new_release_is_answered_from_once_published(tmp_path: Path) -> None:
    publish_sample(tmp_path, "release-a")
    app = make_app(tmp_path)
    client = app.test_client()
    assert count_of(client.get("/sparql", query_string={"query": COUNT}).data) == SAMPLE_TRIPLES + 1
    extra = "<https://w3id.org/gkg/test/new> a <https://w3id.org/gkg/Module> .\n"
    publish_sample(tmp_path, "release-b", extra=extra)
    assert client.get("/readyz").get_json()["data_version"] == "release-b"
    assert count_of(client.get("/sparql", query_string={"query": COUNT}).data) == SAMPLE_TRIPLES + 2
    close_backend(app)


def test_long_get_within_the_cap_is_answered(client: FlaskClient) -> None:
    query = "#" + "x" * 6000 + "\n" + COUNT
    response = client.get("/sparql?" + urlencode({"query": query}))
    assert response.status_code == 200
