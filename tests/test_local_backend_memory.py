"""The in-memory mode of LocalBackend (GKG_STORE_IN_MEMORY) answers as the on-disk mode does,
and a release within GKG_MEMORY_QUADS is held in memory without asking.

Both modes run real query processes over real published stores: the small sample store
and the bundled document's store. Memory mode must also pick up a newly published
release, survive a query stopped on timeout, and be wired to the app config, the
environment and ``gkg serve --in-memory``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from fixtures_server import DATA_GRAPH, SAMPLE_TRIPLES, SLOW_QUERY, publish_sample, running_server

from service.app import create_app
from service.sparql.query_check import check_query
from service.store.backends import N_TRIPLES, SPARQL_JSON, SPARQL_XML, TSV, TURTLE, QueryTimeout
from service.store.local_backend import LocalBackend, OpenRelease, load_in_memory
from service.store.releases import current_release, read_release_info

ROW_CAP = 100_000
SAMPLE_QUERIES = {
    "count": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "ordered": """PREFIX gkg: <https://w3id.org/gkg/> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?module ?title ?order WHERE { ?module a gkg:Module ; dct:title ?title ;
        gkg:order ?order } ORDER BY DESC(?order) ?module""",
    "graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "ask": "PREFIX gkg: <https://w3id.org/gkg/> ASK { ?m a gkg:Module }",
    "ask-false": "ASK { <urn:gkg:test:absent> ?p ?o }",
}
GRAPH_QUERIES = {
    "construct": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "describe-like": """PREFIX gkg: <https://w3id.org/gkg/>
        CONSTRUCT { ?m ?p ?o } WHERE { ?m a gkg:Module ; ?p ?o }""",
}
BUNDLED_QUERIES = {
    "classes": """SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class }
        GROUP BY ?class HAVING (COUNT(?s) > 1) ORDER BY DESC(?n) ?class""",
    "predicates": "SELECT DISTINCT ?p WHERE { ?s ?p ?o }",
    "titles": """PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?thing ?title WHERE { ?thing dcterms:title ?title
        FILTER(CONTAINS(LCASE(STR(?title)), "pet") || REGEX(STR(?title), "mamma", "i")) }""",
    "references": """PREFIX gkg: <https://w3id.org/gkg/ontology#>
        SELECT ?module (COUNT(?reference) AS ?n) WHERE { ?module gkg:listsReference ?reference }
        GROUP BY ?module ORDER BY ?module""",
    "ask": "ASK { ?s a <https://w3id.org/gkg/ontology#Module> }",
}


def run(backend: LocalBackend, text: str, media_type: str, timeout: float = 60.0) -> bytes:
    """The body of ``text``'s answer from ``backend``."""
    return backend.execute(check_query(text), media_type, timeout=timeout, row_cap=ROW_CAP).body


def bindings(body: bytes) -> list[str]:
    """A SPARQL JSON answer as a sorted list of rows (row order is not compared)."""
    document = json.loads(body)
    if "boolean" in document:
        return [str(document["boolean"])]
    return sorted(json.dumps(row, sort_keys=True) for row in document["results"]["bindings"])


def triples(body: bytes) -> list[str]:
    """An N-Triples answer as a sorted list of lines."""
    return sorted(line for line in body.decode().splitlines() if line.strip())


def both_modes(root: Path) -> Iterator[tuple[LocalBackend, LocalBackend]]:
    """An on-disk and an in-memory backend over ``root``, closed afterwards."""
    disk, memory = LocalBackend(root, processes=1), LocalBackend(root, 1, in_memory=True)
    yield disk, memory
    disk.close()
    memory.close()


@pytest.fixture(scope="module")
def sample_backends(sample_store: Path) -> Iterator[tuple[LocalBackend, LocalBackend]]:
    yield from both_modes(sample_store)


@pytest.fixture(scope="module")
def bundled_backends(bundled_store: Path) -> Iterator[tuple[LocalBackend, LocalBackend]]:
    yield from both_modes(bundled_store)


@pytest.mark.parametrize("name", sorted(SAMPLE_QUERIES))
@pytest.mark.parametrize("media_type", [SPARQL_JSON, SPARQL_XML, TSV])
def test_sample_store_answers_are_the_same_bytes(
    sample_backends: tuple[LocalBackend, LocalBackend], name: str, media_type: str
) -> None:
    disk, memory = sample_backends
    expected = run(disk, SAMPLE_QUERIES[name], media_type)
    assert run(memory, SAMPLE_QUERIES[name], media_type) == expected


@pytest.mark.parametrize("name", sorted(GRAPH_QUERIES))
def test_sample_store_graphs_are_the_same(
    sample_backends: tuple[LocalBackend, LocalBackend], name: str
) -> None:
    disk, memory = sample_backends
    expected = triples(run(disk, GRAPH_QUERIES[name], N_TRIPLES))
    assert expected
    assert triples(run(memory, GRAPH_QUERIES[name], N_TRIPLES)) == expected
    assert run(memory, GRAPH_QUERIES[name], TURTLE)


def test_sample_store_in_memory_holds_every_triple(
    sample_backends: tuple[LocalBackend, LocalBackend],
) -> None:
    _, memory = sample_backends
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{DATA_GRAPH}> {{ ?s ?p ?o }} }}"
    answer = json.loads(run(memory, count, SPARQL_JSON))
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == SAMPLE_TRIPLES


