"""Answer queries from the published on-disk pyoxigraph release, in killable processes.

pyoxigraph cannot cancel a running query, so queries never run in the web
process. Each :class:`LocalBackend` keeps a small pool of query processes
(:class:`QueryProcess`), each with the current release open read-only. A query
is sent to an idle process over a pipe; if no answer comes within the timeout,
the process is killed (freeing its memory and CPU at once), a fresh one is
started in its place, and :class:`~service.store.backends.QueryTimeout` is raised::

    backend = LocalBackend(Path("var/store"))
    result = backend.execute(check_query("ASK {}"), SPARQL_JSON, timeout=5, row_cap=100)

Every query resolves the store's ``current`` link, so a newly published
release is answered from as soon as it is swapped in.

The engine's parse happens here too, inside the time limit: a malformed query comes
back as :class:`~service.store.backends.MalformedQuery` with Oxigraph's line and column.
Query processes have no network (:func:`service.sparql.sandbox.deny_network`), and before a
query runs, :func:`service.sparql.engine_guard.guard` asks Oxigraph itself whether it reads
SERVICE or FROM anywhere the check (:mod:`service.sparql.query_check`) allowed none
(:class:`~service.store.backends.RefusedQuery`). Only a query with allow-listed SERVICE
endpoints runs in a process with network, after a sandboxed process has guarded it.

:meth:`LocalBackend.warm_up` (called by :mod:`service.wsgi`) starts all ``processes`` of
the pool in the background, one after another, each opening the current release before it
takes requests (it stops at the first that cannot open the release, so readiness can say
why); a request finding every process at work waits for one to come back rather than
starting an extra, cold one.

Before a query without SERVICE or bound parameters runs, :mod:`service.sparql.join_plan` may
rewrite its WHERE group so that Oxigraph hash-joins large, unselective triple patterns
instead of looking each row up (the same solutions; counts of triples per pattern come from
:class:`~service.store.pattern_counts.PatternCounts`). The rewritten text passes the same
engine-side guard, and if Oxigraph cannot parse it the query's own text is run, so any syntax
error reported is the original's.

In-memory mode (``LocalBackend(root, in_memory=True)``; setting ``GKG_STORE_IN_MEMORY``,
``gkg serve --in-memory``) makes each query process copy the release into an in-memory
``pyoxigraph.Store()`` (at warm-up, or the first time it is asked about a newer release),
and answer from the copy. On 1.2M quads, look-ups ran 3-5x faster (``skos:broader*`` 45 ->
13 ms) and, with the query processes' allocator (:mod:`service.store.allocator`), hash joins and
grouping about as fast as on disk (GROUP BY / HAVING 79-90 ms against 89-104; under glibc's
malloc they took twice as long as on disk), at the cost of ~0.5 GB per query process (495 MiB
resident at 1.2M quads) and a ~10-15 s load of each new release. A pool loads a release once:
its other processes are copies of the loader, forked by it (:func:`fork_sibling`; or by one of
its copies), so they start holding the release and share its pages copy-on-write. The sharing
lasts for the pages queries only read: Oxigraph writes to the parts of its in-memory store a
query walks, so a full scan makes most of the copy's pages its own (a ``COUNT(*)`` over 1.2M
quads in a copy: 306 of 461 MiB). The load is a separate step before the query is sent, with
its own limit (LOAD_TIMEOUT), so it never counts against the query's timeout (the request
that triggers it waits for it). A process killed on timeout is replaced by a copy of an idle
one (at 1.2M quads the next query took 3-5 ms, against ~10 s when the replacement loaded the
release itself). A newer release is loaded by one request's process: a process asked about it
is replaced by a copy of an idle process holding it, requests that come while it loads wait for
copies of the loading process, and only a process finding neither loads it itself.

Small releases are held in memory without asking (``memory_quads``; setting
``GKG_MEMORY_QUADS``, 100,000 quads by default): a query process that opens a release of at
most that many quads answers from an in-memory copy of it, loaded once a pool as above (the
bundled document's 17,466 quads: 83 MB a query process against 81 MB on disk, and a third less
query-process CPU a request).
Larger releases are answered from disk unless in-memory mode is asked for.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Mapping, Sequence
from contextlib import suppress
from itertools import islice
from multiprocessing import reduction
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph

from service.sparql.engine_guard import engine_check, remembered_guard, syntax_answer
from service.sparql.join_plan import hash_joined
from service.sparql.query_check import CheckedQuery
from service.sparql.sandbox import deny_network
from service.store.allocator import AUTO, allocator_in_use, start_query_server
from service.store.backends import (
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
    MalformedQuery,
    QueryFailed,
    QueryTimeout,
    RefusedQuery,
)
from service.store.pattern_counts import PatternCounts
from service.store.process_copies import Handoff, SiblingProcess
from service.store.public_errors import query_failure, redact_paths, store_failure
from service.store.releases import (
    current_release,
    data_version,
    open_read_only,
    read_release_info,
)

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
# so a replacement starts in milliseconds (a forking web worker with threads is unsafe); the
# server also waits for copies whose loader died (service.store.orphans).
SPAWN = multiprocessing.get_context("forkserver")
SPAWN.set_forkserver_preload(["service.store.local_backend", "service.store.orphans"])
BOOT_TIMEOUT = 60.0
LOAD_TIMEOUT = 600.0  # seconds a query process may take to copy a release into memory
READY = "ready"
LOAD = "load"
QUERY = "query"
CHECK = "check"
FORK = "fork"
ENGINE_STACK = 512 * 1024 * 1024  # reserved for the query thread, used only as deep as needed
log = logging.getLogger(__name__)


class LocalBackend:
    """The published release under ``root``, queried in up to ``processes`` child processes."""

    def __init__(
        self,
        root: Path,
        processes: int = 4,
        *,
        in_memory: bool = False,
        memory_quads: int = 0,
        allocator: str = AUTO,
        niceness: int = 0,
    ):
        self.root = Path(root)
        self.processes = max(1, processes)
        self.in_memory = in_memory
        self.memory_quads = memory_quads
        self.pool = ProcessPool(
            self.processes,
            in_memory=in_memory,
            memory_quads=memory_quads,
            allocator=allocator,
            niceness=niceness,
        )

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> LocalBackend:
        """Made from the app config (GKG_STORE, GKG_MAX_CONCURRENT, GKG_STORE_IN_MEMORY,
        GKG_MEMORY_QUADS, GKG_QUERY_ALLOCATOR, GKG_QUERY_NICE)."""
        return cls(
            Path(config["GKG_STORE"]),
            processes=int(config["GKG_MAX_CONCURRENT"]),
            in_memory=bool(config.get("GKG_STORE_IN_MEMORY", False)),
            memory_quads=int(config.get("GKG_MEMORY_QUADS", 0)),
            allocator=str(config.get("GKG_QUERY_ALLOCATOR", AUTO)),
            niceness=int(config.get("GKG_QUERY_NICE", 0)),
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
        request = (str(release), query.text, media_type, row_cap, substitutions)
        if not query.services:
            answer = self.pool.run(QUERY, (*request, ()), timeout, release=str(release))
        else:  # allow-listed SERVICE: guarded without network, then run with it
            deadline = time.monotonic() + timeout
            verdict = self.pool.run(CHECK, (query.text, query.service_offsets), timeout)
            raise_refusal(verdict)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _timeout(timeout)
            answer = self.pool.run(
                QUERY, (*request, None), remaining, release=str(release), networked=True
            )
        raise_refusal(answer)
        body, truncated, rows = answer[1:]
        return BackendResult(body, CONTENT_TYPES[media_type], truncated, rows)

    def data_version(self) -> str:
        return data_version(self.root)

    def close(self) -> None:
        self.pool.close()

    def warm_up(self) -> None:
        """Start the pool's query processes now, each with the current release open."""
        release = current_release(self.root)
        self.pool.warm_up(str(release) if release else None)

    def warming(self) -> bool:
        """Whether query processes are still being started by :meth:`warm_up`."""
        return self.pool.warming()


