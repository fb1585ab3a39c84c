"""Answer queries from the published on-disk pyoxigraph release, in killable processes.

pyoxigraph cannot cancel a running query, so queries never run in the web
process. Each :class:`LocalBackend` keeps a small pool of query processes
(:class:`QueryProcess`), each with the current release open read-only. A query
is sent to an idle process over a pipe; if no answer comes within the timeout,
the process is killed (freeing its memory and CPU at once), a fresh one is
started in its place, and :class:`~service.backends.QueryTimeout` is raised::

    backend = LocalBackend(Path("var/store"))
    result = backend.execute(check_query("ASK {}"), SPARQL_JSON, timeout=5, row_cap=100)

Every query resolves the store's ``current`` link, so a newly published
release is answered from as soon as it is swapped in.

In-memory mode (``LocalBackend(root, in_memory=True)``; setting ``GKG_STORE_IN_MEMORY``,
``gkg serve --in-memory``) makes each query process copy the release into an in-memory
``pyoxigraph.Store()`` the first time it is asked about that release, and answer from the
copy. On 1M triples, joins and GROUP BY ran 1.5-2.5x faster, at the cost of ~0.5-0.7 GB
per query process and a ~10 s load of each new release by each process. The load is a
separate step before the query is sent, with its own limit (LOAD_TIMEOUT), so it never
counts against the query's timeout (the request that triggers it waits for it); a process
killed on timeout is replaced by a fresh one that loads on its first query.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Mapping
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph

from service.backends import (
    CSV,
    JSON_LD,
    N_TRIPLES,
    RDF_XML,
    SPARQL_JSON,
    SPARQL_XML,
    TSV,
    TURTLE,
    BackendResult,
    BackendUnavailable,
    QueryFailed,
    QueryTimeout,
)
from service.public_errors import query_failure, store_failure
from service.query_check import CheckedQuery
from service.store import current_release, data_version, open_read_only

RESULT_FORMATS = {
    SPARQL_JSON: pyoxigraph.QueryResultsFormat.JSON,
    SPARQL_XML: pyoxigraph.QueryResultsFormat.XML,
    CSV: pyoxigraph.QueryResultsFormat.CSV,
    TSV: pyoxigraph.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    TURTLE: pyoxigraph.RdfFormat.TURTLE,
    N_TRIPLES: pyoxigraph.RdfFormat.N_TRIPLES,
    JSON_LD: pyoxigraph.RdfFormat.JSON_LD,
    RDF_XML: pyoxigraph.RdfFormat.RDF_XML,
}
CONTENT_TYPES = {
    SPARQL_JSON: SPARQL_JSON,
    SPARQL_XML: SPARQL_XML,
    CSV: "text/csv; charset=utf-8",
    TSV: "text/tab-separated-values; charset=utf-8",
    TURTLE: "text/turtle; charset=utf-8",
    N_TRIPLES: "application/n-triples",
    JSON_LD: JSON_LD,
    RDF_XML: RDF_XML,
}
# Query processes fork from a clean server process that has imported this module once,
# so a replacement starts in milliseconds (a forking web worker with threads is unsafe).
SPAWN = multiprocessing.get_context("forkserver")
SPAWN.set_forkserver_preload(["service.local_backend"])
BOOT_TIMEOUT = 60.0
LOAD_TIMEOUT = 600.0  # seconds a query process may take to copy a release into memory
READY = "ready"
LOAD = "load"
QUERY = "query"


class LocalBackend:
    """The published release under ``root``, queried in up to ``processes`` child processes."""

    def __init__(self, root: Path, processes: int = 4, *, in_memory: bool = False):
        self.root = Path(root)
        self.processes = max(1, processes)
        self.in_memory = in_memory
        self._idle: list[QueryProcess] = []
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> LocalBackend:
        """Made from the app config (GKG_STORE, GKG_MAX_CONCURRENT, GKG_STORE_IN_MEMORY)."""
        return cls(
            Path(config["GKG_STORE"]),
            processes=int(config["GKG_MAX_CONCURRENT"]),
            in_memory=bool(config.get("GKG_STORE_IN_MEMORY", False)),
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
        release = current_release(self.root)
        if release is None:
            raise BackendUnavailable("No release is published; run gkg build")
        process = self._checkout()
        try:
            answer = process.ask(
                (str(release), query.text, media_type, row_cap, substitutions), timeout
            )
        except TimeoutError:
            process.kill()
            self._respawn()
            raise QueryTimeout(
                f"The query was stopped after {timeout:g} seconds (the time limit)"
            ) from None
        except (EOFError, OSError) as error:
            process.kill()
            self._respawn()
            raise BackendUnavailable(f"The query process died: {error}") from None
        self._checkin(process)
        status, *payload = answer
        if status == "ok":
            body, truncated, rows = payload
            return BackendResult(body, CONTENT_TYPES[media_type], truncated, rows)
        if status == "unavailable":
            raise BackendUnavailable(payload[0])
        raise QueryFailed(payload[0])

    def data_version(self) -> str:
        return data_version(self.root)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for process in idle:
            process.kill()

    def warm_up(self) -> None:
        """Start one query process now rather than on the first query."""
        self._respawn()

    def _checkout(self) -> QueryProcess:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return QueryProcess(self.in_memory)

    def _checkin(self, process: QueryProcess) -> None:
        with self._lock:
            if len(self._idle) < self.processes:
                self._idle.append(process)
                return
        process.kill()

    def _respawn(self) -> None:
        """Start a replacement process now so the next query does not wait for it to boot."""
        self._checkin(QueryProcess(self.in_memory))


class QueryProcess:
    """One child process that answers queries sent over a pipe, until killed.

    With ``in_memory``, the process holds the last release it was asked about in memory.
    """

    def __init__(self, in_memory: bool = False) -> None:
        self.connection, child_end = SPAWN.Pipe()
        self.process = SPAWN.Process(target=serve_queries, args=(child_end, in_memory), daemon=True)
        self.process.start()
        child_end.close()
        self.in_memory = in_memory
        self.ready = False
        self.loaded: str | None = None

    def ask(self, request: tuple, timeout: float) -> tuple:
        """Send ``request`` and wait up to ``timeout`` seconds for the answer.

        A new process's start-up (up to BOOT_TIMEOUT) and, in memory mode, the loading of
        a release it does not hold yet (up to LOAD_TIMEOUT) do not count against ``timeout``.
        """
        self._boot()
        if self.in_memory:
            refusal = self._load(request[0])
            if refusal is not None:
                return refusal
        self.connection.send((QUERY, request))
        if not self.connection.poll(timeout):
            raise TimeoutError
        return self.connection.recv()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()

    def _boot(self) -> None:
        """Wait for a new process to be ready for requests."""
        if not self.ready:
            if not self.connection.poll(BOOT_TIMEOUT) or self.connection.recv() != READY:
                raise OSError("the query process did not start")
            self.ready = True

    def _load(self, release: str) -> tuple | None:
        """Have the process load ``release`` into memory: None when done, else the refusal."""
        if self.loaded == release:
            return None
        self.loaded = None  # the process drops what it held before loading
        self.connection.send((LOAD, release))
        if not self.connection.poll(LOAD_TIMEOUT):
            raise OSError(f"the query process did not load the release in {LOAD_TIMEOUT:g} s")
        answer = self.connection.recv()
        if answer[0] != "ok":
            return answer
        self.loaded = release
        return None


class OpenRelease:
    """The query process's store: the last release asked about, on disk or in memory."""

    def __init__(self, in_memory: bool) -> None:
        self.in_memory = in_memory
        self.release: str | None = None
        self.store: pyoxigraph.Store | None = None

    def get(self, release: str) -> pyoxigraph.Store:
        """The store of ``release``, opened (or loaded) unless it is the one held already."""
        if self.store is None or self.release != release:
            self.release, self.store = None, None  # free the old copy before loading
            path = Path(release)
            self.store = load_in_memory(path) if self.in_memory else open_read_only(path)
            self.release = release
        return self.store


