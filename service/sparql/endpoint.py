"""The SPARQL 1.1 Protocol endpoint at ``/sparql``: read-only, checked, limited.

    GET  /sparql?query=...                         query in the URL
    POST /sparql  (application/x-www-form-urlencoded)  query=... or update=...
    POST /sparql  (application/sparql-query)       the query is the body
    GET  /sparql                                   the Service Description (HTML for browsers)

Every query is checked first (:mod:`service.sparql.query_check`, a linear pass over the
text): updates, LOAD, FROM/FROM NAMED and SERVICE outside the allow-list are
refused, and so is a text over GKG_MAX_QUERY_BYTES or nested deeper than
GKG_MAX_QUERY_DEPTH, before anything runs. The query engine parses it in the
killable query process, within the time limit. The answer format comes from
``Accept`` or SPARQLWrapper's ``format``/``output``/``results`` parameters
(:mod:`service.sparql.negotiation`); the answer from the app's backend
(:func:`service.store.backends.get_backend`) within the time limit, row cap and concurrency
cap (:mod:`service.sparql.limits`).

One operation per request: two ``query`` (or ``update``) parameters, or a query and
an update together, are a 400, as is a POST body without a ``Content-Type``; a body
declared in another charset than UTF-8 is a 415, a query body that is not valid
UTF-8 a 400.

Errors: 400 malformed (message with line and column), 403 refused, 406 no
acceptable format, 413 body or query too large, 415 unknown body type or charset,
503 busy (``Retry-After``) or store unavailable, 504 time limit reached. The error
body is JSON (``{"error": {"status", "message", "line", "column"}}``) when the
client prefers JSON, else plain text.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import time
from dataclasses import dataclass
from html import escape
from pathlib import Path

from flask import Blueprint, Response, current_app, g, request

from service.sparql import limits
from service.sparql.negotiation import (
    FORMAT_PARAMETERS,
    HTML,
    NotAcceptable,
    choose_media_type,
    choose_page_type,
    parse_accept,
    quality,
)
from service.sparql.query_check import (
    CheckedQuery,
    CheckedUpdate,
    QueryError,
    QueryRefused,
    QuerySyntaxError,
    QueryTooLarge,
    UpdateRefused,
    check_query,
)
from service.sparql.service_description import (
    GRAPH_NAMES_QUERY,
    describe_service,
    serialize_description,
)
from service.sparql.slot_costs import query_shape
from service.store.backends import (
    SPARQL_JSON,
    BackendError,
    BackendUnavailable,
    MalformedQuery,
    QueryTimeout,
    RefusedQuery,
    get_backend,
)

bp = Blueprint("sparql", __name__)
QUERY_LOG = logging.getLogger("gkg.query")
REFUSAL_LOG = logging.getLogger("gkg.refusal")

FORM = "application/x-www-form-urlencoded"
PENDING_ERROR = "gkg.sparql.pending_error"
"""WSGI environ key: an error the fast path met, for this view to answer as its own."""
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
DATASET_PARAMETERS = (
    "default-graph-uri",
    "named-graph-uri",
    "using-graph-uri",
    "using-named-graph-uri",
)
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": ", ".join(
        [limits.TRUNCATED_HEADER, limits.ROW_CAP_HEADER, "Server-Timing"]
    ),
}


class ProtocolError(Exception):
    """A request the protocol cannot serve, with its HTTP status."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"], provide_automatic_options=False)
def sparql() -> Response:
    """Answer one SPARQL Protocol request."""
    if request.method == "OPTIONS":
        return preflight()
    try:
        pending = request.environ.get(PENDING_ERROR)
        if pending is not None:  # met by the fast path (service.sparql.fast_path): report it
            raise pending
        limits.check_query_string(request.query_string, current_app.config["GKG_MAX_BODY"])
        text, is_update = read_operation()
        if text is None:
            if request.method not in ("GET", "HEAD"):
                raise ProtocolError(400, "Missing query: send query=... or a sparql-query body")
            return service_description()
        refuse_dataset_parameters()
        config = current_app.config
        asked = time.perf_counter()
        with get_limiter().slot(float(config["GKG_SLOT_WAIT"]), query_shape(text)):
            g.slot_wait_ms = (time.perf_counter() - asked) * 1000
            # checking a large query takes time too: it counts against the cap
            checked = check_with_settings(text)
            if is_update or isinstance(checked, CheckedUpdate):
                return update(checked)
            return answer(checked)
    except limits.TooBusy as error:
        headers = {"Retry-After": str(limits.RETRY_AFTER_SECONDS)}
        return _refused(503, str(error), headers=headers)
    except QueryError as error:
        return _refused(_status(error), error.message, error.line, error.column)
    except NotAcceptable as error:
        return _refused(406, str(error))
    except ProtocolError as error:
        return _refused(error.status, str(error), headers=error.headers)


