"""Running read queries from the app's own code (named queries, pages) through the backend.

Applies the same checks and limits as `/sparql`: the query takes one of the
GKG_MAX_CONCURRENT query slots shared by all server processes (service.sparql.limits; waiting
up to GKG_SLOT_WAIT, then service.sparql.limits.TooBusy), and is run by the app's backend with
the configured timeout and row cap.  The query text is the app's own: it is checked
(service.sparql.query_check) as written, once per text (the check is cached), and the request's
values are then bound as RDF terms by service.queries.binding, which admits nothing but single
valid terms into a VALUES block, so the bound query does what the checked one does.
Pages thus never wait for rdflib's parser (one parse at a time per process) behind a
large /sparql query.  `select_rows` returns SPARQL JSON bindings as plain dicts.

Pages turn the errors into the error page with :func:`error_page`: 504 when the time
limit was reached, 503 (with Retry-After) when every slot is busy or the store is
unavailable.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from flask import Response, current_app, jsonify, render_template, request

from service.queries.binding import bind_values
from service.sparql.endpoint import get_limiter
from service.sparql.limits import RETRY_AFTER_SECONDS, TooBusy
from service.sparql.query_check import CheckedQuery, QueryRefused, check_query
from service.sparql.slot_costs import query_shape
from service.store.backends import (
    SPARQL_JSON,
    BackendError,
    BackendResult,
    BackendUnavailable,
    QueryTimeout,
    get_backend,
)
from service.store.public_errors import redact_paths

UNAVAILABLE_RETRY_SECONDS = 5


def run_query(
    text: str, media_type: str, bindings: dict[str, str] | None = None
) -> tuple[CheckedQuery, BackendResult]:
    """Check `text` and run it within the app's limits.

    Errors are service.store.backends' errors, service.sparql.limits.TooBusy,
    service.queries.binding.TermError or service.sparql.query_check.QueryError.

    `bindings` maps variable names to RDF terms (N-Triples syntax) bound as a VALUES block.
    """
    config = current_app.config
    local = not config.get("GKG_BACKEND_URL")  # Oxigraph: VALUES in inner groups as well
    bound = bind_values(text, bindings or {}, inner=local)  # refuses anything but valid terms
    with get_limiter().slot(float(config["GKG_SLOT_WAIT"]), query_shape(text)):
        template = check_query(text, config["GKG_SERVICE_ALLOWLIST"])
        if not isinstance(template, CheckedQuery):
            raise QueryRefused("only read queries can be run here")
        if template.services:  # allow-listed federation: check the text that will run
            checked = check_query(bound, config["GKG_SERVICE_ALLOWLIST"])
        else:
            checked = replace(template, text=bound)
        result = get_backend().execute(
            checked,
            media_type,
            timeout=float(config["GKG_QUERY_TIMEOUT"]),
            row_cap=int(config["GKG_ROW_CAP"]),
        )
    return checked, result


def select_rows(text: str, bindings: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The solutions of a SELECT query as a list of {variable: {type, value, ...}}."""
    _, result = run_query(text, SPARQL_JSON, bindings)
    return json.loads(result.body)["results"]["bindings"]


def values(rows: list[dict[str, Any]], variable: str) -> list[str]:
    """The values of one variable across rows (unbound ones skipped)."""
    return [row[variable]["value"] for row in rows if variable in row]


def failure_status(error: BackendError | TooBusy) -> tuple[int, dict[str, str]]:
    """HTTP status and headers for a query that could not be answered.

    504 for the time limit; 503 with Retry-After for busy slots or an unavailable
    store; 503 for any other backend failure.
    """
    if isinstance(error, QueryTimeout):
        return 504, {}
    if isinstance(error, TooBusy):
        return 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if isinstance(error, BackendUnavailable):
        return 503, {"Retry-After": str(UNAVAILABLE_RETRY_SECONDS)}
    return 503, {}


def error_page(error: BackendError | TooBusy) -> Response:
    """The answer for a route whose query failed, with the status of the failure: JSON for
    the APIs and clients that prefer it, else the HTML error page; never a server path."""
    status, headers = failure_status(error)
    message = redact_paths(str(error))
    wanted = request.accept_mimetypes.best_match(["text/html", "application/json"])
    if request.path.startswith("/api/") or wanted == "application/json":
        response = jsonify(error=message)
        response.status_code = status
    else:
        response = Response(render_template("error.html", message=message), status=status)
    response.headers.update(headers)
    return response
