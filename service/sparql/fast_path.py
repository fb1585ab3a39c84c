"""The common case of ``/sparql`` answered without Flask's request machinery.

Flask's request context, form parser, response object and after-request hooks cost about
0.3 CPU-ms a request: in one process over the benchmark mix, the whole app took 0.53–0.60
CPU-ms a request and the same steps called directly 0.20–0.25. :class:`SparqlFastPath` answers
a plain query request with the view's own steps: a ``GET /sparql`` whose URL parameters are one
``query`` and at most format parameters (``format``, ``output``, ``results``, as SPARQLWrapper
sends them), without a body; a ``POST /sparql`` without URL parameters whose body is one query
(a form with one ``query`` and at most format parameters, or an ``application/sparql-query``
body). It takes the view's own steps (:func:`service.sparql.endpoint.sparql`): the query slot,
the check, the format from the format parameters or ``Accept``,
:func:`~service.sparql.endpoint.run_checked` and the same headers (CORS, ``Vary``, the safety
headers). Every other request goes to Flask as it came. So does one on which the
fast path meets an error (a refused or malformed query, a busy or unavailable store, a time
limit, an unforeseen failure): the view raises the error the fast path hands over, so the
answer is the view's own (status, body, headers, log), and nothing waits for a slot or runs
again.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask

from service.sparql.endpoint import (
    CORS_HEADERS,
    FORM,
    PENDING_ERROR,
    SPARQL_QUERY,
    check_with_settings,
    get_limiter,
    run_checked,
)
from service.sparql.negotiation import FORMAT_PARAMETERS, choose_media_type
from service.sparql.query_check import CheckedUpdate
from service.sparql.slot_costs import query_shape
from service.text_cache import TextCache
from service.web.security_headers import HEADERS as SAFETY_HEADERS

Environ = dict[str, Any]
WSGIApp = Callable[[Environ, Callable], Iterable[bytes]]


class _NotOurs(Exception):
    """The request is one for the view after all (an update sent as ``query``)."""


class SparqlFastPath:
    """WSGI middleware: answer plain query requests to ``/sparql`` directly, all else via
    ``inner`` (the Flask app's own ``wsgi_app``)."""

    def __init__(self, app: Flask, inner: WSGIApp) -> None:
        self.app = app
        self.inner = inner

    def __call__(self, environ: Environ, start_response: Callable) -> Iterable[bytes]:
        asked = self._asked(environ)
        if asked is None:
            return self.inner(environ, start_response)
        try:
            with self.app.app_context():
                body, headers = self._answer(asked, environ.get("HTTP_ACCEPT"))
        except _NotOurs:
            return self.inner(environ, start_response)
        except Exception as error:  # noqa: BLE001 - the view raises it: its answer, its log
            environ[PENDING_ERROR] = error
            return self.inner(environ, start_response)
        start_response("200 OK", headers)
        return [body]

    def _asked(self, environ: Environ) -> Asked | None:
        """The query (and format parameters) of a plain query request to /sparql, or None for
        any other request.

        A POST's body, once read, is put back as ``wsgi.input`` for Flask to read again."""
        if environ.get("PATH_INFO") != "/sparql":
            return None
        method = environ.get("REQUEST_METHOD")
        length = environ.get("CONTENT_LENGTH", "")
        if method == "GET":
            url_fields = environ.get("QUERY_STRING", "")
            if environ.get("CONTENT_TYPE") or length not in ("", "0") or not url_fields:
                return None
            if len(url_fields) > int(self.app.config["GKG_MAX_BODY"]):
                return None  # the view's 413
            return _TEXTS.remembered(
                ("GET", url_fields), len(url_fields), lambda: url_query(url_fields)
            )
        if method != "POST" or environ.get("QUERY_STRING"):
            return None
        kind = environ.get("CONTENT_TYPE", "").strip().lower()
        if kind not in (FORM, SPARQL_QUERY) or not length.isdigit():
            return None
        size = int(length)
        if size > int(self.app.config["GKG_MAX_BODY"]):
            return None
        body = environ["wsgi.input"].read(size)
        environ["wsgi.input"] = io.BytesIO(body)
        return remembered_body_query(body, kind)

    def _answer(self, asked: Asked, accept: str | None) -> tuple[bytes, list[tuple[str, str]]]:
        """The view's steps for one query (in the app's context): body and headers."""
        config = self.app.config
        started = time.perf_counter()
        with get_limiter().slot(float(config["GKG_SLOT_WAIT"]), query_shape(asked.text)):
            waited = (time.perf_counter() - started) * 1000
            checked = check_with_settings(asked.text)
            if isinstance(checked, CheckedUpdate):
                raise _NotOurs
            media_type = choose_media_type(accept, checked.form, asked.formats)
            answered = run_checked(checked, media_type)
        headers = [
            ("Content-Type", answered.content_type),
            ("Content-Length", str(len(answered.body))),
            *answered.headers(waited).items(),
            *CORS_HEADERS.items(),
            ("Vary", "Accept"),
            *SAFETY_HEADERS.items(),
        ]
        return answered.body, headers


@dataclass(frozen=True)
class Asked:
    """A plain query request: its one query, and its format parameters in the order the view
    reads them (:data:`~service.sparql.negotiation.FORMAT_PARAMETERS`, then as sent)."""

    text: str
    formats: tuple[str, ...] = ()


def remembered_body_query(body: bytes, kind: str) -> Asked | None:
    """:func:`body_query`, remembered for form bodies (:data:`_TEXTS`).

    Decoding a form is Python work for every ``%`` escape: about 0.05 CPU-ms for a named
    query of 1,500 characters, of the 0.32–0.44 the whole app took a request in one process.
    A client sending the same query again, as a researcher's notebook or a page does, skips it.

    >>> body = b"query=ASK+%7B%7D"
    >>> remembered_body_query(body, FORM) == body_query(body, FORM) == Asked("ASK {}")
    True
    >>> _TEXTS.get((FORM, body))
    Asked(text='ASK {}', formats=())
    """
    if kind != FORM:
        return body_query(body, kind)
    return _TEXTS.remembered((kind, body), len(body), lambda: body_query(body, kind))


def body_query(body: bytes, kind: str) -> Asked | None:
    """The one query a POST body holds (a form's ``query`` with at most format parameters
    beside it, or a sparql-query body), as Flask would read it; None for anything else
    (other fields, several queries, bytes not UTF-8).

    >>> body_query(b"query=ASK+%7B%7D&format=json", "application/x-www-form-urlencoded")
    Asked(text='ASK {}', formats=('json',))
    >>> body_query(b"update=CLEAR+ALL", "application/x-www-form-urlencoded")
    >>> body_query("ASK { ?s ?p 'é' }".encode(), "application/sparql-query")
    Asked(text="ASK { ?s ?p 'é' }", formats=())
    """
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if kind == SPARQL_QUERY:
        return Asked(decoded)
    return _fields_query(decoded)


def url_query(url_fields: str) -> Asked | None:
    """The one query of a GET's URL parameters (``QUERY_STRING``, as WSGI gives it), with
    at most format parameters beside it, read as Flask reads ``request.args``; else None.

    >>> url_query("query=ASK%20%7B%7D&format=json&output=json&results=json")
    Asked(text='ASK {}', formats=('json', 'json', 'json'))
    >>> url_query("query=ASK%20%7B%7D&default-graph-uri=file%3A%2F%2F%2Fetc%2Fpasswd")
    """
    try:
        decoded = url_fields.encode("latin1").decode("utf-8")
    except UnicodeError:
        return None
    return _fields_query(decoded)


def _fields_query(decoded: str) -> Asked | None:
    # werkzeug's own call (formparser.FormDataParser._parse_urlencoded, Request.args)
    fields = parse_qsl(decoded, keep_blank_values=True, errors="werkzeug.url_quote")
    queries = [value for name, value in fields if name == "query"]
    if len(queries) != 1 or any(n != "query" and n not in FORMAT_PARAMETERS for n, _ in fields):
        return None
    formats = tuple(value for name in FORMAT_PARAMETERS for n, value in fields if n == name)
    return Asked(queries[0], formats)


_TEXTS = TextCache(max_chars=4 * 1024 * 1024, max_entry_chars=64 * 1024)
"""Form body or URL parameters -> what they ask (or None), within 4 MiB of them a process."""
