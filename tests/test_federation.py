"""Federated queries: our /sparql joins our concepts with a second SPARQL endpoint.

Two real servers on free ports of 127.0.0.1: the external knowledge base
(tests/data/external_kb.ttl behind tests/external_endpoint.py) and ``gkg serve`` over the
bundled document, with that endpoint on GKG_SERVICE_ALLOWLIST.  Queries go through our
/sparql with SPARQLWrapper; the rows joined on the mapped SNOMED CT and Wikidata IRIs are
compared exactly.  The named query queries/federated-concept-facts.rq is run as its
description says to adapt it (its endpoint IRI replaced by the running one), and as
written, where its SILENT SERVICE gives the rows from our side only.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from fixtures_server import free_port, running_server
from flask import Flask
from SPARQLWrapper import JSON, SPARQLWrapper

from service.app import create_app
from service.queries.library import QUERIES_DIR, parse_query_file

TESTS = Path(__file__).parent
EXTERNAL_KB = TESTS / "data" / "external_kb.ttl"
NAMED_QUERY = QUERIES_DIR / "federated-concept-facts.rq"
WRITTEN_ENDPOINT = "http://127.0.0.1:3031/sparql"
CONCEPT = "https://w3id.org/gkg/concept/"
SCT = "http://snomed.info/id/"
WD = "http://www.wikidata.org/entity/"
PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
"""


@pytest.fixture(scope="module")
def external_endpoint() -> Iterator[str]:
    """tests/external_endpoint.py serving tests/data/external_kb.ttl; yields its /sparql URL."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="gkg-external-", suffix=".log")[1])
    command = [sys.executable, str(TESTS / "external_endpoint.py"), str(EXTERNAL_KB)]
    with open(log, "w") as output:
        server = subprocess.Popen([*command, "--port", str(port)], stderr=output)
        url = f"http://127.0.0.1:{port}/sparql"
        try:
            wait_for(url, server, log)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=20)


def wait_for(url: str, server: subprocess.Popen, log: Path, deadline: float = 30.0) -> None:
    """Poll the endpoint with ASK {} until it answers (short poll interval, no fixed wait)."""
    give_up = time.monotonic() + deadline
    while time.monotonic() < give_up:
        if server.poll() is not None:
            raise RuntimeError(f"the external endpoint exited:\n{log.read_text()}")
        try:
            if requests.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"the external endpoint did not answer in time:\n{log.read_text()}")


@pytest.fixture(scope="module")
def federating_server(linked_store: Path, external_endpoint: str) -> Iterator[str]:
    # the suite's 2 s limit is for its slow-query tests; a worker's first federated query starts
    # its networked query process (0.5 s on a slow day; 1.5-2.9 s while the process still
    # imported every command, see tests/test_cli_imports.py)
    settings = {"GKG_SERVICE_ALLOWLIST": external_endpoint, "GKG_QUERY_TIMEOUT": "30"}
    with running_server(linked_store, settings) as url:
        yield url


def select(server: str, query: str) -> list[dict[str, str]]:
    sparql = SPARQLWrapper(f"{server}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(JSON)
    results = sparql.queryAndConvert()
    return [
        {name: binding["value"] for name, binding in row.items()}
        for row in results["results"]["bindings"]
    ]


def test_external_endpoint_alone_holds_the_external_facts(external_endpoint: str) -> None:
    rows = select(
        external_endpoint.removesuffix("/sparql"),
        PREFIXES + "SELECT ?id WHERE { <http://www.wikidata.org/entity/Q128581> wdt:P5806 ?id }",
    )
    assert rows == [{"id": "254837009"}]


def test_named_federated_query_returns_the_joined_rows(
    federating_server: str, external_endpoint: str
) -> None:
    text = parse_query_file(NAMED_QUERY).sparql
    assert f"SERVICE SILENT <{WRITTEN_ENDPOINT}>" in text
    rows = select(federating_server, text.replace(WRITTEN_ENDPOINT, external_endpoint))
    assert rows == [
        {
            "concept": f"{CONCEPT}breast-cancer",
            "label": "breast cancer",
            "code": f"{SCT}254837009",
            "externalLabel": "Malignant neoplasm of breast (disorder)",
        },
        {
            "concept": f"{CONCEPT}breast-cancer",
            "label": "breast cancer",
            "code": f"{WD}Q128581",
            "externalLabel": "breast cancer",
        },
        {
            "concept": f"{CONCEPT}magnetic-resonance-imaging",
            "label": "magnetic resonance imaging",
            "code": f"{SCT}113091000",
            "externalLabel": "Magnetic resonance imaging (procedure)",
        },
        {
            "concept": f"{CONCEPT}mastectomy",
            "label": "mastectomy",
            "code": f"{SCT}69031006",
            "externalLabel": "Excision of breast tissue (procedure)",
        },
        {
            "concept": f"{CONCEPT}radiotherapy",
            "label": "radiotherapy",
            "code": f"{SCT}1287742003",
            "externalLabel": "Radiotherapy (procedure)",
        },
    ]


def test_wikidata_snomed_identifier_agrees_with_our_exact_match(
    federating_server: str, external_endpoint: str
) -> None:
    query = (
        PREFIXES
        + f"""
