"""The body of a 'Module N title' section: questions, recommendations, considerations,
GRADE certainty, references, citations and figures.

The section is split at its part headings ('Uitgangsvraag', 'Aanbeveling(en)',
'Overwegingen ...', 'Literatuur', ...), wherever they occur; each part has its own
parser.  Problems found on the way are returned, never repaired.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from loaders.parsers.citations import resolve_citations
from loaders.parsers.conclusions import parse_conclusions
from loaders.parsers.considerations import (
    CONSIDERATION_HEADINGS,
    Paragraph,
    paragraphs,
    parse_considerations,
)
from loaders.parsers.evidence import parse_evidence_quality
from loaders.parsers.findings import parse_findings
from loaders.parsers.pico import parse_pico
from loaders.parsers.question_links import link_questions
from loaders.parsers.recommendations import parse_recommendations
from loaders.parsers.references import parse_references
from loaders.parsers.sections import Part, Section, split_parts
from loaders.parsers.text import Line
from loaders.records import ClinicalQuestion, Module, Problem, Span

PART_HEADINGS: list[tuple[str, re.Pattern[str]]] = [
    (
        "question",
        re.compile(
            r"^(?:Uitgangsvra(?:ag|gen)|Klinische vra(?:ag|gen)|(?:Clinical |Key )?questions?):?$",
            re.I,
        ),
    ),
    ("recommendations", re.compile(r"^(?:Aanbeveling(?:\(en\)|en)?|Recommendations?):?$", re.I)),
    (
        "considerations",
        re.compile(
            r"^(?:Overwegingen|Considerations|From evidence to recommendations?)\b.*$", re.I
        ),
    ),
    (
        "references",
        re.compile(r"^(?:(?:Literatuur|Referenties)(?:lijst)?|References|Literature):?$", re.I),
    ),
    ("evidence", re.compile(r"^(?:Onderbouwing|Evidence|Supporting evidence):?$", re.I)),
    (
        "background",
        re.compile(r"^(?:Inleiding|Achtergrond|Introduction|Background):?$", re.I),
    ),
    ("conclusions", re.compile(r"^(?:Conclusies?|Conclusions?):?$", re.I)),
    (
        "summary",
        re.compile(
            r"^(?:Samenvatting (?:van de )?literatuur|Samenvatting van het bewijs|Resultaten"
            r"|Summary of (?:the )?(?:literature|evidence)|Literature summary|Results):?$",
            re.I,
        ),
    ),
    (
        "search",
        re.compile(
            r"^(?:Zoeken en selecteren|Zoekverantwoording|Search and select(?:ion)?"
            r"|Literature search):?$",
            re.I,
        ),
    ),
]
_SUB_QUESTION = re.compile(r"^(?P<number>\d{1,2})[.)]\s+(?P<text>.+)$")
_SUB_INTRO = re.compile(r"\bdeelvra(?:ag|gen)\b|\bsub-?questions?\b", re.I)


def parse_module_body(section: Section, module: Module) -> list[Problem]:
    """Fill `module` from its section; return the problems the section shows."""
    parts = split_parts(section.lines[1:], PART_HEADINGS, first_kind="intro")
    problems: list[Problem] = []
    cited_text: list[Paragraph] = []
    considered: list[list[Paragraph]] = []
    for part in parts:
        if part.kind == "question":
            module.questions.extend(parse_questions(part.lines))
        elif part.kind == "recommendations":
            found, found_problems = parse_recommendations(part.lines, part.heading, module.key)
            module.recommendations.extend(found)
            problems.extend(found_problems)
        elif part.kind == "considerations":
            problems.extend(_considerations(part, module, considered))
        elif part.kind == "references":
            found_refs, ref_problems = parse_references(part.lines, module.ident)
            module.references.extend(found_refs)
            problems.extend(ref_problems)
        elif part.kind == "conclusions":
            found_conclusions, conclusion_problems = parse_conclusions(part.lines, module.ident)
            module.conclusions.extend(found_conclusions)
            problems.extend(conclusion_problems)
        elif part.kind == "summary":
            considered.append(paragraphs(part.lines))
        if part.kind != "references":
            cited_text.extend(paragraphs(part.lines))
    link_questions(module.questions, module.recommendations)
    problems.extend(_missing_parts(section, parts, module.ident))
    citations, citation_problems = resolve_citations(cited_text, module.references, module.ident)
    module.citations.extend(citations)
    problems.extend(citation_problems)
    problems.extend(_uncited(module))
    module.findings.extend(parse_findings(considered, module.citations, module.references))
    return problems


def parse_questions(lines: Sequence[Line]) -> list[ClinicalQuestion]:
    """The main question (number None) and the numbered sub-questions after it, with their
    PICO elements."""
    questions: list[ClinicalQuestion] = []
    for paragraph in paragraphs(lines):
        sub = _SUB_QUESTION.match(paragraph.text)
        if sub and questions:
            questions.append(ClinicalQuestion(sub["text"], paragraph.span, int(sub["number"])))
        elif not questions:
            questions.append(ClinicalQuestion(_without_intro(paragraph.text), paragraph.span))
        elif _SUB_INTRO.search(paragraph.text):
            continue
    for question in questions:
        question.pico = parse_pico(question.text)
    return questions


def _without_intro(text: str) -> str:
    """The main question without a sentence introducing the sub-questions that follow it."""
    sentences = re.split(r"(?<=[?.!:])\s+", text)
    kept = [sentence for sentence in sentences if not _SUB_INTRO.search(sentence)]
    return " ".join(kept) if kept else text


def _considerations(part: Part, module: Module, considered: list[list[Paragraph]]) -> list[Problem]:
    problems: list[Problem] = []
    found = parse_considerations(part.lines, part.heading)
    module.considerations.extend(found)
    by_heading = split_parts(part.lines, CONSIDERATION_HEADINGS, first_kind="other")
    for sub in by_heading:
        considered.append(paragraphs(sub.lines))
        if sub.kind == "evidence-quality" and sub.heading is not None:
            if module.evidence_quality is not None:
                message = "The module has more than one 'Kwaliteit van bewijs' section."
                span = Span(sub.heading.number, sub.heading.number)
                problems.append(Problem("duplicate-grade", message, span, module.ident))
                continue
            quality, found_problems = parse_evidence_quality(sub.lines, sub.heading, module.ident)
            module.evidence_quality = quality
            problems.extend(found_problems)
    return problems


def _missing_parts(section: Section, parts: list[Part], number: str) -> list[Problem]:
    kinds = {part.kind for part in parts}
    problems = []
    for kind, heading in (
        ("question", "Uitgangsvraag"),
        ("recommendations", "Aanbeveling"),
        ("references", "Literatuur"),
    ):
        if kind not in kinds:
            message = f"Module {number} has no '{heading}' part."
            problems.append(Problem(f"missing-{kind}", message, section.span, number))
    return problems


def _uncited(module: Module) -> list[Problem]:
    cited = {citation.reference_key for citation in module.citations}
    return [
        Problem(
            "uncited-reference",
            f"Reference '{reference.key}' is listed in module {module.ident} but never cited.",
            reference.span,
            reference.key,
        )
        for reference in module.references
        if reference.key not in cited
    ]
