"""How the query processes run: their allocator (service.store.allocator), mimalloc by
default, glibc's malloc when asked, and their scheduling priority (GKG_QUERY_NICE); the web
processes never changed. The test command installs Debian's libmimalloc2.0
(scripts/setup.sh), so ``auto`` finds it."""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from fixtures_server import SAMPLE_TRIPLES, running_server

from service.settings import SettingError, load_settings
from service.sparql.query_check import check_query
from service.store.allocator import allocator_in_use, allocator_library
from service.store.backends import SPARQL_JSON
from service.store.local_backend import LocalBackend

COUNT = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}


def test_auto_and_mimalloc_name_the_debian_library() -> None:
    assert allocator_library("auto") == "libmimalloc.so.2"
    assert allocator_library("mimalloc") == "libmimalloc.so.2"
    assert allocator_library("system") is None


def test_an_unknown_allocator_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown allocator 'tcmalloc'"):
        allocator_library("tcmalloc")
    with pytest.raises(SettingError, match="GKG_QUERY_ALLOCATOR='tcmalloc'"):
        load_settings(environ={"GKG_QUERY_ALLOCATOR": "tcmalloc"})
    assert load_settings(environ={"GKG_QUERY_ALLOCATOR": " System "})["GKG_QUERY_ALLOCATOR"] == (
        "system"
    )


def test_the_allocator_in_use_is_read_from_the_mapped_files(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.write_text(
        "7f00-7f10 r-xp 00000000 08:01 42 /usr/lib/x86_64-linux-gnu/libmimalloc.so.2.0\n"
        "7f20-7f30 rw-p 00000000 00:00 0\n"
    )
    assert allocator_in_use(maps) == "mimalloc"
    maps.write_text("7f00-7f10 r-xp 00000000 08:01 42 /usr/lib/x86_64-linux-gnu/libc.so.6\n")
    assert allocator_in_use(maps) == "system"
    assert allocator_in_use(tmp_path / "absent") == "system"


def _server_tree(port: int) -> dict[int, str]:
    """pid -> command line of the ``gkg serve`` listening on ``port`` and all its descendants."""
    commands, parents = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            commands[int(entry)] = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ")
            parents[int(entry)] = _parent(int(entry))
        except (OSError, ValueError):
            continue  # ended meanwhile
    serving = {
        pid
        for pid, line in commands.items()
        if b" serve --store " in line and f" --port {port} ".encode() in line
    }
    tree = {pid for pid in serving if parents[pid] not in serving}  # the one started
    assert len(tree) == 1
    grown = True
    while grown:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grown = bool(found)
    return {pid: commands[pid].decode() for pid in tree}


def _libraries(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


@pytest.mark.parametrize(("choice", "expected"), [("auto", True), ("system", False)])
def test_query_processes_of_the_service_run_with_the_allocator_asked_for(
    sample_store: Path, choice: str, expected: bool
) -> None:
    with running_server(sample_store, {"GKG_QUERY_ALLOCATOR": choice}) as url:
        answer = requests.get(f"{url}/sparql", params=COUNT, timeout=30)
        assert answer.status_code == 200
        count = answer.json()["results"]["bindings"][0]["n"]["value"]
        assert count == str(SAMPLE_TRIPLES + 1)  # the data and the ontology's one triple
        tree = _server_tree(urlsplit(url).port)
        forked = [pid for pid, line in tree.items() if "multiprocessing.forkserver" in line]
        others = [pid for pid in tree if pid not in forked]
        assert len(forked) >= 2  # a forkserver and at least the query process that answered
        assert all(("libmimalloc.so" in _libraries(pid)) is expected for pid in forked)
        assert others and not any("libmimalloc" in _libraries(pid) for pid in others)


def test_a_query_process_reports_the_allocator_it_runs_with(sample_store: Path) -> None:
    backend = LocalBackend(sample_store, processes=1)  # this test process's pools: auto
    try:
        answer = backend.execute(check_query(COUNT["query"]), SPARQL_JSON, timeout=30, row_cap=5)
        assert f'"value":"{SAMPLE_TRIPLES + 1}"'.encode() in answer.body
        (process,) = backend.pool._idle[False]  # noqa: SLF001 - the one that answered
        assert process.allocator == "mimalloc"
        assert "libmimalloc.so" in _libraries(process.process.pid)
    finally:
        backend.close()


def _stat_fields(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (state, parent, ...)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rindex(")") + 2 :].split()


def _parent(pid: int) -> int:
    return int(_stat_fields(pid)[1])


def _niceness(pid: int) -> int:
    return int(_stat_fields(pid)[16])


@pytest.mark.parametrize("niceness", [None, 9])
def test_query_processes_run_at_a_lower_priority_than_the_web_processes(
    sample_store: Path, niceness: int | None
) -> None:
    settings = {} if niceness is None else {"GKG_QUERY_NICE": str(niceness)}
    expected = 5 if niceness is None else 9
    with running_server(sample_store, settings) as url:
        assert requests.get(f"{url}/sparql", params=COUNT, timeout=30).status_code == 200
        for _ in range(100):  # a query process just forked sets its niceness first thing
            query_processes, others = _query_processes_and_others(urlsplit(url).port)
            if {_niceness(pid) for pid in query_processes} == {expected}:
                break
            time.sleep(0.1)
        assert query_processes and others
        assert {_niceness(pid) for pid in query_processes} == {expected}
        assert {_niceness(pid) for pid in others} == {_niceness(os.getpid())}


def _query_processes_and_others(port: int) -> tuple[list[int], list[int]]:
    """The server's query processes (forked by its forkservers) and its other processes."""
    tree = _server_tree(port)
    forked = {pid for pid, line in tree.items() if "multiprocessing.forkserver" in line}
    query_processes = [pid for pid in forked if _parent(pid) in forked]
    return query_processes, [pid for pid in tree if pid not in query_processes]


def test_a_niceness_outside_0_to_19_is_refused() -> None:
    with pytest.raises(SettingError, match="GKG_QUERY_NICE='20'"):
        load_settings(environ={"GKG_QUERY_NICE": "20"})
    assert load_settings(environ={"GKG_QUERY_NICE": "0"})["GKG_QUERY_NICE"] == 0