class ProcessPool:
    """Up to ``processes`` query processes without network and as many with it.

    A request takes an idle process, starts one while the pool is below its size, and
    otherwise waits for one to be checked in (a process at work is never doubled by a
    cold one). :meth:`warm_up` starts the whole pool in the background, one process at a
    time, each opening (in memory mode: loading) the release before it takes requests.
    Processes fork from a server started with the ``allocator`` asked for
    (:mod:`service.store.allocator`; the first pool of the process decides).
    """

    def __init__(
        self,
        processes: int,
        *,
        in_memory: bool = False,
        memory_quads: int = 0,
        allocator: str = AUTO,
        niceness: int = 0,
    ):
        self.processes = max(1, processes)
        self.in_memory = in_memory
        self.memory_quads = memory_quads
        self.niceness = niceness
        start_query_server(allocator)
        self._idle: dict[bool, list[QueryProcess]] = {False: [], True: []}
        self._started = {False: 0, True: 0}  # idle, at work or starting
        self._changed = threading.Condition()
        self._generation = 0  # counts close() calls; a warm-up started before one stops
        self._warmer: threading.Thread | None = None
        # release being loaded -> the requests waiting for a copy of the process loading it
        self._loading: dict[str, list[Handoff[QueryProcess]]] = {}

    def run(
        self,
        kind: str,
        request: tuple,
        timeout: float,
        *,
        release: str | None = None,
        networked: bool = False,
    ) -> tuple:
        """Send one request to an idle process; the process is replaced if it overruns."""
        process = self._checkout(networked)
        try:
            if release is not None and not networked:
                process = self._holding(process, release)
            answer = process.ask(kind, request, timeout, release)
        except TimeoutError:
            process.kill()
            self._respawn(networked)
            raise _timeout(timeout) from None
        except ProcessDied:
            process.kill()
            self._respawn(networked)
            raise QueryFailed(
                "The query engine stopped while running this query (a query this long or this "
                "deeply nested can exhaust it); its process was replaced"
            ) from None
        except (EOFError, OSError) as error:
            process.kill()
            self._respawn(networked)
            raise BackendUnavailable(f"The query process died: {error}") from None
        self._checkin(process)
        return answer

    def check(self, text: str, keep: Sequence[int], timeout: float) -> None:
        """Have Oxigraph parse ``text`` without network; raise what it finds wrong."""
        raise_refusal(self.run(CHECK, (text, tuple(keep)), timeout))

    def close(self) -> None:
        with self._changed:
            idle, self._idle = self._idle, {False: [], True: []}
            for networked, processes in idle.items():
                self._started[networked] -= len(processes)
            self._generation += 1
            self._changed.notify_all()
        for process in idle[False] + idle[True]:
            process.kill()

    def warm_up(self, release: str | None = None) -> None:
        """Start the processes without network in the background, each opening ``release``."""
        self._warmer = threading.Thread(target=self._warm, args=(release,), daemon=True)
        self._warmer.start()

    def warming(self) -> bool:
        return self._warmer is not None and self._warmer.is_alive()

    def _warm(self, release: str | None) -> None:
        with self._changed:
            generation = self._generation
        while True:
            with self._changed:
                if self._generation != generation or self._started[False] >= self.processes:
                    return
                self._started[False] += 1
            process = self._start(False)
            try:
                opened = process.prepare(release)
            except (EOFError, OSError) as error:
                self._drop(process, "did not start", error)
                return
            with self._changed:
                if self._generation == generation:
                    self._idle[False].append(process)
                    self._changed.notify()
                    if opened:
                        continue
                    return  # an unreadable release: the others would fail alike
            process.kill()  # the pool was closed meanwhile
            self._forget(False)
            return

    def _checkout(self, networked: bool) -> QueryProcess:
        with self._changed:
            while not self._idle[networked]:
                if self._started[networked] < self.processes:
                    self._started[networked] += 1
                    break
                self._changed.wait()
            else:
                return self._idle[networked].pop()
        return self._start(networked)

    def _checkin(self, process: QueryProcess) -> None:
        with self._changed:
            self._idle[not process.sandboxed].append(process)
            self._changed.notify()

    def _start(self, networked: bool) -> QueryProcess:
        """A new process in a place already counted in ``_started``: forked from an idle one
        holding a release in memory (:meth:`_forked`), else started afresh."""
        try:
            forked = None if networked else self._forked()
            if forked is not None:
                return forked
            return QueryProcess.started(
                self.in_memory,
                sandboxed=not networked,
                memory_quads=self.memory_quads,
                niceness=self.niceness,
            )
        except BaseException:
            self._forget(networked)
            raise

    def _forked(self, release: str | None = None) -> QueryProcess | None:
        """A copy of the idle process without network used last (holding ``release``, when
        given), sharing the release it holds in memory; None when there is no such idle
        process or it holds none in memory (a donor that fails is killed, its place freed)."""
        with self._changed:
            donors = [p for p in self._idle[False] if release is None or p.loaded == release]
            if not donors:
                return None
            donor = donors[-1]
            self._idle[False].remove(donor)
        try:
            forked = QueryProcess.forked_from(donor)
        except (EOFError, OSError) as error:
            self._drop(donor, "could not fork", error)
            return None
        self._checkin(donor)
        return forked

    def _holding(self, process: QueryProcess, release: str) -> QueryProcess:
        """``process``, once it holds ``release`` in memory, or in its place (it is killed) a
        copy of a process holding it: after a new release is published, one request loads it
        and passes it on. A copy of an idle holder is made at once; while another request is
        loading the release, this one waits for a copy of that process; else ``process``
        loads it (and makes copies for the requests that came meanwhile)."""
        if not process.in_memory or process.loaded in (None, release):
            return process
        with self._changed:
            waiting = self._loading.get(release)
            if waiting is not None:
                handoff: Handoff[QueryProcess] = Handoff()
                waiting.append(handoff)
        if waiting is not None:
            copy = handoff.wait(LOAD_TIMEOUT + BOOT_TIMEOUT)
        else:
            copy = self._forked(release)
        if copy is not None:
            process.kill()
            return copy
        with self._changed:
            self._loading.setdefault(release, [])
        try:
            process.load(release)
        finally:
            with self._changed:
                waiting = self._loading.pop(release, [])
            for handoff in waiting:
                copy = None
                if process.loaded == release:
                    with suppress(EOFError, OSError):
                        copy = QueryProcess.forked_from(process)
                handoff.give(copy)
        return process

    def _drop(self, process: QueryProcess, failure: str, error: BaseException) -> None:
        """Kill a process without network that failed (logged as ``failure``), freeing its
        place."""
        log.warning("a query process %s: %s", failure, error or type(error).__name__)
        process.kill()
        self._forget(False)

    def _forget(self, networked: bool) -> None:
        with self._changed:
            self._started[networked] -= 1
            self._changed.notify()

    def _respawn(self, networked: bool) -> None:
        """Start a replacement process now so the next query does not wait for it to boot."""
        self._checkin(self._start(networked))


