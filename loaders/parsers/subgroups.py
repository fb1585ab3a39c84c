"""The arm or subgroup a figure is stated for, as written next to it.

Read from the figure's own clause: the few words right after it ('82% in the surgery arm'),
else the text since the previous figure of the sentence.  A subgroup is a bounded count of
a risk factor ('met maximaal 1 risicofactor', 'with at least 2 nodes') or a named group or
arm ('in de mastectomiegroep', 'in the surgery arm'), or the qualified population a share is
taken of ('9% van de later geopereerde patiënten', '4% of patients who were operated within
24 hours'; not a bare 'van de patiënten'); arm labels next to counts ('MARI/TAD (n=6)') are
read in `loaders.parsers.quantities`.  Nothing else is guessed.

    >>> text = "de 5-jaars PFS met maximaal 1 risicofactor 67.5%, en met meer dan 1 was dit 7.3%."
    >>> subgroup_of(text, text.index("67.5"), text.index("67.5") + 5, 0)
    'maximaal 1 risicofactor'
    >>> text = "DFS was 82% in the surgery arm and 75% in the radiotherapy arm."
    >>> subgroup_of(text, text.index("75"), text.index("75") + 3, text.index("82") + 3)
    'radiotherapy arm'
"""

from __future__ import annotations

import re

from loaders.parsers.predicates import PARTICIPLE

_BOUND = (
    r"(?:maximaal|minimaal|ten minste|ten hoogste|hooguit|meer dan|minder dan|at most"
    r"|at least|more than|less than|fewer than|[<>≤≥])"
)
_BOUNDED = re.compile(
    rf"\b(?:met|zonder|with|without)\s+(?P<label>{_BOUND}\s*\d+\s+[\w-]+)",
    re.I,
)
_GROUP_WORD = r"(?:groep|arm|cohort|group)"
_NAMED_GROUP = re.compile(
    rf"\b(?:in|voor|bij|for)\s+(?:de|het|the)\s+(?P<label>[\w/-]*{_GROUP_WORD}\b"
    rf"|[\w/-]+(?:\s[\w/-]+)?\s{_GROUP_WORD}\b)",
    re.I,
)
_AFTER = re.compile(
    rf"^\s*(?:\)\s*)?(?:in|voor|bij|for)\s+(?:de|het|the)\s+(?P<label>[\w/-]*{_GROUP_WORD}\b"
    rf"|[\w/-]+(?:\s[\w/-]+)?\s{_GROUP_WORD}\b)",
    re.I,
)
_PEOPLE = (
    r"(?:patiënten|patients|vrouwen|women|mannen|men|kinderen|children|deelnemers|participants)"
)
# 'Y% van de vroeg gemobiliseerde patiënten', 'Y% van de patiënten die binnen 24 uur werden
# geopereerd', 'Y% of patients who were operated within 24 hours': the population qualified
_POPULATION = re.compile(
    rf"^\s*(?:van\s+de|of(?:\s+the)?)\s+(?P<label>"
    rf"(?:(?!(?:de|het|the|alle|all|deze|these)\b)[^\W\d][\w-]*\s+){{1,3}}{_PEOPLE}\b"
    rf"|{_PEOPLE}\s+die\s+(?:[\w-]+\s+){{0,5}}?{PARTICIPLE}\b(?:\s+(?:werden|waren|zijn|worden)\b)?"
    rf"|{_PEOPLE}\s+(?:who|that)\s+[^,;.()]{{3,60}}?(?=\s*(?:[,;.()]|$|\s(?:and|versus|vs)\b)))",
    re.I,
)
_NOT_A_LABEL = re.compile(r"^(?:de|het|the|een|a|an|this|deze|dit)\s", re.I)


def subgroup_of(sentence: str, start: int, end: int, previous_end: int = 0) -> str:
    """The subgroup of the figure at sentence[start:end], '' when its clause names none."""
    after = _AFTER.match(sentence[end : end + 60])
    if after:
        return _clean(after["label"])
    population = _POPULATION.match(sentence[end : end + 90])
    if population:
        return _clean(population["label"])
    clause_after = re.split(r"[,;.()]", sentence[end : end + 80], maxsplit=1)[0]
    bounded_after = _BOUNDED.search(clause_after)  # 'no recurrences in patients with at least 4'
    if bounded_after:
        return _clean(bounded_after["label"])
    before = sentence[previous_end:start]
    labels = [(m.start(), m["label"]) for m in _BOUNDED.finditer(before)]
    labels += [(m.start(), m["label"]) for m in _NAMED_GROUP.finditer(before)]
    # a label right after the previous figure ('82% in the surgery arm') is that figure's
    labels = [(at, label) for at, label in labels if previous_end == 0 or at > 2]
    return _clean(max(labels)[1]) if labels else ""


def _clean(label: str) -> str:
    label = " ".join(label.split())
    return "" if _NOT_A_LABEL.match(label + " ") and len(label.split()) == 1 else label
