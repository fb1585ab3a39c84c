"""Cluster groups, module panels, roles and who is a member of them."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import ORG, SKOS

from loaders.iris import GKG
from loaders.rdf.context import Context, nl
from loaders.records import Membership, Span

GROUP_CLASSES = {
    "steering": (GKG.SteeringGroup, "Clusterstuurgroep"),
    "expertise": (GKG.ExpertiseGroup, "Clusterexpertisegroep"),
    "support": (GKG.SupportTeam, "Methodologische ondersteuning"),
    "working-group": (GKG.WorkingGroup, "Werkgroep"),
    "sounding-board": (GKG.SoundingBoard, "Klankbordgroep"),
    "panel": (GKG.ClusterGroup, "Werkgroep"),
}


def group(ctx: Context, group: str, span: Span) -> URIRef:
    """The cluster group, a unit of the cluster (or of the guideline, without a cluster)."""
    rdf_type, label = GROUP_CLASSES.get(group, (GKG.ClusterGroup, group))
    guideline = ctx.document.guidelines[0].key if ctx.document.guidelines else ""
    if ctx.document.cluster or not guideline:
        iri = ctx.iris.group(ctx.cluster_key, group)
    else:
        iri = ctx.iris.guideline_group(guideline, group)
    ctx.entity(iri, [rdf_type], span)
    ctx.add(iri, SKOS.prefLabel, nl(label))
    if ctx.document.cluster:
        cluster = ctx.iris.cluster(ctx.cluster_key)
        ctx.add(iri, ORG.unitOf, cluster)
        ctx.add(cluster, ORG.hasUnit, iri)
    return iri


def add_membership(ctx: Context, membership: Membership) -> None:
    """A membership of a cluster group or a module panel, with role and organisations."""
    span, scope = membership.span, membership.scope
    named_scope = f"cluster/{ctx.cluster_key}" if scope == "cluster" else scope
    iri = ctx.iris.membership(named_scope, membership.group, membership.person_key)
    ctx.entity(iri, [ORG.Membership], span)
    unit = group(ctx, membership.group, span)
    ctx.add(iri, ORG.member, ctx.iris.person(membership.person_key))
    ctx.add(iri, GKG.clusterGroup, unit)
    if scope == "cluster":
        ctx.add(iri, ORG.organization, unit)
    else:
        module = ctx.iris.module(scope)
        panel = ctx.entity(ctx.iris.panel(scope), [GKG.ModulePanel], span)
        ctx.add(panel, GKG.inModule, module)
        ctx.add(iri, ORG.organization, panel)
        ctx.add(iri, GKG.scopeModule, module)
    if membership.role:
        role = ctx.entity(ctx.iris.role(membership.role), [ORG.Role], span)
        ctx.add(role, SKOS.prefLabel, ctx.text(membership.role))
        ctx.add(iri, ORG.role, role)
        ctx.add(iri, GKG.roleText, ctx.text(membership.role))
    ctx.add(iri, GKG.organisationText, membership.organisation_text)
    for key in sorted(membership.organisation_keys):
        ctx.add(iri, GKG.onBehalfOf, ctx.organisation(key))
