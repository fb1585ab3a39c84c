"""Liveness and readiness probes.

- ``GET /healthz``: 200 while the process can answer HTTP at all.
- ``GET /readyz``: 200 with the data version when a release can be answered from,
  503 when none is published (or the remote store cannot be reached).
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from service.backends import BackendError

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """The process is alive."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """Ready when the backend names the data version it answers from."""
    from service.app import get_backend

    try:
        version = get_backend().data_version()
    except BackendError as error:
        return jsonify(status="unavailable", error=str(error)), 503
    if not version:
        return jsonify(status="unavailable", error="no release is published"), 503
    return jsonify(status="ready", data_version=version), 200
