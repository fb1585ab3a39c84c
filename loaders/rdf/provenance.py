"""The checksummed source document and the data-quality problems found in it."""

from __future__ import annotations

from pathlib import PurePath

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from loaders.iris import GKG
from loaders.rdf.context import Context
from loaders.rdf.vocabulary import SCHEMA, SPDX
from loaders.records import Problem


def add_source(ctx: Context) -> None:
    """The source document every span points into."""
    info = ctx.document.source
    g, source = ctx.graph, ctx.source
    for rdf_type in (GKG.SourceDocument, PROV.Entity):
        g.add((source, RDF.type, rdf_type))
    g.add((source, GKG.sha256, Literal(info.sha256)))
    g.add((source, GKG.lineCount, Literal(info.line_count)))
    g.add((source, DCTERMS.identifier, Literal(PurePath(info.path).name)))
    ctx.add(source, DCTERMS.title, info.title and ctx.text(info.title))
    if info.format != "text-export":
        ctx.add(source, GKG.sourceFormat, info.format)
    if info.address.startswith(("http://", "https://")):
        ctx.add(source, SCHEMA.url, URIRef(info.address))
    checksum = BNode()
    g.add((source, SPDX.checksum, checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(info.sha256, datatype=XSD.hexBinary)))


def add_problems(ctx: Context, problems: list[Problem]) -> None:
    """One data-quality finding per problem, linked to the entity it concerns."""
    targets = _subject_keys(ctx)
    for problem in problems:
        index = 1
        sha256 = problem.span.source or ctx.document.source.sha256
        iri = ctx.iris.problem(sha256, problem.kind, problem.span)
        while (iri, RDF.type, GKG.DataQualityFinding) in ctx.graph:
            index += 1
            iri = ctx.iris.problem(sha256, problem.kind, problem.span, index)
        ctx.entity(iri, [GKG.DataQualityFinding], problem.span)
        ctx.add(iri, GKG.problemKind, problem.kind)
        ctx.add(iri, GKG.message, Literal(problem.message, lang="en"))
        ctx.add(iri, GKG.concerns, targets.get(problem.subject_key))


def _subject_keys(ctx: Context) -> dict[str, URIRef]:
    keys: dict[str, URIRef] = {}
    document, iris = ctx.document, ctx.iris
    for module in document.modules:
        keys.setdefault(module.key, iris.module(module.key))
        keys.setdefault(module.number or module.key, iris.module(module.key))
        for recommendation in module.recommendations:
            keys.setdefault(recommendation.key, iris.recommendation(recommendation.key))
        for reference in module.references:
            keys.setdefault(reference.key, iris.reference(reference.key))
    for person in document.people:
        keys.setdefault(person.key, iris.person(person.key))
    for organisation in document.organisations:
        keys.setdefault(organisation.key, iris.organisation(organisation.key))
    return keys
