"""Clinical questions and the PICO elements their concepts fill."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import DCTERMS

from loaders.iris import GKG
from loaders.rdf.context import Context
from loaders.rdf.vocabulary import PICO
from loaders.records import Module

PICO_ELEMENTS = [  # (IRI suffix, property, class, semantic tags of the concepts it holds)
    ("population", GKG.picoPopulation, PICO.Population, {"disorder", "morphologic abnormality"}),
    ("intervention", GKG.picoIntervention, PICO.Intervention, {"procedure", "substance"}),
    ("outcome", GKG.picoOutcome, PICO.Outcome, {"outcome", "statistic", "observable entity"}),
]


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
        found = ctx.subjects(iri, question.text)
        for suffix, predicate, pico_class, tags in PICO_ELEMENTS:
            members = [c for c in found if ctx.concepts.semantic_tag(c) in tags]
            if members:
                element = ctx.iris.pico_element(iri, suffix)
                ctx.entity(element, [pico_class], question.span)
                ctx.add(iri, predicate, element)
                for concept in members:
                    ctx.add(element, DCTERMS.subject, concept)
