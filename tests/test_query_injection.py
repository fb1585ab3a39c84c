"""Injection attempts through named-query parameters, via the API and via the CLI.

A value is either refused (400 / exit status 2, naming the parameter) or bound as one
RDF term and matched harmlessly (no rows); the store is the same afterwards.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from test_named_queries import publish_bundled

from service.app import create_app

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
MODULE = "https://w3id.org/gkg/module/borstreconstructie/6.1"
STRING_ATTACKS = [
    'name-variant" } ; DROP ALL ; SELECT * WHERE { ?s ?p "',
    "name-variant' } ; DROP ALL ; #",
    '"} UNION { ?kind ?finding ?message } #',
    "}}} ; CLEAR DEFAULT",
    "name-variant\n} ; INSERT DATA { <urn:x> <urn:y> <urn:z> }",
    'name-variant\\" . } #',
    "name-variant\r\nFILTER(true)",
    "${kind} ?kind <urn:x>",
]
IRI_ATTACKS = [
    "https://w3id.org/gkg/module/borstreconstructie/6.1> } ; DROP ALL ; { <urn:x",
    "https://w3id.org/gkg/module/6 1",
    'https://w3id.org/gkg/module/borstreconstructie/6.1"',
    "https://w3id.org/gkg/module/{6.1}",
    "https://w3id.org/gkg/module/6.1\n",
    "https://w3id.org/gkg/module/6.1|<urn:x>",
    "not an iri",
    "",
]


@pytest.fixture(scope="module")
def store_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish_bundled(tmp_path_factory.mktemp("injection-store"))


@pytest.fixture(scope="module")
def app(store_root: Path) -> Iterator[Flask]:
    app = create_app({"GKG_STORE": store_root, "TESTING": True})
    yield app
    backend = app.extensions.get("gkg.backend")
    if backend is not None:
        backend.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def triple_count(client: FlaskClient) -> int:
    response = client.get("/sparql", query_string={"query": COUNT})
    assert response.status_code == 200
    return int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("value", STRING_ATTACKS)
def test_string_values_are_bound_as_one_literal_and_match_nothing(
    client: FlaskClient, value: str
) -> None:
    before = triple_count(client)
    response = client.get("/api/queries/data-quality-findings.json", query_string={"kind": value})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["results"]["bindings"] == []
    assert triple_count(client) == before


def test_the_same_parameter_with_an_honest_value_still_matches(client: FlaskClient) -> None:
    response = client.get(
        "/api/queries/data-quality-findings.json", query_string={"kind": "name-variant"}
    )
    assert len(response.get_json()["results"]["bindings"]) == 6


@pytest.mark.parametrize("value", IRI_ATTACKS)
def test_malformed_iris_are_refused_naming_the_parameter(client: FlaskClient, value: str) -> None:
    response = client.get("/api/queries/findings-of-module.json", query_string={"module": value})
    assert response.status_code == 400
    body = response.get_json()
    assert body["parameter"] == "module"
    assert "module" in body["error"]


@pytest.mark.parametrize(
    ("name", "params", "parameter"),
    [
        ("recommendations-by-strength", {"strength": 'weak" || true || "'}, "strength"),
        ("recommendations-by-strength", {"direction": "for } ; DROP ALL"}, "direction"),
        ("people-by-module-and-role", {"module": MODULE, "group": "expertise'"}, "group"),
        ("findings-of-module", {"module": MODULE, "x} ; DROP ALL ; {": "1"}, "x} ; DROP ALL ; {"),
        ("findings-of-module", {"module": MODULE, "query": "DROP ALL"}, "query"),
    ],
)
def test_values_outside_the_allowed_set_and_unknown_names_are_refused(
    client: FlaskClient, name: str, params: dict[str, str], parameter: str
) -> None:
    response = client.get(f"/api/queries/{name}.json", query_string=params)
    assert response.status_code == 400
    assert response.get_json()["parameter"] == parameter


def test_an_iri_that_names_nothing_is_bound_harmlessly(client: FlaskClient) -> None:
    module = "https://w3id.org/gkg/module/borstreconstructie/6.1/../../graph/data?x=DROP%20ALL#x"
    response = client.get("/api/queries/findings-of-module.json", query_string={"module": module})
    assert response.status_code == 200
    assert response.get_json()["results"]["bindings"] == []


def gkg_query(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", "query", "--store", str(store), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_binds_a_string_attack_harmlessly(store_root: Path) -> None:
    attack = STRING_ATTACKS[0]
    result = gkg_query(
        store_root, "data-quality-findings", "--param", f"kind={attack}", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"]["bindings"] == []
    count = gkg_query(store_root, "-e", COUNT, "--format", "json")
    honest = gkg_query(
        store_root, "data-quality-findings", "--param", "kind=name-variant", "--format", "json"
    )
    assert len(json.loads(honest.stdout)["results"]["bindings"]) == 6
    assert json.loads(count.stdout)["results"]["bindings"][0]["n"]["value"] != "0"


@pytest.mark.parametrize("value", IRI_ATTACKS[:4])
def test_cli_refuses_a_malformed_iri_naming_the_parameter(store_root: Path, value: str) -> None:
    result = gkg_query(store_root, "findings-of-module", "--param", f"module={value}")
    assert result.returncode == 2
    assert "parameter 'module'" in result.stderr
    assert result.stdout == ""
