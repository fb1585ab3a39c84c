"""The outcomes a finding measures: its question's PICO outcomes and the module's conclusions.

A finding of the text on sub-question N ('Uitgangsvraag N – ...') is matched against the
outcomes of that question, then of the main question; one whose part of the text is not
known, against the main question's, then every sub-question's.  The first of these that
has a matching outcome gives its links.  Conclusions are the module's, matched on the
outcome each concerns.  Matching is by kind of measure (`loaders.parsers.outcome_kinds`).
"""

from __future__ import annotations

from rdflib import URIRef

from loaders.parsers.outcome_kinds import measures
from loaders.rdf.context import Context
from loaders.records import ClinicalQuestion, Finding, Module


def measured_outcomes(ctx: Context, module: Module, finding: Finding) -> list[URIRef]:
    """The PICO outcome elements and conclusions of the module the finding measures."""
    main = [q for q in module.questions if q.number is None]
    subs = [q for q in module.questions if q.number is not None]
    own = [q for q in subs if q.number == finding.question_number]
    targets: list[URIRef] = []
    for scope in [own, main] if own else [main, subs]:
        targets = [iri for question in scope for iri in _matching(ctx, module, question, finding)]
        if targets:
            break
    for index, conclusion in enumerate(module.conclusions, start=1):
        if conclusion.outcome and measures(finding, conclusion.outcome):
            targets.append(ctx.iris.conclusion(module.key, index))
    return targets


def _matching(
    ctx: Context, module: Module, question: ClinicalQuestion, finding: Finding
) -> list[URIRef]:
    iri = ctx.iris.question(module.key, question.number)
    return [
        ctx.iris.pico_element(iri, f"outcome-{n}")
        for n, words in enumerate(question.pico.outcomes, start=1)
        if words and measures(finding, words)
    ]
