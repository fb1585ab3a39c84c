"""Publish a release to an external SPARQL 1.1 store, replacing each of its named graphs.

    report = publish(Path("release.nq"), "http://127.0.0.1:8890/sparql-auth",
                     graph_store_url="http://127.0.0.1:8890/sparql-graph-crud-auth",
                     username="dba", password="...")
    report.graphs   # {"https://w3id.org/gkg/graph/data": 12345, ...}

Every named graph is first uploaded into a fresh staging graph (Graph Store Protocol
PUT/POST when ``graph_store_url`` is given, else SPARQL Update ``INSERT DATA``), its triple
count checked, and only then moved over the served graph with a SPARQL Update ``MOVE``, one
transaction per graph: readers see a graph's old triples or its new ones, never a mix, and a
failed upload leaves the served graphs untouched.  (Between two graphs' moves a reader may
see one graph new and another still old.)  Chunks never split a blank node's triples, so
blank nodes survive being sent in several requests.  A marker graph (:data:`RELEASE_GRAPH`)
records the release id for :meth:`RemoteBackend.data_version`.

On Virtuoso each request is bounded by ``[SPARQL] MaxQueryExecutionTime``: the ``MOVE`` of
about 950,000 triples took 58 s here, so large releases need that limit raised.

Authentication is HTTP Digest (what Virtuoso's ``-auth`` endpoints ask for) or Basic.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph
import rdflib
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

RELEASE_GRAPH = "urn:gkg:release"
RELEASE_SUBJECT = "urn:gkg:release"
DCT = "http://purl.org/dc/terms/"
CHUNK_TRIPLES = {"graph-store": 50_000, "update": 1_000}  # Virtuoso compiles updates to SQL

Line = tuple[str, tuple[str, ...]]  # an N-Triples line and the blank node labels in it


class PublishError(RuntimeError):
    """The remote store refused or lost part of the release; served graphs are unchanged."""


@dataclass(frozen=True)
class PublishReport:
    """What was published: triples now in each named graph of the remote store."""

    endpoint_url: str
    method: str  # "graph-store" or "update"
    release_id: str
    graphs: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def publish(
    dataset: rdflib.Dataset | str | os.PathLike[str],
    endpoint_url: str,
    *,
    graph_store_url: str | None = None,
    username: str | None = None,
    password: str | None = None,
    auth_scheme: str = "digest",
    release_id: str | None = None,
    chunk_triples: int | None = None,
    timeout: float = 600.0,
) -> PublishReport:
    """Replace each named graph of ``dataset`` (an rdflib Dataset or an N-Quads/TriG file).

    ``endpoint_url`` accepts SPARQL Update and queries (Virtuoso: ``/sparql-auth``).
    Graphs of the remote store that ``dataset`` does not name are left alone.
    """
    started = time.perf_counter()
    method = "graph-store" if graph_store_url else "update"
    chunk_triples = chunk_triples or CHUNK_TRIPLES[method]
    graphs = _lines_by_graph(dataset)
    release_id = release_id or datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    session = requests.Session()
    session.auth = _auth(username, password, auth_scheme)
    remote = _Remote(session, endpoint_url, graph_store_url, timeout)
    token = uuid.uuid4().hex
    staging = {graph: f"urn:gkg:staging:{token}:{index}" for index, graph in enumerate(graphs)}
    try:
        for graph, lines in graphs.items():
            remote.upload(staging[graph], _chunks(lines, chunk_triples))
            expected, stored = len(lines), remote.count(staging[graph])
            if stored != expected:
                raise PublishError(f"<{graph}>: sent {expected} triples, the store kept {stored}")
        for graph, source in staging.items():  # one transaction per graph
            if graphs[graph]:
                remote.update(f"MOVE SILENT GRAPH <{source}> TO GRAPH <{graph}>")
            else:
                remote.update(f"DROP SILENT GRAPH <{graph}>")
        remote.update(_release_marker(release_id))
    except (requests.RequestException, PublishError) as error:
        remote.drop_quietly(staging.values())
        if isinstance(error, PublishError):
            raise
        raise PublishError(f"publishing to {endpoint_url} failed: {error}") from error
    counts = {graph: remote.count(graph) for graph in graphs}
    return PublishReport(
        endpoint_url=endpoint_url,
        method=method,
        release_id=release_id,
        graphs=counts,
        seconds=time.perf_counter() - started,
    )


class _Remote:
    """The few requests publishing needs, each raising on an HTTP error."""

    def __init__(
        self, session: requests.Session, endpoint: str, graph_store: str | None, timeout: float
    ):
        self.session = session
        self.endpoint = endpoint
        self.graph_store = graph_store
        self.timeout = timeout

    def upload(self, graph: str, chunks: Iterable[list[str]]) -> None:
        for index, chunk in enumerate(chunks):
            body = "".join(chunk)
            if self.graph_store:
                method = "PUT" if index == 0 else "POST"
                response = self.session.request(
                    method,
                    self.graph_store,
                    params={"graph-uri": graph, "graph": graph},
                    data=body.encode("utf-8"),
                    timeout=self.timeout,
                    headers={"Content-Type": "text/turtle; charset=utf-8"},
                )
                _raise_for(response, f"{method} <{graph}>")
            else:
                # Virtuoso refuses blank nodes in INSERT DATA; a template takes them.
                template = "_:" in body
                self.update(
                    f"INSERT {{ GRAPH <{graph}> {{\n{body}}} }} WHERE {{}}"
                    if template
                    else f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}"
                )

    def update(self, text: str) -> None:
        response = self.session.post(
            self.endpoint,
            data={"update": text},
            timeout=self.timeout,
            headers={"Accept": "*/*"},
        )
        _raise_for(response, "SPARQL Update")

    def count(self, graph: str) -> int:
        response = self.session.post(
            self.endpoint,
            data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=self.timeout,
        )
        _raise_for(response, f"counting <{graph}>")
        bindings = response.json()["results"]["bindings"]
        return int(bindings[0]["n"]["value"]) if bindings else 0

    def drop_quietly(self, graphs: Iterable[str]) -> None:
        try:
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{graph}>" for graph in graphs))
        except (requests.RequestException, PublishError):
            pass


def _lines_by_graph(dataset: rdflib.Dataset | str | os.PathLike[str]) -> dict[str, list[Line]]:
    """Distinct N-Triples lines per named graph; triples in the default graph are an error."""
    graphs: dict[str, dict[str, tuple[str, ...]]] = {}
    for terms, graph in _quads(dataset):
        if graph is None:
            raise PublishError("the dataset has triples outside named graphs; nothing was sent")
        line = " ".join(term for term, _ in terms) + " .\n"
        graphs.setdefault(graph, {})[line] = tuple(term for term, blank in terms if blank)
    return {graph: list(lines.items()) for graph, lines in graphs.items()}


def _quads(
    dataset: rdflib.Dataset | str | os.PathLike[str],
) -> Iterator[tuple[list[tuple[str, bool]], str | None]]:
    """(terms in N-Triples syntax with an is-blank flag, graph IRI or None) per quad."""
    if isinstance(dataset, rdflib.Dataset):
        blank_labels: dict[str, str] = {}
        for s, p, o, g in dataset.quads((None, None, None, None)):
            graph = getattr(g, "identifier", g)
            name = None if graph in (None, rdflib.graph.DATASET_DEFAULT_GRAPH_ID) else str(graph)
            terms = [_oxigraph_term(term, blank_labels) for term in (s, p, o)]
            yield [(str(term), isinstance(term, pyoxigraph.BlankNode)) for term in terms], name
        return
    for quad in pyoxigraph.parse(path=Path(dataset)):
        graph = quad.graph_name
        name = None if isinstance(graph, pyoxigraph.DefaultGraph) else graph.value
        terms = (quad.subject, quad.predicate, quad.object)
        yield [(str(term), isinstance(term, pyoxigraph.BlankNode)) for term in terms], name


def _oxigraph_term(term: rdflib.term.Node, blank_labels: dict[str, str]) -> pyoxigraph.Term:
    """The pyoxigraph twin of an rdflib term (its ``str`` is exact N-Triples syntax)."""
    if isinstance(term, rdflib.BNode):
        return pyoxigraph.BlankNode(blank_labels.setdefault(str(term), f"b{len(blank_labels)}"))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        datatype = pyoxigraph.NamedNode(term.datatype) if term.datatype else None
        return pyoxigraph.Literal(str(term), datatype=datatype)
    return pyoxigraph.NamedNode(str(term))


def _chunks(lines: list[Line], size: int) -> Iterator[list[str]]:
    """Lines in chunks of about ``size``, keeping triples that share blank nodes together."""
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    for _, blanks in lines:
        for label in blanks[1:]:
            parent[root(label)] = root(blanks[0])
    groups: dict[str | None, list[str]] = {}
    for line, blanks in lines:
        groups.setdefault(root(blanks[0]) if blanks else None, []).append(line)
    chunk: list[str] = []
    for key, group in groups.items():
        pieces = (
            [group[i : i + size] for i in range(0, len(group), size)] if key is None else [group]
        )
        for piece in pieces:
            if chunk and len(chunk) + len(piece) > size:
                yield chunk
                chunk = []
            chunk.extend(piece)
    if chunk or not lines:
        yield chunk


def _release_marker(release_id: str) -> str:
    literal = rdflib.Literal(release_id).n3()
    now = rdflib.Literal(datetime.now(UTC).replace(microsecond=0)).n3()
    return (
        f"DROP SILENT GRAPH <{RELEASE_GRAPH}> ;\n"
        f"INSERT DATA {{ GRAPH <{RELEASE_GRAPH}> {{ <{RELEASE_SUBJECT}> "
        f"<{DCT}identifier> {literal} ; <{DCT}modified> {now} }} }}"
    )


def _auth(username: str | None, password: str | None, scheme: str) -> AuthBase | None:
    if not username:
        return None
    if scheme not in ("digest", "basic"):
        raise ValueError(f"auth_scheme must be 'digest' or 'basic', not {scheme!r}")
    make = HTTPDigestAuth if scheme == "digest" else HTTPBasicAuth
    return make(username, password or "")


def _raise_for(response: requests.Response, action: str) -> None:
    if response.status_code >= 400:
        message = " ".join(response.text.split())[:500]
        raise PublishError(f"{action}: HTTP {response.status_code} from the store: {message}")
