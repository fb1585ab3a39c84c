"""Recommendations, their strength and direction, and their numbered statements."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDFS

from .iris import GKG
from .rdf_context import Context
from .rdf_vocabulary import SCHEMA
from .records import Module, Recommendation

STRENGTHS = {"strong": GKG.StrongRecommendation, "weak": GKG.WeakRecommendation}
DIRECTIONS = {"for": GKG.RecommendationFor, "against": GKG.RecommendationAgainst}


def add_recommendation(ctx: Context, module: Module, recommendation: Recommendation) -> None:
    """A recommendation of the module, with its statements and subjects."""
    key = recommendation.key
    types = [GKG.Recommendation, SCHEMA.MedicalGuidelineRecommendation]
    iri = ctx.entity(ctx.iris.recommendation(key), types, recommendation.span)
    ctx.add(iri, RDFS.label, ctx.text(recommendation.label))
    ctx.add(iri, GKG.verdict, recommendation.verdict and ctx.text(recommendation.verdict))
    ctx.add(iri, GKG.strength, STRENGTHS.get(recommendation.strength, GKG.UnknownStrength))
    ctx.add(iri, GKG.direction, DIRECTIONS.get(recommendation.direction, GKG.UnknownDirection))
    ctx.add(iri, GKG.inModule, ctx.iris.module(module.key))
    for index, statement in enumerate(recommendation.statements, start=1):
        node = ctx.iris.statement(key, index)
        ctx.entity(node, [GKG.RecommendationStatement], statement.span)
        ctx.add(node, GKG.text, ctx.text(statement.text))
        ctx.add(node, GKG.statementNumber, Literal(index))
        ctx.add(iri, GKG.hasStatement, node)
    ctx.subjects(iri, recommendation.label, *(s.text for s in recommendation.statements))
