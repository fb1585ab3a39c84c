"""Server-rendered pages: the home page and one page per module.

Pages read the store only through named-query-like SPARQL run by the app's
backend (service.querying), so they see what a SPARQL user sees.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from .app import get_backend
from .backends import BackendError
from .querying import select_rows

bp = Blueprint("pages", __name__, static_folder="static", static_url_path="/static")

PREFIXES = """
PREFIX gkg: <https://w3id.org/gkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
CLASS_COUNTS = """
SELECT ?class (SAMPLE(?label) AS ?name) (COUNT(DISTINCT ?thing) AS ?count)
WHERE { GRAPH ?data { ?thing a ?class } FILTER(STRENDS(STR(?data), "/graph/data"))
        OPTIONAL { ?class rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) } }
GROUP BY ?class ORDER BY DESC(?count) ?class
"""
MODULES = """
SELECT ?module ?number ?title ?guideline ?guidelineTitle WHERE {
  ?module a gkg:Module ; gkg:moduleNumber ?number ; dcterms:title ?title .
  OPTIONAL { ?module gkg:partOfGuideline ?guideline . ?guideline dcterms:title ?guidelineTitle }
} ORDER BY ?guidelineTitle ?number
"""


@bp.app_context_processor
def page_context() -> dict:
    try:
        version = get_backend().data_version()
    except BackendError:
        version = ""
    return {"data_version": version, "base_iri": current_app.config["GKG_BASE_IRI"]}


@bp.get("/")
def home() -> str:
    counts = select_rows(PREFIXES + CLASS_COUNTS)
    modules = select_rows(PREFIXES + MODULES)
    return render_template("home.html", counts=counts, modules=modules)


@bp.errorhandler(BackendError)
def backend_error(error: BackendError) -> tuple[str, int]:
    return render_template("error.html", message=str(error)), 503


def not_found(message: str) -> None:
    abort(404, description=message)
