"""Resource routes and page queries under attack and under load (in process).

- A resource path that the project does not mint is a 404 before any query runs: shown
  with every query slot held, where any query would be refused with 503.
- Page, named-query and COI queries take a query slot like /sparql: with every slot
  held they answer 503 with Retry-After, and 200 once the slots are free.
- A page query that reaches the time limit answers 504 with the error page.
- The named-query API without a published release answers 503.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask

from service.app import create_app
from service.sparql.limits import ConcurrencyLimiter

SLOTS = 2
KINDS = ["person", "module", "recommendation", "finding", "reference", "organisation",
         "declaration", "membership", "source", "concept", "problem", "cluster"]  # fmt: skip
CROSS_JOIN = "?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o"
HEAVY = "agnes-jager>) } " + CROSS_JOIN + " VALUES (?w) { (<urn:x"  # a valid query if pasted
HOSTILE_SEGMENTS = [
    "x>",
    'x"',
    "x\\",
    "x{",
    "x}",
    "x\n",
    "x\r\nX-Injected: 1",
    "x\x00",
    "a" * 5000,
    "a//b",  # sent as a%2F%2Fb: an empty segment
    HEAVY,
    "agnes-jager>) } SERVICE <http://127.0.0.1:9/sparql> { ?a ?b ?c } VALUES (?w) { (<urn:x",
    'agnes-jager>) } BIND("\\u0022" AS ?z) SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } '
    'BIND("\\u0022" AS ?y) VALUES (?w) { (<urn:x',
    "agnes-jager\\u003e",
    "AGNES-JAGER",
    "../../sparql",
]
PAGES = [
    "/person/agnes-jager",
    "/person/agnes-jager.ttl",
    "/module/borstkanker/10.1.1",
    "/recommendation/borstkanker/10.1.1-1",
    "/concept/fdg-pet-ct",
    "/source/cd1d8d8584518336/lines/87-87",
    "/",
    "/validation",
    "/network",
    "/ontology",
]


def app_over(store: Path, **settings: object) -> Flask:
    return create_app({"GKG_STORE": store, "TESTING": True, **settings})


def close(app: Flask) -> None:
    backend = app.extensions.get("gkg.backend")
    if backend is not None:
        backend.close()


@pytest.fixture(scope="module")
def lock_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("slots")


@pytest.fixture(scope="module")
def capped_app(bundled_store: Path, lock_dir: Path) -> Iterator[Flask]:
    """The service with SLOTS query slots in `lock_dir`, refusing at once when all are held."""
    app = app_over(
        bundled_store, GKG_LOCK_DIR=str(lock_dir), GKG_MAX_CONCURRENT=SLOTS, GKG_SLOT_WAIT=0
    )
    yield app
    close(app)


@contextmanager
def all_slots_held(lock_dir: Path) -> Iterator[None]:
    """Hold every query slot, as SLOTS long-running queries would."""
    limiter = ConcurrencyLimiter(SLOTS, lock_dir)
    with ExitStack() as stack:
        for _ in range(SLOTS):
            stack.enter_context(limiter.slot())
        yield


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections made to it."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.accepted = threading.Semaphore(0)  # released once per connection
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()
            self.accepted.release()

    def close(self) -> None:
        self.socket.close()


def encoded(segment: str) -> str:
    return quote(segment, safe="")


@pytest.mark.parametrize("segment", HOSTILE_SEGMENTS, ids=lambda s: repr(s[:40]))
def test_hostile_resource_paths_are_404_before_any_query_runs(
    capped_app: Flask, lock_dir: Path, segment: str
) -> None:
    client = capped_app.test_client()
    with all_slots_held(lock_dir):  # any query now answers 503
        for kind in KINDS:
            for path in (f"/{kind}/{encoded(segment)}", f"/{kind}/{encoded(segment)}.ttl"):
                response = client.get(path)
                assert response.status_code == 404, (path, response.status_code)
        turtle = client.get(f"/person/{encoded(segment)}", headers={"Accept": "text/turtle"})
        assert turtle.status_code == 404


def test_a_page_that_injects_service_contacts_no_host(bundled_store: Path) -> None:
    listener = Listener()
    app = app_over(bundled_store, PROPAGATE_EXCEPTIONS=False)
    target = f"http://127.0.0.1:{listener.port}/sparql"
    payloads = (
        f"agnes-jager>) }} SERVICE <{target}> {{ ?a ?b ?c }} VALUES (?w) {{ (<urn:x",
        # rdflib (the check) reads the \u0022 as '"' and sees one long string; Oxigraph
        # (the engine) reads two one-character strings around a SERVICE call
        f'agnes-jager>) }} BIND("\\u0022" AS ?z) SERVICE <{target}> {{ ?a ?b ?c }} '
        'BIND("\\u0022" AS ?y) VALUES (?w) { (<urn:x',
    )
    try:
        statuses = [
            app.test_client().get(f"/person/{encoded(payload)}{suffix}").status_code
            for payload in payloads
            for suffix in ("", ".ttl")
        ]
        assert (listener.connections, statuses) == (0, [404] * 4)
    finally:
        listener.close()
        close(app)


def test_every_page_takes_a_query_slot(capped_app: Flask, lock_dir: Path) -> None:
    client = capped_app.test_client()
    with all_slots_held(lock_dir):
        for path in PAGES:
            response = client.get(path)
            assert response.status_code == 503, path
            assert response.headers["Retry-After"] == "1"
            assert response.mimetype == "text/html"
            assert "query slots are busy" in response.get_data(as_text=True)
    for path in PAGES:
        assert client.get(path).status_code == 200, path


def test_named_query_and_coi_apis_take_a_query_slot(bundled_store: Path, lock_dir: Path) -> None:
    app = app_over(
        bundled_store, GKG_LOCK_DIR=str(lock_dir), GKG_MAX_CONCURRENT=SLOTS, GKG_SLOT_WAIT=0
    )
    client = app.test_client()
    try:
        with all_slots_held(lock_dir):
            for path in ("/api/queries/recommendations-by-strength", "/api/coi/summary"):
                response = client.get(path)
                assert response.status_code == 503, path
                assert response.headers["Retry-After"] == "1"
                assert "query slots are busy" in response.get_json()["error"]
        for path in ("/api/queries/recommendations-by-strength", "/api/coi/summary"):
            assert client.get(path).status_code == 200
    finally:
        close(app)


def test_a_page_query_at_the_time_limit_answers_504(bundled_store: Path) -> None:
    # No query process answers within a nanosecond: every query reaches the limit.
    app = app_over(bundled_store, GKG_QUERY_TIMEOUT=1e-9, GKG_CACHE_BYTES=0)
    client = app.test_client()
    try:
        for path in ("/person/agnes-jager", "/module/borstkanker/10.1.1", "/", "/validation"):
            response = client.get(path)
            assert response.status_code == 504, path
            text = response.get_data(as_text=True)
            assert "The store cannot answer" in text and "the time limit" in text
        coi = client.get("/api/coi/summary")
        assert coi.status_code == 504 and "the time limit" in coi.get_json()["error"]
        named = client.get("/api/queries/recommendations-by-strength")
        assert named.status_code == 504
    finally:
        close(app)


def test_named_query_api_without_a_release_answers_503(tmp_path: Path) -> None:
    app = app_over(tmp_path / "empty-store")
    try:
        response = app.test_client().get("/api/queries/recommendations-by-strength")
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "5"
        assert "no release is published" in response.get_json()["error"].lower()
        assert app.test_client().get("/person/agnes-jager").status_code == 503
    finally:
        close(app)


def test_a_named_query_value_that_is_no_rdf_term_is_400_naming_the_parameter(
    capped_app: Flask,
) -> None:
    client = capped_app.test_client()
    for value in ("https://w3id.org/gkg/module/6.1\x00", "https://w3id.org/gkg/module/6.1\x7f"):
        response = client.get(
            "/api/queries/recommendations-by-strength", query_string={"module": value}
        )
        assert response.status_code == 400
        assert response.get_json()["parameter"] == "module"
