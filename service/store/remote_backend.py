"""Answer checked queries from an external SPARQL 1.1 store (``gkg serve --backend URL``).

    backend = RemoteBackend("http://127.0.0.1:8890/sparql", graphs=store_graphs(base_iri))
    result = backend.execute(check_query("ASK {}"), SPARQL_JSON, timeout=5, row_cap=100)

The same limits as the local store, enforced here rather than trusted to the store:

- The text sent is the text checked: after parameters are bound, it is checked again
  (:mod:`service.sparql.query_check`) and parsed by Oxigraph in a killable query process
  without network (:class:`service.store.local_backend.ProcessPool`), within the time
  limit, so only standard SPARQL 1.1 reaches the store (no Virtuoso ``define``
  pragmas, no SERVICE outside the allow-list, no FROM). ``\\u``/``\\U`` escapes are
  refused outright, as stores differ in where they decode them.

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

import re
import time
from collections.abc import Mapping, Sequence
from itertools import islice
from typing import Any

import pyoxigraph
import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from service.queries.binding import bind_values
from service.sparql.lexer import Token, iri_value, tokenize
from service.sparql.query_check import (
    CheckedQuery,
    QueryError,
    QueryRefused,
    check_query,
)
from service.store.backends import (
    SPARQL_XML,
    BackendResult,
    BackendUnavailable,
    MalformedQuery,
    QueryFailed,
    QueryTimeout,
    RefusedQuery,
)
from service.store.graphs import GRAPH_NAMES, graph_iri
from service.store.local_backend import CONTENT_TYPES, GRAPH_FORMATS, RESULT_FORMATS, ProcessPool
from service.store.publish import DCT, RELEASE_GRAPH, RELEASE_SUBJECT

FETCH_TYPES = {"graph": "application/n-triples", "results": SPARQL_XML}
EXTENSION_SCHEMES = ("bif:", "sql:")  # Virtuoso built-ins: file, SQL and network access
EXTENSION_NAMES = re.compile(
    r"(?<![A-Za-z0-9_])(?:bif|sql):|openlinksw\.com/schemas/(?:bif|sql)", re.IGNORECASE
)
ESCAPES = re.compile(r"\\[uU]")
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
        self.checker = ProcessPool(2)  # Oxigraph parses what is sent, without network

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
        deadline = time.monotonic() + timeout
        text = bind_values(query.text, _checked_terms(substitutions or {}))
        checked = _recheck(text, query.services)
        refuse_extensions(text)
        self.checker.check(text, checked.service_offsets, timeout)
        graph = query.form in ("CONSTRUCT", "DESCRIBE")
        response = self._post(text, graph, max(0.1, deadline - time.monotonic()))
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
        """The release id that :func:`service.store.publish.publish` recorded ('' when none)."""
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
        self.checker.close()

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


def _recheck(text: str, services: Sequence[str]) -> CheckedQuery:
    """``text`` (with its parameters bound) checked again, as it will be sent."""
    try:
        checked = check_query(text, services)
    except QueryRefused as error:
        raise RefusedQuery(error.message, error.line, error.column) from None
    except QueryError as error:
        raise MalformedQuery(error.message, error.line, error.column) from None
    if not isinstance(checked, CheckedQuery):
        raise QueryFailed("Only read queries are sent to the store")
    return checked


def refuse_extensions(text: str) -> None:
    """Raise :class:`QueryFailed` for what a store may read otherwise than SPARQL 1.1 does.

    ``\\u``/``\\U`` escapes (stores differ in where they decode them); the names of
    Virtuoso's extensions (``bif:``, ``sql:`` and their namespaces, which reach files and
    SQL) anywhere in the text; and calls of functions other than XSD casts (a store maps
    other IRIs to its own procedures: Virtuoso runs ``<DB.DBA.x>()`` as SQL).
    """
    escape = ESCAPES.search(text)
    if escape:
        raise QueryFailed(
            "\\u and \\U escapes are not sent to the store: write the characters themselves"
        )
    named = EXTENSION_NAMES.search(text)
    if named:
        raise QueryFailed(
            f"{named.group()} is not allowed: store extensions (bif:, sql:) cannot be named"
        )
    found = _called_functions(tokenize(text))
    if found:
        raise QueryFailed(
            f"{found[0]} is not allowed: only SPARQL 1.1 functions and XSD casts can be called"
        )


def _called_functions(tokens: list[Token]) -> list[str]:
    """The IRIs of functions called by IRI or prefixed name, other than XSD casts."""
    prefixes = {"xsd:": XSD}
    for index, token in enumerate(tokens[:-2]):
        if token.kind == "word" and token.text.upper() == "PREFIX":
            name, iri = tokens[index + 1], tokens[index + 2]
            if name.kind == "pname" and iri.kind == "iri":
                prefixes[name.text] = iri_value(iri)
    called = []
    for index, token in enumerate(tokens[:-1]):
        if token.kind not in ("iri", "pname") or tokens[index + 1].text != "(":
            continue
        before = tokens[index - 1] if index else None
        if before is not None and (
            before.kind in ("var", "iri", "pname", "bnode") or before.text in ("]", "a")
        ):
            continue  # a predicate followed by a collection, not a call
        if token.kind == "iri":
            iri = iri_value(token)
        else:
            prefix, _, local = token.text.partition(":")
            iri = prefixes.get(f"{prefix}:", f"{prefix}:") + local
        if not iri.startswith(XSD):
            called.append(f"<{iri}>()")
    return called


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
