"""Answer checked queries from an external SPARQL 1.1 store (``gkg serve --backend URL``).

    backend = RemoteBackend("http://127.0.0.1:8890/sparql", graphs=store_graphs(base_iri))
    result = backend.execute(check_query("ASK {}"), SPARQL_JSON, timeout=5, row_cap=100)

The same limits as the local store, enforced here rather than trusted to the store:

- The dataset is named in every request (``default-graph-uri`` and ``named-graph-uri``
  for each of the store's graphs), so the default graph is the union of our graphs and
  nothing else the store holds (Virtuoso's own system graphs stay out of it).
- Queries using a store's extension functions (Virtuoso's ``bif:`` and ``sql:``, which
  reach files and SQL) are refused before anything is sent.
- Answers are fetched in one exact machine format (SPARQL XML, N-Triples), parsed as they
  stream in, cut after ``row_cap`` rows (the connection is then closed, which stops the
  store), and re-serialized in the requested format.  The store's own cap
  (Virtuoso's ResultSetMaxRows) must lie above ``row_cap``: past it, answers are cut
  silently.
- ``timeout`` is a wall-clock limit on the whole exchange and is also sent to the store
  (Virtuoso's ``timeout`` parameter, in ms).  Virtuoso then answers partially and says so
  in ``X-SQL-State: S1TAT``; a partial answer is reported as a timeout, never returned.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import islice
from typing import Any

import pyoxigraph
import requests
from pyparsing import ParseBaseException
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from service.backends import (
    SPARQL_XML,
    BackendResult,
    BackendUnavailable,
    QueryFailed,
    QueryTimeout,
)
from service.binding import bind_values
from service.graphs import GRAPH_NAMES, graph_iri
from service.local_backend import CONTENT_TYPES, GRAPH_FORMATS, RESULT_FORMATS
from service.publish import DCT, RELEASE_GRAPH, RELEASE_SUBJECT
from service.query_check import CheckedQuery

FETCH_TYPES = {"graph": "application/n-triples", "results": SPARQL_XML}
EXTENSION_SCHEMES = ("bif:", "sql:")  # Virtuoso built-ins: file, SQL and network access
TIMEOUT_MARKERS = ("S1TAT", "SR177", "exceeds the limit")  # Virtuoso's ways of saying "time"
READ_SIZE = 64 * 1024
XSD = "http://www.w3.org/2001/XMLSchema#"


class RemoteBackend:
    """A SPARQL 1.1 query endpoint answering for the store's named ``graphs``."""

    def __init__(
        self,
        endpoint_url: str,
        *,
        graphs: Sequence[str],
        username: str | None = None,
        password: str | None = None,
        auth_scheme: str = "digest",
        connect_timeout: float = 5.0,
        connections: int = 8,
        send_timeout_parameter: bool = True,
    ):
        self.endpoint_url = endpoint_url
        self.graphs = tuple(graphs)
        self.connect_timeout = connect_timeout
        self.send_timeout_parameter = send_timeout_parameter
        self.session = requests.Session()
        self.session.auth = _auth(username, password, auth_scheme)
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=connections)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> RemoteBackend:
        """Made from the app config: GKG_BACKEND_URL, _USER, _PASSWORD, GKG_BASE_IRI."""
        return cls(
            config["GKG_BACKEND_URL"],
            graphs=store_graphs(config["GKG_BASE_IRI"]),
            username=config.get("GKG_BACKEND_USER"),
            password=config.get("GKG_BACKEND_PASSWORD"),
            connections=max(2, int(config.get("GKG_MAX_CONCURRENT") or 4) * 2),
        )

    def execute(
        self,
        query: CheckedQuery,
        media_type: str,
        *,
        timeout: float,
        row_cap: int,
        substitutions: dict[str, str] | None = None,
    ) -> BackendResult:
        refuse_extensions(query.text)
        text = bind_values(query.text, _checked_terms(substitutions or {}))
        graph = query.form in ("CONSTRUCT", "DESCRIBE")
        deadline = time.monotonic() + timeout
        response = self._post(text, graph, timeout)
        try:
            reader = _DeadlineReader(response, deadline)
            try:
                if graph:
                    parsed = pyoxigraph.parse(reader, format=pyoxigraph.RdfFormat.N_TRIPLES)
                else:
                    parsed = pyoxigraph.parse_query_results(
                        reader, format=pyoxigraph.QueryResultsFormat.XML
                    )
                rows = (
                    None
                    if isinstance(parsed, pyoxigraph.QueryBoolean)
                    else list(islice(parsed, row_cap + 1))
                )
            except (SyntaxError, OSError, ValueError) as error:
                if reader.expired:
                    raise _timeout(timeout) from None
                raise BackendUnavailable(f"The store sent an unreadable answer: {error}") from None
        finally:
            response.close()
        if rows is None:
            return BackendResult(
                parsed.serialize(format=RESULT_FORMATS[media_type]), CONTENT_TYPES[media_type]
            )
        kept = rows[:row_cap]
        if graph:
            body = pyoxigraph.serialize(kept, format=GRAPH_FORMATS[media_type])
        else:
            body = _serialize_solutions(parsed.variables, kept, media_type)
        return BackendResult(body, CONTENT_TYPES[media_type], len(rows) > row_cap, len(kept))

    def data_version(self) -> str:
        """The release id that :func:`service.publish.publish` recorded ('' when none)."""
        query = (
            f"SELECT ?id WHERE {{ GRAPH <{RELEASE_GRAPH}> "
            f"{{ <{RELEASE_SUBJECT}> <{DCT}identifier> ?id }} }}"
        )
        try:
            response = self.session.post(
                self.endpoint_url,
                data={"query": query, "named-graph-uri": RELEASE_GRAPH},
                headers={"Accept": SPARQL_XML},
                timeout=(self.connect_timeout, 30),
            )
        except requests.RequestException as error:
            raise BackendUnavailable(f"The SPARQL store cannot be reached: {error}") from None
        if response.status_code != 200:
            raise BackendUnavailable(f"The SPARQL store answered HTTP {response.status_code}")
        solutions = pyoxigraph.parse_query_results(
            response.content, format=pyoxigraph.QueryResultsFormat.XML
        )
        values = sorted(solution["id"].value for solution in solutions)
        return values[-1] if values else ""

    def close(self) -> None:
        self.session.close()

    def _post(self, text: str, graph: bool, timeout: float) -> requests.Response:
        """Send the query over our dataset; raise the backend error its answer calls for."""
        form: dict[str, Any] = {
            "query": text,
            "default-graph-uri": list(self.graphs),
            "named-graph-uri": list(self.graphs),
        }
        if self.send_timeout_parameter:
            form["timeout"] = str(max(1, int(timeout * 1000)))
        try:
            response = self.session.post(
                self.endpoint_url,
                data=form,
                headers={"Accept": FETCH_TYPES["graph" if graph else "results"]},
                timeout=(self.connect_timeout, timeout + 0.5),
                stream=True,
            )
        except requests.Timeout:
            raise _timeout(timeout) from None
        except requests.RequestException as error:
            raise BackendUnavailable(f"The SPARQL store cannot be reached: {error}") from None
        state = response.headers.get("X-SQL-State", "")
        if response.status_code == 200 and not state:
            return response
        message = _message(response)
        if any(marker in state or marker in message for marker in TIMEOUT_MARKERS):
            raise _timeout(timeout)
        if response.status_code in (400, 500):
            raise QueryFailed(f"The query failed in the store: {message}")
        raise BackendUnavailable(
            f"The SPARQL store answered HTTP {response.status_code}: {message}"
        )


