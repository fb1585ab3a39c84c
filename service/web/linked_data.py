"""Linked data: which representation of a resource to send, and its RDF.

    path, media_type = representation("/module/10.1.1.ttl", "text/html")  # suffix wins
    response = rdf_response(iri, media_type)                             # CONSTRUCT, serialized

A resource's RDF is its own triples, the blank nodes they reach (author lists, checksums),
the triples that point at it and the labels of its neighbours, computed with one
CONSTRUCT through the app's backend (so a remote store answers the same).
"""

from __future__ import annotations

import rdflib
from flask import Response, current_app

from service.queries.binding import iri as iri_term
from service.sparql.negotiation import HTML, PAGE_ALIASES, negotiate
from service.sparql.querying import run_query
from service.store.backends import JSON_LD, N_TRIPLES, RDF_XML, TURTLE

SUFFIXES = {".ttl": TURTLE, ".jsonld": JSON_LD, ".nt": N_TRIPLES, ".rdf": RDF_XML}
RDF_TYPES = {TURTLE: ".ttl", JSON_LD: ".jsonld", N_TRIPLES: ".nt", RDF_XML: ".rdf"}
DESCRIBE = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX dcterms: <http://purl.org/dc/terms/>
CONSTRUCT { ?s ?p ?o } WHERE {
  { ?resource ?p ?o BIND(?resource AS ?s) }
  UNION
  { ?resource ?p0 ?b0 FILTER(isBlank(?b0)) ?b0 rdf:rest* ?s . ?s ?p ?o }
  UNION
  { ?resource ?p0 ?b0 FILTER(isBlank(?b0)) ?b0 rdf:rest*/rdf:first ?b1 FILTER(isBlank(?b1))
    ?b1 ?p ?o BIND(?b1 AS ?s) }
  UNION
  { ?s ?p ?resource FILTER(isIRI(?s)) BIND(?resource AS ?o) }
  UNION
  { { ?resource ?p1 ?s } UNION { ?s ?p1 ?resource }
    FILTER(isIRI(?s) && ?s != ?resource)
    VALUES ?p { rdfs:label skos:prefLabel foaf:name dcterms:title }
    ?s ?p ?o }
}
"""


def representation(path: str, accept: str | None) -> tuple[str, str]:
    """The path without an RDF suffix, and the media type to answer with (HTML or RDF).

    A suffix (.ttl, .jsonld, .nt, .rdf) wins over `Accept`; raises
    service.sparql.negotiation.NotAcceptable when nothing acceptable is offered.
    """
    for suffix, media_type in SUFFIXES.items():
        if path.endswith(suffix):
            return path[: -len(suffix)], media_type
    return path, negotiate(accept, {HTML: HTML, **PAGE_ALIASES}, HTML)


def rdf_response(iri: str, media_type: str) -> Response:
    """The RDF of `iri` in `media_type`, with Vary: Accept."""
    _, result = run_query(DESCRIBE, media_type, {"resource": iri_term(iri)})
    body = result.body
    if _is_source_document(iri):
        body = _with_description(iri, body, media_type)
    response = Response(body, content_type=result.content_type)
    response.vary.add("Accept")
    return response


def _is_source_document(iri: str) -> bool:
    base = current_app.config["GKG_BASE_IRI"]
    return iri.startswith(f"{base}source/") and "/lines/" not in iri


def _with_description(iri: str, body: bytes, media_type: str) -> bytes:
    """A source document's RDF plus what the dataset description says of it (its checksum,
    `<doc>#sha256`, lives only there and in the dumps)."""
    from werkzeug.exceptions import HTTPException

    from service.dataset.void import get_publication
    from service.sparql.service_description import RDFLIB_FORMATS

    try:
        description = get_publication().description
    except HTTPException:  # no local release (an external store): nothing to add
        return body
    extra = [
        triple
        for triple in description
        if str(triple[0]) == iri or str(triple[0]).startswith(iri + "#")
    ]
    if not extra:
        return body
    graph = rdflib.Graph().parse(data=body, format=RDFLIB_FORMATS[media_type])
    for triple in extra:
        graph.add(triple)
    return graph.serialize(format=RDFLIB_FORMATS[media_type], encoding="utf-8")


def alternates(path: str) -> list[tuple[str, str]]:
    """(media type, URL) of the RDF representations of the page at `path`."""
    return [(media_type, path + suffix) for media_type, suffix in RDF_TYPES.items()]