def check_with_settings(text: str) -> CheckedQuery | CheckedUpdate:
    """:func:`check_query` with the app's allow-list and size and depth limits."""
    config = current_app.config
    return check_query(
        text,
        config["GKG_SERVICE_ALLOWLIST"],
        max_bytes=int(config["GKG_MAX_QUERY_BYTES"]),
        max_depth=int(config["GKG_MAX_QUERY_DEPTH"]),
    )


def _refused(
    status: int,
    message: str,
    line: int | None = None,
    column: int | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The error response, logged as a refusal (gkg.refusal) with its status and reason."""
    fields = {"status": status, "reason": message, "method": request.method}
    REFUSAL_LOG.warning("request refused", extra={"fields": fields})
    return error_response(status, message, line, column, headers)


def read_operation() -> tuple[str | None, bool]:
    """The query or update text of the request, and whether it was sent as an update.

    Exactly one operation per request: more than one ``query`` or ``update`` value (URL,
    form or body together), or both kinds at once, is a 400.
    """
    queries = request.args.getlist("query")
    updates = request.args.getlist("update")
    if request.method in ("GET", "HEAD"):
        if updates:
            raise ProtocolError(405, "Updates must be sent with POST", {"Allow": "POST"})
    else:
        mimetype = request.mimetype
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise ProtocolError(415, f"The body must be UTF-8 encoded, not {charset}")
        if mimetype in (SPARQL_QUERY, SPARQL_UPDATE):
            (queries if mimetype == SPARQL_QUERY else updates).append(_body_text())
        elif mimetype in (FORM, "multipart/form-data"):
            queries += request.form.getlist("query")
            updates += request.form.getlist("update")
        elif mimetype or request.content_length:
            if not mimetype:
                raise ProtocolError(
                    400, f"The request body has no Content-Type: use {SPARQL_QUERY} or {FORM}"
                )
            raise ProtocolError(
                415, f"Unsupported body type {mimetype}: use {SPARQL_QUERY} or {FORM}"
            )
    if len(queries) > 1 or len(updates) > 1:
        raise ProtocolError(400, "Send one query or one update per request, not several")
    if queries and updates:
        raise ProtocolError(400, "Send a query or an update, not both")
    if updates:
        return updates[0], True
    return (queries[0] if queries else None), False


def _body_text() -> str:
    """A sparql-query or sparql-update body as text: UTF-8 only (SPARQL 1.1 Protocol)."""
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(400, f"The body is not valid UTF-8 (byte {error.start})") from None


def refuse_dataset_parameters() -> None:
    """default-graph-uri / named-graph-uri would name outside data: refuse them like FROM."""
    for name in DATASET_PARAMETERS:
        if request.values.get(name):
            raise QueryRefused(
                f"The {name} parameter is not allowed: this endpoint queries only its own data"
            )


def answer(checked: CheckedQuery) -> Response:
    """Run a checked query (the caller holds a query slot); return its serialized answer."""
    media_type = choose_media_type(
        request.headers.get("Accept"), checked.form, _format_parameters()
    )
    answered = run_checked(checked, media_type)
    response = Response(answered.body, content_type=answered.content_type)
    response.headers.update(answered.headers(g.get("slot_wait_ms", 0.0)))
    return response


@dataclass(frozen=True)
class Answered:
    """A query's answer as the endpoint sends it: body, type and what the headers say."""

    body: bytes
    content_type: str
    query_ms: float
    truncation_headers: dict[str, str]

    def headers(self, slot_wait_ms: float) -> dict[str, str]:
        """``Server-Timing`` (the wait for a slot and the query) and any truncation headers."""
        timing = f"slot;dur={slot_wait_ms:.1f},query;dur={self.query_ms:.1f}"
        return {"Server-Timing": timing, **self.truncation_headers}


def run_checked(checked: CheckedQuery, media_type: str) -> Answered:
    """Run a checked query on the app's backend (the caller holds a query slot), logged as
    answered; backend failures become the endpoint's errors (504, 503, 403, 400)."""
    config = current_app.config
    row_cap = int(config["GKG_ROW_CAP"])
    started = time.perf_counter()
    try:
        result = get_backend().execute(
            checked, media_type, timeout=float(config["GKG_QUERY_TIMEOUT"]), row_cap=row_cap
        )
    except QueryTimeout as error:
        raise ProtocolError(504, str(error)) from None
    except BackendUnavailable as error:
        raise ProtocolError(503, str(error), {"Retry-After": "5"}) from None
    except RefusedQuery as error:
        raise QueryRefused(error.message, error.line, error.column) from None
    except MalformedQuery as error:
        raise QuerySyntaxError(error.message, error.line, error.column) from None
    except BackendError as error:
        raise ProtocolError(400, str(error)) from None
    elapsed = (time.perf_counter() - started) * 1000
    fields = {
        "form": checked.form,
        "ms": round(elapsed, 1),
        "bytes": len(result.body),
        "truncated": result.truncated,
        "media_type": media_type,
    }
    QUERY_LOG.info("query answered", extra={"fields": fields})
    if not result.truncated:
        return Answered(result.body, result.content_type, elapsed, {})
    body = limits.mark_truncated(result.body, media_type, row_cap)
    return Answered(body, result.content_type, elapsed, limits.truncation_headers(row_cap))


def update(checked: CheckedQuery | CheckedUpdate) -> Response:
    """Updates are refused unless GKG_UPDATE_TOKEN is set and sent as a Bearer token."""
    token = current_app.config.get("GKG_UPDATE_TOKEN")
    if not token:
        raise UpdateRefused("Updates are disabled: this endpoint is read-only")
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise UpdateRefused("Updates need the update token as 'Authorization: Bearer <token>'")
    if not isinstance(checked, CheckedUpdate):
        raise QuerySyntaxError("An update was expected but a query was sent")
    backend = get_backend()
    if not hasattr(backend, "update"):
        raise UpdateRefused("This backend is read-only: publish new data with 'gkg build'")
    try:
        backend.update(checked, timeout=float(current_app.config["GKG_QUERY_TIMEOUT"]))
    except QueryTimeout as error:
        raise ProtocolError(504, str(error)) from None
    except BackendError as error:
        raise ProtocolError(400, str(error)) from None
    return Response(status=204)


def service_description() -> Response:
    """The Service Description as RDF, or the query page for a browser."""
    media_type = choose_page_type(request.headers.get("Accept"))
    if media_type == HTML:
        return Response(_query_page(), mimetype=HTML)
    backend = get_backend()
    version = backend.data_version()
    graph = describe_service(
        request.base_url,
        named_graphs(backend, version),
        federated=bool(current_app.config["GKG_SERVICE_ALLOWLIST"]),
        updates=bool(current_app.config.get("GKG_UPDATE_TOKEN")),
        data_version=version,
    )
    content_type = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
    return Response(serialize_description(graph, media_type), content_type=content_type)


def named_graphs(backend, version: str) -> list[str]:  # noqa: ANN001 - a Backend
    """The store's named graphs, asked once per data version."""
    cache = current_app.extensions.setdefault("gkg.named_graphs", {})
    if version not in cache:
        try:
            result = backend.execute(
                check_query(GRAPH_NAMES_QUERY), SPARQL_JSON, timeout=10.0, row_cap=1000
            )
        except BackendError:
            return []
        bindings = json.loads(result.body)["results"]["bindings"]
        cache.clear()
        cache[version] = [row["g"]["value"] for row in bindings if "g" in row]
    return cache[version]


def preflight() -> Response:
    """CORS preflight: reads from any origin, without credentials."""
    response = Response(status=204)
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


@bp.after_request
def add_protocol_headers(response: Response) -> Response:
    """CORS for reads and ``Vary: Accept`` on every /sparql response."""
    if request.endpoint == "sparql.sparql":
        response.headers.update(CORS_HEADERS)
        response.vary.add("Accept")
    return response


def error_response(
    status: int,
    message: str,
    line: int | None = None,
    column: int | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """An error as JSON when the client prefers JSON, else as plain text."""
    ranges = parse_accept(request.headers.get("Accept"))
    wants_json = max(quality(ranges, "application/json"), quality(ranges, SPARQL_JSON)) > quality(
        ranges, "text/plain"
    )
    if wants_json:
        error = {"status": status, "message": message, "line": line, "column": column}
        response = current_app.json.response({"error": error})
        response.status_code = status
    else:
        where = f" (line {line}, column {column})" if line is not None else ""
        response = Response(f"{message}{where}\n", status=status, mimetype="text/plain")
    response.headers.update(headers or {})
    return response


def get_limiter() -> limits.ConcurrencyLimiter:
    """The app's concurrency limiter (slots shared by processes via GKG_LOCK_DIR)."""
    limiter = current_app.extensions.get("gkg.limiter")
    if limiter is None:
        lock_dir = current_app.config.get("GKG_LOCK_DIR") or os.environ.get("GKG_LOCK_DIR")
        limiter = limits.ConcurrencyLimiter(
            current_app.config["GKG_MAX_CONCURRENT"], Path(lock_dir) if lock_dir else None
        )
        current_app.extensions["gkg.limiter"] = limiter
    return limiter


def _format_parameters() -> list[str]:
    return [value for name in FORMAT_PARAMETERS for value in request.values.getlist(name)]


def _status(error: QueryError) -> int:
    if isinstance(error, QueryTooLarge):
        return 413
    return 400 if isinstance(error, QuerySyntaxError) else 403


def _query_page() -> str:
    """The query editor (service.web.editor) for a browser; a plain form if the editor is absent."""
    if "editor" in current_app.blueprints:
        from service.web.editor import render_editor

        return render_editor(request.args.get("query"))
    return QUERY_PAGE.format(endpoint=escape(request.base_url))


QUERY_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SPARQL endpoint</title></head>
<body><h1>SPARQL endpoint</h1>
<p>Send SPARQL 1.1 queries to <code>{endpoint}</code> (GET or POST).</p>
<form method="get" action="{endpoint}">
<textarea name="query" rows="12" cols="80">SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT 10</textarea>
<p><button type="submit">Run query</button></p></form></body></html>
"""