def raise_refusal(answer: tuple) -> None:
    """Raise the backend error a query process's answer reports (nothing for "ok")."""
    status, *payload = answer
    if status == "ok":
        return
    if status == "unavailable":
        raise BackendUnavailable(payload[0])
    if status == "syntax":
        raise MalformedQuery(*payload)
    if status == "refused":
        raise RefusedQuery(*payload)
    raise QueryFailed(payload[0])


def _timeout(timeout: float) -> QueryTimeout:
    return QueryTimeout(f"The query was stopped after {timeout:g} seconds (the time limit)")


class ProcessDied(Exception):
    """The query process ended while answering a request."""


class QueryProcess:
    """One child process that answers queries sent over a pipe, until killed.

    A ``sandboxed`` process has no network. With ``in_memory``, the process holds the
    last release it was asked about in memory; otherwise it does so only for a release of
    at most ``memory_quads`` quads.
    """

    def __init__(
        self,
        connection: Connection,
        process: multiprocessing.process.BaseProcess | SiblingProcess,
        *,
        in_memory: bool,
        sandboxed: bool,
        loaded: str | None = None,
    ) -> None:
        self.connection = connection
        self.process = process
        self.in_memory = in_memory
        self.sandboxed = sandboxed
        self.ready = False
        self.loaded = loaded
        self.allocator: str | None = None  # the malloc the process reports it runs with

    @classmethod
    def started(
        cls,
        in_memory: bool = False,
        *,
        sandboxed: bool = True,
        memory_quads: int = 0,
        niceness: int = 0,
    ) -> QueryProcess:
        """A new process forked by the query processes' server (:data:`SPAWN`)."""
        connection, child_end = SPAWN.Pipe()
        process = SPAWN.Process(
            target=serve_queries,
            args=(child_end, in_memory, sandboxed, memory_quads, niceness),
            daemon=True,
        )
        process.start()
        child_end.close()
        return cls(connection, process, in_memory=in_memory, sandboxed=sandboxed)

    def ask(self, kind: str, request: tuple, timeout: float, release: str | None = None) -> tuple:
        """Send ``request`` and wait up to ``timeout`` seconds for the answer.

        A new process's start-up (up to BOOT_TIMEOUT) and, in memory mode, the loading of
        ``release`` when it does not hold it yet (up to LOAD_TIMEOUT) do not count against
        ``timeout``.
        """
        self._boot()
        if self.in_memory and release is not None:
            refusal = self.load(release)
            if refusal is not None:
                return refusal
        self.connection.send((kind, request))
        try:
            if not self.connection.poll(timeout):
                raise TimeoutError
            return self.connection.recv()
        except (EOFError, OSError) as error:
            if isinstance(error, TimeoutError):
                raise
            raise ProcessDied from error

    def prepare(self, release: str | None) -> bool:
        """Wait for the process to start, then have it open (or load) ``release``.

        False when the release could not be opened (the process itself is fine).
        """
        self._boot()
        if release is not None and self.load(release) is not None:
            log.warning("a query process could not open the current release")
            return False
        return True

    @classmethod
    def forked_from(cls, donor: QueryProcess) -> QueryProcess | None:
        """A new process forked by ``donor`` (idle, checked out), sharing the release it holds
        in memory; None when it holds none. A donor that fails to answer raises OSError."""
        connection, child_end = SPAWN.Pipe()
        try:
            donor.connection.send((FORK, None))
            reduction.send_handle(donor.connection, child_end.fileno(), donor.process.pid)
            child_end.close()
            if not donor.connection.poll(BOOT_TIMEOUT):
                raise OSError("the query process did not fork")
            answer = donor.connection.recv()
        except BaseException:
            child_end.close()
            connection.close()
            raise
        if answer[0] != "ok":
            connection.close()
            return None
        return cls(
            connection,
            SiblingProcess(answer[1]),
            in_memory=donor.in_memory,
            sandboxed=True,
            loaded=answer[2] if donor.in_memory else None,
        )

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()
        if isinstance(self.process, SiblingProcess):
            self.process.close()

    def _boot(self) -> None:
        """Wait for a new process to be ready for requests."""
        if not self.ready:
            if not self.connection.poll(BOOT_TIMEOUT):
                raise OSError("the query process did not start")
            status, isolated, self.allocator = self.connection.recv()
            if status != READY:
                raise OSError("the query process did not start")
            if self.sandboxed and not isolated:
                log.warning("query processes keep network access: seccomp is not available")
            self.ready = True

    def load(self, release: str) -> tuple | None:
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
    """The query process's store: the last release asked about, on disk or in memory.

    With ``in_memory`` every release is copied into memory; otherwise only one of at most
    ``memory_quads`` quads (0: none), and ``held_in_memory`` says whether the held one was.
    """

    def __init__(self, in_memory: bool, memory_quads: int = 0) -> None:
        self.in_memory = in_memory
        self.memory_quads = memory_quads
        self.held_in_memory = False
        self.release: str | None = None
        self.store: pyoxigraph.Store | None = None
        self.counts: PatternCounts | None = None

    def get(self, release: str) -> pyoxigraph.Store:
        """The store of ``release``, opened (or loaded) unless it is the one held already."""
        if self.store is None or self.release != release:
            self.release, self.store, self.counts = None, None, None  # free the old copy first
            self.store, self.held_in_memory = self._opened(Path(release))
            self.counts = PatternCounts(self.store)
            self.release = release
        return self.store

    def _opened(self, release: Path) -> tuple[pyoxigraph.Store, bool]:
        """The store to answer ``release`` from, and whether it is an in-memory copy."""
        if self.in_memory:
            return load_in_memory(release), True
        store = open_read_only(release)
        if self.memory_quads > 0 and small_release(release, store, self.memory_quads):
            return copied_in_memory(store), True
        return store, False

    def planned(self, text: str) -> str | None:
        """``text`` rewritten with hash joins for the held store (:mod:`join_plan`), or None."""
        return None if self.counts is None else hash_joined(text, self.counts.count)


