"""``gkg serve``'s workers: one that dies is replaced and the service goes on answering; on
SIGTERM the answers in flight are finished before the server ends, and workers still loading
the app stop without being killed."""

from __future__ import annotations

import fcntl
import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from fixtures_server import SLOW_QUERY, free_port, running_server, wait_until

from service.commands.serve import WORKER_STOP_SECONDS

ASK = {"query": "ASK { ?s ?p ?o }"}


def stat_of(pid: int) -> list[str]:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rindex(")") + 2 :].split()


def parent_of(pid: int) -> int:
    return int(stat_of(pid)[1])


def ended(pid: int) -> bool:
    try:
        return stat_of(pid)[0] == "Z"  # a zombie until its parent, the test, reaps it
    except OSError:
        return True


def a_slot_is_held(lock_dir: Path) -> bool:
    """Whether a query holds one of the query slots (a lock file under ``lock_dir``)."""
    for slot in lock_dir.glob("slot-*"):
        with open(slot, "rb") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def children_of(parent: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if parent_of(int(entry)) == parent:
                    found.add(int(entry))
            except (OSError, ValueError):
                continue  # ended meanwhile
    return found


def test_a_killed_worker_is_replaced(sample_store: Path, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with running_server(sample_store, log=log, workers=2) as url:
        assert requests.get(f"{url}/sparql", params=ASK, timeout=30).status_code == 200
        worker = int(re.findall(r" pid=(\d+) ", log.read_text())[-1])
        main = parent_of(worker)
        workers = children_of(main)
        assert worker in workers and len(workers) == 2
        os.kill(worker, signal.SIGKILL)

        def replaced() -> bool:
            workers = children_of(main)
            return worker not in workers and len(workers) == 2

        assert wait_until(replaced, 60)
        with ThreadPoolExecutor(8) as pool:
            answers = list(
                pool.map(
                    lambda _: requests.get(f"{url}/sparql", params=ASK, timeout=60).status_code,
                    range(40),
                )
            )
    assert answers == [200] * 40
    assert "Traceback" not in log.read_text()


def test_sigterm_lets_the_answers_in_flight_finish(sample_store: Path, tmp_path: Path) -> None:
    log, lock_dir = tmp_path / "serve.log", tmp_path / "slots"
    settings = {"GKG_QUERY_TIMEOUT": "3", "GKG_LOCK_DIR": str(lock_dir)}
    with running_server(sample_store, settings, log=log) as url:
        assert requests.get(f"{url}/sparql", params=ASK, timeout=30).status_code == 200
        main = parent_of(int(re.findall(r" pid=(\d+) ", log.read_text())[-1]))
        with ThreadPoolExecutor(1) as pool:
            pending = pool.submit(
                requests.post, f"{url}/sparql", data={"query": SLOW_QUERY}, timeout=60
            )
            assert wait_until(lambda: a_slot_is_held(lock_dir), 30)  # the query is running
            os.kill(main, signal.SIGTERM)
            answer = pending.result()
        # the answer in flight is the whole one, the time limit's, not a dropped connection
        assert answer.status_code == 504 and "time limit" in answer.text
        assert wait_until(lambda: ended(main), 30)
    assert "Traceback" not in log.read_text()


def test_workers_asked_to_stop_while_loading_the_app_stop_without_being_killed(
    sample_store: Path, tmp_path: Path
) -> None:
    """SIGTERM right after both workers were spawned, while they load the app: before, they
    ignored it and granian killed them WORKER_STOP_SECONDS later.

    That wait is what tells a worker that refused from one that stopped: granian's log line
    "refused to gracefully stop" also comes, at once, for a worker that had ended when two of
    granian's threads reap it at the same time and the one asking loses (seen under load).
    """
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "service.cli", "serve", "--store", str(sample_store)]
    command += ["--host", "127.0.0.1", "--port", str(free_port()), "--workers", "2"]
    with open(log, "w") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        assert wait_until(lambda: "Spawning worker-2" in log.read_text(), 60)
        server.send_signal(signal.SIGTERM)
        asked = time.monotonic()
        assert server.wait(timeout=60) == 0
        stopping = time.monotonic() - asked
    finally:
        server.kill()
    text = log.read_text()
    assert stopping < WORKER_STOP_SECONDS, text  # granian did not have to wait to kill one
    assert "Traceback" not in text
    assert "Stopped worker-1" in text and "Stopped worker-2" in text
    assert "Started worker-2" not in text  # it was still loading when asked to stop
