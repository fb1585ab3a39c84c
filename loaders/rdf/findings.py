"""Quantitative findings: measure, value, interval, test, condition, subgroup and studies."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal
from rdflib.namespace import DCTERMS, XSD

from loaders.iris import GKG
from loaders.rdf.context import Context
from loaders.rdf.outcome_links import measured_outcomes
from loaders.rdf.vocabulary import OBO
from loaders.records import Finding, Module

NOT_CONDITIONS = {"procedure", "substance"}  # semantic tags never taken as a target condition
MEASURE_CLASSES = {
    "sensitivity": OBO.STATO_0000233, "specificity": OBO.STATO_0000134,
    "hazard-ratio": GKG.HazardRatio, "detection-rate": GKG.DetectionRate,
    "survival": GKG.SurvivalProportion, "overall-survival": GKG.SurvivalProportion,
    "disease-free-survival": GKG.SurvivalProportion, "ppv": GKG.PredictiveValue,
    "npv": GKG.PredictiveValue, "positive-predictive-value": GKG.PredictiveValue,
    "negative-predictive-value": GKG.PredictiveValue,
    "patient-count": GKG.Count, "study-count": GKG.Count, "lesion-count": GKG.Count,
    "event-count": GKG.Count, "country-count": GKG.Count, "proportion": GKG.Proportion,
    "follow-up": GKG.FollowUpDuration,
    "mean": GKG.SummaryStatistic, "median": GKG.SummaryStatistic,
}  # fmt: skip
QUALIFIERS = ("less-than", "greater-than", "at-most", "at-least")


def measure_class(finding: Finding):
    """The class of a finding's measure: '5-year-overall-survival' is a survival proportion."""
    if finding.statistic and finding.measure != "follow-up":
        return GKG.SummaryStatistic  # a median overall survival in months is no proportion
    if finding.measure in MEASURE_CLASSES:
        return MEASURE_CLASSES[finding.measure]
    if finding.measure.endswith("survival") and finding.unit == "proportion":
        return GKG.SurvivalProportion
    return None


def add_finding(ctx: Context, module: Module, index: int, finding: Finding) -> None:
    """The index-th finding of the module (1-based), named by its content."""
    types = [GKG.Finding]
    if measure_class(finding) is not None:
        types.append(measure_class(finding))
    named = ctx.iris.finding(module.key, finding)  # named by content, not position
    earlier = module.findings[: index - 1]  # the n-th of the same name gets '-n' (n > 1)
    occurrence = 1 + sum(ctx.iris.finding(module.key, f) == named for f in earlier)
    iri = ctx.iris.finding(module.key, finding, occurrence)
    ctx.entity(iri, types, finding.span)
    ctx.add(iri, GKG.inModule, ctx.iris.module(module.key))
    ctx.add(iri, GKG.measure, finding.measure)
    ctx.add(iri, GKG.value, _decimal(finding.value))
    ctx.add(iri, GKG.unit, finding.unit)
    ctx.add(iri, GKG["lower"], _decimal(finding.lower))
    ctx.add(iri, GKG["upper"], _decimal(finding.upper))
    ctx.add(iri, GKG.confidenceLevel, _decimal(finding.confidence))
    ctx.add(iri, GKG.studyCount, finding.n_studies)
    ctx.add(iri, GKG.patientCount, finding.n_patients)
    ctx.add(iri, GKG.text, finding.text and ctx.text(finding.text))
    if finding.approximate:
        ctx.add(iri, GKG.approximate, Literal(True))
    ctx.add(iri, GKG.subgroup, finding.subgroup)
    ctx.add(iri, GKG.measuredAsWritten, finding.outcome)
    ctx.add(iri, GKG.statistic, finding.statistic)
    ctx.add(iri, GKG.valueQualifier, finding.qualifier)
    ctx.add(iri, GKG.numerator, finding.numerator)
    ctx.add(iri, GKG.denominator, finding.denominator)
    _add_citation(ctx, module, iri, finding)
    has_interval = finding.value is not None and finding.confidence is not None
    if has_interval and (finding.lower is not None or finding.upper is not None):
        ci = ctx.iris.confidence_interval(iri)
        ctx.entity(ci, [OBO.STATO_0000231], finding.span)
        ctx.add(ci, GKG["lower"], _decimal(finding.lower))
        ctx.add(ci, GKG["upper"], _decimal(finding.upper))
        ctx.add(ci, GKG.confidenceLevel, _decimal(finding.confidence))
        ctx.add(ci, GKG.unit, finding.unit)
        ctx.add(iri, GKG.hasConfidenceInterval, ci)
    for text, predicate, text_predicate in [
        (finding.index_test, GKG.indexTest, GKG.indexTestText),
        (finding.target_condition, GKG.targetCondition, GKG.targetConditionText),
    ]:
        ctx.add(iri, text_predicate, text)
        concept = ctx.concepts.first(text) if text else None
        if concept is not None and predicate == GKG.targetCondition:
            if ctx.concepts.semantic_tag(concept) in NOT_CONDITIONS:
                concept = None  # 'response to endocrine therapy' is not the therapy
        if concept is not None:
            ctx.add(iri, predicate, concept)
            ctx.add(iri, DCTERMS.subject, concept)
    for key in finding.study_keys or [finding.study_key]:
        if key in ctx.known_references:
            ctx.add(iri, GKG.study, ctx.iris.reference(key))
    for outcome in measured_outcomes(ctx, module, finding):
        ctx.add(iri, GKG.measuresOutcome, outcome)


def _add_citation(ctx: Context, module: Module, iri, finding: Finding) -> None:
    """The in-text citation of the finding's study: 'Van der Venne (2026)' even when unlisted."""
    for index, citation in enumerate(module.citations, start=1):
        if citation == finding.citation:
            ctx.add(iri, GKG.studyCitation, ctx.iris.citation(module.key, index))
            return


def _decimal(value: Decimal | None) -> Literal | None:
    return None if value is None else Literal(Decimal(value), datatype=XSD.decimal)
