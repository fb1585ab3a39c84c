"""Which stated outcome a finding measures, by the kind of its measure.

An outcome is a clinical question's PICO outcome or a conclusion's outcome, in its own
words ('het detecteren van aanvullende (oligo)metastasen', 'Totale overleving (cruciaal)').
A finding measures it when both are of one kind:

- diagnostic accuracy (sensitivity, specificity, predictive values, detection rates):
  detecting, diagnosing, characterising or confirming;
- a detection yield (a count or share of lesions or metastases found): detecting;
- overall, progression-free or disease-free survival (a survival figure, or a hazard ratio
  whose sentence names it: 'HR for overall survival', 'hogere sterfte, met een HR van');
- recurrences (a count or share of recurrences) and complications;
- 'oncologische veiligheid'/'oncological safety' takes survival and recurrences alike;
- otherwise, a finding that says what it measures shares the outcome's main noun
  ('aantal benodigde behandelsessies' measures 'aantal behandelsessies').

    >>> from decimal import Decimal
    >>> from loaders.records import Finding, Span
    >>> hr = Finding("hazard-ratio", Decimal("0.91"), Span(1, 1), unit="ratio",
    ...              text="The hazard ratio for overall survival was 0.91.")
    >>> [measures(hr, o) for o in ("Overall survival (critical)", "Progression-free survival")]
    [True, False]
"""

from __future__ import annotations

import re

from loaders.records import Finding

_PFS = r"progressie-?\s?vrije?\s+overleving|progression[- ]free|\bPFS\b"
_DFS = r"ziekte-?\s?vrije?\s+overleving|disease[- ]free|\bDFS\b|recidiefvrij|recurrence[- ]free"
# overall survival: 'overleving' or 'survival' not after '-vrije', 'free'; mortality
_OS = (
    r"(?<!vrije )(?<!vrij )(?<!free )\b(?:overleving|survival)\b"
    r"|sterfte|mortalit|\bdeath|overlijden"
)
_RECURRENCES = r"recidie|recurrence|relapse"
_SAFETY = r"|oncologische veiligheid|oncological safety"  # survival and recurrences alike
_OUTCOMES = {
    "accuracy": r"detect|opspor|aanton|diagnos|accurat|nauwkeurig|karakteris|characteri"
    r"|bevestig|confirm|identif|stadië|staging",
    "detection": r"detect|opspor|aanton|identif|\bvinden\b|\bfind",
    "overall-survival": _OS + _SAFETY,
    "progression-free-survival": _PFS + _SAFETY,
    "disease-free-survival": _DFS + _SAFETY,
    "recurrence": _RECURRENCES + r"|\bevents?\b" + _SAFETY,
    "complications": r"complicati|toxicit|adverse|bijwerking|side effect",
}
_ACCURACY = frozenset(
    {
        "sensitivity",
        "specificity",
        "positive-predictive-value",
        "negative-predictive-value",
        "detection-rate",
    }
)
_FOUND = re.compile(r"metasta|laesie|lesion|tumou?r", re.I)
_RECURRENCE = re.compile(_RECURRENCES, re.I)
_COMPLICATION = re.compile(r"complicati|toxicit|adverse|bijwerking", re.I)
# what a hazard ratio's sentence names: the more specific survival first
_SURVIVAL_WORDS = [
    ("progression-free-survival", _PFS),
    ("disease-free-survival", _DFS),
    ("overall-survival", r"(?:overall |totale )?" + _OS),
    ("recurrence", _RECURRENCES),
]
_HAZARD = re.compile(r"\bHR\b|hazard ratio", re.I)
_WORD = re.compile(r"[^\W\d_][\w-]{6,}")


def kinds(finding: Finding) -> list[str]:
    """The kinds of outcome a finding measures ([] when its measure names none)."""
    measure = finding.measure
    written = finding.outcome
    if measure in _ACCURACY:
        return ["accuracy"]
    for kind in ("progression-free-survival", "disease-free-survival", "overall-survival"):
        if measure.endswith(kind):
            return [kind]
    if measure == "hazard-ratio":
        return _hazard_kind(finding.text)
    if measure == "lesion-count" or (measure == "proportion" and _FOUND.search(written)):
        return ["detection"]
    if _RECURRENCE.search(written):
        return ["recurrence"]
    if _COMPLICATION.search(written):
        return ["complications"]
    return []


def measures(finding: Finding, outcome: str) -> bool:
    """True when the finding measures the outcome (written as in its question or conclusion)."""
    found = kinds(finding)
    if found:
        return any(re.search(_OUTCOMES[kind], outcome, re.I) for kind in found)
    head = _WORD.findall(outcome)
    return bool(finding.outcome and head and head[-1].lower() in finding.outcome.lower())


def _hazard_kind(sentence: str) -> list[str]:
    """The survival or recurrence a hazard ratio's sentence names last before the ratio."""
    ratios = list(_HAZARD.finditer(sentence))
    before = sentence[: ratios[-1].start()] if ratios else sentence
    # 'the hazard ratio for overall survival was': the name right after the ratio counts too
    after = sentence[ratios[-1].end() : ratios[-1].end() + 40] if ratios else ""
    named = [
        (match.start(), kind)
        for kind, pattern in _SURVIVAL_WORDS
        for match in re.finditer(pattern, before, re.I)
    ]
    for kind, pattern in _SURVIVAL_WORDS:
        if re.match(rf"\s+(?:for|of|voor|van|op)\s+(?:de\s+|the\s+)?(?:{pattern})", after, re.I):
            return [kind]
    return [max(named)[1]] if named else []
