"""The service over an external store: publish to a real Virtuoso, answer from it.

Virtuoso (Debian's package, installed when missing) runs on 127.0.0.1 for the session
(tests/virtuoso_server.py). The sample store of the SPARQL tests is published to it, and
answers through :class:`RemoteBackend` are compared with the local backend's.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import rdflib
import requests
from fixtures_server import (
    DATA,
    DATA_GRAPH,
    ONTOLOGY_GRAPH,
    SAMPLE_TRIPLES,
    SLOW_QUERY,
    running_server,
)
from rdflib.compare import isomorphic
from SPARQLWrapper import JSON, SPARQLWrapper
from virtuoso_server import VirtuosoEndpoints

from service.app import create_app
from service.sparql.query_check import check_query
from service.store.backends import (
    CSV,
    GRAPH_MEDIA_TYPES,
    JSON_LD,
    N_TRIPLES,
    RDF_XML,
    RESULT_MEDIA_TYPES,
    SPARQL_JSON,
    SPARQL_XML,
    TSV,
    TURTLE,
    QueryFailed,
    QueryTimeout,
)
from service.store.local_backend import LocalBackend
from service.store.publish import PublishReport, publish
from service.store.remote_backend import RemoteBackend, store_graphs

BASE_IRI = "https://w3id.org/gkg/"
EX = rdflib.Namespace("https://w3id.org/gkg/test/")
RDFLIB_RESULTS = {SPARQL_JSON: "json", SPARQL_XML: "xml", CSV: "csv", TSV: "tsv"}
RDFLIB_GRAPHS = {TURTLE: "turtle", N_TRIPLES: "nt", JSON_LD: "json-ld", RDF_XML: "xml"}
SELECT_MODULES = """PREFIX gkg: <https://w3id.org/gkg/>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?module ?title ?order WHERE {
  ?module a gkg:Module ; dct:title ?title ; gkg:order ?order
} ORDER BY ?order"""
CONSTRUCT_GUIDELINE = """PREFIX dct: <http://purl.org/dc/terms/>
CONSTRUCT { ?module dct:isPartOf ?guideline ; dct:title ?title }
WHERE { ?module dct:isPartOf ?guideline ; dct:title ?title }"""


def sample_dataset() -> rdflib.Dataset:
    """The SPARQL tests' sample (data graph) plus one ontology triple, with blank nodes."""
    dataset = rdflib.Dataset()
    data = dataset.graph(rdflib.URIRef(DATA_GRAPH))
    data.parse(DATA, format="turtle")
    ontology = dataset.graph(rdflib.URIRef(ONTOLOGY_GRAPH))
    ontology.add((rdflib.URIRef(f"{BASE_IRI}Module"), rdflib.RDF.type, rdflib.OWL.Class))
    return dataset


