"""Turning a parsed `Document` into the data graph (RDF), the one place records become triples.

    >>> from loaders.records import Document, SourceInfo
    >>> graph = build_graph(Document(SourceInfo("x.txt", "ab" * 32, 3), None, [], [], [], [], []))
    >>> len(graph)  # the source document alone
    8

Every entity gets `prov:wasDerivedFrom` a source span (`gkg:SourceSpan` with
`gkg:firstLine`/`gkg:lastLine`, `gkg:inDocument` the checksummed source).  Verbatim
Dutch text is tagged @nl.  IRIs come from `loaders.iris`; terms from ontology/gkg.ttl.
The same `Document` always gives the same triples.

This module only sets the order things are built in; each subject has its own
`loaders.rdf_*` module, all sharing one `rdf_context.Context`.
"""

from __future__ import annotations

from rdflib import Graph

from loaders.concepts import ConceptIndex, load_concepts
from loaders.iris import DEFAULT_BASE_IRI, Iris
from loaders.rdf.certainty import add_certainty
from loaders.rdf.conclusions import add_conclusions
from loaders.rdf.context import Context, nl
from loaders.rdf.declarations import add_declaration
from loaders.rdf.findings import add_finding
from loaders.rdf.guidelines import add_cluster, add_guideline
from loaders.rdf.literature import add_citation, add_references
from loaders.rdf.memberships import add_membership
from loaders.rdf.modules import add_considerations, add_module, add_wkkgz
from loaders.rdf.people import add_organisation, add_person
from loaders.rdf.provenance import add_problems, add_source
from loaders.rdf.questions import add_questions
from loaders.rdf.recommendations import add_recommendation
from loaders.rdf.vocabulary import BIBO, CITO, FRAPO, OBO, PICO, PREFIXES
from loaders.records import Document, Module

__all__ = ["BIBO", "CITO", "FRAPO", "OBO", "PICO", "PREFIXES", "build_graph", "nl"]


def build_graph(
    document: Document,
    base_iri: str = DEFAULT_BASE_IRI,
    concepts: ConceptIndex | None = None,
    known_organisations: set[str] | None = None,
    into: Graph | None = None,
) -> Graph:
    """The data graph of one document (concepts: the bundled concept scheme by default).

    `known_organisations`: keys of organisations listed by other documents of the same
    corpus, which this document may point to; `into`: the corpus graph to add to, so that
    what two documents share (a reference's author list) is described once (see
    `loaders.corpus`).
    """
    concepts = concepts or load_concepts()
    ctx = Context(document, Iris(base_iri), concepts, known_organisations, into)
    add_source(ctx)
    if document.cluster:
        add_cluster(ctx, document.cluster)
    for guideline in document.guidelines:
        add_guideline(ctx, guideline)
    for organisation in document.organisations:
        add_organisation(ctx, organisation)
    for person in document.people:
        add_person(ctx, person)
    for membership in document.memberships:
        add_membership(ctx, membership)
    for module in document.modules:
        _add_module(ctx, module)
    add_problems(ctx, document.problems)
    return ctx.graph


def _add_module(ctx: Context, module: Module) -> None:
    add_module(ctx, module)
    add_questions(ctx, module)
    for recommendation in module.recommendations:
        add_recommendation(ctx, module, recommendation)
    add_considerations(ctx, module)
    if module.evidence_quality:
        add_certainty(ctx, module, module.evidence_quality)
    add_conclusions(ctx, module)
    add_references(ctx, module)
    for index, citation in enumerate(module.citations, start=1):
        add_citation(ctx, module, index, citation)
    for index, finding in enumerate(module.findings, start=1):
        add_finding(ctx, module, index, finding)
    for membership in module.memberships:
        add_membership(ctx, membership)
    for declaration in module.declarations:
        add_declaration(ctx, declaration)
    add_wkkgz(ctx, module)
