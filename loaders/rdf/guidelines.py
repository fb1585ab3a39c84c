"""The cluster and the guidelines it maintains."""

from __future__ import annotations

from rdflib.namespace import DCTERMS, SKOS

from loaders.iris import GKG
from loaders.rdf.context import Context
from loaders.rdf.vocabulary import FABIO, SCHEMA
from loaders.records import Cluster, Guideline


def add_cluster(ctx: Context, cluster: Cluster) -> None:
    """The guideline cluster."""
    iri = ctx.entity(ctx.iris.cluster(cluster.key), [GKG.Cluster], cluster.span)
    ctx.add(iri, SKOS.prefLabel, ctx.text(cluster.title))
    ctx.add(iri, DCTERMS.title, ctx.text(cluster.title))
    ctx.add(iri, GKG.cycle, cluster.cycle and ctx.text(cluster.cycle))
    ctx.add(iri, GKG.funding, cluster.funding and ctx.text(cluster.funding))


def add_guideline(ctx: Context, guideline: Guideline) -> None:
    """A guideline and the modules it has."""
    types = [FABIO.ClinicalGuideline, SCHEMA.MedicalGuideline]
    iri = ctx.entity(ctx.iris.guideline(guideline.key), types, guideline.span)
    ctx.add(iri, DCTERMS.title, ctx.text(guideline.title))
    ctx.add(iri, DCTERMS.description, guideline.description and ctx.text(guideline.description))
    if ctx.document.cluster:
        ctx.add(iri, GKG.maintainedBy, ctx.iris.cluster(ctx.cluster_key))
    for key in guideline.module_keys:
        ctx.add(iri, DCTERMS.hasPart, ctx.iris.module(key))
