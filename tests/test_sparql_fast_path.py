"""The fast path of /sparql (service.sparql.fast_path): a plain query request (GET or POST) is
answered without Flask's request machinery, with the same status, body and headers as the view
gives the same query (the app without its fast path: `view`); errors and every other request
are the view's own.

The backend is the real LocalBackend over the sample store (see test_sparql_app.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fixtures_server import SAMPLE_TRIPLES, SLOW_QUERY
from flask import Flask, request_started
from flask.testing import FlaskClient
from werkzeug.test import Client, TestResponse

from service.app import create_app
from service.sparql.endpoint import FORM
from service.sparql.fast_path import _TEXTS, Asked, SparqlFastPath

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
MODULES = "PREFIX gkg: <https://w3id.org/gkg/> SELECT ?m WHERE { ?m a gkg:Module } ORDER BY ?m"
CONSTRUCT = "CONSTRUCT WHERE { ?s ?p ?o }"
ROW_CAP = 7


@pytest.fixture(scope="module")
def app(sample_store: Path) -> Iterator[Flask]:
    settings = {"GKG_STORE": sample_store, "GKG_ROW_CAP": ROW_CAP, "GKG_QUERY_TIMEOUT": 2}
    app = create_app({**settings, "TESTING": True})
    yield app
    app.extensions["gkg.backend"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def view(app: Flask) -> Client:
    """The app without its fast path: every request answered by Flask and the view."""
    assert isinstance(app.wsgi_app, SparqlFastPath)
    return Client(app.wsgi_app.inner, TestResponse)


@pytest.fixture
def flask_requests(app: Flask) -> Iterator[list[str]]:
    """The paths of the requests Flask's own machinery handled meanwhile."""
    seen: list[str] = []

    def note(sender: Flask, **extra: object) -> None:
        from flask import request

        seen.append(request.path)

    request_started.connect(note, app)
    yield seen
    request_started.disconnect(note, app)