def load_in_memory(release: Path) -> pyoxigraph.Store:
    """A copy of the published ``release`` in a new in-memory store.

    Quads are streamed from the read-only store (on 1M triples this was as fast as a
    ``dump`` to N-Quads plus ``bulk_load``, without holding the N-Quads bytes as well).
    """
    return copied_in_memory(open_read_only(release))


def copied_in_memory(source: pyoxigraph.Store) -> pyoxigraph.Store:
    """A new in-memory store holding every quad of ``source``."""
    store = pyoxigraph.Store()
    store.extend(source.quads_for_pattern(None, None, None, None))
    return store


def small_release(release: Path, store: pyoxigraph.Store, quads: int) -> bool:
    """Whether the release holds at most ``quads`` quads.

    The triple counts of its release.json answer at once; a release without them is
    counted, reading at most one quad past ``quads``.
    """
    info = read_release_info(release)
    if info is not None and info.graphs:
        return sum(info.graphs.values()) <= quads
    every = store.quads_for_pattern(None, None, None, None)
    return sum(1 for _ in islice(every, quads + 1)) <= quads


def serve_queries(
    connection: Connection,
    in_memory: bool = False,
    sandboxed: bool = True,
    memory_quads: int = 0,
    niceness: int = 0,
) -> None:
    """The query process's loop: answer each request until the pipe closes.

    A ``sandboxed`` process first gives up the network for good, and the process lowers its
    scheduling priority by ``niceness`` (``nice``); the store is held as
    :class:`OpenRelease` says (``in_memory``, ``memory_quads``). Requests are
    ``(LOAD, release)`` (make ``release`` the held store; answered ``("ok",)``),
    ``(CHECK, (text, keep))`` (:func:`engine_check`) or ``(QUERY, (release, text,
    media_type, row_cap, substitutions, keep))``, where ``keep`` None skips the guard.
    """
    os.nice(niceness)  # the web processes handing out answers are scheduled first
    isolated = deny_network() if sandboxed else False
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # forked siblings are reaped by the kernel
    arguments = (connection, OpenRelease(in_memory, memory_quads), isolated)
    try:
        threading.stack_size(ENGINE_STACK)  # deep parse trees end in the time limit, not a crash
        loop = threading.Thread(target=_answer_requests, args=arguments)
        loop.start()
    except (RuntimeError, ValueError, MemoryError):  # no such stack here: the usual one
        _answer_requests(*arguments)
        return
    loop.join()


