"""Renamed copies of the bundled document's graph, each standing in for one more guideline.

    graph = build_graph(parse_document(BUNDLED_SOURCE), copy_base_iri(17))
    make_identifiers_unique(graph, 17)

Copy `i` mints its data IRIs under `https://w3id.org/gkg/s{i}/` (copy 0 keeps the bundled
base, so point look-ups find something); ontology and concept IRIs are shared, as across
real guidelines.  Identifiers (DOI, PMID, PMCID), journal volumes and declared texts are made
unique per copy, so that rules across nodes (shared DOIs, the same journal volume and pages,
identical declarations) do not pair up the copies: each copy gives the same validation results
as the bundled document alone, as distinct guidelines citing distinct publications would.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef

from loaders.iris import DEFAULT_BASE_IRI, GKG
from loaders.rdf.ntriples import NTriplesGraph
from loaders.rdf.vocabulary import BIBO, FABIO, PRISM

PMCID = FABIO.hasPubMedCentralId
DECLARED = {GKG[name] for name in (
    "mainPosition", "sideActivities", "personalFinancialInterests", "personalRelations",
    "externallyFundedResearch", "intellectualInterests", "otherInterests",
)}  # fmt: skip
UNIQUE_PER_COPY = frozenset((BIBO.doi, BIBO.pmid, PMCID, PRISM.volume, *DECLARED))


def copy_base_iri(index: int) -> str:
    """The base IRI of copy `index` (copy 0: the bundled one)."""
    return f"{DEFAULT_BASE_IRI}s{index}/" if index else DEFAULT_BASE_IRI


def make_identifiers_unique(graph: Graph | NTriplesGraph, index: int) -> None:
    """Make the copy's identifiers and declared texts its own (copy 0 is left as it is)."""
    if not index:
        return
    for subject, predicate, value in list(graph):
        if predicate in UNIQUE_PER_COPY and isinstance(value, Literal):
            graph.remove((subject, predicate, value))
            graph.add((subject, predicate, unique_value(predicate, value, index)))


def unique_value(predicate: URIRef, value: Literal, index: int) -> Literal:
    """An identifier or declared text made unique for copy `index` (still well formed)."""
    text = str(value)
    if predicate == BIBO.doi:
        return Literal(f"{text}.c{index}")
    if predicate == BIBO.pmid:
        return Literal(str(int(text) % 10**6 * 1000 + index) if text.isdigit() else text)
    if predicate == PMCID:
        return Literal(f"{text}{index:04d}")
    if predicate == PRISM.volume:  # volume(issue)
        return Literal(f"{text}({index})")
    return Literal(f"{text} (kopie {index})", lang=value.language)


def build_copy(source: Path, index: int) -> tuple[object, bytes, int]:
    """Copy `index` of a document, parsed and built as the build would: (Document, N-Triples, n).

    For `service.pipeline.release_writer.build_documents`, which runs it in parallel processes.
    """
    from loaders.parsers.document import parse_document
    from loaders.rdf.builder import build_graph

    document = parse_document(source)
    graph = build_graph(document, copy_base_iri(index), into=NTriplesGraph())
    make_identifiers_unique(graph, index)
    return document, graph.ntriples(), len(graph)
