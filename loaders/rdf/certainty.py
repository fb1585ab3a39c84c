"""A module's certainty assessment (GRADE levels) and its downgrades."""

from __future__ import annotations

from rdflib import Literal

from loaders.iris import GKG
from loaders.rdf.context import Context
from loaders.records import EvidenceQuality, Module

CERTAINTIES = {
    "high": GKG.HighCertainty, "moderate": GKG.ModerateCertainty,
    "low": GKG.LowCertainty, "very-low": GKG.VeryLowCertainty,
}  # fmt: skip


def add_certainty(ctx: Context, module: Module, quality: EvidenceQuality) -> None:
    """The certainty levels found, the highest and lowest, and each downgrade."""
    iri = ctx.entity(ctx.iris.certainty(module.key), [GKG.CertaintyAssessment], quality.span)
    ctx.add(iri, GKG.inModule, ctx.iris.module(module.key))
    ctx.add(iri, GKG.graded, Literal(quality.graded))
    ctx.add(iri, GKG.text, quality.text and ctx.text(quality.text))
    levels = [CERTAINTIES[level] for level in quality.levels if level in CERTAINTIES]
    order = list(CERTAINTIES.values())
    for level in levels:
        ctx.add(iri, GKG.certainty, level)
    if levels:
        ctx.add(iri, GKG.highestCertainty, min(levels, key=order.index))
        ctx.add(iri, GKG.lowestCertainty, max(levels, key=order.index))
    for downgrade in quality.downgrades:
        node = ctx.iris.downgrade(module.key, downgrade.domain)
        ctx.entity(node, [GKG.Downgrade], downgrade.span)
        ctx.add(node, GKG.downgradeDomain, GKG[downgrade.domain])
        ctx.add(node, GKG.text, downgrade.text and ctx.text(downgrade.text))
        ctx.add(iri, GKG.hasDowngrade, node)
