"""`gkg build --to URL` publishes the bundled document to a real Virtuoso, and
`gkg serve --backend URL` answers researchers' SPARQL from it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import requests
from fixtures_server import running_server
from SPARQLWrapper import JSON, SPARQLWrapper
from virtuoso_server import VirtuosoEndpoints

from service.store.releases import current_release, read_release_info

MODULES = """SELECT ?number WHERE {
  ?m a <https://w3id.org/gkg/ontology#Module> ; <https://w3id.org/gkg/ontology#moduleNumber> ?number
} ORDER BY ?number"""


def test_build_to_virtuoso_then_serve_from_it(virtuoso: VirtuosoEndpoints, tmp_path: Path) -> None:
    root = tmp_path / "store"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "service.cli",
            "build",
            "--store",
            str(root),
            "--to",
            virtuoso.sparql_auth,
            "--to-user",
            virtuoso.user,
            "--to-password",
            virtuoso.password,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert f"to {virtuoso.sparql_auth}" in built.stderr
    info = read_release_info(current_release(root))
    count = requests.get(
        virtuoso.sparql,
        params={
            "query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/gkg/graph/')) }"
        },
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    ).json()
    assert int(count["results"]["bindings"][0]["n"]["value"]) == sum(info.graphs.values())

    with running_server(root, None, "--backend", virtuoso.sparql) as base_url:
        client = SPARQLWrapper(f"{base_url}/sparql")
        client.setQuery(MODULES)
        client.setReturnFormat(JSON)
        rows = client.query().convert()["results"]["bindings"]
        assert [row["number"]["value"] for row in rows] == ["10.1.1", "6.1", "9.2.3"]
