"""The documentation page of the ontology and the concept scheme, at ``/ontology``.

Read from the store's ontology and concept graphs by SPARQL (as a SPARQL user would):
every class and property of ``gkg:`` with its labels and definitions in English and
Dutch and its place among the standard vocabularies (subclass of, domain, range,
matches); every concept of the SNOMED-style scheme with its notation, fully specified
name, labels, broader concepts and mappings to SNOMED CT, MeSH and Wikidata (with the
confidence recorded for the code); and a few example queries.  A term's anchor is its
local name (``https://w3id.org/gkg/ontology#Module`` at ``/ontology#Module``), a concept's
``concept-`` and its notation (``/ontology#concept-breast-cancer``).

``Accept: text/turtle`` (or JSON-LD, N-Triples, RDF/XML, or a ``.ttl``/``.jsonld``/``.nt``/
``.rdf`` suffix) answers with the ontology graph itself, so the term IRIs dereference.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, make_response, render_template, request

from loaders.iris import CONCEPT, GKG
from service.sparql.negotiation import HTML, NotAcceptable
from service.sparql.querying import run_query, select_rows
from service.store.graphs import graph_iri
from service.web.linked_data import alternates, representation

bp = Blueprint("ontology_docs", __name__)

PREFIXES = """PREFIX gkg: <https://w3id.org/gkg/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
TERMS = f"""
SELECT DISTINCT ?term ?kind ?p ?o WHERE {{
  VALUES ?kind {{ owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty }}
  ?term a ?kind ; ?p ?o .
  FILTER(STRSTARTS(STR(?term), "{GKG}"))
}}"""
VALUES_TERMS = f"""
SELECT DISTINCT ?term ?p ?o WHERE {{
  ?term ?p ?o .
  FILTER(isIRI(?term) && STRSTARTS(STR(?term), "{GKG}") && STRLEN(STR(?term)) > STRLEN("{GKG}"))
  FILTER NOT EXISTS {{
    VALUES ?kind {{ owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty }}
    ?term a ?kind }}
}}"""
CONCEPTS = f"""
SELECT DISTINCT ?concept ?p ?o WHERE {{
  ?concept a skos:Concept ; skos:inScheme <{CONCEPT}scheme> ; ?p ?o .
}}"""
MAPPINGS = """
SELECT DISTINCT ?concept ?code ?confidence WHERE {
  ?axiom a owl:Axiom ; owl:annotatedSource ?concept ; owl:annotatedTarget ?code .
  OPTIONAL { ?axiom gkg:mappingConfidence ?confidence }
}"""
ONTOLOGY_GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?graph { ?s ?p ?o } }"
KINDS = {
    "http://www.w3.org/2002/07/owl#Class": "class",
    "http://www.w3.org/2002/07/owl#ObjectProperty": "object property",
    "http://www.w3.org/2002/07/owl#DatatypeProperty": "datatype property",
    "http://www.w3.org/2002/07/owl#AnnotationProperty": "annotation property",
}
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
FIELDS = {  # predicate -> key in a term's record
    f"{RDFS}label": "label",
    f"{SKOS}prefLabel": "label",
    f"{SKOS}definition": "definition",
    f"{SKOS}altLabel": "alt",
    f"{RDFS}subClassOf": "subClassOf",
    f"{RDFS}subPropertyOf": "subPropertyOf",
    f"{RDFS}domain": "domain",
    f"{RDFS}range": "range",
    f"{SKOS}broader": "broader",
    f"{SKOS}exactMatch": "exactMatch",
    f"{SKOS}closeMatch": "closeMatch",
    f"{SKOS}notation": "notation",
    f"{SKOS}inScheme": "scheme",
    f"{SKOS}topConceptOf": "scheme",
    f"{GKG}fullySpecifiedName": "fsn",
    f"{GKG}semanticTag": "tag",
}
MAPPED_SYSTEMS = (  # IRI prefix -> name shown
    ("http://snomed.info/id/", "SNOMED CT"),
    ("http://id.nlm.nih.gov/mesh/", "MeSH"),
    ("http://www.wikidata.org/entity/", "Wikidata"),
    ("http://purl.obolibrary.org/obo/", "OBO"),
)
EXAMPLES = (
    (
        "Recommendations about a concept or a narrower one",
        """SELECT ?recommendation ?label ?concept WHERE {
  ?recommendation a gkg:Recommendation ; rdfs:label ?label ; dcterms:subject ?concept .
  ?concept skos:broader* <https://w3id.org/gkg/concept/diagnostic-imaging> .
}""",
    ),
    (
        "Concepts with their SNOMED CT code",
        """SELECT ?concept ?label ?snomed WHERE {
  ?concept skos:inScheme <https://w3id.org/gkg/concept/scheme> ;
           skos:prefLabel ?label ; skos:exactMatch ?snomed .
  FILTER(LANG(?label) = "en" && STRSTARTS(STR(?snomed), "http://snomed.info/id/"))
} ORDER BY ?label""",
    ),
    (
        "Classes of the ontology and the standard classes they refine",
        """SELECT ?class ?label ?parent WHERE {
  ?class a owl:Class ; rdfs:label ?label ; rdfs:subClassOf ?parent .
  FILTER(LANG(?label) = "en" && STRSTARTS(STR(?class), STR(gkg:)))
} ORDER BY ?class""",
    ),
)


