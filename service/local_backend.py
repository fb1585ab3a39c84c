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
READY = "ready"


class LocalBackend:
    """The published release under ``root``, queried in up to ``processes`` child processes."""

    def __init__(self, root: Path, processes: int = 4):
        self.root = Path(root)
        self.processes = max(1, processes)
        self._idle: list[QueryProcess] = []
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> LocalBackend:
        """Made from the app config (GKG_STORE, GKG_MAX_CONCURRENT)."""
        return cls(Path(config["GKG_STORE"]), processes=int(config["GKG_MAX_CONCURRENT"]))

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
            raise BackendUnavailable(f"No release is published under {self.root}; run gkg build")
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
        return QueryProcess()

    def _checkin(self, process: QueryProcess) -> None:
        with self._lock:
            if len(self._idle) < self.processes:
                self._idle.append(process)
                return
        process.kill()

    def _respawn(self) -> None:
        """Start a replacement process now so the next query does not wait for it to boot."""
        self._checkin(QueryProcess())


class QueryProcess:
    """One child process that answers queries sent over a pipe, until killed."""

    def __init__(self) -> None:
        self.connection, child_end = SPAWN.Pipe()
        self.process = SPAWN.Process(target=serve_queries, args=(child_end,), daemon=True)
        self.process.start()
        child_end.close()
        self.ready = False

    def ask(self, request: tuple, timeout: float) -> tuple:
        """Send ``request`` and wait up to ``timeout`` seconds for the answer.

        A new process's start-up (up to BOOT_TIMEOUT) does not count against ``timeout``.
        """
        if not self.ready:
            if not self.connection.poll(BOOT_TIMEOUT) or self.connection.recv() != READY:
                raise OSError("the query process did not start")
            self.ready = True
        self.connection.send(request)
        if not self.connection.poll(timeout):
            raise TimeoutError
        return self.connection.recv()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


def serve_queries(connection: Connection) -> None:
    """The query process's loop: answer each request until the pipe closes."""
    opened: tuple[str, pyoxigraph.Store] | None = None
    connection.send(READY)
    while True:
        try:
            release, text, media_type, row_cap, substitutions = connection.recv()
        except (EOFError, OSError):
            return
        try:
            if opened is None or opened[0] != release:
                opened = None
                opened = (release, open_read_only(Path(release)))
            answer = ("ok", *run_query(opened[1], text, media_type, row_cap, substitutions))
        except SyntaxError as error:
            answer = ("failed", f"Malformed query: {error}")
        except OSError as error:
            answer = ("unavailable", f"The store could not be read: {error}")
        except Exception as error:  # noqa: BLE001 - reported to the caller, process lives on
            answer = ("failed", f"The query failed: {error}")
        connection.send(answer)


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
