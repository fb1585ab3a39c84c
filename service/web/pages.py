"""The home page, and what every page shares: template filters, data version, errors.

Pages read the store only through SPARQL run by the app's backend (service.sparql.querying),
so they see what a SPARQL user sees.  Resource pages (modules, people, ...) are served
by service.web.resources at their IRIs' own paths.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, render_template, request
from markupsafe import Markup, escape
from werkzeug.exceptions import NotFound

from loaders.iris import CONCEPT
from service.queries.binding import literal
from service.sparql.limits import TooBusy
from service.sparql.querying import error_page, select_rows
from service.store.backends import BackendError, get_backend
from service.web.i18n import current_language, language_context, remember_language
from service.web.resource_data import Fact, compact, grouped_by_node, readable

bp = Blueprint("pages", __name__)
CLASS_LISTS = {  # class IRI -> list page of its instances (service.web.list_pages)
    "http://xmlns.com/foaf/0.1/Person": "/person",
    "http://www.w3.org/ns/org#FormalOrganization": "/organisation",
    "https://w3id.org/gkg/ontology#Reference": "/reference",
    "http://www.w3.org/2004/02/skos/core#Concept": "/concept",
    **{
        f"https://w3id.org/gkg/ontology#{name}": f"/organisation?type={name}"
        for name in (
            "Company HospitalOrUniversity ProfessionalSociety KnowledgeInstitute CharityOrFund "
            "GovernmentBody PatientOrganisation"
        ).split()
    },
    "http://purl.org/spar/fabio/JournalArticle": "/reference?type=JournalArticle",
    "http://purl.org/spar/fabio/SystematicReview": "/reference?type=SystematicReview",
}
INSTANCES_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?instance ?label WHERE {
  ?instance a CLASS .
  OPTIONAL { ?instance rdfs:label ?label }
} ORDER BY ?instance
LIMIT 500
"""
API_PATHS = ("/api/", "/sparql", "/dumps/", "/.well-known/")
EMPHASIS = re.compile(r"\*([^*\s][^*]*?)\*")
bp.app_context_processor(language_context)
bp.after_app_request(remember_language)

PREFIXES = """
PREFIX gkg: <https://w3id.org/gkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX fabio: <http://purl.org/spar/fabio/>
PREFIX sh: <http://www.w3.org/ns/shacl#>
"""
CLASS_COUNTS = """
SELECT ?class (SAMPLE(?label) AS ?name) (COUNT(DISTINCT ?thing) AS ?count)
WHERE { GRAPH ?data { ?thing a ?class } FILTER(STRENDS(STR(?data), "/graph/data"))
        OPTIONAL { ?class rdfs:label ?label FILTER(LANG(?label) = ?lang) } }
GROUP BY ?class ORDER BY DESC(?count) ?class
"""
MODULES = """
SELECT ?module ?number ?title ?guideline ?guidelineTitle WHERE {
  ?module a gkg:Module ; dcterms:title ?title .
  OPTIONAL { ?module gkg:moduleNumber ?moduleNo }
  OPTIONAL { ?module gkg:moduleSlug ?moduleSlug }
  BIND(COALESCE(?moduleNo, ?moduleSlug) AS ?number)
  OPTIONAL { ?module dcterms:isPartOf ?guideline . ?guideline a fabio:ClinicalGuideline ;
             dcterms:title ?guidelineTitle }
} ORDER BY ?guidelineTitle ?number
"""
VALIDATION = """
SELECT ?conforms (COUNT(DISTINCT ?violation) AS ?violations)
       (COUNT(DISTINCT ?warning) AS ?warnings) WHERE {
  GRAPH ?g { ?report a sh:ValidationReport ; sh:conforms ?conforms
    OPTIONAL { ?report sh:result ?violation . ?violation sh:resultSeverity sh:Violation }
    OPTIONAL { ?report sh:result ?warning . ?warning sh:resultSeverity sh:Warning } }
} GROUP BY ?conforms
"""
EXAMPLE_QUERY = """PREFIX gkg: <https://w3id.org/gkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?recommendation ?label WHERE {
  ?recommendation a gkg:Recommendation ; rdfs:label ?label .
}"""


@bp.app_context_processor
def page_context() -> dict:
    try:
        version = get_backend().data_version()
    except BackendError:
        version = ""
    return {"data_version": version, "base_iri": current_app.config["GKG_BASE_IRI"]}


@bp.get("/")
def home() -> str:
    lang = {"lang": literal(current_language())}
    return render_template(
        "home.html",
        counts=select_rows(PREFIXES + CLASS_COUNTS, lang),
        modules=select_rows(PREFIXES + MODULES),
        validation=(select_rows(PREFIXES + VALIDATION) or [None])[0],
        example=EXAMPLE_QUERY,
    )


@bp.app_template_filter("local")
def local_path(iri: str) -> str:
    """An IRI minted by the project, as a path on this server; other IRIs unchanged."""
    base = current_app.config["GKG_BASE_IRI"]
    if iri.startswith(str(CONCEPT)):
        return "/concept/" + iri[len(str(CONCEPT)) :]
    return "/" + iri[len(base) :] if iri.startswith(base) else iri


@bp.app_template_filter("emphasis")
def emphasis(text: str) -> Markup:
    """Text with the source's `*Journal*` emphasis shown in italics, everything else escaped."""
    return Markup(EMPHASIS.sub(r"<i>\1</i>", str(escape(text))))


@bp.app_template_filter("readable")
def readable_name(fact: Fact, page_name: str = "") -> str:
    """A node's label, or its path when it has none or only repeats the page's own name."""
    if fact.label and fact.label == page_name:
        fact = Fact(fact.property, fact.property_name, fact.node, "", fact.type_label)
    return readable(fact, current_app.config["GKG_BASE_IRI"])


bp.add_app_template_filter(grouped_by_node, "grouped_by_node")


@bp.app_template_filter("class_list")
def class_list(class_iri: str) -> str:
    """The list page of a class's instances, else the editor holding a query for them."""
    if class_iri in CLASS_LISTS:
        return CLASS_LISTS[class_iri]
    query = INSTANCES_QUERY.replace("CLASS", f"<{class_iri}>")
    return "/query?" + urlencode({"query": query})


@bp.app_template_filter("short")
def short_iri(iri: str) -> str:
    """A minted IRI as its path below the base (`reference/xia-2023`), others compacted."""
    base = current_app.config["GKG_BASE_IRI"]
    return iri[len(base) :] if iri.startswith(base) and len(iri) > len(base) else compact(iri)


@bp.app_template_filter("compact")
def compact_iri(iri: str) -> str:
    return compact(iri)


@bp.app_errorhandler(BackendError)
@bp.app_errorhandler(TooBusy)
def backend_error(error: BackendError | TooBusy) -> Response:
    return error_page(error)


@bp.app_errorhandler(404)
def not_found(error: NotFound) -> Response | tuple[str, int]:
    """A page with the site's navigation for browsers; the plain error for APIs and RDF."""
    wants_page = (
        request.accept_mimetypes.best_match(["text/html", "application/json", "text/plain"])
        == "text/html"
    )
    if not wants_page or request.path.startswith(API_PATHS):
        return error.get_response()
    message = error.description if error.description != NotFound.description else ""
    return render_template("not_found.html", message=message), 404
