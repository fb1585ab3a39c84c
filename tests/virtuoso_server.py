"""A private Virtuoso on 127.0.0.1 for the remote-store tests (see scripts/virtuoso.sh).

    def test_something(virtuoso: VirtuosoEndpoints) -> None:
        requests.get(virtuoso.sparql, params={"query": "ASK {}"})

The ``virtuoso`` fixture (session scope) installs Virtuoso with apt-get when it is
missing, starts it on free ports with its own database in a temporary directory, waits
until it answers, and shuts it down when the session ends.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "virtuoso.sh"
TEST_BUFFERS = 170_000  # Virtuoso's row for 2 GB: plenty for test data, small beside other work


@dataclass(frozen=True)
class VirtuosoEndpoints:
    """Where a running Virtuoso answers, and the dba credentials for its ``-auth`` endpoints."""

    sparql: str
    sparql_auth: str
    graph_store: str
    user: str
    password: str
    data_dir: Path
    pid: int


@contextmanager
def running_virtuoso(data_dir: Path, buffers: int = TEST_BUFFERS) -> Iterator[VirtuosoEndpoints]:
    """Virtuoso with its database in ``data_dir`` until the block ends."""
    environment = {**os.environ, "VIRTUOSO_BUFFERS": str(buffers)}
    started = subprocess.run(
        [str(SCRIPT), "start", str(data_dir)],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        if started.returncode != 0:
            log = data_dir / "virtuoso.log"
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            raise RuntimeError(f"Virtuoso did not start: {started.stderr}\n{tail}")
        values = dict(line.split("=", 1) for line in started.stdout.split())
        yield VirtuosoEndpoints(
            sparql=values["sparql"],
            sparql_auth=values["sparql_auth"],
            graph_store=values["graph_store"],
            user=values["user"],
            password=Path(values["password_file"]).read_text().strip(),
            data_dir=data_dir,
            pid=int(values["pid"]),
        )
    finally:
        subprocess.run([str(SCRIPT), "stop", str(data_dir)], capture_output=True, check=False)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoEndpoints]:
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as endpoints:
        yield endpoints
