"""The VoID + DCAT description at /.well-known/void, checked against the store itself.

Every count in the description is compared with a COUNT query of its own sent to
/sparql (one per class and per property) and with a count of the store's quads in
Python; every dump's checksum with the SHA-256 of the bytes served.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fixtures_linking import BUILT_AT, LICENSE, RELEASE_ID
from flask import Flask
from flask.testing import FlaskClient
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, XSD

from service.dataset.description import DCAT, SPDX, VOID
from service.pipeline.build import BUNDLED_SOURCE
from service.store.releases import current_release, open_read_only

DATASET = URIRef("https://w3id.org/gkg/dataset")
SOURCE_SHA256 = hashlib.sha256(BUNDLED_SOURCE.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def client(linked_app: Flask) -> FlaskClient:
    return linked_app.test_client()


@pytest.fixture(scope="module")
def description(client: FlaskClient) -> Graph:
    response = client.get("/.well-known/void")
    assert response.status_code == 200
    assert response.content_type.startswith("text/turtle")
    return Graph().parse(data=response.data, format="turtle")


def count(client: FlaskClient, query: str) -> int:
    response = client.post("/sparql", data={"query": query}, headers={"Accept": "application/json"})
    assert response.status_code == 200, response.data
    (row,) = json.loads(response.data)["results"]["bindings"]
    return int(row["n"]["value"])


def integer(graph: Graph, subject: URIRef, predicate: URIRef) -> int:
    (value,) = graph.objects(subject, predicate)
    assert isinstance(value, Literal) and value.datatype == XSD.integer
    return int(value)


def store_triples(linked_store: Path) -> set[tuple]:
    store = open_read_only(current_release(linked_store))
    return {(quad.subject, quad.predicate, quad.object) for quad in store}


def test_dataset_totals_equal_counts_taken_from_the_store(
    client: FlaskClient, description: Graph, linked_store: Path
) -> None:
    triples = store_triples(linked_store)
    assert integer(description, DATASET, VOID.triples) == len(triples)
    distinct = "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert integer(description, DATASET, VOID.triples) == count(
        client, f"SELECT (COUNT(*) AS ?n) WHERE {{ {distinct} }}"
    )
    subjects = {s for s, _, _ in triples}
    assert integer(description, DATASET, VOID.distinctSubjects) == len(subjects)
    assert integer(description, DATASET, VOID.distinctObjects) == len({o for _, _, o in triples})
    entities = count(
        client, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER isIRI(?s) }"
    )
    assert integer(description, DATASET, VOID.entities) == entities
    assert entities == len([s for s in subjects if type(s).__name__ == "NamedNode"])
    assert integer(description, DATASET, VOID.properties) == len({p for _, p, _ in triples})
    classes = count(client, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?s a ?c } }")
    assert integer(description, DATASET, VOID.classes) == classes


def test_every_class_partition_counts_the_instances_of_its_class(
    client: FlaskClient, description: Graph
) -> None:
    partitions = list(description.objects(DATASET, VOID.classPartition))
    classes = {description.value(partition, VOID["class"]) for partition in partitions}
    assert len(classes) == len(partitions) == integer(description, DATASET, VOID.classes)
    assert URIRef("https://w3id.org/gkg/ontology#Module") in classes
    for partition in partitions:
        iri = description.value(partition, VOID["class"])
        query = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH ?g {{ ?x a <{iri}> }} }}"
        assert integer(description, partition, VOID.entities) == count(client, query), iri


def test_every_property_partition_counts_the_triples_of_its_property(
    client: FlaskClient, description: Graph
) -> None:
    partitions = list(description.objects(DATASET, VOID.propertyPartition))
    assert len(partitions) == integer(description, DATASET, VOID.properties)
    total = 0
    for partition in partitions:
        iri = description.value(partition, VOID.property)
        query = (
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE "
            f"{{ GRAPH ?g {{ ?s <{iri}> ?o }} }} }}"
        )
        triples = integer(description, partition, VOID.triples)
        assert triples == count(client, query), iri
        total += triples
    assert total == integer(description, DATASET, VOID.triples)


def test_vocabularies_are_the_namespaces_of_the_classes_and_properties_used(
    description: Graph,
) -> None:
    used = {
        str(term)
        for kind in (VOID["class"], VOID.property)
        for term in description.objects(None, kind)
    }
    vocabularies = {str(v) for v in description.objects(DATASET, VOID.vocabulary)}
    assert all(any(term.startswith(v) for v in vocabularies) for term in used)
    for expected in (
        "http://purl.org/spar/fabio/",
        "http://purl.org/spar/cito/",
        "http://www.w3.org/2004/02/skos/core#",
        "http://www.w3.org/ns/prov#",
        "https://schema.org/",
        "https://w3id.org/gkg/ontology#",
    ):
        assert expected in vocabularies


def test_the_dataset_names_its_endpoint_source_licence_dates_and_version(
    description: Graph,
) -> None:
    assert set(description.objects(DATASET, RDF.type)) >= {VOID.Dataset, DCAT.Dataset}
    endpoint = URIRef("http://localhost/sparql")
    assert description.value(DATASET, VOID.sparqlEndpoint) == endpoint
    assert (endpoint, DCAT.servesDataset, DATASET) in description
    assert description.value(DATASET, DCTERMS.license) == URIRef(LICENSE)
    assert description.value(DATASET, DCAT.version) == Literal(RELEASE_ID)
    assert description.value(DATASET, OWL.versionInfo) == Literal(RELEASE_ID)
    built = Literal(BUILT_AT, datatype=XSD.dateTime)
    assert description.value(DATASET, DCTERMS.issued) == built
    assert description.value(DATASET, DCTERMS.modified) == built
    source = description.value(DATASET, DCTERMS.source)
    assert source == URIRef(f"https://w3id.org/gkg/source/{SOURCE_SHA256[:16]}")
    checksum = description.value(source, SPDX.checksum)
    assert description.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    assert str(description.value(checksum, SPDX.checksumValue)) == SOURCE_SHA256


def test_every_distribution_checksum_is_the_sha256_of_the_bytes_served(
    client: FlaskClient, description: Graph
) -> None:
    downloads = {}
    for distribution in description.objects(DATASET, DCAT.distribution):
        url = description.value(distribution, DCAT.downloadURL)
        if url is None:
            assert description.value(distribution, DCAT.accessService) is not None
            continue
        response = client.get(urlsplit(str(url)).path)
        assert response.status_code == 200
        body = response.data
        checksum = description.value(distribution, SPDX.checksum)
        assert description.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        value = description.value(checksum, SPDX.checksumValue)
        assert value.datatype == XSD.hexBinary
        assert str(value) == hashlib.sha256(body).hexdigest()
        assert int(description.value(distribution, DCAT.byteSize)) == len(body)
        media_type = str(description.value(distribution, DCAT.mediaType)).split("media-types/")[1]
        assert response.content_type.split(";")[0] == media_type
        assert (DATASET, VOID.dataDump, url) in description
        downloads[str(url).rsplit(".", 1)[1]] = media_type
    assert downloads == {
        "ttl": "text/turtle",
        "nt": "application/n-triples",
        "jsonld": "application/ld+json",
        "nq": "application/n-quads",
    }


@pytest.mark.parametrize(
    ("accept", "content_type", "rdflib_format"),
    [
        (None, "text/turtle", "turtle"),
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/json", "application/ld+json", "json-ld"),
        ("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", "text/turtle", "turtle"),
    ],
)
def test_content_negotiation_gives_the_same_graph(
    client: FlaskClient,
    description: Graph,
    accept: str | None,
    content_type: str,
    rdflib_format: str,
) -> None:
    response = client.get("/.well-known/void", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.content_type.split(";")[0] == content_type
    assert "Accept" in response.headers["Vary"]
    assert isomorphic(Graph().parse(data=response.data, format=rdflib_format), description)


def test_unacceptable_media_type_is_406_and_etag_gives_304(client: FlaskClient) -> None:
    assert client.get("/.well-known/void", headers={"Accept": "image/png"}).status_code == 406
    first = client.get("/.well-known/void")
    etag = first.headers["ETag"]
    again = client.get("/.well-known/void", headers={"If-None-Match": etag})
    assert again.status_code == 304
