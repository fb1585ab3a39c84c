"""A release held in memory is loaded once per pool: the pool's other query processes are
copies of the process that loaded it (forked by it or by one of its copies), sharing its
pages.

Real query processes over a real published store of about 95 MB in memory: each copy's parent
is the loader or another copy, its private memory under a quarter of what a process loading the
release alone keeps, its answers the same; a copy stopped on timeout is replaced by another
copy; the loader's death leaves the copies answering; after a new release is published, the
first process to load it passes it on to a process still holding the old one, and requests that
come while it loads get copies of it instead of loading it again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fixtures_server import SAMPLE_TRIPLES, SLOW_QUERY, publish_sample, wait_until

from service.sparql.query_check import check_query
from service.store.backends import SPARQL_JSON, QueryTimeout
from service.store.local_backend import LocalBackend, QueryProcess
from service.store.process_copies import SiblingProcess
from service.store.releases import current_release

EXTRA_TRIPLES = 100_000
ONTOLOGY_TRIPLES = 1
COUNT = check_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")


def extra_triples(count: int, prefix: str = "s") -> str:
    """``count`` Turtle triples, each with its own subject and literal."""
    return "".join(
        f'<urn:gkg:test:{prefix}{number}> <urn:gkg:test:p> "value {number}" .\n'
        for number in range(count)
    )


@pytest.fixture(scope="module")
def larger_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shared-release")
    publish_sample(root, extra=extra_triples(EXTRA_TRIPLES))
    return root


@pytest.fixture()
def warm_backend(larger_store: Path) -> Iterator[LocalBackend]:
    """An in-memory backend of two query processes over ``larger_store``, warmed up."""
    backend = LocalBackend(larger_store, processes=2, in_memory=True)
    backend.warm_up()
    assert wait_until(lambda: not backend.warming(), 120)
    yield backend
    backend.close()


def parent_pid(pid: int) -> int:
    """The parent process id of ``pid`` (/proc/PID/stat, after the command's parentheses)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])


def private_kib(pid: int) -> int:
    """KiB of ``pid``'s resident memory that no other process shares."""
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    fields = {line.split(":")[0]: int(line.split()[1]) for line in rollup[1:]}
    return fields["Private_Clean"] + fields["Private_Dirty"]


def counted(backend: LocalBackend) -> int:
    body = backend.execute(COUNT, SPARQL_JSON, timeout=60, row_cap=10).body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def loader_and_copies(backend: LocalBackend) -> tuple[QueryProcess, list[QueryProcess]]:
    idle = backend.pool._idle[False]  # noqa: SLF001 - the processes under test
    loaders = [process for process in idle if not isinstance(process.process, SiblingProcess)]
    copies = [process for process in idle if isinstance(process.process, SiblingProcess)]
    assert len(loaders) == 1
    return loaders[0], copies


def test_copies_are_forked_by_the_loader_and_share_its_pages(larger_store: Path) -> None:
    alone = LocalBackend(larger_store, processes=1, in_memory=True)  # a pool of one: no copy
    backend = LocalBackend(larger_store, processes=3, in_memory=True)
    try:
        for pool in (alone, backend):
            pool.warm_up()
            assert wait_until(lambda pool=pool: not pool.warming(), 120)
        (single,) = alone.pool._idle[False]  # noqa: SLF001 - the process under test
        own_copy = private_kib(single.process.pid)  # its in-memory copy is its own
        assert own_copy > 50_000
        loader, copies = loader_and_copies(backend)
        assert len(copies) == 2
        release = str(current_release(larger_store))
        assert {copy.loaded for copy in copies} == {loader.loaded} == {release}
        family = {loader.process.pid} | {copy.process.pid for copy in copies}
        for copy in copies:  # forked by the loader or by a copy of it
            assert parent_pid(copy.process.pid) in family - {copy.process.pid}
            assert private_kib(copy.process.pid) < own_copy / 4
        assert counted(backend) == SAMPLE_TRIPLES + EXTRA_TRIPLES + ONTOLOGY_TRIPLES
    finally:
        backend.close()
        alone.close()


def test_every_process_of_the_pool_gives_the_same_answers(warm_backend: LocalBackend) -> None:
    loader, (copy,) = loader_and_copies(warm_backend)
    release = str(current_release(warm_backend.root))
    request = (release, COUNT.text, SPARQL_JSON, 10, None, ())
    answers = {process.ask("query", request, 60, release) for process in (loader, copy)}
    assert len(answers) == 1
    (answer,) = answers
    total = SAMPLE_TRIPLES + EXTRA_TRIPLES + ONTOLOGY_TRIPLES
    assert answer[0] == "ok" and f'"{total}"'.encode() in answer[1]


def test_a_copy_stopped_on_timeout_is_replaced_by_another_copy(
    warm_backend: LocalBackend,
) -> None:
    loader, (copy,) = loader_and_copies(warm_backend)
    with pytest.raises(QueryTimeout):  # the copy, used last, takes the query
        warm_backend.execute(check_query(SLOW_QUERY), SPARQL_JSON, timeout=1, row_cap=10)
    assert wait_until(lambda: not Path(f"/proc/{copy.process.pid}").exists(), 10)
    same_loader, (replacement,) = loader_and_copies(warm_backend)
    assert same_loader is loader
    assert replacement.process.pid != copy.process.pid
    assert parent_pid(replacement.process.pid) == loader.process.pid
    assert counted(warm_backend) == SAMPLE_TRIPLES + EXTRA_TRIPLES + ONTOLOGY_TRIPLES


def test_the_copies_answer_after_the_loader_is_gone_and_are_then_reaped(
    larger_store: Path,
) -> None:
    backend = LocalBackend(larger_store, processes=2, in_memory=True)
    backend.warm_up()
    assert wait_until(lambda: not backend.warming(), 120)
    loader, (copy,) = loader_and_copies(backend)
    fork_server = parent_pid(loader.process.pid)
    loader.process.kill()
    loader.process.join(5)
    assert not loader.process.is_alive()
    assert copy.process.is_alive()
    assert parent_pid(copy.process.pid) == fork_server  # the orphan's reaper
    assert counted(backend) == SAMPLE_TRIPLES + EXTRA_TRIPLES + ONTOLOGY_TRIPLES
    backend.close()  # kills the copy: the fork server waits for it, no zombie is left
    assert wait_until(lambda: not Path(f"/proc/{copy.process.pid}").exists(), 10)


def test_a_new_release_loaded_once_is_passed_on(tmp_path: Path) -> None:
    publish_sample(tmp_path, "release-1", extra=extra_triples(1_000))
    backend = LocalBackend(tmp_path, processes=2, in_memory=True)
    try:
        backend.warm_up()
        assert wait_until(lambda: not backend.warming(), 120)
        publish_sample(tmp_path, "release-2", extra=extra_triples(2_000))
        new_release = str(current_release(tmp_path))
        assert counted(backend) == SAMPLE_TRIPLES + 2_000 + ONTOLOGY_TRIPLES  # loads it
        idle = backend.pool._idle[False]  # noqa: SLF001 - the processes under test
        (holder,) = [process for process in idle if process.loaded == new_release]
        (old,) = [process for process in idle if process.loaded != new_release]
        idle.remove(old)
        idle.append(old)  # the process holding the old release is the next to be used
        assert counted(backend) == SAMPLE_TRIPLES + 2_000 + ONTOLOGY_TRIPLES
        assert wait_until(lambda: not old.process.is_alive(), 10)
        idle = backend.pool._idle[False]  # noqa: SLF001
        assert holder in idle
        (replacement,) = [process for process in idle if process is not holder]
        assert replacement.loaded == new_release
        assert parent_pid(replacement.process.pid) == holder.process.pid
    finally:
        backend.close()


def test_processes_answering_from_disk_are_never_copied(larger_store: Path) -> None:
    backend = LocalBackend(larger_store, processes=2)
    try:
        backend.warm_up()
        assert wait_until(lambda: not backend.warming(), 60)
        idle = backend.pool._idle[False]  # noqa: SLF001 - the processes under test
        assert len(idle) == 2
        assert not any(isinstance(process.process, SiblingProcess) for process in idle)
        (server,) = {parent_pid(process.process.pid) for process in idle}  # the fork server
        assert server not in {process.process.pid for process in idle}
    finally:
        backend.close()


def test_requests_arriving_while_a_new_release_loads_get_copies_of_the_loader(
    tmp_path: Path,
) -> None:
    publish_sample(tmp_path, "release-1", extra=extra_triples(1_000))
    backend = LocalBackend(tmp_path, processes=3, in_memory=True)
    try:
        backend.warm_up()
        assert wait_until(lambda: not backend.warming(), 120)
        publish_sample(tmp_path, "release-2", extra=extra_triples(EXTRA_TRIPLES, "t"))
        with ThreadPoolExecutor(3) as pool:  # three requests at once, one process each
            counts = list(pool.map(lambda _: counted(backend), range(3)))
        assert counts == [SAMPLE_TRIPLES + EXTRA_TRIPLES + ONTOLOGY_TRIPLES] * 3
        idle = backend.pool._idle[False]  # noqa: SLF001 - the processes under test
        assert len(idle) == 3
        assert {process.loaded for process in idle} == {str(current_release(tmp_path))}
        pids = {process.process.pid for process in idle}
        (loader,) = [process for process in idle if parent_pid(process.process.pid) not in pids]
        copies = [process for process in idle if process is not loader]
        assert {parent_pid(copy.process.pid) for copy in copies} == {loader.process.pid}
    finally:
        backend.close()


REAPER_PROBE = """
import ctypes, os
import service.store.orphans
flag = ctypes.c_int(-1)
ctypes.CDLL(None).prctl(37, ctypes.byref(flag), 0, 0, 0)  # PR_GET_CHILD_SUBREAPER
print(flag.value, os.environ.get("GKG_FORK_SERVER"))
"""


@pytest.mark.parametrize(
    ("environment", "printed"), [({}, "0 None"), ({"GKG_FORK_SERVER": "1"}, "1 None")]
)
def test_only_the_fork_server_becomes_a_reaper(environment: dict, printed: str) -> None:
    """Imported without the fork server's mark (a test run's doctests, say), the module leaves
    the process as it was; with it, the process becomes a subreaper and drops the mark."""
    plain = {key: value for key, value in os.environ.items() if key != "GKG_FORK_SERVER"}
    probe = subprocess.run(
        [sys.executable, "-c", REAPER_PROBE],
        env={**plain, **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert probe.stdout.strip() == printed
