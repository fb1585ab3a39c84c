"""The query processes under load they were not built for: long operator chains and deaths.

Oxigraph recurses once per term of a ``+``, ``||`` or UNION chain. On a thread's usual
8 MiB stack a 240 kB query of such a chain crashed the query process; query processes
now answer on a 512 MiB stack (reserved, used only as deep as needed), so such a query
ends like any other slow one, in the time limit. A process that dies all the same is
reported as the query's failure and replaced.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fixtures_server import SLOW_QUERY

from service.sparql.query_check import check_query
from service.store.backends import SPARQL_JSON, QueryFailed, QueryTimeout
from service.store.local_backend import QUERY, LocalBackend, ProcessPool
from service.store.process_copies import SiblingProcess
from service.store.releases import current_release

CHAINS = {
    "plus": "ASK { FILTER(" + "(1)+" * 60_000 + "1) }",
    "or": "ASK { FILTER(" + "?a||" * 60_000 + "?b) }",
    "union": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 10_000) + " }",
}


@pytest.mark.parametrize("name", CHAINS)
def test_long_chains_end_in_the_time_limit(sample_store: Path, name: str) -> None:
    backend = LocalBackend(sample_store, processes=1)
    try:
        with pytest.raises(QueryTimeout):
            backend.execute(check_query(CHAINS[name]), SPARQL_JSON, timeout=3, row_cap=5)
        ask = check_query("ASK { ?s ?p ?o }")
        assert b"true" in backend.execute(ask, SPARQL_JSON, timeout=10, row_cap=1).body
    finally:
        backend.close()


def test_a_process_dying_mid_query_fails_that_query_and_is_replaced(sample_store: Path) -> None:
    release = str(current_release(sample_store))
    pool = ProcessPool(1)
    failures: list[BaseException] = []

    def slow() -> None:
        try:
            pool.run(QUERY, (release, SLOW_QUERY, SPARQL_JSON, 5, None, ()), 60)
        except BaseException as error:  # noqa: BLE001 - recorded for the assertion below
            failures.append(error)

    try:
        others = set(multiprocessing.active_children())
        runner = threading.Thread(target=slow)
        runner.start()
        _kill_query_process_when_busy(others)
        runner.join(timeout=60)
        assert len(failures) == 1 and isinstance(failures[0], QueryFailed)
        assert "stopped while running this query" in str(failures[0])
        answer = pool.run(QUERY, (release, "ASK {}", SPARQL_JSON, 5, None, ()), 10)
        assert answer[0] == "ok"
    finally:
        pool.close()


def _kill_query_process_when_busy(others: set, deadline: float = 30.0) -> None:
    """Kill the query process started since ``others`` once it has run the query a moment."""
    give_up = time.monotonic() + deadline
    while time.monotonic() < give_up:
        running = [child for child in multiprocessing.active_children() if child not in others]
        if running:
            time.sleep(1.0)  # booted and busy with the query
            os.kill(running[0].pid, signal.SIGKILL)
            return
        time.sleep(0.05)
    raise AssertionError("no query process started")


@pytest.mark.parametrize("in_memory", [False, True])
def test_warm_up_starts_the_whole_pool_and_requests_reuse_it(
    sample_store: Path, in_memory: bool
) -> None:
    release = str(current_release(sample_store))
    backend = LocalBackend(sample_store, processes=3, in_memory=in_memory)
    try:
        backend.warm_up()
        give_up = time.monotonic() + 60
        while backend.warming() and time.monotonic() < give_up:
            time.sleep(0.05)
        idle = backend.pool._idle[False]
        pids = {process.process.pid for process in idle}
        assert len(pids) == 3
        assert [process.loaded for process in idle] == [release] * 3
        # in memory, the first process loads the release and the other two are its copies
        forked = [process for process in idle if isinstance(process.process, SiblingProcess)]
        assert len(forked) == (2 if in_memory else 0)
        ask = check_query("ASK { ?s ?p ?o }")
        with ThreadPoolExecutor(8) as pool:
            answers = list(
                pool.map(
                    lambda _: backend.execute(ask, SPARQL_JSON, timeout=30, row_cap=1).body,
                    range(16),
                )
            )
        assert all(b"true" in answer for answer in answers)
        assert {process.process.pid for process in backend.pool._idle[False]} == pids
    finally:
        backend.close()
