"""Running read queries from the app's own code (named queries, pages) through the backend.

Applies the same checks and limits as `/sparql`: the query is checked
(service.query_check) and run by the app's backend with the configured timeout
and row cap.  `select_rows` returns SPARQL JSON bindings as plain dicts.
"""

from __future__ import annotations

import json
from typing import Any

from flask import current_app

from .app import get_backend
from .backends import SPARQL_JSON, BackendResult
from .binding import bind_values
from .query_check import CheckedQuery, QueryRefused, check_query


def run_query(
    text: str, media_type: str, bindings: dict[str, str] | None = None
) -> tuple[CheckedQuery, BackendResult]:
    """Check `text` and run it with the app's limits; errors are service.backends' errors.

    `bindings` maps variable names to RDF terms (N-Triples syntax) bound as a VALUES block.
    """
    config = current_app.config
    checked = check_query(bind_values(text, bindings or {}), config["GKG_SERVICE_ALLOWLIST"])
    if not isinstance(checked, CheckedQuery):
        raise QueryRefused("only read queries can be run here")
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
