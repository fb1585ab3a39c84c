"""Limits on a request's head, on every route and under any WSGI server.

- the request target (path and query string, as sent) at most :data:`MAX_TARGET` bytes: 414;
  a longer query goes in a POST body;
- at most :data:`MAX_FIELDS` header fields, each (``Name: value``) at most
  :data:`MAX_FIELD` bytes: 431.

``gkg serve`` also has the HTTP server refuse a head (request line and header fields
together) over :data:`HEAD_BUFFER` bytes with 431 before any of it reaches Python, so a
50 MB URL costs no memory.

    >>> target_length({"RAW_URI": "/sparql?query=ASK%7B%7D"})
    23
    >>> target_length({"PATH_INFO": "/a b", "QUERY_STRING": "x=1"})
    10
    >>> refusal({"PATH_INFO": "/", "HTTP_X_PAD": "x" * MAX_FIELD})[0]
    '431 Request Header Fields Too Large'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

MAX_TARGET = 8190
MAX_FIELD = 8190
MAX_FIELDS = 100
HEAD_BUFFER = 64 * 1024
"""The HTTP server's buffer for a request's head: at least a request line and one field at
their limits, with room for the other fields a client usually sends."""
_UNPREFIXED = ("CONTENT_TYPE", "CONTENT_LENGTH")

Environ = dict[str, Any]


def target_length(environ: Environ) -> int:
    """Bytes of the request target as sent (re-quoted from the path when the server keeps no
    raw copy)."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        return len(raw)
    path = quote(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""), safe="/;=,")
    query = environ.get("QUERY_STRING", "")
    return len(path) + (len(query) + 1 if query else 0)


def refusal(environ: Environ) -> tuple[str, str] | None:
    """The status line and message a request's head is refused with, or None."""
    if target_length(environ) > MAX_TARGET:
        return (
            "414 URI Too Long",
            f"The request target is longer than {MAX_TARGET} bytes: send a long query as a "
            "POST body",
        )
    fields = 0
    for key, value in environ.items():
        if key.startswith("HTTP_") or key in _UNPREFIXED:
            fields += 1
            name = len(key) - 5 if key.startswith("HTTP_") else len(key)
            if name + 2 + len(value) > MAX_FIELD:
                return (
                    "431 Request Header Fields Too Large",
                    f"A header field is longer than {MAX_FIELD} bytes",
                )
    if fields > MAX_FIELDS:
        return (
            "431 Request Header Fields Too Large",
            f"The request has more than {MAX_FIELDS} header fields",
        )
    return None


class RequestLimits:
    """WSGI middleware: refuse a request whose head is over the limits, before the app runs."""

    def __init__(self, app: Callable[[Environ, Callable], Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: Environ, start_response: Callable) -> Iterable[bytes]:
        refused = refusal(environ)
        if refused is None:
            return self.app(environ, start_response)
        status, message = refused
        body = (message + "\n").encode()
        headers = [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Connection", "close"),
        ]
        start_response(status, headers)
        return [body]