def _answer_requests(connection: Connection, stores: OpenRelease, isolated: bool) -> None:
    """Answer requests until the web process closes the pipe or is gone (killed, say, while
    this process was starting): then the process ends quietly."""
    try:
        connection.send((READY, isolated, allocator_in_use()))
        while True:
            kind, request = connection.recv()
            if kind == FORK:
                connection.send(fork_sibling(connection, stores, isolated))
            else:
                connection.send(handle(stores, kind, request, isolated))
    except (EOFError, OSError):  # BrokenPipeError included
        return


def fork_sibling(connection: Connection, stores: OpenRelease, isolated: bool) -> tuple:
    """Fork a copy of this process that answers on the pipe end the web process sends next;
    ``("ok", pid, release)``, or ``("no",)`` when this process holds no in-memory copy.

    The copy starts with the held store and shares its pages with this process, copy-on-write,
    until its queries walk them (see the module's docstring). Only an in-memory store is
    passed on: a process with an on-disk store open does not fork.
    """
    descriptor = reduction.recv_handle(connection)
    if not stores.held_in_memory or stores.release is None:
        os.close(descriptor)
        return ("no",)
    pid = os.fork()
    if pid == 0:  # the copy: it answers on its own pipe until that closes, then ends
        try:
            connection.close()
            _answer_requests(Connection(descriptor), stores, isolated)
        finally:
            os._exit(0)
    os.close(descriptor)
    return ("ok", pid, stores.release)


