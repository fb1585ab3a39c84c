"""People and organisations, with the name variants they are written as."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, ORG, PROV, SKOS

from loaders.iris import GKG
from loaders.rdf.context import Context
from loaders.rdf.vocabulary import SKOSXL
from loaders.records import NameVariant, Organisation, Person

ORGANISATION_CLASSES = {
    "professional-society": GKG.ProfessionalSociety, "hospital": GKG.HospitalOrUniversity,
    "company": GKG.Company, "charity": GKG.CharityOrFund, "government": GKG.GovernmentBody,
    "patient-organisation": GKG.PatientOrganisation, "knowledge-institute": GKG.KnowledgeInstitute,
}  # fmt: skip


def add_organisation(ctx: Context, organisation: Organisation) -> None:
    """An organisation, typed by its kind."""
    types = [ORG.FormalOrganization]
    if organisation.kind in ORGANISATION_CLASSES:
        types.append(ORGANISATION_CLASSES[organisation.kind])
    iri = ctx.entity(ctx.iris.organisation(organisation.key), types, organisation.span)
    ctx.add(iri, SKOS.prefLabel, Literal(organisation.name))
    ctx.add(iri, FOAF.name, Literal(organisation.name))
    for abbreviation in sorted(set(organisation.abbreviations)):
        ctx.add(iri, SKOS.altLabel, Literal(abbreviation))
    add_variants(ctx, iri, organisation.name, organisation.variants)


def add_person(ctx: Context, person: Person) -> None:
    """A person and the parts of their name."""
    iri = ctx.entity(ctx.iris.person(person.key), [FOAF.Person], person.span)
    ctx.add(iri, FOAF.name, Literal(person.name))
    ctx.add(iri, SKOS.prefLabel, Literal(person.name))
    ctx.add(iri, FOAF.givenName, person.given_name)
    ctx.add(iri, FOAF.familyName, person.family_name)
    ctx.add(iri, GKG.initials, person.initials)
    add_variants(ctx, iri, person.name, person.variants)


def add_variants(ctx: Context, owner: URIRef, name: str, variants: list[NameVariant]) -> None:
    """Each spelling the source writes the owner's name in, as an SKOS-XL label with its lines.

    The preferred name, where written, is the owner's `skosxl:prefLabel`; every other
    spelling a `skosxl:altLabel`, and (SKOS-XL's plain form, stated since no reasoner runs)
    a `skos:altLabel`.  Each label is derived from every span the spelling is written on.
    """
    ordered = sorted(variants, key=lambda variant: (variant.span, variant.text))
    for index, variant in enumerate(ordered, start=1):
        spans = sorted(set(variant.spans))
        iri = ctx.entity(ctx.iris.name_variant(owner, index), [SKOSXL.Label], spans[0])
        for span in spans[1:]:
            ctx.add(iri, PROV.wasDerivedFrom, ctx.span(span))
        ctx.add(iri, SKOSXL.literalForm, Literal(variant.text))
        if variant.text == name:
            ctx.add(owner, SKOSXL.prefLabel, iri)
        else:
            ctx.add(owner, SKOSXL.altLabel, iri)
            ctx.add(owner, SKOS.altLabel, Literal(variant.text))