@pytest.mark.parametrize("name", sorted(BUNDLED_QUERIES))
def test_bundled_store_answers_are_the_same(
    bundled_backends: tuple[LocalBackend, LocalBackend], name: str
) -> None:
    disk, memory = bundled_backends
    expected = bindings(run(disk, BUNDLED_QUERIES[name], SPARQL_JSON))
    assert expected
    assert bindings(run(memory, BUNDLED_QUERIES[name], SPARQL_JSON)) == expected


def test_bundled_store_graph_is_the_same(
    bundled_backends: tuple[LocalBackend, LocalBackend],
) -> None:
    disk, memory = bundled_backends
    everything = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    expected = triples(run(disk, everything, N_TRIPLES))
    assert len(expected) > 1000
    assert triples(run(memory, everything, N_TRIPLES)) == expected


def test_load_in_memory_no_longer_needs_the_files(sample_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "release"
    shutil.copytree(current_release(sample_store), copy)
    store = load_in_memory(copy)
    shutil.rmtree(copy)
    assert len(store) > SAMPLE_TRIPLES
    assert store.query("ASK { ?s ?p ?o }", use_default_graph_as_union=True)


def test_a_new_release_is_answered_in_memory(tmp_path: Path) -> None:
    publish_sample(tmp_path, "release-1")
    backend = LocalBackend(tmp_path, processes=2, in_memory=True)
    ask = "ASK { <urn:gkg:test:new> ?p ?o }"
    try:
        assert json.loads(run(backend, ask, SPARQL_JSON))["boolean"] is False
        publish_sample(tmp_path, "release-2", extra="<urn:gkg:test:new> <urn:gkg:test:p> 1 .\n")
        assert json.loads(run(backend, ask, SPARQL_JSON))["boolean"] is True
        assert backend.data_version() == "release-2"
    finally:
        backend.close()


def test_timeout_kills_the_query_and_the_next_one_is_answered_in_memory(
    sample_store: Path,
) -> None:
    backend = LocalBackend(sample_store, processes=1, in_memory=True)
    count = SAMPLE_QUERIES["count"]
    try:
        expected = run(backend, count, SPARQL_JSON)
        with pytest.raises(QueryTimeout):
            run(backend, SLOW_QUERY, SPARQL_JSON, timeout=0.5)
        assert run(backend, count, SPARQL_JSON) == expected
    finally:
        backend.close()


def test_the_setting_reaches_the_backend(
    sample_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (
        LocalBackend.from_config(create_app({"GKG_STORE": sample_store}).config).in_memory is False
    )
    for value, expected in [("1", True), ("true", True), ("TRUE", True), ("0", False)]:
        monkeypatch.setenv("GKG_STORE_IN_MEMORY", value)
        config = create_app({"GKG_STORE": sample_store}).config
        assert config["GKG_STORE_IN_MEMORY"] is expected
        assert LocalBackend.from_config(config).in_memory is expected


def test_gkg_serve_in_memory_answers(sample_store: Path) -> None:
    with running_server(sample_store, None, "--in-memory", workers=1) as url:
        response = requests.get(
            f"{url}/sparql",
            params={"query": SAMPLE_QUERIES["count"]},
            headers={"Accept": SPARQL_JSON},
            timeout=30,
        )
    assert response.status_code == 200
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) > SAMPLE_TRIPLES


def held_in_memory(release: Path, memory_quads: int) -> tuple[OpenRelease, int]:
    """``release`` opened as a query process opens it, and how many quads it holds."""
    stores = OpenRelease(in_memory=False, memory_quads=memory_quads)
    return stores, len(stores.get(str(release)))


def test_a_release_within_the_limit_is_held_in_memory(bundled_store: Path) -> None:
    release = current_release(bundled_store)
    info = read_release_info(release)
    _, quads = held_in_memory(release, 0)
    assert sum(info.graphs.values()) == quads  # the counts the decision reads are the store's
    for limit, expected in [(quads, True), (quads + 1, True), (quads - 1, False), (0, False)]:
        stores, held = held_in_memory(release, limit)
        assert (stores.held_in_memory, held) == (expected, quads)


def test_a_release_without_counts_is_counted(sample_store: Path) -> None:
    release = current_release(sample_store)
    assert read_release_info(release).graphs == {}
    _, quads = held_in_memory(release, 0)
    assert quads > SAMPLE_TRIPLES
    assert held_in_memory(release, quads)[0].held_in_memory is True
    assert held_in_memory(release, quads - 1)[0].held_in_memory is False


@pytest.mark.parametrize("name", sorted(BUNDLED_QUERIES))
def test_a_small_release_in_memory_answers_as_on_disk(
    bundled_backends: tuple[LocalBackend, LocalBackend], bundled_store: Path, name: str
) -> None:
    disk, _ = bundled_backends
    small = LocalBackend(bundled_store, processes=1, memory_quads=100_000)
    try:
        expected = bindings(run(disk, BUNDLED_QUERIES[name], SPARQL_JSON))
        assert bindings(run(small, BUNDLED_QUERIES[name], SPARQL_JSON)) == expected
    finally:
        small.close()


def test_the_memory_limit_reaches_the_backend(
    sample_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = create_app({"GKG_STORE": sample_store}).config
    assert LocalBackend.from_config(config).memory_quads == 100_000
    monkeypatch.setenv("GKG_MEMORY_QUADS", "0")
    config = create_app({"GKG_STORE": sample_store}).config
    assert LocalBackend.from_config(config).memory_quads == 0
