"""The contract of every named query in queries/, on the bundled document.

One test per `.rq` file: its header is complete, every declared parameter is used in
the body (and projected, which pyoxigraph's substitution needs), and run through the
API with its example parameters it returns exactly the rows kept in
tests/expected_queries/<name>.json.  Those rows were checked by hand against
data/source/borstkanker-cluster-3a-2026.txt (line numbers in each file's `checked`).

A term is written as in N-Triples, shortened for reading: `<…>` IRIs, `"…"@nl`
language-tagged and `"…"^^xsd:decimal` typed literals; plain strings as `"…"`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from flask import Flask
from flask.testing import FlaskClient

from loaders.parsers.document import parse_document
from loaders.rdf.builder import build_graph
from service.app import create_app
from service.pipeline.build import BUNDLED_SOURCE
from service.queries.library import QUERIES_DIR, NamedQuery, load_library, parse_query_file
from service.store.graphs import graph_iri, load_ontology_graphs
from service.store.releases import ReleaseInfo, new_release_dir, publish_release, write_release_info

EXPECTED_DIR = Path(__file__).parent / "expected_queries"
BASE_IRI = "https://w3id.org/gkg/"
XSD = "http://www.w3.org/2001/XMLSchema#"
LIBRARY = load_library()
NAMES = sorted(LIBRARY)


def publish_bundled(root: Path) -> Path:
    """Parse and build the bundled document and publish it, with the ontology graphs, in `root`.

    The same graphs as `gkg build`, without its SHACL gate: the queries are tested on
    what the builder makes, whether or not it conforms yet.
    """
    graphs = load_ontology_graphs()
    graphs["data"] = build_graph(parse_document(BUNDLED_SOURCE), BASE_IRI)
    release = new_release_dir(root, "named-queries")
    store = pyoxigraph.Store(str(release))
    for name, graph in graphs.items():
        store.bulk_load(
            graph.serialize(format="nt", encoding="utf-8"),
            format=pyoxigraph.RdfFormat.N_TRIPLES,
            to_graph=pyoxigraph.NamedNode(graph_iri(BASE_IRI, name)),
        )
    store.flush()
    del store
    write_release_info(release, ReleaseInfo("named-queries", "", BASE_IRI, []))
    publish_release(root, release)
    return root


@pytest.fixture(scope="module")
def bundled_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    root = publish_bundled(tmp_path_factory.mktemp("bundled-store"))
    app = create_app(
        {
            "GKG_STORE": root,
            "TESTING": True,
            "GKG_SERVICE_ALLOWLIST": ["http://127.0.0.1:3031/sparql"],
        }
    )
    yield app
    backend = app.extensions.get("gkg.backend")
    if backend is not None:
        backend.close()


@pytest.fixture
def client(bundled_app: Flask) -> FlaskClient:
    return bundled_app.test_client()


def term(binding: dict[str, str]) -> str:
    """One SPARQL JSON binding as a short N-Triples-like string."""
    value = binding["value"]
    if binding["type"] == "uri":
        return f"<{value}>"
    if binding["type"] == "bnode":
        return "_:b"
    if "xml:lang" in binding:
        return f'"{value}"@{binding["xml:lang"]}'
    datatype = binding.get("datatype", f"{XSD}string")
    if datatype == f"{XSD}string":
        return f'"{value}"'
    return f'"{value}"^^{datatype.replace(XSD, "xsd:")}'


def rows_of(results: dict) -> list[dict[str, str]]:
    """SPARQL JSON results as a list of {variable: term} (unbound variables left out)."""
    return [
        {name: term(binding) for name, binding in row.items()}
        for row in results["results"]["bindings"]
    ]


def expected(name: str) -> dict:
    return json.loads((EXPECTED_DIR / f"{name}.json").read_text("utf-8"))


def test_there_are_at_least_25_named_queries_each_with_expected_rows() -> None:
    assert len(NAMES) >= 25
    assert sorted(path.stem for path in EXPECTED_DIR.glob("*.json")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_header_is_complete_and_every_parameter_is_used(name: str) -> None:
    query: NamedQuery = parse_query_file(QUERIES_DIR / f"{name}.rq")
    assert query.summary.strip() and query.description.strip() and query.tags
    select = re.search(r"\bSELECT\b(.*?)\bWHERE\b", query.sparql, re.S | re.I)
    for param in query.params:
        assert param.description.strip(), f"{name}: parameter {param.name} has no description"
        assert param.required or param.example is not None or param.default is None
        # pyoxigraph substitutes only variables that the SELECT projects
        assert select and re.search(rf"\?{param.name}\b", select.group(1)), param.name
    assert all(p.example is not None for p in query.params if p.required)


@pytest.mark.parametrize("name", NAMES)
def test_example_parameters_give_exactly_the_expected_rows(client: FlaskClient, name: str) -> None:
    query = LIBRARY[name]
    want = expected(name)
    assert want["params"] == query.example_values()
    response = client.get(f"/api/queries/{name}.json", query_string=query.example_values())
    assert response.status_code == 200, response.get_data(as_text=True)
    assert rows_of(response.get_json()) == want["rows"]


@pytest.mark.parametrize("name", NAMES)
def test_runs_with_required_parameters_only(client: FlaskClient, name: str) -> None:
    """Optional parameters left out match anything: at least the example's rows come back."""
    query = LIBRARY[name]
    required = {p.name: p.example for p in query.params if p.required}
    response = client.get(f"/api/queries/{name}.json", query_string=required)
    assert response.status_code == 200, response.get_data(as_text=True)
    rows = rows_of(response.get_json())
    assert len(rows) >= len(expected(name)["rows"])
