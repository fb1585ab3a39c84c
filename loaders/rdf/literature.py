"""A module's reference list and the citations in its text."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DC, DCTERMS, OWL, RDFS, XSD

from loaders.iris import GKG
from loaders.rdf.context import Context
from loaders.rdf.vocabulary import BIBO, CITO, FABIO, PRISM, SCHEMA
from loaders.records import Citation, Module, Reference, Span

REFERENCE_CLASSES = {
    "article": [FABIO.JournalArticle],
    "systematic-review": [FABIO.JournalArticle, FABIO.SystematicReview],
    "guideline": [FABIO.ClinicalGuideline],
    "report": [FABIO.ReportDocument],
}  # fmt: skip
EVIDENCE_KINDS = {"evidence-quality"}


def add_references(ctx: Context, module: Module) -> None:
    """The module's references, each listed by the module."""
    iri = ctx.iris.module(module.key)
    for reference in module.references:
        add_reference(ctx, reference)
        ctx.add(iri, GKG.listsReference, ctx.iris.reference(reference.key))


def add_reference(ctx: Context, reference: Reference) -> None:
    """A reference: verbatim citation, bibliographic fields and identifiers."""
    types = [GKG.Reference, *REFERENCE_CLASSES.get(reference.kind, [FABIO.Expression])]
    iri = ctx.entity(ctx.iris.reference(reference.key), types, reference.span)
    ctx.add(iri, DCTERMS.bibliographicCitation, reference.text)
    ctx.add(iri, DCTERMS.title, reference.title)
    if reference.authors and (iri, BIBO.authorList, None) not in ctx.graph:
        authors = ctx.add_list([Literal(name) for name in reference.authors])
        ctx.add(iri, BIBO.authorList, authors)
        for name in reference.authors:
            ctx.add(iri, DC.creator, Literal(name))
    ctx.add(iri, PRISM.publicationName, reference.journal)
    if reference.year is not None:
        ctx.add(iri, DCTERMS.issued, Literal(str(reference.year), datatype=XSD.gYear))
    ctx.add(iri, PRISM.volume, reference.volume)
    ctx.add(iri, PRISM.issueIdentifier, reference.issue)
    ctx.add(iri, PRISM.pageRange, reference.pages)
    if reference.doi:
        ctx.add(iri, BIBO.doi, reference.doi)
        ctx.add(iri, OWL.sameAs, URIRef(f"https://doi.org/{reference.doi}"))
    if reference.pmid.isdigit():
        # Only a real PMID is an identifier; 'PMID: PMC9979010' stays in the verbatim
        # citation (dcterms:bibliographicCitation) and is reported as a Problem.
        ctx.add(iri, BIBO.pmid, reference.pmid)
        ctx.add(iri, RDFS.seeAlso, URIRef(f"https://pubmed.ncbi.nlm.nih.gov/{reference.pmid}/"))
    if reference.pmcid:
        ctx.add(iri, FABIO.hasPubMedCentralId, reference.pmcid)
        ctx.add(
            iri, RDFS.seeAlso, URIRef(f"https://pmc.ncbi.nlm.nih.gov/articles/{reference.pmcid}/")
        )
    if reference.url.startswith(("http://", "https://")):  # not placeholders such as 'xxx'
        ctx.add(iri, SCHEMA.url, URIRef(reference.url))
    ctx.subjects(iri, reference.title)


def add_citation(ctx: Context, module: Module, index: int, citation: Citation) -> None:
    """An in-text citation: who cites which reference, and whether as evidence."""
    iri = ctx.entity(ctx.iris.citation(module.key, index), [GKG.Citation], citation.span)
    module_iri = ctx.iris.module(module.key)
    citing = _citing_recommendation(ctx, module, citation.span)
    ctx.add(iri, GKG.text, citation.text)
    ctx.add(iri, GKG.inModule, module_iri)
    ctx.add(iri, CITO.hasCitingEntity, citing or module_iri)
    if citation.reference_key not in ctx.known_references:
        return
    reference = ctx.iris.reference(citation.reference_key)
    ctx.add(iri, CITO.hasCitedEntity, reference)
    ctx.add(module_iri, CITO.cites, reference)
    if citing is not None:
        ctx.add(citing, CITO.citesAsEvidence, reference)
        ctx.add(iri, CITO.hasCitationCharacterisation, CITO.citesAsEvidence)
    elif _in_evidence_section(module, citation.span):
        ctx.add(module_iri, CITO.citesAsEvidence, reference)
        ctx.add(iri, CITO.hasCitationCharacterisation, CITO.citesAsEvidence)


def _citing_recommendation(ctx: Context, module: Module, span: Span) -> URIRef | None:
    for recommendation in module.recommendations:
        if _within(span, recommendation.span):
            return ctx.iris.recommendation(recommendation.key)
    return None


def _in_evidence_section(module: Module, span: Span) -> bool:
    sections = [c.span for c in module.considerations if c.kind in EVIDENCE_KINDS]
    if module.evidence_quality:
        sections.append(module.evidence_quality.span)
    return any(_within(span, section) for section in sections)


def _within(inner: Span, outer: Span) -> bool:
    return outer.first <= inner.first and inner.last <= outer.last
