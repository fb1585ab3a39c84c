"""Dumps at /dumps/gkg.{ttl,nt,jsonld,nq}: the store's graphs plus the dataset description.

Each dump holds exactly the store's triples (or quads) and the description, which counts
the data and not itself; each is made once per data version and served with its SHA-256
as ETag and a Content-Length.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph
import pytest
from fixtures_server import publish_sample
from flask import Flask
from flask.testing import FlaskClient
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from service.app import create_app
from service.dataset.description import DCAT, SPDX, VOID
from service.dataset.void import bp as void_bp
from service.store.releases import current_release, open_read_only

DATASET = URIRef("https://w3id.org/gkg/dataset")
DESCRIPTION_GRAPH = URIRef("https://w3id.org/gkg/graph/void")
MEDIA_TYPES = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "nq": "application/n-quads",
}


@pytest.fixture(scope="module")
def client(linked_app: Flask) -> FlaskClient:
    return linked_app.test_client()


@pytest.fixture(scope="module")
def description(client: FlaskClient) -> Graph:
    return Graph().parse(data=client.get("/.well-known/void").data, format="turtle")


def store_quads(root: Path) -> list[pyoxigraph.Quad]:
    return list(open_read_only(current_release(root)))


def without_blank_nodes(triples) -> set:  # noqa: ANN001 - rdflib triples
    return {t for t in triples if not any(isinstance(term, BNode) for term in t)}


def embedded(full: Graph) -> Graph:
    """The description as the dumps carry it: without checksums and sizes."""
    graph = Graph()
    for triple in full:
        subject, predicate, _ = triple
        if predicate in (SPDX.checksum, DCAT.byteSize) and "/distribution/" in str(subject):
            continue
        if str(subject).split("#")[0].endswith(("/ttl", "/nt", "/jsonld", "/nq")):
            if str(subject).endswith("#sha256"):
                continue
        graph.add(triple)
    return graph


@pytest.mark.parametrize("name", sorted(MEDIA_TYPES))
def test_dump_is_served_with_its_media_type_length_and_etag(
    client: FlaskClient, description: Graph, name: str
) -> None:
    response = client.get(f"/dumps/gkg.{name}")
    assert response.status_code == 200
    assert response.mimetype == MEDIA_TYPES[name]
    body = response.data
    digest = hashlib.sha256(body).hexdigest()
    assert int(response.headers["Content-Length"]) == len(body)
    assert response.headers["ETag"] == f'"{digest}"'
    again = client.get(f"/dumps/gkg.{name}", headers={"If-None-Match": f'"{digest}"'})
    assert again.status_code == 304
    head = client.head(f"/dumps/gkg.{name}")
    assert int(head.headers["Content-Length"]) == len(body)
    distribution = URIRef(f"{DATASET}/distribution/{name}")
    checksum = description.value(distribution, SPDX.checksum)
    assert str(description.value(checksum, SPDX.checksumValue)) == digest


@pytest.mark.parametrize("name", ["ttl", "nt"])
def test_triple_dumps_hold_the_merged_graphs_and_the_description(
    client: FlaskClient, description: Graph, linked_store: Path, name: str
) -> None:
    graph = Graph().parse(data=client.get(f"/dumps/gkg.{name}").data, format=name)
    data = {(q.subject, q.predicate, q.object) for q in store_quads(linked_store)}
    inside = embedded(description)
    assert len(graph) == len(data) + len(inside)
    assert int(graph.value(DATASET, VOID.triples)) == len(data)
    assert without_blank_nodes(inside) <= set(graph)
    assert (None, SPDX.checksumValue, None) in graph  # the source document's checksum
    assert graph.value(URIRef(f"{DATASET}/distribution/{name}"), SPDX.checksum) is None


@pytest.mark.parametrize(("name", "rdflib_format"), [("nq", "nquads"), ("jsonld", "json-ld")])
def test_dataset_dumps_keep_the_graphs_and_put_the_description_in_its_own(
    client: FlaskClient, description: Graph, linked_store: Path, name: str, rdflib_format: str
) -> None:
    dataset = Dataset()
    dataset.parse(data=client.get(f"/dumps/gkg.{name}").data, format=rdflib_format)
    quads = store_quads(linked_store)
    per_graph: dict[str, int] = {}
    for quad in quads:
        per_graph[quad.graph_name.value] = per_graph.get(quad.graph_name.value, 0) + 1
    found = {
        str(graph.identifier): len(graph)
        for graph in dataset.graphs()
        if len(graph) and graph.identifier != DESCRIPTION_GRAPH
    }
    assert found == per_graph
    assert isomorphic(dataset.graph(DESCRIPTION_GRAPH), embedded(description))


def test_dumps_are_made_once_per_data_version(tmp_path: Path) -> None:
    root = tmp_path / "store"
    publish_sample(root, "release-1")
    first = serve(root).test_client()
    before = Graph().parse(data=first.get("/.well-known/void").data, format="turtle")
    body = first.get("/dumps/gkg.nt").data
    files = sorted((current_release(root) / "dumps").rglob("gkg.nt"))
    assert len(files) == 1 and files[0].read_bytes() == body
    written = files[0].stat().st_mtime_ns

    other = serve(root).test_client()  # another process reads the same files
    assert other.get("/dumps/gkg.nt").data == body
    assert files[0].stat().st_mtime_ns == written
    assert isomorphic(Graph().parse(data=other.get("/.well-known/void").data), before)

    extra = "<https://w3id.org/gkg/x> <https://w3id.org/gkg/y> <https://w3id.org/gkg/z> ."
    publish_sample(root, "release-2", extra=extra)
    after = Graph().parse(data=first.get("/.well-known/void").data, format="turtle")
    assert int(after.value(DATASET, VOID.triples)) == int(before.value(DATASET, VOID.triples)) + 1
    assert str(after.value(DATASET, DCAT.version)) == "release-2"
    assert first.get("/dumps/gkg.nt").data != body


def test_unknown_dump_format_is_404(client: FlaskClient) -> None:
    assert client.get("/dumps/gkg.xml").status_code == 404


def serve(root: Path) -> Flask:
    app = create_app({"GKG_STORE": root, "TESTING": True})
    if "void" not in app.blueprints:
        app.register_blueprint(void_bp)
    return app


def test_a_clients_host_header_never_makes_another_set_of_dumps(tmp_path: Path) -> None:
    """`gkg serve` names its own address in the description, whatever Host a client sends."""
    import requests
    from fixtures_server import running_server

    root = tmp_path / "store"
    publish_sample(root)
    with running_server(root, {"GKG_PUBLIC_URL": ""}) as url:
        bodies = {
            host: requests.get(f"{url}/.well-known/void", headers={"Host": host}, timeout=60)
            for host in ("a.example", "b.example", "c.example")
        }
    assert {response.status_code for response in bodies.values()} == {200}
    assert len({response.content for response in bodies.values()}) == 1
    assert f"<{url}/sparql>".encode() in bodies["a.example"].content
    assert b"a.example" not in bodies["a.example"].content
    assert len(list((current_release(root) / "dumps").iterdir())) == 1
