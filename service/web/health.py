"""Liveness and readiness probes.

- ``GET /healthz``: 200 while the process can answer HTTP at all.
- ``GET /readyz``: 200 with the data version when the published release answers a real
  query, asked the way the service asks it (through the backend, in a query process,
  bypassing the answer cache); 503 when nothing is published, the release cannot be
  opened or read, or it holds no data, and while the query processes are still starting
  (:meth:`service.store.local_backend.LocalBackend.warm_up`).  A check is reused for
  READY_TTL seconds, so frequent probes do not each start a query.
"""

from __future__ import annotations

import json
import threading
import time

from flask import Blueprint, Response, current_app, jsonify

from service.store.backends import SPARQL_JSON, BackendError
from service.store.public_errors import redact_paths

bp = Blueprint("health", __name__)

READINESS_QUERY = "ASK { GRAPH ?g { ?s ?p ?o } }"
READY_TTL = 2.0  # seconds a readiness check is reused
READY_TIMEOUT = 10.0  # seconds the readiness query may take
_lock = threading.Lock()


@bp.get("/healthz")
def healthz() -> Response:
    """The process is alive."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """Ready when the published release answers a query through the backend."""
    version, error = readiness()
    if error:
        body = {"status": "unavailable", "error": error}
        if version:
            body["data_version"] = version
        response = jsonify(body)
        response.headers["Retry-After"] = "5"
        return response, 503
    return jsonify(status="ready", data_version=version), 200


def readiness() -> tuple[str, str]:
    """(data version, '' when ready else why not); one check per version every READY_TTL s."""
    from service.store.backends import get_backend

    backend = get_backend()
    try:
        version = backend.data_version()
    except BackendError as error:
        return "", redact_paths(str(error))
    if not version:
        return "", "no release is published"
    inner = getattr(backend, "backend", backend)  # past the answer cache
    if getattr(inner, "warming", bool)():
        return version, "the query processes are starting"
    cache = current_app.extensions.setdefault("gkg.readiness", {})
    with _lock:
        checked = cache.get(version)
        if checked and time.monotonic() - checked[0] < READY_TTL:
            return version, checked[1]
        problem = _check(inner)
        cache.clear()
        cache[version] = (time.monotonic(), problem)
        return version, problem


def _check(backend) -> str:  # noqa: ANN001 - a service.store.backends.Backend
    """'' when the backend answers the readiness query with true, else why not."""
    from service.sparql.query_check import check_query

    timeout = min(READY_TIMEOUT, float(current_app.config["GKG_QUERY_TIMEOUT"]))
    try:
        result = backend.execute(
            check_query(READINESS_QUERY), SPARQL_JSON, timeout=timeout, row_cap=1
        )
    except BackendError as error:
        return redact_paths(str(error))
    if not json.loads(result.body).get("boolean"):
        return "the published release holds no data"
    return ""
