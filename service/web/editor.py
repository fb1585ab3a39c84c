"""The query editor at ``/query``: YASGUI over this server's ``/sparql``, and the named queries.

    GET /query                    the editor with the prefixes and a starter query
    GET /query?query=SELECT...    the editor holding that query (a shareable link)
    GET /query#query=SELECT...    the same; the page keeps the fragment in step as you type

The named queries (``/api/queries``) are shown beside the editor as a gallery, each with
a form for its parameters; the page runs them through ``/api/queries/<name>``, so values
are bound as RDF terms by the server, never pasted into query text.

Other blueprints show the same page with :func:`render_editor` (the ``/sparql`` HTML view).
The page's JavaScript is ``static/editor.js``; YASGUI is vendored in ``static/vendor/``.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for

from loaders.iris import CONCEPT
from service.coi.page import CYTOSCAPE

bp = Blueprint("editor", __name__)

PREFIXES: dict[str, str] = {
    "gkg": "https://w3id.org/gkg/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "fabio": "http://purl.org/spar/fabio/",
    "cito": "http://purl.org/spar/cito/",
    "bibo": "http://purl.org/ontology/bibo/",
    "obo": "http://purl.obolibrary.org/obo/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
STARTER_BODY = """SELECT ?class (COUNT(?thing) AS ?instances)
WHERE { ?thing a ?class }
GROUP BY ?class
ORDER BY DESC(?instances)
LIMIT 25
"""


def prefix_declarations() -> str:
    """The PREFIX lines the editor starts with, one per known namespace."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def starter_query() -> str:
    """The query shown when none is given: the prefixes and a count of instances per class."""
    return prefix_declarations() + "\n" + STARTER_BODY


def render_editor(query: str | None = None) -> str:
    """The editor page holding `query` (the starter query when None or blank)."""
    settings = {
        "endpoint": url_for("sparql.sparql"),
        "queriesUrl": url_for("named_queries.index"),
        "query": query if query and query.strip() else starter_query(),
        "prefixes": PREFIXES,
        "baseIri": current_app.config["GKG_BASE_IRI"],
        "localNamespaces": local_namespaces(),
    }
    return render_template("query.html", settings=settings, prefixes=PREFIXES, cytoscape=CYTOSCAPE)


def local_namespaces() -> list[tuple[str, str]]:
    """(namespace, path on this server) of the IRIs the service serves, most specific first."""
    return [(str(CONCEPT), "/concept/"), (current_app.config["GKG_BASE_IRI"], "/")]


@bp.get("/query")
def editor() -> str:
    """The editor; ``?query=`` pre-fills it."""
    return render_editor(request.args.get("query"))
