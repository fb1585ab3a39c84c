"""The 'Conclusies' of a module: per outcome, what the literature shows and how certain it is.

Two systems are in use.  GRADE conclusions give a certainty level ('Laag GRADE',
'GRADE: redelijk', 'Moderate GRADE'), usually under the outcome they concern and above
a sources line ('Bronnen: (Jansen, 2019)').  Older evidence-based (EBRO) conclusions
give a level 'Niveau 1'..'Niveau 4' and, below the statement, the evidence class of each
source ('A2 Smit 2008; B Jansen 2011').  A conclusion is written as lines, or as a table
row whose first cell is the level.

    >>> from loaders.parsers.text import clean_lines
    >>> lines = clean_lines(["Sterfte (cruciaal)", "Laag GRADE", "X vermindert mogelijk Y.",
    ...                      "Bronnen: (Smit, 2020)", "", "Niveau 3", "Er zijn aanwijzingen dat Z.",
    ...                      "C Jansen 2011"])
    >>> found, problems = parse_conclusions(lines, "1.1")
    >>> [(c.system, c.level, c.outcome) for c in found]
    [('GRADE', 'low', 'Sterfte (cruciaal)'), ('EBRO', '3', '')]
    >>> [c.sources for c in found]
    ['Bronnen: (Smit, 2020)', 'C Jansen 2011']
    >>> found[1].evidence_classes
    ['C']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from loaders.parsers.text import Line
from loaders.records import Conclusion, Problem, Span

_GRADE_WORDS = {
    "hoog": "high", "high": "high",
    "redelijk": "moderate", "matig": "moderate", "moderate": "moderate",
    "laag": "low", "low": "low",
    "zeer laag": "very-low", "very low": "very-low",
}  # fmt: skip
_GRADE_LEVEL = r"(?P<grade>zeer laag|very low|hoog|high|redelijk|matig|moderate|laag|low)"
_GRADE_MARKER = re.compile(
    rf"^(?:{_GRADE_LEVEL}\s*(?:GRADE)?|GRADE\s*:?\s*{_GRADE_LEVEL.replace('grade', 'grade2')})"
    r"\s*[.:]?$",
    re.I,
)
_EBRO_MARKER = re.compile(r"^(?:Niveau|Level)\s+(?P<level>[1-4])\b[.:]?\s*(?P<rest>.*)$", re.I)
_SOURCES = re.compile(r"^(?:Bronnen?|Sources?|Referenties|Literatuur|References)\s*:", re.I)
_SOURCES_INSIDE = re.compile(r"\s(?P<sources>(?:Bronnen?|Sources?)\s*:.*)$", re.I)
_EVIDENCE_CLASS = re.compile(r"(?:^|[;,]\s*)(?P<class>A1|A2|B|C|D)\s+(?=[A-Z])")
_EBRO_SOURCES = re.compile(r"^(?:A1|A2|B|C|D)\s+[A-Z][\w'’-]+")
_OUTCOME_MAX = 120


@dataclass
class _Block:
    system: str
    level: str
    level_text: str
    outcome: str
    lines: list[Line] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    sources: str = ""
    outcome_line: Line | None = None

    def conclusion(self) -> Conclusion:
        first = self.outcome_line or self.lines[0]
        span = Span(first.number, self.lines[-1].number)
        classes = [m["class"] for m in _EVIDENCE_CLASS.finditer(self.sources)]
        return Conclusion(
            text=" ".join(self.text),
            span=span,
            system=self.system,
            level=self.level,
            level_text=self.level_text,
            outcome=self.outcome,
            sources=self.sources,
            evidence_classes=classes if self.system == "EBRO" else [],
        )


def level_of(text: str) -> tuple[str, str] | None:
    """(system, level) of a level marker: ('GRADE', 'low') or ('EBRO', '3'); else None.

    >>> level_of("Zeer laag GRADE"), level_of("GRADE: redelijk"), level_of("Niveau 2")
    (('GRADE', 'very-low'), ('GRADE', 'moderate'), ('EBRO', '2'))
    """
    text = " ".join(text.split())
    if match := _GRADE_MARKER.match(text):
        word = (match["grade"] or match["grade2"]).lower()
        if match["grade2"] or "grade" in text.lower() or len(text.split()) <= 2:
            return "GRADE", _GRADE_WORDS[word]
    if match := _EBRO_MARKER.match(text):
        return "EBRO", match["level"]
    return None


def parse_conclusions(
    lines: Sequence[Line], module_number: str
) -> tuple[list[Conclusion], list[Problem]]:
    """The conclusions among `lines`, in order; a statement without a level is reported."""
    blocks: list[_Block] = []
    current: _Block | None = None
    outcome: list[Line] = []
    for line in lines:
        if not line.text:
            continue
        if line.is_table_row:
            cells = [cell for cell in line.cells if cell]
            found = level_of(cells[0]) if cells else None
            if found is None:
                continue
            current = _Block(*found, cells[0], _outcome(outcome), [line], [], "", _heading(outcome))
            body = " ".join(cells[1:])
            inside = _SOURCES_INSIDE.search(body)
            if inside:
                current.sources = inside["sources"].strip()
                body = body[: inside.start()].strip()
            current.text.append(body)
            blocks.append(current)
            current, outcome = None, []
            continue
        found = level_of(line.text)
        ebro = _EBRO_MARKER.match(line.text)
        if found is not None:
            current = _Block(
                *found, line.text, _outcome(outcome), [line], [], "", _heading(outcome)
            )
            if ebro and ebro["rest"]:
                current.level_text = line.text[: ebro.start("rest")].strip()
                current.text.append(ebro["rest"])
            blocks.append(current)
            outcome = []
        elif (
            current is not None
            and not current.sources
            and (_SOURCES.match(line.text) or (current.text and _EBRO_SOURCES.match(line.text)))
        ):
            current.sources = line.text
            current.lines.append(line)
            current = None
        elif current is not None and (
            not current.text or not _ended(current.text[-1]) or not _is_heading(line.text)
        ):
            current.text.append(line.text)
            current.lines.append(line)
        else:
            current = None
            outcome.append(line)
    problems = [
        Problem(
            "conclusion-without-statement",
            f"The conclusion '{block.level_text}' of module {module_number} states nothing.",
            Span(block.lines[0].number, block.lines[-1].number),
            module_number,
        )
        for block in blocks
        if not block.text
    ]
    return [block.conclusion() for block in blocks if block.text], problems


def _ended(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?"))


def _is_heading(text: str) -> bool:
    """A short line without closing punctuation: the outcome the next conclusion is about."""
    return len(text) <= _OUTCOME_MAX and not text.rstrip().endswith((".", ";", ":", "?", "!"))


def _heading(lines: list[Line]) -> Line | None:
    """The line just above a level marker that names its outcome, if any."""
    headings = [line for line in lines if _is_heading(line.text)]
    return headings[-1] if headings else None


def _outcome(lines: list[Line]) -> str:
    """The outcome named just above a level marker (its last heading-like line)."""
    heading = _heading(lines)
    return heading.text if heading else ""
