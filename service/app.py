"""The one place the Flask app is assembled: defaults, then environment, then test config.

    app = create_app({"GKG_STORE": Path("/tmp/store")})

Blueprints: `/sparql` (service.sparql.endpoint), health (service.web.health), named queries
(service.queries.api), pages (service.web.pages).  Whatever answers queries is a
`Backend` (service.store.backends), made once per process by `get_backend()`.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask

from service.coi import api as coi_api
from service.coi import page as network_page
from service.dataset import void
from service.queries import api as named_queries
from service.settings import load_settings
from service.sparql import endpoint as sparql
from service.sparql.fast_path import SparqlFastPath
from service.web import (
    described_pages,
    editor,
    health,
    list_pages,
    ontology_docs,
    pages,
    resources,
    search_page,
    security_headers,
    validation_page,
)


def blueprints(config: dict[str, Any]) -> list[Blueprint]:
    """Every blueprint of the service, in registration order (pages last: catch-alls)."""
    return [
        security_headers.bp,
        health.bp,
        sparql.bp,
        named_queries.create_blueprint(config),
        editor.bp,
        coi_api.bp,
        void.bp,
        ontology_docs.bp,
        network_page.bp,
        validation_page.bp,
        list_pages.bp,
        search_page.bp,
        described_pages.bp,
        resources.bp,
        pages.bp,
    ]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Assemble the service from its settings (service.settings: defaults, env, `config`)."""
    app = Flask(__name__, template_folder="web/templates", static_folder="web/static")
    app.config.update(load_settings(config))
    app.config["MAX_CONTENT_LENGTH"] = app.config["GKG_MAX_BODY"]
    for blueprint in blueprints(app.config):
        app.register_blueprint(blueprint)
    if "sparql" in app.blueprints:  # plain query POSTs skip Flask's request machinery
        app.wsgi_app = SparqlFastPath(app, app.wsgi_app)  # type: ignore[method-assign]
    return app
