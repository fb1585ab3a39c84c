"""The common case of ``/sparql`` answered without Flask's request machinery.

Flask's request context, form parser, response object and after-request hooks cost about
0.3 CPU-ms a request: in one process over the benchmark mix, the whole app took 0.53–0.60
CPU-ms a request and the same steps called directly 0.20–0.25. :class:`SparqlFastPath` answers
a ``POST /sparql`` whose body is one query (a form whose only field is ``query``, or an
``application/sparql-query`` body) and which has no URL parameters, with the view's own steps
(:func:`service.sparql.endpoint.sparql`): the query slot, the check, the format from
``Accept``, :func:`~service.sparql.endpoint.run_checked` and the same headers (CORS, ``Vary``,
the safety headers). Every other request goes to Flask as it came. So does one on which the
fast path meets an error (a refused or malformed query, a busy or unavailable store, a time
limit, an unforeseen failure): the view raises the error the fast path hands over, so the
answer is the view's own (status, body, headers, log), and nothing waits for a slot or runs
again.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable
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
from service.sparql.negotiation import choose_media_type
from service.sparql.query_check import CheckedUpdate
from service.sparql.slot_costs import query_shape
from service.text_cache import TextCache
from service.web.security_headers import HEADERS as SAFETY_HEADERS

Environ = dict[str, Any]
WSGIApp = Callable[[Environ, Callable], Iterable[bytes]]


class _NotOurs(Exception):
    """The request is one for the view after all (an update sent as ``query``)."""


class SparqlFastPath:
    """WSGI middleware: answer plain query POSTs to ``/sparql`` directly, all else via ``inner``
    (the Flask app's own ``wsgi_app``)."""

    def __init__(self, app: Flask, inner: WSGIApp) -> None:
        self.app = app
        self.inner = inner

    def __call__(self, environ: Environ, start_response: Callable) -> Iterable[bytes]:
        text = self._query_text(environ)
        if text is None:
            return self.inner(environ, start_response)
        try:
            with self.app.app_context():
                body, headers = self._answer(text, environ.get("HTTP_ACCEPT"))
        except _NotOurs:
            return self.inner(environ, start_response)
        except Exception as error:  # noqa: BLE001 - the view raises it: its answer, its log
            environ[PENDING_ERROR] = error
            return self.inner(environ, start_response)
        start_response("200 OK", headers)
        return [body]

    def _query_text(self, environ: Environ) -> str | None:
        """The query of a plain query POST to /sparql, or None for any other request.

        The body, once read, is put back as ``wsgi.input`` for Flask to read again."""
        if (
            environ.get("PATH_INFO") != "/sparql"
            or environ.get("REQUEST_METHOD") != "POST"
            or environ.get("QUERY_STRING")
        ):
            return None
        kind = environ.get("CONTENT_TYPE", "").strip().lower()
        length = environ.get("CONTENT_LENGTH", "")
        if kind not in (FORM, SPARQL_QUERY) or not length.isdigit():
            return None
        size = int(length)
        if size > int(self.app.config["GKG_MAX_BODY"]):
            return None
        body = environ["wsgi.input"].read(size)
        environ["wsgi.input"] = io.BytesIO(body)
        return remembered_query_text(body, kind)

    def _answer(self, text: str, accept: str | None) -> tuple[bytes, list[tuple[str, str]]]:
        """The view's steps for one query (in the app's context): body and headers."""
        config = self.app.config
        asked = time.perf_counter()
        with get_limiter().slot(float(config["GKG_SLOT_WAIT"]), query_shape(text)):
            waited = (time.perf_counter() - asked) * 1000
            checked = check_with_settings(text)
            if isinstance(checked, CheckedUpdate):
                raise _NotOurs
            answered = run_checked(checked, choose_media_type(accept, checked.form))
        headers = [
            ("Content-Type", answered.content_type),
            ("Content-Length", str(len(answered.body))),
            *answered.headers(waited).items(),
            *CORS_HEADERS.items(),
            ("Vary", "Accept"),
            *SAFETY_HEADERS.items(),
        ]
        return answered.body, headers


def remembered_query_text(body: bytes, kind: str) -> str | None:
    """:func:`query_text`, remembered for form bodies (:data:`_FORM_TEXTS`).

    Decoding a form is Python work for every ``%`` escape: about 0.05 CPU-ms for a named
    query of 1,500 characters, of the 0.32–0.44 the whole app took a request in one process.
    A client sending the same query again, as a researcher's notebook or a page does, skips it.

    >>> body = b"query=ASK+%7B%7D"
    >>> remembered_query_text(body, FORM) == query_text(body, FORM) == "ASK {}"
    True
    >>> _FORM_TEXTS.get((FORM, body))
    'ASK {}'
    """
    if kind != FORM:
        return query_text(body, kind)
    return _FORM_TEXTS.remembered((kind, body), len(body), lambda: query_text(body, kind))


def query_text(body: bytes, kind: str) -> str | None:
    """The one query a body holds (a form's only field ``query``, or a sparql-query body), as
    Flask would read it; None for anything else (other fields, several, bytes not UTF-8).

    >>> query_text(b"query=ASK+%7B%7D", "application/x-www-form-urlencoded")
    'ASK {}'
    >>> query_text(b"query=ASK+%7B%7D&format=json", "application/x-www-form-urlencoded")
    >>> query_text(b"update=CLEAR+ALL", "application/x-www-form-urlencoded")
    >>> query_text("ASK { ?s ?p 'é' }".encode(), "application/sparql-query")
    "ASK { ?s ?p 'é' }"
    """
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if kind == SPARQL_QUERY:
        return decoded
    # werkzeug's own call (formparser.FormDataParser._parse_urlencoded)
    fields = parse_qsl(decoded, keep_blank_values=True, errors="werkzeug.url_quote")
    if len(fields) != 1 or fields[0][0] != "query":
        return None
    return fields[0][1]


_FORM_TEXTS = TextCache(max_chars=4 * 1024 * 1024, max_entry_chars=64 * 1024)
"""Form body -> its query text (or None), within 4 MiB of bodies a web process."""