def load_in_memory(release: Path) -> pyoxigraph.Store:
    """A copy of the published ``release`` in a new in-memory store.

    Quads are streamed from the read-only store (on 1M triples this was as fast as a
    ``dump`` to N-Quads plus ``bulk_load``, without holding the N-Quads bytes as well).
    """
    store = pyoxigraph.Store()
    store.extend(open_read_only(release).quads_for_pattern(None, None, None, None))
    return store


def serve_queries(connection: Connection, in_memory: bool = False) -> None:
    """The query process's loop: answer each request until the pipe closes.

    Requests are ``(LOAD, release)`` (make ``release`` the held store; answered
    ``("ok",)``) or ``(QUERY, (release, text, media_type, row_cap, substitutions))``.
    """
    stores = OpenRelease(in_memory)
    connection.send(READY)
    while True:
        try:
            kind, request = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(handle(stores, kind, request))


def handle(stores: OpenRelease, kind: str, request: Any) -> tuple:
    """The answer to one request; a failure is reported as an answer, the process lives on.

    Messages never name server files (see service.public_errors); details go to the log.
    """
    release = request if kind == LOAD else request[0]
    try:
        store = stores.get(release)
    except Exception as error:  # noqa: BLE001 - a damaged or missing release
        return store_failure(error, release)
    if kind == LOAD:
        return ("ok",)
    _, text, media_type, row_cap, substitutions = request
    try:
        return ("ok", *run_query(store, text, media_type, row_cap, substitutions))
    except SyntaxError as error:
        return ("failed", f"Malformed query: {error}")
    except Exception as error:  # noqa: BLE001 - reported to the caller, process lives on
        return query_failure(error, release)


