"""Server-rendered pages: the home page and one page per module.

Pages read the store only through named-query-like SPARQL run by the app's
backend (service.querying), so they see what a SPARQL user sees.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from .app import get_backend
from .backends import BackendError
from .querying import select_rows

bp = Blueprint("pages", __name__)

PREFIXES = """
PREFIX gkg: <https://w3id.org/gkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX fabio: <http://purl.org/spar/fabio/>
PREFIX bibo: <http://purl.org/ontology/bibo/>
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
  OPTIONAL { ?module dcterms:isPartOf ?guideline . ?guideline a fabio:ClinicalGuideline ;
             dcterms:title ?guidelineTitle }
} ORDER BY ?guidelineTitle ?number
"""
MODULE = """
SELECT ?number ?title ?guidelineTitle ?initiative ?first ?last WHERE {
  ?module a gkg:Module ; gkg:moduleNumber ?number ; dcterms:title ?title .
  OPTIONAL { ?module dcterms:isPartOf ?guideline . ?guideline a fabio:ClinicalGuideline ;
             dcterms:title ?guidelineTitle }
  OPTIONAL { ?module gkg:initiativeText ?initiative }
  OPTIONAL { ?module prov:wasDerivedFrom ?span . ?span gkg:firstLine ?first ; gkg:lastLine ?last }
} ORDER BY DESC(?first) LIMIT 1
"""
QUESTIONS = """
SELECT ?question ?number ?text WHERE {
  ?question a gkg:ClinicalQuestion ; gkg:inModule ?module ; gkg:text ?text .
  OPTIONAL { ?question gkg:questionNumber ?number }
} ORDER BY ?number
"""
RECOMMENDATIONS = """
SELECT ?recommendation ?label ?verdict ?strength ?direction ?statement ?text WHERE {
  ?recommendation a gkg:Recommendation ; gkg:inModule ?module ; rdfs:label ?label ;
                  gkg:strength ?s ; gkg:direction ?d .
  OPTIONAL { ?s skos:exactMatch ?strengthCode FILTER(CONTAINS(STR(?strengthCode), "hl7")) }
  OPTIONAL { ?d skos:exactMatch ?directionCode FILTER(CONTAINS(STR(?directionCode), "hl7")) }
  BIND(COALESCE(STRAFTER(STR(?strengthCode), "#"), "unknown") AS ?strength)
  BIND(COALESCE(STRAFTER(STR(?directionCode), "#"), "unknown") AS ?direction)
  OPTIONAL { ?recommendation gkg:verdict ?verdict }
  OPTIONAL { ?recommendation gkg:hasStatement ?statement .
             ?statement gkg:text ?text ; gkg:statementNumber ?n }
} ORDER BY ?recommendation ?n
"""
CERTAINTY = """
SELECT ?graded ?text (GROUP_CONCAT(?level; separator=" – ") AS ?levels) WHERE {
  ?assessment a gkg:CertaintyAssessment ; gkg:inModule ?module ; gkg:graded ?graded .
  OPTIONAL { ?assessment gkg:text ?text }
  OPTIONAL { ?assessment gkg:certainty ?c . ?c skos:prefLabel ?level
             FILTER(LANGMATCHES(LANG(?level), "en")) }
} GROUP BY ?graded ?text
"""
REFERENCES = """
SELECT ?reference ?citation ?doi ?pmid ?pmcid WHERE {
  ?module gkg:listsReference ?reference .
  ?reference dcterms:bibliographicCitation ?citation .
  OPTIONAL { ?reference bibo:doi ?doi }
  OPTIONAL { ?reference bibo:pmid ?pmid }
  OPTIONAL { ?reference fabio:hasPubMedCentralId ?pmcid }
} ORDER BY ?citation
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


@bp.get("/module/<number>")
def module(number: str) -> str:
    iri = f"{current_app.config['GKG_BASE_IRI']}module/{number}"
    bound = {"module": f"<{iri}>"}
    found = select_rows(PREFIXES + MODULE, bound)
    if not found:
        abort(404, description=f"no module {number}")
    recommendations: dict[str, dict] = {}
    for row in select_rows(PREFIXES + RECOMMENDATIONS, bound):
        entry = recommendations.setdefault(
            row["recommendation"]["value"], {**row, "statements": []}
        )
        if "text" in row:
            entry["statements"].append(row["text"]["value"])
    return render_template(
        "module.html",
        iri=iri,
        module=found[0],
        questions=select_rows(PREFIXES + QUESTIONS, bound),
        recommendations=list(recommendations.values()),
        certainty=select_rows(PREFIXES + CERTAINTY, bound),
        references=select_rows(PREFIXES + REFERENCES, bound),
    )


@bp.app_template_filter("local")
def local_path(iri: str) -> str:
    """An IRI minted under the base, as a path on this server; other IRIs unchanged."""
    base = current_app.config["GKG_BASE_IRI"]
    return "/" + iri[len(base) :] if iri.startswith(base) else iri


@bp.errorhandler(BackendError)
def backend_error(error: BackendError) -> tuple[str, int]:
    return render_template("error.html", message=str(error)), 503
