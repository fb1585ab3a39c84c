"""Clinical questions and their PICO elements: population, intervention, comparator, outcomes.

Each element keeps the question's own words (`gkg:text`) and the concepts named in them
(`dcterms:subject`); an intervention or comparator names only procedures and substances.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from loaders.iris import GKG
from loaders.rdf.context import Context
from loaders.rdf.vocabulary import PICO
from loaders.records import ClinicalQuestion, Module

TREATMENT_TAGS = frozenset({"procedure", "substance"})


def add_questions(ctx: Context, module: Module) -> None:
    """The module's main question, its sub-questions and their PICO elements."""
    main = next((q for q in module.questions if q.number is None), None)
    for question in module.questions:
        iri = ctx.iris.question(module.key, question.number)
        ctx.entity(iri, [GKG.ClinicalQuestion], question.span)
        ctx.add(iri, GKG.text, ctx.text(question.text))
        ctx.add(iri, GKG.inModule, ctx.iris.module(module.key))
        if question.number is not None:
            ctx.add(iri, GKG.questionNumber, Literal(question.number))
            if main is not None:
                ctx.add(iri, GKG.subQuestionOf, ctx.iris.question(module.key, None))
        ctx.subjects(iri, question.text)
        add_pico(ctx, iri, question)


def add_pico(ctx: Context, iri: URIRef, question: ClinicalQuestion) -> None:
    """The question's PICO elements, each with its words and the concepts they name."""
    pico = question.pico
    elements = [
        ("population", GKG.picoPopulation, PICO.Population, pico.population, None),
        ("intervention", GKG.picoIntervention, PICO.Intervention, pico.intervention,
         TREATMENT_TAGS),
        ("comparator", GKG.picoComparator, GKG.PicoComparator, pico.comparator, TREATMENT_TAGS),
    ] + [
        (f"outcome-{n}", GKG.picoOutcome, PICO.Outcome, words, None)
        for n, words in enumerate(pico.outcomes, start=1)
    ]  # fmt: skip
    for suffix, predicate, element_class, words, tags in elements:
        if not words:
            continue
        element = ctx.entity(ctx.iris.pico_element(iri, suffix), [element_class], question.span)
        ctx.add(iri, predicate, element)
        ctx.add(element, GKG.text, ctx.text(words))
        for concept in ctx.concepts.find(words):
            if tags is None or ctx.concepts.semantic_tag(concept) in tags:
                ctx.add(element, DCTERMS.subject, concept)
