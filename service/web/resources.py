"""Every IRI the project mints, served at its own path: HTML for browsers, RDF by negotiation.

    GET /module/10.1.1                       the module page (Accept: text/html)
    GET /module/10.1.1  Accept: text/turtle  its RDF (also .ttl, .jsonld, .nt, .rdf)
    GET /person/agnes-jager.jsonld           JSON-LD
    GET /source/<id>/lines/375-378           the source viewer (a span IRI)
    GET /concept/fdg-pet-ct                  a concept of the scheme (fixed namespace)

Responses carry `Vary: Accept` and, for HTML, `<link rel="alternate">` to the RDF.
A path that is not of the shape the project mints (service.web.resource_paths) is a 404
before any query runs; the IRI is bound to the page queries as an RDF term.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, make_response, render_template, request
from werkzeug.exceptions import NotFound

from loaders.iris import CONCEPT
from service.queries.binding import TermError
from service.queries.binding import iri as iri_term
from service.sparql.limits import TooBusy
from service.sparql.negotiation import HTML, NotAcceptable
from service.sparql.querying import error_page, select_rows
from service.store.backends import BackendError
from service.web.entity_pages import extras
from service.web.i18n import current_language
from service.web.legacy_iris import legacy_redirect
from service.web.linked_data import alternates, rdf_response, representation
from service.web.module_page import render_module
from service.web.resource_data import facts, incoming, spans
from service.web.resource_paths import is_minted
from service.web.source_viewer import render_source

bp = Blueprint("resources", __name__)

KINDS = (
    "cluster guideline module recommendation finding reference person organisation role "
    "membership declaration source problem concept"
).split()
TEMPLATES = {"person", "organisation", "reference", "concept", "recommendation"}
EXISTS = "SELECT ?p WHERE { { ?resource ?p ?o } UNION { ?s ?p ?resource } } LIMIT 1"


@bp.get(f"/<any({', '.join(KINDS)}):kind>/<path:rest>")
def resource(kind: str, rest: str) -> Response:
    try:
        path, media_type = representation(request.path, request.headers.get("Accept"))
    except NotAcceptable as error:
        return _plain(str(error), 406)
    rest = path[len(kind) + 2 :]
    if moved := legacy_redirect(path, request.path[len(path) :]):
        return moved
    if not is_minted(kind, rest):
        abort(404, description=f"no {kind} has this path: it is not one this service mints")
    iri = iri_of(kind, rest)
    if media_type != HTML:
        if not select_rows(EXISTS, {"resource": iri_term(iri)}):
            abort(404, description=f"nothing is known about {iri}")
        return rdf_response(iri, media_type)
    links = alternates(path)
    if kind == "module" and rest.count("/") == 1:
        html = render_module(iri, path)
    elif kind == "source":
        html = render_source(rest, iri, path, links)
    else:
        html = _resource_page(kind, iri, path)
    response = make_response(html)
    response.vary.add("Accept")
    response.headers["Link"] = ", ".join(
        f'<{url}>; rel="alternate"; type="{t}"' for t, url in links
    )
    return response


def iri_of(kind: str, rest: str) -> str:
    if kind == "concept":
        return f"{CONCEPT}{rest}"
    return f"{current_app.config['GKG_BASE_IRI']}{kind}/{rest}"


def _resource_page(kind: str, iri: str, path: str) -> str:
    lang = current_language()
    own, links_in = facts(iri, lang), incoming(iri, lang)
    if not own and not links_in:
        abort(404, description=f"nothing is known about {iri}")
    return render_template(
        f"{kind}.html" if kind in TEMPLATES else "resource.html",
        kind=kind,
        iri=iri,
        path=path,
        alternates=alternates(path),
        name=_pick_name(own, lang) or iri.rsplit("/", 1)[-1],
        facts=own,
        incoming=links_in,
        spans=spans(iri),
        **extras(kind, iri, lang),
    )


def _pick_name(own: list, lang: str) -> str:
    for suffix in ("#prefLabel", "/name", "#label", "/title", "/bibliographicCitation"):
        matching = [f for f in own if f.property.endswith(suffix)]
        preferred = [f for f in matching if f.node.get("xml:lang") == lang] or matching
        if preferred:
            return preferred[0].value
    return ""


def _plain(message: str, status: int) -> Response:
    response = Response(message + "\n", status=status, content_type="text/plain; charset=utf-8")
    response.vary.add("Accept")
    return response


@bp.errorhandler(BackendError)
@bp.errorhandler(TooBusy)
def backend_error(error: BackendError | TooBusy) -> Response:
    return error_page(error)


@bp.errorhandler(TermError)
def not_a_term(error: TermError) -> Response:
    """A value that cannot be an RDF term names no resource (only reached if a path
    pattern let it through)."""
    return NotFound(f"nothing is known about this path: {error}").get_response()
