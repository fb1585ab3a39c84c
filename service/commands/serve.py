"""`gkg serve`: the service under gunicorn, several workers over the one on-disk store.

    gkg serve --store var/store --host 127.0.0.1 --port 8000 --workers 2 --query-timeout 30

Options become GKG_* environment variables read by every worker's
:func:`service.app.create_app`. The workers share one directory of query-slot
locks (GKG_LOCK_DIR; a new one unless set), so GKG_MAX_CONCURRENT caps queries across
all of them.
``--in-memory`` (GKG_STORE_IN_MEMORY) has each query process answer from an
in-memory copy of the release.
The access log (standard output) gives each request's total time and, for
queries, the query time (``Server-Timing``).

gunicorn's request limits hold on every route: a request line (method, URL, version)
of at most 8190 bytes (a longer one is answered 414 before the app sees it), at most
100 header fields of at most 8190 bytes each (431). Longer queries go in a POST body.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import sys
import tempfile
from typing import Any

from gunicorn.app.base import BaseApplication

from service.store.releases import store_root

REQUEST_LIMITS = {
    "limit_request_line": 8190,  # gunicorn's largest; 0 would mean unlimited
    "limit_request_fields": 100,
    "limit_request_field_size": 8190,
}
ACCESS_LOG_FORMAT = (
    '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s bytes %(M)sms %({server-timing}o)s pid=%(p)s "%(a)s"'
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve /sparql, the named queries and the pages with gunicorn",
        description="Run the service with gunicorn (a production WSGI server): several "
        "worker processes answer from the published store release.",
    )
    parser.add_argument("--store", help="store root directory (default: $GKG_STORE or var/store)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
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
    timeout = float(os.environ.get("GKG_QUERY_TIMEOUT") or 30)
    given_lock_dir = os.environ.get("GKG_LOCK_DIR")  # shared with other servers, kept
    lock_dir = given_lock_dir or tempfile.mkdtemp(prefix="gkg-slots-")
    os.environ["GKG_LOCK_DIR"] = lock_dir
    options = {
        "bind": f"{args.host}:{args.port}",
        "workers": args.workers,
        "worker_class": "gthread",
        "threads": args.threads,
        "timeout": int(timeout) + 30,
        "graceful_timeout": 10,
        **REQUEST_LIMITS,
        "accesslog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "proc_name": "gkg-serve",
    }
    master = os.getpid()
    try:
        GunicornService(options).run()
    finally:
        if os.getpid() == master and not given_lock_dir:  # workers leave through here too
            shutil.rmtree(lock_dir, ignore_errors=True)
    return 0


def public_url(host: str, port: int) -> str:
    """The root URL of a service listening on `host`:`port` (a wildcard: this machine's name).

    >>> public_url("127.0.0.1", 8000), public_url("::1", 8000)
    ('http://127.0.0.1:8000/', 'http://[::1]:8000/')
    """
    if host in ("", "0.0.0.0", "::"):
        host = socket.getfqdn()
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


class GunicornService(BaseApplication):
    """gunicorn configured from a dict, loading :mod:`service.wsgi` in each worker."""

    def __init__(self, options: dict[str, Any]):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):  # noqa: ANN201 - a WSGI application
        from service.wsgi import app

        return app


def main(argv: list[str] | None = None) -> int:
    """`python -m service.commands.serve ARGS` = `gkg serve ARGS`."""
    parser = argparse.ArgumentParser(prog="gkg")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["serve", *(sys.argv[1:] if argv is None else argv)])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