def handle(stores: OpenRelease, kind: str, request: Any, isolated: bool = False) -> tuple:
    """The answer to one request; a failure is reported as an answer, the process lives on.

    Messages never name server files (see service.store.public_errors); details go to the log.
    """
    if kind == CHECK:
        text, keep = request
        try:
            return engine_check(text, keep, isolated) or ("ok",)
        except SyntaxError as error:
            return syntax_answer(error)
    release = request if kind == LOAD else request[0]
    try:
        store = stores.get(release)
    except Exception as error:  # noqa: BLE001 - a damaged or missing release
        return store_failure(error, release)
    if kind == LOAD:
        return ("ok",)
    _, text, media_type, row_cap, substitutions, keep = request
    try:
        if keep is not None:
            refusal = remembered_guard(text, keep, isolated)
            if refusal is not None:
                return refusal
        planned = stores.planned(text) if keep == () and not substitutions else None
        if planned is not None and remembered_guard(planned, (), isolated) is None:
            with suppress(SyntaxError):  # the text's own error is the one to report
                return ("ok", *run_query(store, planned, media_type, row_cap))
        return ("ok", *run_query(store, text, media_type, row_cap, substitutions))
    except SyntaxError as error:
        return syntax_answer(error)
    except (ConnectionError, PermissionError, TimeoutError) as error:  # a SERVICE call failed
        return ("failed", f"The query failed: {redact_paths(str(error))}")
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
        tsv, rows = capped_tsv(results, row_cap)
        if media_type == TSV:
            return tsv, rows > row_cap, min(rows, row_cap)
        solutions = pyoxigraph.parse_query_results(tsv, pyoxigraph.QueryResultsFormat.TSV)
        body = solutions.serialize(format=RESULT_FORMATS[media_type])
        return body, rows > row_cap, min(rows, row_cap)
    triples = list(islice(results, row_cap + 1))
    body = pyoxigraph.serialize(triples[:row_cap], format=GRAPH_FORMATS[media_type])
    return body, len(triples) > row_cap, min(len(triples), row_cap)


