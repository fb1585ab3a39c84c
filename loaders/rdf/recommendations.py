"""Recommendations, their strength and direction, and their numbered statements."""

from __future__ import annotations

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import CSVW, RDFS

from loaders.iris import GKG
from loaders.rdf.context import Context
from loaders.rdf.vocabulary import SCHEMA
from loaders.records import Module, Recommendation, Table

STRENGTHS = {"strong": GKG.StrongRecommendation, "weak": GKG.WeakRecommendation}
DIRECTIONS = {
    "for": GKG.RecommendationFor,
    "against": GKG.RecommendationAgainst,
    "conditional": GKG.RecommendationConditionallyFor,
}
TREATMENT_TAGS = frozenset({"procedure", "substance"})


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
    if module.questions:
        ctx.add(iri, GKG.answersQuestion, _question(ctx, module, recommendation))
    for index, statement in enumerate(recommendation.statements, start=1):
        node = ctx.iris.statement(key, index)
        ctx.entity(node, [GKG.RecommendationStatement], statement.span)
        ctx.add(node, GKG.text, ctx.text(statement.text))
        ctx.add(node, GKG.statementNumber, Literal(index))
        ctx.add(node, GKG.direction, DIRECTIONS.get(statement.direction, GKG.UnknownDirection))
        alternatives = _treatments(ctx, statement.comparator)
        advised = _treatments(ctx, statement.intervention) or _treatments(ctx, statement.clause)
        for concept in advised:
            if concept not in alternatives:
                ctx.add(node, GKG.concernsIntervention, concept)
        for concept in alternatives:
            ctx.add(node, GKG.concernsComparator, concept)
        ctx.add(iri, GKG.hasStatement, node)
    for index, table in enumerate(recommendation.tables, start=1):
        add_table(ctx, ctx.iris.table(key, index), table)
        ctx.add(iri, GKG.hasTable, ctx.iris.table(key, index))
    ctx.subjects(iri, recommendation.label, *(s.text for s in recommendation.statements))


def _question(ctx: Context, module: Module, recommendation: Recommendation) -> URIRef:
    """The question it answers: its sub-question, else the module's main (or first) question."""
    numbers = {q.number for q in module.questions}
    number = recommendation.question_number
    if number not in numbers:
        number = None if None in numbers else module.questions[0].number
    return ctx.iris.question(module.key, number)


def _treatments(ctx: Context, words: str) -> list[URIRef]:
    """The procedures and substances named in `words`."""
    if not words:
        return []
    return [c for c in ctx.concepts.find(words) if ctx.concepts.semantic_tag(c) in TREATMENT_TAGS]


def add_table(ctx: Context, iri: URIRef, table: Table) -> None:
    """A table kept as a table: its header cells and its numbered rows of cells, in order."""
    ctx.entity(iri, [CSVW.Table], table.span)
    if table.header:
        ctx.add(iri, GKG.headerCells, _cells(ctx, table.header))
    for number, row in enumerate(table.rows, start=1):
        node = URIRef(f"{iri}/row/{number}")
        ctx.graph.add((node, RDF.type, CSVW.Row))
        ctx.add(node, CSVW.rownum, Literal(number))
        ctx.add(node, GKG.cells, _cells(ctx, row))
        ctx.add(iri, CSVW.row, node)


def _cells(ctx: Context, cells: list[str]) -> BNode:
    return ctx.add_list([ctx.text(cell) for cell in cells])
