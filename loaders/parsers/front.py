"""The front page (cluster, cycle, funding) and the guidelines' start pages.

>>> from loaders.parsers.text import clean_lines
>>> from loaders.parsers.sections import split_sections
>>> front = split_sections(clean_lines(["", "Cluster Longkanker", "Tweede cyclus 2025"]))[0]
>>> cluster = parse_front(front)
>>> cluster.key, cluster.title, cluster.cycle
('longkanker', 'Cluster Longkanker', 'Tweede cyclus 2025')
"""

from __future__ import annotations

import re

from loaders.parsers.sections import Section, split_parts
from loaders.parsers.text import Line
from loaders.records import Cluster, Guideline, Span
from loaders.slugs import slugify

_CLUSTER = re.compile(r"^Cluster\s+(?P<name>\S.*)$")
_CYCLE = re.compile(r"\bcyclus\b", re.I)
_FUNDING = re.compile(r"^FINANCIERING$", re.I)
GUIDELINE_PARTS = [
    (
        "scope",
        re.compile(
            r"^(?:Waar gaat deze richtlijn over|What is this guideline about|Scope"
            r"|Onderwerp(?: van de richtlijn)?)\??:?$",
            re.I,
        ),
    ),
    (
        "audience",
        re.compile(r"^(?:Voor wie is deze richtlijn bedoeld|Who is this guideline for)\??$", re.I),
    ),
    ("patients", re.compile(r"^(?:Voor patiënten|For patients)$", re.I)),
    ("apply", re.compile(r"^(?:Toepassen|Applying the guideline)$", re.I)),
    (
        "history",
        re.compile(
            r"^(?:Hoe is de richtlijn tot stand gekomen|How was (?:the|this) guideline made)\??$",
            re.I,
        ),
    ),
    ("maintenance", re.compile(r"^(?:Modulair onderhoud|Modular maintenance)$", re.I)),
]


def parse_front(section: Section) -> Cluster | None:
    """The cluster named on the front page, with its cycle and funding; None if not named."""
    cluster: Cluster | None = None
    lines = [line for line in section.lines if line.text]
    for index, line in enumerate(lines):
        match = _CLUSTER.match(line.text)
        if match and cluster is None:
            name = match.group("name").strip()
            cluster = Cluster(key=slugify(name), title=line.text, span=line_span(line))
        elif cluster is not None and not cluster.cycle and _CYCLE.search(line.text):
            cluster.cycle = line.text
            cluster.span = cluster.span.merge(line_span(line))
        elif cluster is not None and _FUNDING.match(line.text) and index + 1 < len(lines):
            cluster.funding = lines[index + 1].text
    return cluster


def parse_guideline(section: Section) -> Guideline:
    """A guideline's start page: its title and what it is about."""
    parts = split_parts(section.lines[1:], GUIDELINE_PARTS)
    scope = next((part for part in parts if part.kind == "scope"), None)
    return Guideline(
        key=slugify(section.title),
        title=section.title,
        span=section.span,
        description=scope.text() if scope else "",
        description_span=scope.span if scope and scope.lines else None,
    )


def line_span(line: Line) -> Span:
    return Span(line.number, line.number)
