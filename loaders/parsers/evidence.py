"""GRADE certainty of a module's evidence, read from its 'Kwaliteit van bewijs' section.

>>> grade_levels("De overall kwaliteit van bewijs is laag tot zeer laag.")
['low', 'very-low']
>>> downgrade_domain("Imprecisie: brede betrouwbaarheidsintervallen")
'Imprecision'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from loaders.parsers.considerations import paragraphs
from loaders.parsers.text import Line
from loaders.records import Downgrade, EvidenceQuality, Problem, Span

_LEVEL = r"(?:zeer\s+|very\s+)?(?:hoog|redelijk|matig|laag|high|moderate|low)"
_STATEMENT = re.compile(
    rf"(?:kwaliteit|zekerheid|bewijskracht|certainty|quality)\s+"
    rf"(?:(?:van|of)\s+(?:het\s+|the\s+)?(?:bewijs|evidence)\s+)?(?:is|was)\s+"
    rf"(?P<levels>{_LEVEL}(?:\s+(?:tot|to)\s+{_LEVEL})?)\b",
    re.I,
)
_NOT_GRADED = re.compile(
    r"niet\s+met\s+GRADE\s+(?:worden\s+)?(?:bepaald|beoordeeld)|not\s+(?:be\s+)?graded", re.I
)
_LEVELS = {
    "hoog": "high", "redelijk": "moderate", "matig": "moderate", "laag": "low",
    "high": "high", "moderate": "moderate", "low": "low",
}  # fmt: skip
_DOWNGRADED = re.compile(r"(?:^|[.:]\s+)(?:Er is afgewaardeerd|Downgraded)\b", re.I)
DOMAINS: list[tuple[str, re.Pattern[str]]] = [
    ("RiskOfBias", re.compile(r"^(?:risk of bias|risico op bias)\b", re.I)),
    ("Inconsistency", re.compile(r"^(?:inconsisten\w*)", re.I)),
    ("Indirectness", re.compile(r"^(?:indirect\w*)", re.I)),
    ("Imprecision", re.compile(r"^(?:imprecis\w*)", re.I)),
    ("PublicationBias", re.compile(r"^(?:publicatie\s*-?\s*bias|publication bias)\b", re.I)),
]


def grade_levels(text: str) -> list[str]:
    """The GRADE level(s) a sentence states; a range keeps both ends, in the order written."""
    match = _STATEMENT.search(text)
    if not match:
        return []
    ends = re.split(r"\s+(?:tot|to)\s+", match.group("levels").lower())
    return [_level(end) for end in ends]


def _level(dutch: str) -> str:
    words = dutch.split()
    level = _LEVELS[words[-1]]
    if words[0] in ("zeer", "very"):
        return {"low": "very-low", "high": "high"}.get(level, level)
    return level


def downgrade_domain(text: str) -> str:
    """The GRADE domain a downgrade bullet names, or '' when it names none."""
    for domain, pattern in DOMAINS:
        if pattern.match(text.strip("*•- ")):
            return domain
    return ""


def parse_evidence_quality(
    lines: Sequence[Line], heading: Line, module_number: str
) -> tuple[EvidenceQuality, list[Problem]]:
    """Levels, verbatim statement and downgrades of one 'Kwaliteit van bewijs' section."""
    found = paragraphs(lines)
    problems: list[Problem] = []
    span = Span(heading.number, found[-1].span.last if found else heading.number)
    statement = next((p for p in found if _NOT_GRADED.search(p.text)), None)
    graded = statement is None
    if graded:
        statement = next((p for p in found if grade_levels(p.text)), None)
    levels = grade_levels(statement.text) if statement and graded else []
    if statement is None:
        message = "The 'Kwaliteit van bewijs' section states no GRADE level."
        problems.append(Problem("missing-grade", message, span, module_number))
    downgrades, downgrade_problems = _downgrades(found, module_number)
    quality = EvidenceQuality(
        levels=levels,
        text=statement.text if statement else "",
        span=statement.span if statement else span,
        downgrades=downgrades,
        graded=graded,
    )
    return quality, problems + downgrade_problems


def _downgrades(found: list, module_number: str) -> tuple[list[Downgrade], list[Problem]]:
    downgrades: list[Downgrade] = []
    problems: list[Problem] = []
    started = False
    for paragraph in found:
        if _DOWNGRADED.search(paragraph.text):
            started = True
            continue
        if not started:
            continue
        domain = downgrade_domain(paragraph.text)
        if not domain:
            if not paragraph.lines[0].bullet:
                break
            message = f"A downgrade reason names no GRADE domain: '{paragraph.text[:60]}'."
            problems.append(Problem("unknown-downgrade", message, paragraph.span, module_number))
            continue
        downgrades.append(Downgrade(domain, paragraph.text, paragraph.span))
    return downgrades, problems