@bp.get("/ontology")
@bp.get("/ontology.<suffix>")
def ontology(suffix: str = "") -> Response:
    """HTML documentation, or the ontology graph as RDF (Accept or .ttl/.jsonld/.nt/.rdf)."""
    try:
        path, media_type = representation(request.path, request.headers.get("Accept"))
    except NotAcceptable as error:
        return Response(str(error) + "\n", 406, content_type="text/plain; charset=utf-8")
    if path != "/ontology":
        abort(404)
    if media_type != HTML:
        graph = f"<{graph_iri(current_app.config['GKG_BASE_IRI'], 'ontology')}>"
        _, result = run_query(ONTOLOGY_GRAPH, media_type, {"graph": graph})
        response = Response(result.body, content_type=result.content_type)
    else:
        response = make_response(_documentation(path))
        response.headers["Link"] = ", ".join(
            f'<{url}>; rel="alternate"; type="{kind}"' for kind, url in alternates(path)
        )
    response.vary.add("Accept")
    return response


def _documentation(path: str) -> str:
    rows = select_rows(PREFIXES + TERMS)
    terms = _records(rows, "term")
    kinds = {row["term"]["value"]: KINDS[row["kind"]["value"]] for row in rows}
    classes = [term for term in terms if kinds[term["iri"]] == "class"]
    properties = [term | {"kind": kinds[term["iri"]]} for term in terms if term not in classes]
    values = _records(select_rows(PREFIXES + VALUES_TERMS), "term")
    concepts = _records(select_rows(PREFIXES + CONCEPTS), "concept", anchor_prefix="concept-")
    confidence = {
        (row["concept"]["value"], row["code"]["value"]): row["confidence"]["value"]
        for row in select_rows(PREFIXES + MAPPINGS)
        if "confidence" in row
    }
    for concept in concepts:
        concept["mappings"] = [
            {"iri": code, "relation": relation, "system": system_of(code)}
            | {"confidence": confidence.get((concept["iri"], code), "")}
            for relation in ("exactMatch", "closeMatch")
            for code in concept[relation]
        ]
    concepts.sort(key=lambda concept: (concept["tag"], concept["notation"]))
    examples = [
        {
            "title": title,
            "text": PREFIXES + text,
            "url": "/sparql?" + urlencode({"query": PREFIXES + text}),
        }
        for title, text in EXAMPLES
    ]
    return render_template(
        "ontology.html",
        alternates=alternates(path),
        classes=classes,
        properties=properties,
        values=sorted(values, key=lambda term: (term["scheme"], term["iri"])),
        concepts=concepts,
        examples=examples,
        names=_names(terms + values + concepts),
    )


def system_of(iri: str) -> str:
    return next((name for prefix, name in MAPPED_SYSTEMS if iri.startswith(prefix)), "")


def _records(rows: list[dict], subject: str, anchor_prefix: str = "") -> list[dict]:
    """One record per subject: {iri, anchor, label{lang}, definition{lang}, lists of IRIs...}."""
    records: dict[str, dict] = {}
    for row in rows:
        iri = row[subject]["value"]
        record = records.setdefault(iri, _new_record(iri, anchor_prefix))
        key = FIELDS.get(row["p"]["value"])
        if key is None:
            continue
        value = row["o"]
        if key in ("label", "definition"):
            record[key][value.get("xml:lang", "")] = value["value"]
        else:
            record[key].append(value["value"])
    for record in records.values():
        for values in record.values():
            if isinstance(values, list):
                values.sort()
    return sorted(records.values(), key=lambda record: record["iri"])


def _new_record(iri: str, anchor_prefix: str) -> dict:
    anchor = anchor_prefix + iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    lists = defaultdict(list)
    return {"iri": iri, "anchor": anchor, "label": {}, "definition": {}} | {
        key: lists[key] for key in set(FIELDS.values()) - {"label", "definition"}
    }


def _names(records: list[dict]) -> dict[str, tuple[str, str]]:
    """IRI -> (anchor, English label), for linking the terms a record points to."""
    return {
        record["iri"]: (record["anchor"], record["label"].get("en", record["anchor"]))
        for record in records
    }
