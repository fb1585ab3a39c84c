"""The one place the Flask app is assembled: defaults, then environment, then test config.

    app = create_app({"GKG_STORE": Path("/tmp/store")})

Blueprints: `/sparql` (service.sparql), health (service.health), named queries
(service.named_queries), pages (service.pages).  Whatever answers queries is a
`Backend` (service.backends), made once per process by `get_backend()`.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from loaders.iris import DEFAULT_BASE_IRI

from .result_cache import CachingBackend
from .store import store_root

DEFAULTS: dict[str, Any] = {
    "GKG_BASE_IRI": DEFAULT_BASE_IRI,
    "GKG_QUERY_TIMEOUT": 30.0,
    "GKG_ROW_CAP": 10_000,
    "GKG_MAX_BODY": 1024 * 1024,
    "GKG_MAX_QUERY_BYTES": 256 * 1024,
    "GKG_MAX_QUERY_DEPTH": 64,
    "GKG_MAX_CONCURRENT": 4,
    "GKG_SERVICE_ALLOWLIST": [],
    "GKG_UPDATE_TOKEN": None,
    "GKG_BACKEND_URL": None,
    "GKG_BACKEND_USER": None,
    "GKG_BACKEND_PASSWORD": None,
    "GKG_SLOT_WAIT": 10.0,
    "GKG_CACHE_BYTES": 64 * 1024 * 1024,
    "GKG_QUERIES_DIR": None,
    "GKG_PUBLIC_URL": None,
    "GKG_DATA_LICENSE": None,
    "GKG_STORE_IN_MEMORY": False,
}
ENVIRONMENT = {
    "GKG_BASE_IRI": str,
    "GKG_QUERY_TIMEOUT": float,
    "GKG_ROW_CAP": int,
    "GKG_MAX_BODY": int,
    "GKG_MAX_QUERY_BYTES": int,
    "GKG_MAX_QUERY_DEPTH": int,
    "GKG_MAX_CONCURRENT": int,
    "GKG_SERVICE_ALLOWLIST": lambda value: [item for item in value.split() if item],
    "GKG_UPDATE_TOKEN": str,
    "GKG_BACKEND_URL": str,
    "GKG_BACKEND_USER": str,
    "GKG_BACKEND_PASSWORD": str,
    "GKG_SLOT_WAIT": float,
    "GKG_CACHE_BYTES": int,
    "GKG_QUERIES_DIR": str,
    "GKG_PUBLIC_URL": str,
    "GKG_DATA_LICENSE": str,
    "GKG_STORE_IN_MEMORY": lambda value: value.strip().lower() in {"1", "true"},
}
BLUEPRINTS = (
    "security_headers",
    "health",
    "sparql",
    "named_queries",
    "editor",
    "coi_api",
    "void",
    "ontology_docs",
    "network_page",
    "validation_page",
    "list_pages",
    "search_page",
    "described_pages",
    "resources",
    "pages",
)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Assemble the service: defaults, then GKG_* environment variables, then `config`."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config["GKG_STORE"] = store_root()
    for key, convert in ENVIRONMENT.items():
        if os.environ.get(key):
            app.config[key] = convert(os.environ[key])
    app.config.update(config or {})
    app.config["GKG_STORE"] = Path(app.config["GKG_STORE"])
    app.config["MAX_CONTENT_LENGTH"] = app.config["GKG_MAX_BODY"]
    for name in BLUEPRINTS:
        try:
            module = importlib.import_module(f"service.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"service.{name}":
                raise
            continue
        if hasattr(module, "create_blueprint"):
            blueprint = module.create_blueprint(app.config)  # made from this app's settings
        else:
            blueprint = getattr(module, "bp", None)
        if blueprint is not None:
            app.register_blueprint(blueprint)
    return app


def get_backend():  # noqa: ANN201 - returns a service.backends.Backend
    """The backend of this app: the remote store if GKG_BACKEND_URL is set, else the local one.

    Made once per process by `LocalBackend.from_config(config)` or
    `RemoteBackend.from_config(config)`.
    """
    backend = current_app.extensions.get("gkg.backend")
    if backend is None:
        config = current_app.config
        remote = bool(config.get("GKG_BACKEND_URL"))
        if remote:
            from .remote_backend import RemoteBackend as backend_class
        else:
            from .local_backend import LocalBackend as backend_class
        backend = backend_class.from_config(config)
        if config["GKG_CACHE_BYTES"] > 0:
            # Releases are immutable: answers are reused until the data version changes.
            # The local version is a readlink (checked every time), a remote one a query.
            ttl = 1.0 if remote else 0.0
            backend = CachingBackend(backend, max_bytes=config["GKG_CACHE_BYTES"], version_ttl=ttl)
        current_app.extensions["gkg.backend"] = backend
    return backend