def same_answer(by_view: TestResponse, by_fast_path: TestResponse) -> None:
    """Status, body and headers alike but for the durations in Server-Timing."""
    assert by_fast_path.status_code == by_view.status_code
    assert by_fast_path.data == by_view.data

    def headers(response: TestResponse) -> dict[str, str]:
        found = {name.lower(): value for name, value in response.headers.items()}
        timing = found.pop("server-timing", "")
        found["server-timing"] = ",".join(part.split(";")[0] for part in timing.split(","))
        return found

    assert headers(by_fast_path) == headers(by_view)


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        (COUNT, "application/sparql-results+json"),
        (COUNT, "application/sparql-results+xml"),
        (COUNT, "text/csv"),
        (COUNT, "text/tab-separated-values"),
        (MODULES, "application/sparql-results+json"),  # cut at the row cap
        (MODULES, "text/csv"),
        ("ASK { ?s ?p ?o }", "application/sparql-results+json"),
        (CONSTRUCT, "text/turtle"),
        (CONSTRUCT, "application/n-triples"),
        (COUNT, ""),  # no Accept: the default format
    ],
)
def test_plain_queries_are_answered_as_the_view_answers(
    client: FlaskClient, view: Client, flask_requests: list[str], query: str, accept: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    by_form = client.post("/sparql", data={"query": query}, headers=headers)
    by_body = client.post(
        "/sparql", data=query, content_type="application/sparql-query", headers=headers
    )
    by_url = client.get("/sparql", query_string={"query": query}, headers=headers)
    assert flask_requests == []  # none went through Flask
    by_view = view.get("/sparql", query_string={"query": query}, headers=headers)
    assert flask_requests == ["/sparql"]
    assert by_view.status_code == 200
    for by_fast_path in (by_form, by_body, by_url):
        same_answer(by_view, by_fast_path)


@pytest.mark.parametrize(
    ("query", "parameters"),
    [
        (COUNT, {"format": "json", "output": "json", "results": "json"}),  # as SPARQLWrapper
        (COUNT, {"format": "xml"}),
        (COUNT, {"output": "csv", "format": "tsv"}),  # format first, as the view reads them
        (CONSTRUCT, {"format": "turtle"}),
        (COUNT, {"format": "no-such-format"}),  # then Accept
    ],
)
def test_format_parameters_choose_the_format_as_in_the_view(
    client: FlaskClient,
    view: Client,
    flask_requests: list[str],
    query: str,
    parameters: dict[str, str],
) -> None:
    accept = {"Accept": "application/sparql-results+json,application/json;q=0.9,*/*;q=0.1"}
    by_url = client.get("/sparql", query_string={"query": query, **parameters}, headers=accept)
    by_form = client.post("/sparql", data={"query": query, **parameters}, headers=accept)
    assert flask_requests == []
    by_view = view.get("/sparql", query_string={"query": query, **parameters}, headers=accept)
    assert by_view.status_code == 200
    same_answer(by_view, by_url)
    same_answer(by_view, by_form)


def test_sparqlwrapper_style_parameters_pick_xml_over_accept(client: FlaskClient) -> None:
    answered = client.get(
        "/sparql", query_string={"query": COUNT, "format": "xml"}, headers={"Accept": "text/csv"}
    )
    assert answered.content_type.startswith("application/sparql-results+xml")
    assert "<literal datatype=" in answered.text and str(SAMPLE_TRIPLES + 1) in answered.text


def test_the_answer_is_the_stores(client: FlaskClient) -> None:
    """Not only alike: right (the sample store's triples, and the row cap's marks)."""
    count = client.post("/sparql", data={"query": COUNT}).get_json()
    assert int(count["results"]["bindings"][0]["n"]["value"]) == SAMPLE_TRIPLES + 1
    cut = client.post("/sparql", data={"query": MODULES})
    assert cut.headers["X-GKG-Truncated"] == "true"
    assert cut.headers["X-GKG-Row-Cap"] == str(ROW_CAP)
    assert cut.get_json()["truncated"] == {"rowCap": ROW_CAP}
    assert cut.headers["Access-Control-Allow-Origin"] == "*"
    assert cut.headers["Vary"] == "Accept"
    assert cut.headers["X-Content-Type-Options"] == "nosniff"
    assert cut.headers["Server-Timing"].startswith("slot;dur=")


@pytest.mark.parametrize(
    ("query", "accept", "status"),
    [
        ("SELECT * WHERE {\n ?s ?p }", "application/json", 400),
        ("SELEC", "", 400),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "", 403),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "application/json", 403),
        (COUNT, "image/png", 406),
        ("DROP ALL", "", 403),  # an update sent as a query
        (SLOW_QUERY, "application/json", 504),
    ],
)
def test_errors_are_the_views_own(
    client: FlaskClient,
    view: Client,
    flask_requests: list[str],
    query: str,
    accept: str,
    status: int,
) -> None:
    headers = {"Accept": accept} if accept else {}
    by_form = client.post("/sparql", data={"query": query}, headers=headers)
    by_url = client.get("/sparql", query_string={"query": query}, headers=headers)
    assert flask_requests == ["/sparql", "/sparql"]  # handed over to the view
    by_view = view.get("/sparql", query_string={"query": query}, headers=headers)
    assert by_view.status_code == status
    same_answer(by_view, by_form)
    same_answer(by_view, by_url)


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"query": COUNT, "timeout": "5"}, 200),  # a field the view ignores
        ({"query": COUNT, "default-graph-uri": "file:///etc/passwd"}, 403),
        ({"update": "CLEAR ALL"}, 403),
        ({"query": [COUNT, COUNT]}, 400),
        ({"format": "json"}, 400),
    ],
)
def test_other_forms_go_to_the_view(
    client: FlaskClient, flask_requests: list[str], data: dict[str, object], status: int
) -> None:
    assert client.post("/sparql", data=data).status_code == status
    assert flask_requests == ["/sparql"]


