"""Fixtures for the SPARQL endpoint tests: a small published store and a live server.

- ``sample_store``: tests/data/sparql_sample.ttl published as a release (store layout of
  :mod:`service.store.releases`) in a temporary root; its data graph is ``DATA_GRAPH``.
- ``live_server``: ``gkg serve`` (granian, 2 workers) over that store on a free port of
  127.0.0.1, with a small row cap and time limit; yields the base URL.
- :func:`running_server`: the same as a context manager, for servers with other settings.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph
import pytest
import requests

from service.store.releases import ReleaseInfo, new_release_dir, publish_release, write_release_info

DATA = Path(__file__).parent / "data" / "sparql_sample.ttl"
BASE_IRI = "https://w3id.org/gkg/"
DATA_GRAPH = f"{BASE_IRI}graph/data"
ONTOLOGY_GRAPH = f"{BASE_IRI}graph/ontology"
SAMPLE_TRIPLES = 159
LIVE_SETTINGS = {
    "GKG_ROW_CAP": "50",
    "GKG_QUERY_TIMEOUT": "2",
    "GKG_MAX_CONCURRENT": "4",
}
SLOW_QUERY = """SELECT (COUNT(*) AS ?n) WHERE {
  ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r
}"""


def publish_sample(root: Path, release_id: str = "test-release-1", extra: str = "") -> Path:
    """Publish the sample Turtle (plus ``extra`` Turtle) as a release of ``root``."""
    release = new_release_dir(root, release_id)
    store = pyoxigraph.Store(str(release))
    data = DATA.read_bytes() + extra.encode()
    store.load(data, format=pyoxigraph.RdfFormat.TURTLE, to_graph=pyoxigraph.NamedNode(DATA_GRAPH))
    ontology = b"<https://w3id.org/gkg/Module> a <http://www.w3.org/2002/07/owl#Class> ."
    store.load(
        ontology, format=pyoxigraph.RdfFormat.TURTLE, to_graph=pyoxigraph.NamedNode(ONTOLOGY_GRAPH)
    )
    store.flush()
    del store
    info = ReleaseInfo(release_id=release_id, built_at="", base_iri=BASE_IRI, sources=[])
    write_release_info(release, info)
    publish_release(root, release)
    return release


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sparql-store")
    publish_sample(root)
    return root


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(
    store: Path,
    settings: dict[str, str] | None = None,
    *args: str,
    workers: int = 2,
    log: Path | None = None,
) -> Iterator[str]:
    """``gkg serve`` on a free port of 127.0.0.1 until the block ends; yields its base URL.

    The server's output (its access log included) goes to ``log``, else to a temporary file.
    """
    port = free_port()
    environment = {**os.environ, **LIVE_SETTINGS, **(settings or {})}
    command = [sys.executable, "-m", "service.cli", "serve", "--store", str(store)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), *args]
    log = log or Path(tempfile.mkstemp(prefix="gkg-serve-", suffix=".log")[1])
    with open(log, "w") as output:
        server = subprocess.Popen(command, env=environment, stdout=output, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_ready(url, server, log)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def wait_until(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Whether ``condition()`` came true within ``seconds`` (polled every 50 ms)."""
    give_up = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > give_up:
            return False
        time.sleep(0.05)
    return True


def wait_until_ready(url: str, server: subprocess.Popen, log: Path, deadline: float = 60.0) -> None:
    """Poll /healthz until it answers (no fixed sleeps beyond a short poll interval)."""
    give_up = time.monotonic() + deadline
    while time.monotonic() < give_up:
        if server.poll() is not None:
            raise RuntimeError(f"gkg serve exited early:\n{log.read_text()}")
        try:
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"gkg serve did not become healthy in time:\n{log.read_text()}")


def readiness_after_warm_up(url: str, deadline: float = 60.0) -> dict:
    """/readyz's answer once the query processes have started (503 "starting" until then)."""
    give_up = time.monotonic() + deadline
    while True:
        answer = requests.get(f"{url}/readyz", timeout=10).json()
        if answer.get("error") != "the query processes are starting" or time.monotonic() > give_up:
            return answer
        time.sleep(0.05)


@pytest.fixture(scope="session")
def live_server(sample_store: Path) -> Iterator[str]:
    with running_server(sample_store) as url:
        yield url