def run_query(
    store: pyoxigraph.Store,
    text: str,
    media_type: str,
    row_cap: int,
    substitutions: dict[str, str] | None = None,
) -> tuple[bytes, bool, int | None]:
    """Run ``text`` over the union of the store's graphs: (body, truncated, rows)."""
    results = store.query(
        text, use_default_graph_as_union=True, substitutions=_terms(substitutions)
    )
    if isinstance(results, pyoxigraph.QueryBoolean):
        return results.serialize(format=RESULT_FORMATS[media_type]), False, None
    if isinstance(results, pyoxigraph.QuerySolutions):
        rows = list(islice(results, row_cap + 1))
        header = "\t".join(f"?{variable.value}" for variable in results.variables)
        lines = ["\t".join("" if term is None else str(term) for term in row) for row in rows]
        tsv = "\n".join([header, *lines[:row_cap]]) + "\n"
        solutions = pyoxigraph.parse_query_results(tsv, pyoxigraph.QueryResultsFormat.TSV)
        body = solutions.serialize(format=RESULT_FORMATS[media_type])
        return body, len(rows) > row_cap, min(len(rows), row_cap)
    triples = list(islice(results, row_cap + 1))
    body = pyoxigraph.serialize(triples[:row_cap], format=GRAPH_FORMATS[media_type])
    return body, len(triples) > row_cap, min(len(triples), row_cap)


def _terms(substitutions: dict[str, str] | None) -> dict | None:
    """Variable -> term from name -> N-Triples term text (parsed, never pasted into a query)."""
    if not substitutions:
        return None
    parsed = {}
    for name, term in substitutions.items():
        document = f"<urn:gkg:s> <urn:gkg:p> {term} .\n"
        (triple,) = pyoxigraph.parse(document, format=pyoxigraph.RdfFormat.N_TRIPLES)
        parsed[pyoxigraph.Variable(name)] = triple.object
    return parsed
