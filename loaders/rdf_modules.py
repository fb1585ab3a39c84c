"""A module's own node, its considerations and its Wkkgz assessment."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from .iris import GKG
from .rdf_context import Context, nl
from .records import Module

CONSIDERATION_KINDS = {
    "balance": GKG.BalanceOfEffects, "evidence-quality": GKG.QualityOfEvidence,
    "values": GKG.ValuesAndPreferences, "costs": GKG.Costs, "equity": GKG.Equity,
    "acceptability": GKG.Acceptability, "sustainability": GKG.Sustainability,
    "feasibility": GKG.Feasibility, "rationale": GKG.Rationale,
}  # fmt: skip


def add_module(ctx: Context, module: Module) -> URIRef:
    """The module: number, title, guideline, cycle, initiative and subjects."""
    number = module.number
    iri = ctx.entity(ctx.iris.module(number), [GKG.Module], module.span)
    if module.accountability_span:
        ctx.add(iri, PROV.wasDerivedFrom, ctx.span(module.accountability_span))
    ctx.add(iri, GKG.moduleNumber, number)
    ctx.add(iri, DCTERMS.title, module.title and nl(module.title))
    if module.guideline_key:
        guideline = ctx.iris.guideline(module.guideline_key)
        ctx.add(iri, DCTERMS.isPartOf, guideline)
        ctx.add(guideline, DCTERMS.hasPart, iri)
    ctx.add(iri, GKG.cycle, module.cycle and nl(module.cycle))
    ctx.add(iri, GKG.initiativeText, module.initiative)
    if module.initiative_key:
        ctx.add(iri, GKG.initiatedBy, ctx.organisation(module.initiative_key))
    ctx.subjects(iri, module.title, *(q.text for q in module.questions))
    return iri


def add_considerations(ctx: Context, module: Module) -> None:
    """The module's considerations, numbered in source order."""
    iri = ctx.iris.module(module.number)
    for index, consideration in enumerate(module.considerations, start=1):
        node = ctx.iris.consideration(module.number, index)
        ctx.entity(node, [GKG.Consideration], consideration.span)
        kind = CONSIDERATION_KINDS.get(consideration.kind, GKG.OtherConsideration)
        ctx.add(node, GKG.considerationKind, kind)
        ctx.add(node, GKG.heading, nl(consideration.heading))
        ctx.add(node, GKG.text, consideration.text and nl(consideration.text))
        ctx.add(node, GKG.considerationNumber, Literal(index))
        ctx.add(node, GKG.inModule, iri)


def add_wkkgz(ctx: Context, module: Module) -> None:
    """The module's Wkkgz assessment, if it has one."""
    if not module.wkkgz:
        return
    iri = ctx.iris.module(module.number)
    wkkgz = ctx.entity(ctx.iris.wkkgz(module.number), [GKG.WkkgzAssessment], module.wkkgz.span)
    ctx.add(wkkgz, GKG.moduleTitleAsWritten, nl(module.wkkgz.module_title))
    ctx.add(wkkgz, GKG.assessmentOutcome, nl(module.wkkgz.outcome))
    ctx.add(wkkgz, GKG.explanation, nl(module.wkkgz.explanation))
    ctx.add(wkkgz, GKG.inModule, iri)
    ctx.add(iri, GKG.hasWkkgzAssessment, wkkgz)
