"""The 'Overwegingen' of a module: running text per section, and the paragraphs it is made of.

A PDF export breaks paragraphs at page ends and marks margin-numbered lines with
"- ", so neither blank lines nor bullets reliably start a paragraph.  `paragraphs`
rejoins a line to the paragraph before it when that paragraph has not ended
(no closing punctuation) and the line reads on (lower case, a digit, a bracket).

    >>> from loaders.parsers.text import clean_lines
    >>> lines = clean_lines(["Een zin die loopt", "", "55", "- 5 door op de pagina.", "Nieuw."])
    >>> [(p.text, p.span.first, p.span.last) for p in paragraphs(lines)]
    [('Een zin die loopt door op de pagina. Nieuw.', 1, 5)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from loaders.parsers.sections import split_parts
from loaders.parsers.text import Line
from loaders.records import Consideration, Span

CONSIDERATION_HEADINGS: list[tuple[str, re.Pattern[str]]] = [
    (
        "balance",
        re.compile(
            r"^(?:Balans tussen gewenste en ongewenste effecten\b"
            r"|Voor- en nadelen van de interventie\b"
            r"|Balance (?:of|between) (?:benefits and harms|desirable and undesirable effects)\b"
            r"|Benefits and harms\b)",
            re.I,
        ),
    ),
    (
        "evidence-quality",
        re.compile(
            r"^(?:Kwaliteit van (?:het )?bewijs|(?:Quality|Certainty) of (?:the )?evidence):?$",
            re.I,
        ),
    ),
    ("values", re.compile(r"^(?:Waarden en voorkeuren|Values and preferences)\b", re.I)),
    (
        "costs",
        re.compile(r"^(?:Kosten(?:aspecten)?|Costs?|Resource use)(?: \(.*\))?:?$", re.I),
    ),
    (
        "equity",
        re.compile(r"^(?:(?:Gezondheids)?gelijkheid|(?:Health )?equity)\b(?: \(.*\))?:?$", re.I),
    ),
    (
        "acceptability",
        re.compile(
            r"^(?:(?:Ethische )?aanvaardbaarheid|Aanvaardbaarheid, haalbaarheid en implementatie"
            r"|(?:Ethical )?acceptability):?$",
            re.I,
        ),
    ),
    ("sustainability", re.compile(r"^(?:Duurzaamheid|Sustainability):?$", re.I)),
    (
        "feasibility",
        re.compile(
            r"^(?:Haalbaarheid|Feasibility)(?: (?:en|and) implement(?:atie|ation))?:?$", re.I
        ),
    ),
    (
        "rationale",
        re.compile(
            r"^(?:Rationale van de\b.*|Rationale (?:for|of) the recommendations?\b.*)$", re.I
        ),
    ),
    ("other", re.compile(r"^(?:Algemene overwegingen|General considerations):?$", re.I)),
]
_CLOSED = re.compile(r"[.!?:;]\)?\*?$")
_READS_ON = re.compile(r"^[a-zà-ÿ0-9(\[<]")
_LIST_ITEM = re.compile(r"^\d{1,2}\.\s+\S")
_WRAP_DASH = ("-", "–")


@dataclass
class Paragraph:
    text: str
    span: Span
    lines: list[Line]
    starts: list[int]  # offset in `text` at which each line begins

    def line_at(self, offset: int) -> int:
        """The source line number that holds the character at `offset` of the text."""
        number = self.lines[0].number
        for line, start in zip(self.lines, self.starts, strict=True):
            if start > offset:
                break
            number = line.number
        return number


def join_wrapped(previous: str, following: str) -> str:
    """Join two wrapped pieces: a word broken at a hyphen or en dash stays joined."""
    if not previous:
        return following
    if previous.endswith(_WRAP_DASH) and not previous.endswith((" -", " –")):
        return previous + following
    return f"{previous} {following}"


def paragraphs(lines: Iterable[Line]) -> list[Paragraph]:
    """Running paragraphs of cleaned lines, rejoined across page breaks and margin bullets."""
    result: list[Paragraph] = []
    current: list[Line] = []
    gap = False
    for line in lines:
        text = line.text
        if not text:
            gap = bool(current)
            continue
        if current and _starts_paragraph(current, line, gap):
            result.append(_paragraph(current))
            current = []
        current.append(line)
        gap = False
    if current:
        result.append(_paragraph(current))
    return result


def _starts_paragraph(current: list[Line], line: Line, gap: bool) -> bool:
    previous = current[-1].text
    reads_on = not _CLOSED.search(previous) and (
        _READS_ON.match(line.text) is not None or previous.endswith(_WRAP_DASH)
    )
    if reads_on:
        return False
    return gap or line.bullet or _LIST_ITEM.match(line.text) is not None


def _paragraph(lines: list[Line]) -> Paragraph:
    text = ""
    starts = []
    for line in lines:
        text = join_wrapped(text, line.text)
        starts.append(len(text) - len(line.text))
    return Paragraph(text, Span(lines[0].number, lines[-1].number), lines, starts)


def text_of(lines: Sequence[Line]) -> str:
    """The lines as running text, paragraphs separated by a blank line."""
    return "\n\n".join(paragraph.text for paragraph in paragraphs(lines))


def parse_considerations(lines: Sequence[Line], heading: Line | None) -> list[Consideration]:
    """One `Consideration` per section of the 'Overwegingen' part.

    Text before the first known heading is kept as kind 'other' under the part's own
    heading; a heading with no body of its own (e.g. 'Aanvaardbaarheid:' directly above
    'Ethische aanvaardbaarheid') is merged into the following section of the same kind.
    """
    parts = split_parts(lines, CONSIDERATION_HEADINGS, first_kind="other")
    considerations: list[Consideration] = []
    pending: tuple[str, Line] | None = None
    for part in parts:
        part_heading = part.heading or heading
        if not any(line.text for line in part.lines):
            if part.heading is not None:
                pending = (part.kind, part.heading)
            continue
        span = _body_span(part.lines, part_heading)
        if pending and pending[0] == part.kind:
            span = span.merge(Span(pending[1].number, pending[1].number))
        pending = None
        considerations.append(
            Consideration(
                kind=part.kind,
                heading=part_heading.text.strip("* ") if part_heading else "",
                text=text_of(part.lines),
                span=span,
            )
        )
    return considerations


def _body_span(lines: Sequence[Line], heading: Line | None) -> Span:
    numbers = [line.number for line in lines if line.text]
    first = heading.number if heading else numbers[0]
    return Span(first, numbers[-1])
