"""The named-query API: `/api/queries` and `/api/queries/<name>[.json|.csv]`.

The library (`queries/*.rq`, or the folder GKG_QUERIES_DIR names; see
service.queries.library) is read once when the app is made; a malformed file stops the
service from starting.  Parameters
come from the query string and are bound as RDF terms.

Errors (JSON `{"error": ...}`): 400 a parameter is missing, malformed or not a valid RDF
term; 404 no such query; 406 no acceptable format; 503 (with Retry-After) every query
slot is busy or no release is published / the store cannot answer; 504 time limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request, url_for

from service.queries.binding import TermError
from service.queries.library import NamedQuery, Parameter, ParameterError, load_library
from service.sparql.limits import TooBusy
from service.sparql.negotiation import NotAcceptable, negotiate
from service.sparql.query_check import QueryError
from service.sparql.querying import failure_status, run_query
from service.store.backends import (
    CSV,
    GRAPH_MEDIA_TYPES,
    SPARQL_JSON,
    TSV,
    BackendError,
    QueryFailed,
)

SUFFIXES = {"json": SPARQL_JSON, "csv": CSV, "tsv": TSV}
RESULT_ALIASES = {
    SPARQL_JSON: SPARQL_JSON,
    "application/json": SPARQL_JSON,
    CSV: CSV,
    TSV: TSV,
    "text/html": SPARQL_JSON,
}


def make_blueprint(library: dict[str, NamedQuery] | None = None) -> Blueprint:
    """A blueprint serving `library` (default: every file in queries/)."""
    queries = load_library() if library is None else library
    blueprint = Blueprint("named_queries", __name__, url_prefix="/api/queries")

    @blueprint.get("")
    def index() -> Response:
        return jsonify([describe(query) for query in queries.values()])

    @blueprint.get("/<name>")
    def run(name: str) -> Response:
        base, _, suffix = name.partition(".")
        query = queries.get(base)
        if query is None:
            abort(404, description=f"no named query '{base}'")
        try:
            media_type = _media_type(query, suffix)
            bindings = query.bind(_with_names_resolved(query, request.args.to_dict()))
            _, result = run_query(query.sparql, media_type, bindings)
        except ParameterError as error:
            return _error(400, str(error), parameter=error.name)
        except TermError as error:
            return _error(400, str(error), **({"parameter": error.name} if error.name else {}))
        except NotAcceptable as error:
            return _error(406, str(error))
        except (QueryError, QueryFailed) as error:
            return _error(400, str(error))
        except (BackendError, TooBusy) as error:  # 504 time limit, else 503
            status, headers = failure_status(error)
            response = _error(status, str(error))
            response.headers.update(headers)
            return response
        response = Response(result.body, content_type=result.content_type)
        response.headers["Vary"] = "Accept"
        if result.truncated:
            response.headers["X-GKG-Truncated"] = "true"
        return response

    return blueprint


def describe(query: NamedQuery) -> dict:
    """A query's metadata with links to run it and to open it in the editor."""
    return {
        "name": query.name,
        "summary": query.summary,
        "description": query.description,
        "tags": list(query.tags),
        "params": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "default": p.default,
                "example": p.example,
                "allowed": list(p.allowed),
                "description": p.description,
                **_lookup(p),
            }
            for p in query.params
        ],
        "url": url_for("named_queries.run", name=query.name, _external=False),
        "sparql": query.sparql,
    }


def _with_names_resolved(query: NamedQuery, values: dict[str, str]) -> dict[str, str]:
    """IRI parameters given by name (`module=6.1`) as IRIs (service.queries.names)."""
    from service.queries.names import names_given, resolve_names
    from service.web.search_page import SearchUnavailable, current_index

    if not names_given(query, values):
        return values
    try:
        index = current_index()
    except SearchUnavailable:
        return values  # no name index: IRIs only, as checked by the binding
    return resolve_names(query, values, current_app.config["GKG_BASE_IRI"], index)


def _lookup(param: Parameter) -> dict[str, str]:
    """For an IRI parameter: the URL that offers IRIs of its kind by name as one types."""
    from service.queries.names import namespace_of

    if param.type != "iri" or param.allowed:
        return {}
    namespace = namespace_of(param, current_app.config["GKG_BASE_IRI"])
    return {"lookup": url_for("search_page.names_api", namespace=namespace)}


def _media_type(query: NamedQuery, suffix: str) -> str:
    form = _form(query.sparql)
    if form in ("CONSTRUCT", "DESCRIBE"):
        return GRAPH_MEDIA_TYPES[0]
    if suffix:
        if suffix not in SUFFIXES:
            raise NotAcceptable(list(SUFFIXES))
        return SUFFIXES[suffix]
    return negotiate(request.headers.get("Accept"), RESULT_ALIASES, SPARQL_JSON)


def _form(sparql: str) -> str:
    from service.sparql.query_check import check_query

    checked = check_query(sparql, current_app.config["GKG_SERVICE_ALLOWLIST"])
    return getattr(checked, "form", "SELECT")


def _error(status: int, message: str, **extra: str) -> Response:
    response = jsonify({"error": message, **extra})
    response.status_code = status
    return response


def create_blueprint(config: Mapping[str, Any]) -> Blueprint:
    """The blueprint for an app: its library is GKG_QUERIES_DIR, else the project's queries/."""
    directory = config.get("GKG_QUERIES_DIR")
    return make_blueprint(load_library(Path(directory)) if directory else None)
