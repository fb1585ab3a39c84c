"""A module's conclusions: per outcome, the statement, its GRADE or EBRO level and sources."""

from __future__ import annotations

from rdflib import Literal

from loaders.iris import GKG
from loaders.rdf.certainty import CERTAINTIES
from loaders.rdf.context import Context
from loaders.records import Module


def add_conclusions(ctx: Context, module: Module) -> None:
    """Each conclusion, numbered in source order."""
    module_iri = ctx.iris.module(module.key)
    for index, conclusion in enumerate(module.conclusions, start=1):
        iri = ctx.entity(ctx.iris.conclusion(module.key, index), [GKG.Conclusion], conclusion.span)
        ctx.add(iri, GKG.inModule, module_iri)
        ctx.add(module_iri, GKG.hasConclusion, iri)
        ctx.add(iri, GKG.conclusionNumber, Literal(index))
        ctx.add(iri, GKG.text, ctx.text(conclusion.text))
        ctx.add(iri, GKG.gradingSystem, conclusion.system)
        ctx.add(iri, GKG.levelAsWritten, conclusion.level_text and ctx.text(conclusion.level_text))
        if conclusion.system == "GRADE":
            ctx.add(iri, GKG.certainty, CERTAINTIES.get(conclusion.level))
        else:
            ctx.add(iri, GKG.evidenceLevel, conclusion.level)
        ctx.add(iri, GKG.outcomeAsWritten, conclusion.outcome and ctx.text(conclusion.outcome))
        ctx.add(iri, GKG.sourcesAsWritten, conclusion.sources)
        for evidence_class in dict.fromkeys(conclusion.evidence_classes):
            ctx.add(iri, GKG.evidenceClass, evidence_class)
        ctx.subjects(iri, conclusion.outcome, conclusion.text)
