"""A module's own node, its considerations and its Wkkgz assessment."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from loaders.iris import GKG
from loaders.rdf.context import Context
from loaders.records import Module

CONSIDERATION_KINDS = {
    "balance": GKG.BalanceOfEffects, "evidence-quality": GKG.QualityOfEvidence,
    "values": GKG.ValuesAndPreferences, "costs": GKG.Costs, "equity": GKG.Equity,
    "acceptability": GKG.Acceptability, "sustainability": GKG.Sustainability,
    "feasibility": GKG.Feasibility, "rationale": GKG.Rationale,
}  # fmt: skip


def add_module(ctx: Context, module: Module) -> URIRef:
    """The module: number, title, guideline, cycle, initiative and subjects."""
    iri = ctx.entity(ctx.iris.module(module.key), [GKG.Module], module.span)
    if module.accountability_span:
        ctx.add(iri, PROV.wasDerivedFrom, ctx.span(module.accountability_span))
    ctx.add(iri, GKG.moduleNumber, module.number)
    ctx.add(iri, GKG.moduleSlug, module.slug)
    ctx.add(iri, DCTERMS.title, module.title and ctx.text(module.title))
    if module.guideline_key:
        guideline = ctx.iris.guideline(module.guideline_key)
        ctx.add(iri, DCTERMS.isPartOf, guideline)
        ctx.add(guideline, DCTERMS.hasPart, iri)
    ctx.add(iri, GKG.cycle, module.cycle and ctx.text(module.cycle))
    ctx.add(iri, GKG.initiativeText, module.initiative)
    if module.initiative_key:
        ctx.add(iri, GKG.initiatedBy, ctx.organisation(module.initiative_key))
    ctx.subjects(iri, module.title, *(q.text for q in module.questions))
    return iri


def add_considerations(ctx: Context, module: Module) -> None:
    """The module's considerations, numbered in source order."""
    iri = ctx.iris.module(module.key)
    for index, consideration in enumerate(module.considerations, start=1):
        node = ctx.iris.consideration(module.key, index)
        ctx.entity(node, [GKG.Consideration], consideration.span)
        kind = CONSIDERATION_KINDS.get(consideration.kind, GKG.OtherConsideration)
        ctx.add(node, GKG.considerationKind, kind)
        ctx.add(node, GKG.heading, ctx.text(consideration.heading))
        ctx.add(node, GKG.text, consideration.text and ctx.text(consideration.text))
        ctx.add(node, GKG.considerationNumber, Literal(index))
        ctx.add(node, GKG.inModule, iri)


def add_wkkgz(ctx: Context, module: Module) -> None:
    """The module's Wkkgz assessment, if it has one."""
    if not module.wkkgz:
        return
    iri = ctx.iris.module(module.key)
    wkkgz = ctx.entity(ctx.iris.wkkgz(module.key), [GKG.WkkgzAssessment], module.wkkgz.span)
    ctx.add(wkkgz, GKG.moduleTitleAsWritten, ctx.text(module.wkkgz.module_title))
    ctx.add(wkkgz, GKG.assessmentOutcome, ctx.text(module.wkkgz.outcome))
    ctx.add(wkkgz, GKG.explanation, ctx.text(module.wkkgz.explanation))
    ctx.add(wkkgz, GKG.inModule, iri)
    ctx.add(iri, GKG.hasWkkgzAssessment, wkkgz)