def store_graphs(base_iri: str) -> tuple[str, ...]:
    """The IRIs of the store's named graphs (data, ontology, concepts, shapes, validation)."""
    return tuple(graph_iri(base_iri, name) for name in GRAPH_NAMES)


def refuse_extensions(text: str) -> None:
    """Raise :class:`QueryFailed` when the query calls a function SPARQL 1.1 does not define.

    Only XSD casts may be called by IRI: a store maps other IRIs to its own procedures
    (Virtuoso runs ``<DB.DBA.x>()`` as SQL, and ``bif:``/``sql:`` reach files and SQL).
    """
    found = _extension_names(text)
    if found:
        raise QueryFailed(
            f"{found[0]} is not allowed: only SPARQL 1.1 functions and XSD casts can be "
            "called, and store extensions (bif:, sql:) cannot be named"
        )


@lru_cache(maxsize=1024)
def _extension_names(text: str) -> tuple[str, ...]:
    """Called non-XSD functions, and names resolving to ``bif:`` or ``sql:``, in ``text``."""
    try:
        tree = parseQuery(text)
    except ParseBaseException:
        return ()
    nodes = list(_nodes(tree))
    declared = {"xsd": XSD}
    for node in nodes:
        if isinstance(node, CompValue) and node.name == "PrefixDecl":
            declared[str(node.get("prefix") or "")] = str(node["iri"])

    def resolve(name: Any) -> str:
        if isinstance(name, CompValue) and name.name == "pname":
            prefix, local = str(name.get("prefix") or ""), str(name.get("localname") or "")
            if prefix.lower() in ("bif", "sql"):
                return f"{prefix.lower()}:{local}"
            return declared.get(prefix, f"{prefix}:") + local
        return str(name)

    found = []
    for node in nodes:
        if isinstance(node, CompValue) and node.name == "Function":
            iri = resolve(node["iri"])
            if not iri.startswith(XSD):
                found.append(f"<{iri}>()")
        elif isinstance(node, URIRef | CompValue):
            iri = resolve(node) if isinstance(node, URIRef) or node.name == "pname" else ""
            if iri.lower().startswith(EXTENSION_SCHEMES):
                found.append(f"<{iri}>")
    return tuple(found)