def remote_graph(endpoints: VirtuosoEndpoints, graph: str) -> rdflib.Graph:
    """The triples of ``graph`` as the store holds them (read with a plain SPARQL request)."""
    response = requests.post(
        endpoints.sparql,
        data={"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
        headers={"Accept": N_TRIPLES},
        timeout=30,
    )
    response.raise_for_status()
    return rdflib.Graph().parse(data=response.text, format="nt")


def graphs_on_store(endpoints: VirtuosoEndpoints) -> set[str]:
    response = requests.post(
        endpoints.sparql,
        data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
        headers={"Accept": SPARQL_JSON},
        timeout=30,
    )
    return {row["g"]["value"] for row in response.json()["results"]["bindings"]}


def publish_to(endpoints: VirtuosoEndpoints, dataset: object, **options: object) -> PublishReport:
    return publish(
        dataset,
        endpoints.sparql_auth,
        graph_store_url=options.pop("graph_store_url", endpoints.graph_store),
        username=endpoints.user,
        password=endpoints.password,
        **options,
    )


@pytest.fixture(scope="module")
def published(virtuoso: VirtuosoEndpoints) -> PublishReport:  # noqa: F811
    """The sample dataset, published to the session's Virtuoso."""
    return publish_to(virtuoso, sample_dataset(), release_id="sample-1")


@pytest.fixture(scope="module")
def remote(virtuoso: VirtuosoEndpoints, published: PublishReport) -> Iterator[RemoteBackend]:  # noqa: F811
    backend = RemoteBackend(virtuoso.sparql, graphs=store_graphs(BASE_IRI))
    yield backend
    backend.close()


@pytest.fixture(scope="module")
def local(sample_store: Path) -> Iterator[LocalBackend]:
    backend = LocalBackend(sample_store, processes=1)
    yield backend
    backend.close()


class RecordingListener:
    """An HTTP server on 127.0.0.1 that records every request it gets."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                listener.requests.append(self.path)
                self.send_response(200)
                self.end_headers()

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener() -> Iterator[RecordingListener]:
    recording = RecordingListener()
    yield recording
    recording.close()


# Publishing


def test_publish_stores_every_triple_exactly(
    virtuoso: VirtuosoEndpoints,  # noqa: F811
    published: PublishReport,
) -> None:
    assert published.graphs == {DATA_GRAPH: SAMPLE_TRIPLES, ONTOLOGY_GRAPH: 1}
    assert published.method == "graph-store"
    expected = sample_dataset()
    for graph in (DATA_GRAPH, ONTOLOGY_GRAPH):
        assert isomorphic(remote_graph(virtuoso, graph), expected.graph(rdflib.URIRef(graph)))


def test_publish_keeps_blank_nodes_whole_across_requests(virtuoso: VirtuosoEndpoints) -> None:  # noqa: F811
    dataset = rdflib.Dataset()
    graph = dataset.graph(rdflib.URIRef(f"{BASE_IRI}graph/validation"))
    for index in range(25):
        result = rdflib.BNode()
        graph.add((EX[f"report-{index}"], EX.result, result))
        graph.add((result, EX.message, rdflib.Literal(f"melding {index}\nregel 2", lang="nl")))
        graph.add((result, EX.severity, EX.Violation))
    for method in ("graph-store", "update"):
        store_url = virtuoso.graph_store if method == "graph-store" else None
        report = publish_to(virtuoso, dataset, graph_store_url=store_url, chunk_triples=7)
        assert report.method == method
        assert report.graphs == {str(graph.identifier): 75}
        assert isomorphic(remote_graph(virtuoso, str(graph.identifier)), graph)


def test_republish_replaces_graphs_and_leaves_nothing_stale(
    virtuoso: VirtuosoEndpoints,  # noqa: F811
    tmp_path: Path,
) -> None:
    graph_iri = f"{BASE_IRI}graph/concepts"
    first = rdflib.Dataset()
    first.graph(rdflib.URIRef(graph_iri)).add((EX.a, EX.p, rdflib.Literal("old")))
    first.graph(rdflib.URIRef(graph_iri)).add((EX.b, EX.p, rdflib.Literal("kept")))
    publish_to(virtuoso, first, release_id="concepts-1")
    second = rdflib.Dataset()
    second.graph(rdflib.URIRef(graph_iri)).add((EX.b, EX.p, rdflib.Literal("kept")))
    second.graph(rdflib.URIRef(graph_iri)).add((EX.c, EX.p, rdflib.Literal("new")))
    nquads = tmp_path / "release.nq"
    second.serialize(nquads, format="nquads")

    report = publish_to(virtuoso, nquads, release_id="concepts-2", graph_store_url=None)

    assert report.graphs == {graph_iri: 2}
    assert isomorphic(remote_graph(virtuoso, graph_iri), second.graph(rdflib.URIRef(graph_iri)))
    assert not [iri for iri in graphs_on_store(virtuoso) if iri.startswith("urn:gkg:staging")]
    backend = RemoteBackend(virtuoso.sparql, graphs=store_graphs(BASE_IRI))
    assert backend.data_version() == "concepts-2"


def test_publish_refuses_triples_outside_named_graphs(virtuoso: VirtuosoEndpoints) -> None:  # noqa: F811
    from service.store.publish import PublishError

    dataset = rdflib.Dataset()
    dataset.add((EX.a, EX.p, EX.b))
    with pytest.raises(PublishError, match="outside named graphs"):
        publish_to(virtuoso, dataset)


# Answering through RemoteBackend


@pytest.mark.parametrize("media_type", RESULT_MEDIA_TYPES)
def test_select_answers_match_the_local_store(
    remote: RemoteBackend, local: LocalBackend, media_type: str
) -> None:
    answers = [
        backend.execute(check_query(SELECT_MODULES), media_type, timeout=10, row_cap=100)
        for backend in (remote, local)
    ]
    parsed = [
        rdflib.query.Result.parse(io.BytesIO(answer.body), format=RDFLIB_RESULTS[media_type])
        for answer in answers
    ]
    assert [list(row) for row in parsed[0]] == [list(row) for row in parsed[1]]
    assert len(parsed[0]) > 3
    assert answers[0].content_type == answers[1].content_type
    assert not answers[0].truncated


@pytest.mark.parametrize("media_type", GRAPH_MEDIA_TYPES)
def test_construct_answers_match_the_local_store(
    remote: RemoteBackend, local: LocalBackend, media_type: str
) -> None:
    graphs = [
        rdflib.Graph().parse(
            data=backend.execute(
                check_query(CONSTRUCT_GUIDELINE), media_type, timeout=10, row_cap=1000
            ).body,
            format=RDFLIB_GRAPHS[media_type],
        )
        for backend in (remote, local)
    ]
    assert len(graphs[0]) > 5
    assert isomorphic(graphs[0], graphs[1])


@pytest.mark.parametrize("media_type", RESULT_MEDIA_TYPES)
def test_ask_answers_in_each_format(remote: RemoteBackend, media_type: str) -> None:
    yes = remote.execute(
        check_query("ASK { ?s a <https://w3id.org/gkg/Module> }"),
        media_type,
        timeout=10,
        row_cap=10,
    )
    no = remote.execute(
        check_query("ASK { ?s a <https://w3id.org/gkg/Nothing> }"),
        media_type,
        timeout=10,
        row_cap=10,
    )
    format_name = RDFLIB_RESULTS[media_type]
    if media_type in (CSV, TSV):  # rdflib cannot read booleans in CSV/TSV
        assert (yes.body.strip(), no.body.strip()) == (b"true", b"false")
    else:
        assert rdflib.query.Result.parse(io.BytesIO(yes.body), format=format_name).askAnswer
        assert not rdflib.query.Result.parse(io.BytesIO(no.body), format=format_name).askAnswer


def test_describe_answers_about_the_resource(remote: RemoteBackend) -> None:
    answer = remote.execute(
        check_query(f"DESCRIBE <{EX['module-1']}>"), TURTLE, timeout=10, row_cap=100
    )
    graph = rdflib.Graph().parse(data=answer.body, format="turtle")
    assert (EX["module-1"], rdflib.RDF.type, rdflib.URIRef(f"{BASE_IRI}Module")) in graph


def test_default_graph_is_the_union_of_our_graphs_only(
    remote: RemoteBackend, published: PublishReport
) -> None:
    answer = remote.execute(
        check_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
        SPARQL_JSON,
        timeout=10,
        row_cap=10,
    )
    total = int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"])
    graphs = remote.execute(
        check_query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"),
        SPARQL_JSON,
        timeout=10,
        row_cap=10,
    )
    names = {row["g"]["value"] for row in json.loads(graphs.body)["results"]["bindings"]}
    assert names <= set(store_graphs(BASE_IRI))
    assert total == sum(
        int(
            json.loads(
                remote.execute(
                    check_query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"),
                    SPARQL_JSON,
                    timeout=10,
                    row_cap=10,
                ).body
            )["results"]["bindings"][0]["n"]["value"]
        )
        for g in names
    )
    assert total >= SAMPLE_TRIPLES + 1  # Virtuoso's own system graphs are not counted


def test_row_cap_cuts_and_marks(remote: RemoteBackend) -> None:
    answer = remote.execute(
        check_query("SELECT * WHERE { ?s ?p ?o }"), SPARQL_JSON, timeout=10, row_cap=7
    )
    assert answer.truncated and answer.rows == 7
    assert len(json.loads(answer.body)["results"]["bindings"]) == 7
    graph = remote.execute(
        check_query("CONSTRUCT WHERE { ?s ?p ?o }"), N_TRIPLES, timeout=10, row_cap=5
    )
    assert graph.truncated and len(rdflib.Graph().parse(data=graph.body, format="nt")) == 5


def test_substitutions_bind_variables(remote: RemoteBackend) -> None:
    query = check_query("SELECT ?title WHERE { ?module <http://purl.org/dc/terms/title> ?title }")
    answer = remote.execute(
        query,
        SPARQL_JSON,
        timeout=10,
        row_cap=10,
        substitutions={"module": f"<{EX['module-2']}>"},
    )
    titles = [row["title"]["value"] for row in json.loads(answer.body)["results"]["bindings"]]
    assert titles == ['Module 2: "diagnostiek"\tstap 2']


def test_runaway_query_is_stopped_and_the_next_is_answered(remote: RemoteBackend) -> None:
    with pytest.raises(QueryTimeout):
        remote.execute(check_query(SLOW_QUERY), SPARQL_JSON, timeout=1, row_cap=10)
    answer = remote.execute(check_query("ASK { ?s ?p ?o }"), SPARQL_JSON, timeout=10, row_cap=1)
    assert json.loads(answer.body)["boolean"] is True


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p ?o FILTER(bif:contains(?o, 'x')) }",
        "PREFIX v: <bif:> SELECT * WHERE { ?s ?p ?o FILTER(v:contains(?o, 'x')) }",
        "SELECT (<sql:some_procedure>(1) AS ?x) WHERE {}",
        "SELECT (<DB.DBA.USER_CREATE>('x', 'y') AS ?x) WHERE {}",
    ],
)
def test_store_extensions_are_refused_before_sending(
    listener: RecordingListener, query: str
) -> None:
    backend = RemoteBackend(listener.url, graphs=store_graphs(BASE_IRI))
    with pytest.raises(QueryFailed, match="not allowed"):
        backend.execute(check_query(query), SPARQL_JSON, timeout=5, row_cap=10)
    assert listener.requests == []


# The service (/sparql) over the remote store


def test_service_query_is_refused_before_anything_is_sent(
    virtuoso: VirtuosoEndpoints,  # noqa: F811
    published: PublishReport,
    listener: RecordingListener,
    tmp_path: Path,
) -> None:
    app = create_app({"GKG_STORE": tmp_path, "GKG_BACKEND_URL": virtuoso.sparql})
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    response = app.test_client().post("/sparql", data={"query": query})
    assert response.status_code == 403
    assert listener.requests == []


def test_virtuoso_itself_makes_no_service_calls(
    virtuoso: VirtuosoEndpoints,  # noqa: F811
    listener: RecordingListener,
) -> None:
    """Behind our checks, the store's anonymous user may not call SERVICE either."""
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    response = requests.post(virtuoso.sparql, data={"query": query}, timeout=30)
    assert response.status_code >= 400
    assert listener.requests == []


def test_app_over_remote_store_marks_truncated_results(
    virtuoso: VirtuosoEndpoints,  # noqa: F811
    published: PublishReport,
    tmp_path: Path,
) -> None:
    app = create_app({"GKG_STORE": tmp_path, "GKG_BACKEND_URL": virtuoso.sparql, "GKG_ROW_CAP": 4})
    response = app.test_client().get(
        "/sparql",
        query_string={"query": "SELECT * WHERE { ?s ?p ?o }"},
        headers={"Accept": SPARQL_JSON},
    )
    assert response.status_code == 200
    assert response.headers["X-GKG-Truncated"] == "true"
    assert len(response.get_json()["results"]["bindings"]) == 4


def test_gkg_serve_with_backend_answers_sparqlwrapper(
    virtuoso: VirtuosoEndpoints,  # noqa: F811
    published: PublishReport,
    tmp_path: Path,
) -> None:
    with running_server(tmp_path, {}, "--backend", virtuoso.sparql, workers=1) as url:
        client = SPARQLWrapper(f"{url}/sparql")
        client.setQuery(SELECT_MODULES)
        client.setReturnFormat(JSON)
        rows = client.queryAndConvert()["results"]["bindings"]
        assert [row["order"]["value"] for row in rows] == [str(n) for n in range(1, len(rows) + 1)]
        ready = requests.get(f"{url}/readyz", timeout=10).json()
        assert ready["status"] == "ready" and ready["data_version"]