SELECT ?concept ?item ?snomed ?modules WHERE {{
  ?concept skos:closeMatch ?item ; skos:exactMatch ?snomed .
  SERVICE <{external_endpoint}> {{ ?item wdt:P5806 ?id ; wdt:P486 ?mesh }}
  FILTER(STR(?snomed) = CONCAT("{SCT}", ?id))
  {{ SELECT ?concept (COUNT(DISTINCT ?module) AS ?modules) WHERE {{
      ?module a <https://w3id.org/gkg/ontology#Module> ;
              <http://purl.org/dc/terms/subject> ?concept }} GROUP BY ?concept }}
}}"""
    )
    assert select(federating_server, query) == [
        {
            "concept": f"{CONCEPT}breast-cancer",
            "item": f"{WD}Q128581",
            "snomed": f"{SCT}254837009",
            "modules": "3",
        }
    ]


def test_an_endpoint_off_the_allow_list_is_refused(
    federating_server: str, external_endpoint: str
) -> None:
    other = external_endpoint.replace("127.0.0.1", "localhost")
    query = f"SELECT * WHERE {{ SERVICE <{other}> {{ ?s ?p ?o }} }}"
    response = requests.post(f"{federating_server}/sparql", data={"query": query}, timeout=30)
    assert response.status_code == 403
    assert "allow-list" in response.text


def test_named_query_as_written_answers_from_our_side_when_its_endpoint_is_down(
    linked_store: Path,
) -> None:
    with socket.socket() as probe:  # nothing may listen on the written endpoint's port
        probe.bind(("127.0.0.1", 3031))
    app: Flask = create_app(
        {"GKG_STORE": linked_store, "GKG_SERVICE_ALLOWLIST": [WRITTEN_ENDPOINT]}
    )
    try:
        response = app.test_client().get(
            "/api/queries/federated-concept-facts",
            query_string={"concept": f"{CONCEPT}breast-cancer"},
            headers={"Accept": "application/sparql-results+json"},
        )
    finally:
        backend = app.extensions.get("gkg.backend")
        if backend is not None:
            backend.close()
    assert response.status_code == 200, response.data
    rows = [
        {name: binding["value"] for name, binding in row.items()}
        for row in response.get_json()["results"]["bindings"]
    ]
    assert rows == [
        {"concept": f"{CONCEPT}breast-cancer", "label": "breast cancer", "code": f"{SCT}254837009"},
        {"concept": f"{CONCEPT}breast-cancer", "label": "breast cancer", "code": f"{WD}Q128581"},
    ]
