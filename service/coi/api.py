"""The conflict-of-interest network API under `/api/coi` (JSON; exports as downloads).

    GET /api/coi/summary                  module-by-module summary and network-wide analyses
    GET /api/coi/module/<number>          one module's panel, industry, funder and topic ties
    GET /api/coi/person/<name>            one person's seats and ties (name, slug or IRI)
    GET /api/coi/ego?node=KWF&radius=1    ego network, as Cytoscape.js elements
    GET /api/coi/centrality[?module=6.1&kind=research-funding...]   degree and betweenness
    GET /api/coi/communities[?module=...&kind=...]   communities of the person projection
    GET /api/coi/export.<graphml|gexf|json>

The network is read through the app's backend with its limits (service.sparql.querying) and
kept per data version: a newly published release is picked up on the next request.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from service.coi.analysis import (
    NotFound,
    centrality,
    communities,
    ego_network,
    find_node,
    module_report,
    person_report,
    summary,
)
from service.coi.export import FORMATS, cytoscape_json, export_bytes
from service.coi.network import CoiNetwork, NetworkQueryError, build_network
from service.sparql.limits import TooBusy
from service.sparql.querying import failure_status, run_query
from service.store.backends import SPARQL_JSON, BackendError, get_backend

bp = Blueprint("coi_api", __name__, url_prefix="/api/coi")
_lock = threading.Lock()


def get_network() -> CoiNetwork:
    """The network of the current release, built once per data version."""
    version = get_backend().data_version()
    cached = current_app.extensions.get("gkg.coi")
    if cached and cached[0] == version:
        return cached[1]
    with _lock:
        network = build_network(_rows)
        current_app.extensions["gkg.coi"] = (version, network)
    return network


def _rows(text: str) -> list[dict[str, Any]]:
    _, result = run_query(text, SPARQL_JSON)
    if result.truncated:
        raise NetworkQueryError("a network query was cut at the row cap (GKG_ROW_CAP)")
    return json.loads(result.body)["results"]["bindings"]


@bp.errorhandler(NotFound)
def _not_found(error: NotFound) -> Response:
    return _error(404, error.args[0] if error.args else "not found")


@bp.errorhandler(NetworkQueryError)
def _incomplete(error: NetworkQueryError) -> Response:
    return _error(503, str(error))


@bp.errorhandler(BackendError)
@bp.errorhandler(TooBusy)
def _unavailable(error: BackendError | TooBusy) -> Response:
    """504 at the time limit, 503 (with Retry-After when worth retrying) otherwise."""
    status, headers = failure_status(error)
    response = _error(status, str(error))
    response.headers.update(headers)
    return response


@bp.get("/summary")
def summary_view() -> Response:
    return jsonify(summary(get_network()))


@bp.get("/module/<number>")
def module_view(number: str) -> Response:
    return jsonify(module_report(get_network(), number))


@bp.get("/person/<path:name>")
def person_view(name: str) -> Response:
    return jsonify(person_report(get_network(), name))


@bp.get("/ego")
def ego_view() -> Response:
    network = get_network()
    query = request.args.get("node", "")
    try:
        radius = int(request.args.get("radius", "1"))
    except ValueError:
        return _error(400, "radius must be a whole number")
    if not query:
        return _error(400, "give ?node=NAME (a person or organisation)")
    if not 1 <= radius <= 3:
        return _error(400, "radius must be 1, 2 or 3")
    node = find_node(network, query)
    return jsonify(
        {"node": node, "radius": radius, **cytoscape_json(ego_network(network, node, radius))}
    )


@bp.get("/centrality")
def centrality_view() -> Response:
    return jsonify(centrality(get_network(), *_filters()))


@bp.get("/communities")
def communities_view() -> Response:
    return jsonify(communities(get_network(), *_filters()))


@bp.get("/export.<format_name>")
def export_view(format_name: str) -> Response:
    if format_name not in FORMATS:
        return _error(404, f"no export format {format_name!r}; use {', '.join(FORMATS)}")
    media_type, extension = FORMATS[format_name]
    response = Response(export_bytes(get_network().graph, format_name), content_type=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="gkg-coi.{extension}"'
    return response


def _filters() -> tuple[str | None, tuple[str, ...]]:
    """?module=6.1 and repeated ?kind=research-funding (edge kinds of declared interests)."""
    return request.args.get("module") or None, tuple(sorted(set(request.args.getlist("kind"))))


def _error(status: int, message: str) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response
