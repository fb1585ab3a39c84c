"""Declarations of interest and the interests they declare."""

from __future__ import annotations

from rdflib import Literal, URIRef

from loaders.iris import GKG
from loaders.rdf.context import Context
from loaders.rdf.memberships import group
from loaders.rdf.vocabulary import FRAPO, SCHEMA
from loaders.records import Declaration, Interest

INTEREST_KINDS = {
    "employment": GKG.EmploymentInterest, "side-activity": GKG.SideActivityInterest,
    "financial": GKG.PersonalFinancialInterest, "personal-relation": GKG.PersonalRelationInterest,
    "research-funding": GKG.ResearchFundingInterest, "intellectual": GKG.IntellectualInterest,
}  # fmt: skip


def add_declaration(ctx: Context, declaration: Declaration) -> None:
    """A module's declaration by one person, its verbatim columns and interests."""
    number, person_key = declaration.module, declaration.person_key
    iri = ctx.iris.declaration(number, person_key, declaration.group)
    ctx.entity(iri, [GKG.InterestDeclaration], declaration.span)
    person = ctx.iris.person(person_key)
    ctx.add(iri, GKG.declarant, person)
    ctx.add(iri, GKG.inModule, ctx.iris.module(number))
    ctx.add(iri, GKG.clusterGroup, group(ctx, declaration.group, declaration.span))
    ctx.add(iri, GKG.nameAsWritten, declaration.name_as_written)
    for predicate, text in [
        (GKG.mainPosition, declaration.main_position),
        (GKG.sideActivities, declaration.side_activities),
        (GKG.personalFinancialInterests, declaration.financial_interests),
        (GKG.personalRelations, declaration.personal_relations),
        (GKG.externallyFundedResearch, declaration.research_funding),
        (GKG.intellectualInterests, declaration.intellectual_interests),
        (GKG.otherInterests, declaration.other_interests),
        (GKG.reportedInterests, declaration.reported_interests),
        (GKG.actionTaken, declaration.action),
    ]:
        ctx.add(iri, predicate, text and ctx.text(text))
    for index, interest in enumerate(declaration.interests, start=1):
        add_interest(ctx, iri, person, index, interest)


def add_interest(
    ctx: Context, declaration: URIRef, person: URIRef, index: int, interest: Interest
) -> None:
    """One declared interest, its counterparties and the person links it implies."""
    iri = ctx.entity(ctx.iris.interest(declaration, index), [GKG.Interest], interest.span)
    ctx.add(declaration, GKG.declaresInterest, iri)
    ctx.add(iri, GKG.interestKind, INTEREST_KINDS.get(interest.kind, GKG.OtherInterest))
    ctx.add(iri, GKG.text, ctx.text(interest.text))
    ctx.add(iri, GKG.project, interest.project)
    ctx.add(iri, GKG.projectRole, interest.role)
    if interest.paid is not None:
        ctx.add(iri, GKG.paid, Literal(interest.paid))
    for key in sorted(interest.organisation_keys):
        organisation = ctx.organisation(key)
        if organisation is None:
            continue
        ctx.add(iri, GKG.counterparty, organisation)
        for predicate in _person_links(interest):
            ctx.add(person, predicate, organisation)
        if interest.kind == "research-funding":
            ctx.add(iri, FRAPO.isFundedBy, organisation)
            ctx.add(iri, SCHEMA.funder, organisation)


def _person_links(interest: Interest) -> list[URIRef]:
    """Direct person -> organisation links a declared interest implies."""
    if interest.kind == "employment":
        return [GKG.employedBy, SCHEMA.worksFor]
    if interest.kind == "side-activity":
        return [GKG.affiliatedWith]
    if interest.kind == "research-funding":
        return [GKG.receivesFundingFrom]
    if interest.paid and interest.kind in ("financial", "other"):
        return [GKG.sponsoredBy]
    return []
