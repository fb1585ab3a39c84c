"""What a recommendation page shows of the evidence behind it.

GRADE certainty, considerations and figures are recorded per module; a recommendation's
page shows its module's certainty and downgrades, the rationale that speaks of it, and the
studies' figures, those whose index test is one of the recommendation's own subjects first.

    recommendation_evidence(".../recommendation/10.1.1-2", ".../module/10.1.1", "en")
    -> {"certainty": [...], "rationale": [...], "on_subject": [...], "other": [...], ...}
"""

from __future__ import annotations

from typing import Any

from service.queries.binding import iri, literal
from service.sparql.querying import select_rows, values
from service.web import evidence_queries as eq
from service.web import module_queries as mq
from service.web.evidence import module_evidence, plots, rationale_for


def recommendation_evidence(recommendation: str, module: str, lang: str) -> dict[str, Any]:
    evidence = module_evidence(module, lang)
    bound = {"module": iri(module), "lang": literal(lang)}
    in_module = values(select_rows(mq.RECOMMENDATIONS, bound), "recommendation")
    siblings = list(dict.fromkeys(in_module))
    position = siblings.index(recommendation) + 1 if recommendation in siblings else 0
    subject_rows = select_rows(eq.SUBJECTS, {"recommendation": iri(recommendation)})
    subjects = set(values(subject_rows, "concept"))
    findings = evidence["findings"]
    on_subject = [f for f in findings if f.get("testConcept", {}).get("value") in subjects]
    if not on_subject:
        on_subject, other = findings, []
    else:
        other = [f for f in findings if f not in on_subject]
    return {
        **evidence,
        "rationale": rationale_for(evidence["considerations"], position, len(siblings)),
        "on_subject": on_subject,
        "other": other,
        "plots": plots(on_subject),
        "problems": [
            p for p in evidence["problems"] if p["subject"]["value"] in (recommendation, module)
        ],
    }
