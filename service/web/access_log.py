r"""The access log: one line per request on standard output, written when its answer is sent.

    127.0.0.1 [06/Dec/2026:03:01:31 +0000] "GET /sparql" 200 1520 bytes 3ms query;dur=1.9 pid=42 "-"

Fields: client address, time the request arrived, method and path (never the query
string, which may hold a long query), status, body bytes (``-`` when not declared),
milliseconds until the answer was sent, the ``Server-Timing`` header (``-`` if none: queries
give their time there), the worker's process id and the User-Agent.

    >>> access_line({"REMOTE_ADDR": "::1", "REQUEST_METHOD": "GET", "PATH_INFO": "/healthz"},
    ...     "200 OK", [("Content-Length", "15")], 0.0, 0.0021, 7)
    '::1 [01/Jan/1970:00:00:00 +0000] "GET /healthz" 200 15 bytes 2ms - pid=7 "-"'

Control characters, quotes and backslashes of the path and User-Agent are written as
``\xNN``, so a request cannot start a line of its own or end a field early:

    >>> escaped('/person/x\n1.2.3.4 [...] "GET /admin"')
    '/person/x\\x0a1.2.3.4 [...] \\x22GET /admin\\x22'
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from werkzeug.wsgi import ClosingIterator

Environ = dict[str, Any]
Headers = list[tuple[str, str]]
LOGGER = "gkg.access"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\]')


def escaped(text: str) -> str:
    r"""``text`` with control characters, ``"`` and ``\`` written as ``\xNN``."""
    return _UNSAFE.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def access_line(
    environ: Environ, status: str, headers: Headers, arrived: float, seconds: float, pid: int
) -> str:
    """The access-log line of one request (``arrived``: its UNIX time)."""
    wanted = {"content-length": "-", "server-timing": "-"}
    for name, value in headers:
        if name.lower() in wanted:
            wanted[name.lower()] = value
    when = time.strftime("[%d/%b/%Y:%H:%M:%S +0000]", time.gmtime(arrived))
    request = f"{environ.get('REQUEST_METHOD', '-')} {escaped(environ.get('PATH_INFO', ''))}"
    agent = escaped(environ.get("HTTP_USER_AGENT", "-"))
    return (
        f'{environ.get("REMOTE_ADDR", "-")} {when} "{request}" {status.split(" ", 1)[0]} '
        f"{wanted['content-length']} bytes {round(seconds * 1000)}ms {wanted['server-timing']} "
        f'pid={pid} "{agent}"'
    )


def access_logger(stream: TextIO | None = None) -> logging.Logger:
    """The ``gkg.access`` logger, writing bare lines to `stream` (standard output)."""
    logger = logging.getLogger(LOGGER)
    if not logger.handlers:
        handler = logging.StreamHandler(stream or sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


class AccessLog:
    """WSGI middleware: log each request once its answer has been sent (or abandoned)."""

    def __init__(self, app: Callable[[Environ, Callable], Iterable[bytes]]) -> None:
        self.app = app
        self.logger = access_logger()

    def __call__(self, environ: Environ, start_response: Callable) -> Iterable[bytes]:
        arrived, started = time.time(), time.perf_counter()
        answer: list[Any] = ["500 Internal Server Error", []]

        def start(status: str, headers: Headers, exc_info: Any = None) -> Any:
            answer[:] = [status, headers]
            return start_response(status, headers, exc_info)

        def write() -> None:
            seconds = time.perf_counter() - started
            line = access_line(environ, answer[0], answer[1], arrived, seconds, os.getpid())
            self.logger.info(line)

        return ClosingIterator(self.app(environ, start), write)
