"""`gkg serve`: the service under granian, several workers over the one on-disk store.

    gkg serve --store var/store --host 127.0.0.1 --port 8000 --workers 2 --query-timeout 30

granian (HTTP/1.1 in Rust) parses requests and runs the WSGI app in ``--threads`` threads
of each of ``--workers`` worker processes, respawning a worker that dies.
Options become GKG_* environment variables read by every worker's
:func:`service.app.create_app`. The workers share one directory of query-slot
locks (GKG_LOCK_DIR; a new one unless set), so GKG_MAX_CONCURRENT caps queries across
all of them.
``--in-memory`` (GKG_STORE_IN_MEMORY) has each query process answer from an
in-memory copy of the release.
The access log (standard output, :mod:`service.web.access_log`) gives each request's total
time and, for queries, the query time (``Server-Timing``).

Request limits (:mod:`service.web.request_limits`) hold on every route: a request target
of at most 8190 bytes (414; longer queries go in a POST body), at most 100 header fields of
at most 8190 bytes each (431), and a head of at most 64 KiB, refused (431) by granian
before any of it reaches Python.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import sys
import tempfile

from granian import Granian
from granian.constants import HTTPModes, Interfaces, RuntimeModes
from granian.http import HTTP1Settings

from service.store.releases import store_root
from service.web.request_limits import HEAD_BUFFER
from service.worker_signals import block_around_forks

WORKER_STOP_SECONDS = 10
"""How long a stopping worker may finish the requests it has before it is killed."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve /sparql, the named queries and the pages with granian",
        description="Run the service with granian (a production HTTP server for WSGI apps): "
        "several worker processes answer from the published store release.",
    )
    parser.add_argument("--store", help="store root directory (default: $GKG_STORE or var/store)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument(
        "--threads",
        type=int,
        default=default_threads(),
        help="threads running the app per worker (default: 16, or 2 x CPUs + 1, at most 32)",
    )
    parser.add_argument("--query-timeout", type=float, help="seconds before a query is stopped")
    parser.add_argument("--backend", metavar="URL", help="answer from this SPARQL 1.1 endpoint")
    parser.add_argument(
        "--in-memory",
        action="store_true",
        help="each query process loads the release into memory (faster; more memory)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    os.environ["GKG_STORE"] = str(store_root(args.store).resolve())
    # The dataset description names the service's root URL; without a configured one it is
    # the address served, never a client's Host header (one set of dumps per data version).
    if not os.environ.get("GKG_PUBLIC_URL"):
        os.environ["GKG_PUBLIC_URL"] = public_url(args.host, args.port)
    if args.query_timeout is not None:
        os.environ["GKG_QUERY_TIMEOUT"] = str(args.query_timeout)
    if args.backend:
        os.environ["GKG_BACKEND_URL"] = args.backend
    if args.in_memory:
        os.environ["GKG_STORE_IN_MEMORY"] = "1"
    given_lock_dir = os.environ.get("GKG_LOCK_DIR")  # shared with other servers, kept
    lock_dir = given_lock_dir or tempfile.mkdtemp(prefix="gkg-slots-")
    os.environ["GKG_LOCK_DIR"] = lock_dir
    block_around_forks()  # a worker asked to stop while loading the app ends once loaded
    try:
        server(args.host, args.port, args.workers, args.threads).serve()
    finally:
        if not given_lock_dir:
            shutil.rmtree(lock_dir, ignore_errors=True)
    return 0


def server(host: str, port: int, workers: int, threads: int) -> Granian:
    """granian serving :mod:`service.wsgi` over HTTP/1.1, its workers respawned if they die
    (through :mod:`service.granian_app`: a worker asked to stop while loading ends once loaded)."""
    return Granian(
        "service.granian_app:app",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads,
        runtime_mode=RuntimeModes.st,
        http=HTTPModes.http1,
        http1_settings=HTTP1Settings(max_buffer_size=HEAD_BUFFER),
        websockets=False,
        respawn_failed_workers=True,
        workers_kill_timeout=WORKER_STOP_SECONDS,
    )


def default_threads(cpus: int | None = None) -> int:
    """Threads per worker: enough that concurrent requests wait in the app, where quick
    queries go first (:class:`service.sparql.limits.ConcurrencyLimiter`), rather than in
    granian's queue in order of arrival; threads waiting for a query slot sleep.

    >>> default_threads(2), default_threads(64)
    (16, 32)
    """
    return min(32, max(16, 2 * (cpus or os.cpu_count() or 1) + 1))


def public_url(host: str, port: int) -> str:
    """The root URL of a service listening on `host`:`port` (a wildcard: this machine's name).

    >>> public_url("127.0.0.1", 8000), public_url("::1", 8000)
    ('http://127.0.0.1:8000/', 'http://[::1]:8000/')
    """
    if host in ("", "0.0.0.0", "::"):
        host = socket.getfqdn()
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def main(argv: list[str] | None = None) -> int:
    """`python -m service.commands.serve ARGS` = `gkg serve ARGS`."""
    parser = argparse.ArgumentParser(prog="gkg")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["serve", *(sys.argv[1:] if argv is None else argv)])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