def _nodes(tree: Any) -> Iterator[Any]:
    """Every node and leaf of an rdflib SPARQL parse tree."""
    stack = [tree]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple) or type(item).__name__ == "ParseResults":
            stack.extend(item)


def _checked_terms(substitutions: Mapping[str, str]) -> dict[str, str]:
    """Each value parsed as one N-Triples term and written back by pyoxigraph."""
    terms = {}
    for name, term in substitutions.items():
        if not name.replace("_", "").isalnum():
            raise QueryFailed(f"Not a variable name: {name!r}")
        document = f"<urn:gkg:s> <urn:gkg:p> {term} .\n"
        try:
            (triple,) = pyoxigraph.parse(document, format=pyoxigraph.RdfFormat.N_TRIPLES)
        except (SyntaxError, ValueError):
            raise QueryFailed(f"Not an RDF term for ?{name}: {term}") from None
        terms[name] = str(triple.object)
    return terms


def _serialize_solutions(
    variables: Sequence[pyoxigraph.Variable],
    rows: Sequence[pyoxigraph.QuerySolution],
    media_type: str,
) -> bytes:
    """Solutions in ``media_type``, through SPARQL TSV (exact terms) and pyoxigraph."""
    header = "\t".join(str(variable) for variable in variables)
    lines = ["\t".join("" if term is None else str(term) for term in row) for row in rows]
    tsv = "\n".join([header, *lines]) + "\n"
    solutions = pyoxigraph.parse_query_results(tsv, format=pyoxigraph.QueryResultsFormat.TSV)
    return solutions.serialize(format=RESULT_FORMATS[media_type])


class _DeadlineReader:
    """A binary file over a streamed response that stops reading at ``deadline``.

    It also rewrites Virtuoso's blank node labels (``<bnode>nodeID://b1</bnode>``), which
    are not valid labels, into plain ones.
    """

    BNODE, PLAIN = b"<bnode>nodeID://", b"<bnode>"

    def __init__(self, response: requests.Response, deadline: float):
        response.raw.decode_content = True
        self.raw = response.raw
        self.deadline = deadline
        self.expired = False
        self.ready = b""  # rewritten, waiting to be read
        self.pending = b""  # may hold the start of a label, not rewritten yet
        self.ended = False

    def read(self, size: int = -1) -> bytes:
        wanted = READ_SIZE if size is None or size < 0 else size
        while len(self.ready) < wanted and not self.ended:
            if time.monotonic() > self.deadline:
                self.expired = True
                raise TimeoutError("the answer took longer than the time limit")
            chunk = self.raw.read(READ_SIZE)
            self.ended = not chunk
            data = (self.pending + chunk).replace(self.BNODE, self.PLAIN)
            keep = 0 if self.ended else min(len(data), len(self.BNODE) - 1)
            self.ready += data[: len(data) - keep]
            self.pending = data[len(data) - keep :]
        data, self.ready = self.ready[:wanted], self.ready[wanted:]
        return data

    def readable(self) -> bool:
        return True


def _message(response: requests.Response) -> str:
    """The first lines of an error answer, without the echoed query."""
    text = response.text.split("SPARQL query:")[0]
    return " ".join(text.split())[:500] or response.reason


def _timeout(timeout: float) -> QueryTimeout:
    return QueryTimeout(f"The query was stopped after {timeout:g} seconds (the time limit)")


def _auth(username: str | None, password: str | None, scheme: str) -> AuthBase | None:
    if not username:
        return None
    make = HTTPDigestAuth if scheme == "digest" else HTTPBasicAuth
    return make(username, password or "")