class _CapReached(Exception):
    """Raised by :class:`_CappedWriter` to stop the engine's serialisation."""


class _CappedWriter(io.RawIOBase):
    """Collects serialised lines, stopping the writer once it holds ``limit`` of them."""

    def __init__(self, limit: int) -> None:
        self.parts: list[bytes] = []
        self.lines = 0
        self.limit = limit

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.parts.append(chunk)
        self.lines += chunk.count(b"\n")
        if self.lines >= self.limit:
            raise _CapReached
        return len(chunk)


def capped_tsv(results: pyoxigraph.QuerySolutions, row_cap: int) -> tuple[bytes, int]:
    """The first ``row_cap`` solutions as SPARQL TSV, and how many were read (at most
    ``row_cap`` + 1).

    The engine writes the TSV itself and stops one row past the cap (a line a row: TSV
    escapes line breaks), which on 1M triples took a third less time than turning each
    term into text in Python.
    """
    writer = _CappedWriter(row_cap + 2)  # the header, row_cap rows and one more
    with suppress(_CapReached):
        results.serialize(writer, format=pyoxigraph.QueryResultsFormat.TSV)
    lines = b"".join(writer.parts).split(b"\n")[:-1]
    return b"".join(line + b"\n" for line in lines[: row_cap + 1]), len(lines) - 1


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
