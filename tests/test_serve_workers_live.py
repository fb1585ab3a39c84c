"""``gkg serve``'s workers: one that dies is replaced and the service goes on answering."""

from __future__ import annotations

import os
import re
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from fixtures_server import running_server

ASK = {"query": "ASK { ?s ?p ?o }"}


def parent_of(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat[stat.rindex(")") + 2 :].split()[1])


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
        give_up = time.monotonic() + 60
        while (worker in children_of(main) or len(children_of(main)) < 2) and (
            time.monotonic() < give_up
        ):
            time.sleep(0.1)
        replaced = children_of(main)
        assert worker not in replaced and len(replaced) == 2
        with ThreadPoolExecutor(8) as pool:
            answers = list(
                pool.map(
                    lambda _: requests.get(f"{url}/sparql", params=ASK, timeout=60).status_code,
                    range(40),
                )
            )
    assert answers == [200] * 40
    assert "Traceback" not in log.read_text()