@pytest.mark.parametrize(
    ("parameters", "status"),
    [
        ({"query": COUNT, "timeout": "5"}, 200),
        ({"query": COUNT, "named-graph-uri": "http://127.0.0.1:9/g"}, 403),
        ({"update": "CLEAR ALL"}, 405),
        ({"query": [COUNT, COUNT]}, 400),
    ],
)
def test_other_urls_go_to_the_view(
    client: FlaskClient,
    view: Client,
    flask_requests: list[str],
    parameters: dict[str, object],
    status: int,
) -> None:
    by_url = client.get("/sparql", query_string=parameters)
    assert flask_requests == ["/sparql"]
    assert by_url.status_code == status
    same_answer(view.get("/sparql", query_string=parameters), by_url)


def test_a_get_without_a_query_is_the_service_description(
    client: FlaskClient, flask_requests: list[str]
) -> None:
    described = client.get("/sparql", query_string={"format": "json"})
    assert flask_requests == ["/sparql"]
    assert described.status_code == 200 and described.content_type.startswith("text/turtle")
    assert "sd:Service" in described.text


def test_a_get_with_a_body_or_an_overlong_url_is_the_views(
    client: FlaskClient, app: Flask, flask_requests: list[str]
) -> None:
    with_body = client.get(
        "/sparql", query_string={"query": COUNT}, data=b"x", content_type="text/plain"
    )
    assert with_body.status_code == 200
    too_long = "#" + "x" * int(app.config["GKG_MAX_BODY"]) + "\n" + COUNT
    assert client.get("/sparql", query_string={"query": too_long}).status_code == 413
    assert flask_requests == ["/sparql", "/sparql"]


def test_a_form_sent_again_is_read_from_the_remembered_text(
    client: FlaskClient, flask_requests: list[str]
) -> None:
    """The decoded text of a form body is remembered, and so is a body that is not the fast
    path's (another field): it goes to the view the second time too."""
    query = f"{COUNT} # asked twice\n"
    body = urlencode({"query": query}).encode()
    first = client.post("/sparql", data=body, content_type=FORM)
    assert _TEXTS.get((FORM, body)) == Asked(query)
    again = client.post("/sparql", data=body, content_type=FORM)
    assert again.data == first.data
    assert int(again.get_json()["results"]["bindings"][0]["n"]["value"]) == SAMPLE_TRIPLES + 1
    assert flask_requests == []
    other = urlencode({"query": query, "timeout": "5"}).encode()
    for _ in range(2):
        assert client.post("/sparql", data=other, content_type=FORM).data == first.data
    assert _TEXTS.get((FORM, other), "absent") is None
    assert flask_requests == ["/sparql", "/sparql"]


def test_url_parameters_other_types_and_other_paths_go_to_the_view(
    client: FlaskClient, flask_requests: list[str]
) -> None:
    assert client.post("/sparql?format=json", data={"query": COUNT}).status_code == 200
    declared = "application/sparql-query; charset=utf-8"
    assert client.post("/sparql", data=COUNT, content_type=declared).status_code == 200
    assert client.post("/sparql", data=COUNT, content_type="text/plain").status_code == 415
    assert client.get("/healthz").status_code == 200
    assert flask_requests == ["/sparql", "/sparql", "/sparql", "/healthz"]


def test_a_body_over_the_cap_and_bad_bytes_are_the_views_errors(
    client: FlaskClient, app: Flask, flask_requests: list[str]
) -> None:
    too_long = "#" + "x" * int(app.config["GKG_MAX_BODY"]) + "\n" + COUNT
    assert client.post("/sparql", data={"query": too_long}).status_code == 413
    bad = client.post("/sparql", data=b"ASK { \xff }", content_type="application/sparql-query")
    assert bad.status_code == 400
    assert "not valid UTF-8" in bad.text
    assert flask_requests == ["/sparql", "/sparql"]
