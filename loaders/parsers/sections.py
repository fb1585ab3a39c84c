"""Splitting a cleaned document into its sections, and sections into parts.

A Richtlijnendatabase export is a front page, a table of contents, the cluster's
composition, then per guideline a start page and per module an accountability
section ("Verantwoording module N ...") and the module itself ("Module N ...").
Sections are found by these headings (Dutch or English), wherever and however often
they occur.  A module heading without a number ("Module Nazorg na behandeling") counts
only when a module part heading ('Uitgangsvraag', 'Aanbeveling', ...) follows it closely.

    >>> from loaders.parsers.text import clean_lines
    >>> lines = clean_lines(["Cluster X", "5 Module 1.2 Iets", "tekst"])
    >>> [(s.kind, s.number, s.title, s.span.first) for s in split_sections(lines)]
    [('front', '', '', 1), ('module', '1.2', 'Iets', 2)]
    >>> lines = clean_lines(["Module Nazorg bij X", "", "Uitgangsvraag", "Wat?"])
    >>> [(s.kind, s.number, s.title) for s in split_sections(lines)]
    [('module', '', 'Nazorg bij X')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from loaders.parsers.text import Line
from loaders.records import Span

_NUMBER = r"(?P<number>\d+(?:\.\d+)*)\.?"
_ACCOUNTABILITY = r"(?:Verantwoording|Accountability|Justification)(?:\s+(?:of\s+)?(?:the\s+)?)?"
SECTION_HEADINGS: list[tuple[str, re.Pattern[str]]] = [
    ("toc", re.compile(r"^(?:Inhoudsopgave|Inhoud|(?:Table of )?contents)$", re.I)),
    (
        "composition",
        re.compile(r"^(?:Samenstelling van het cluster|Composition of the cluster)$", re.I),
    ),
    (
        "guideline",
        re.compile(
            r"^(?:Startpagina(?: van de)? richtlijn|Start ?page(?: of the)? guideline"
            r"|Richtlijn:|Guideline:)\s*(?P<title>\S.*)$",
            re.I,
        ),
    ),
    ("accountability", re.compile(rf"^{_ACCOUNTABILITY}module\s+{_NUMBER}\s+(?P<title>.+)$", re.I)),
    ("module", re.compile(rf"^Module\s+{_NUMBER}\s+(?P<title>.+)$")),
]
UNNUMBERED_HEADINGS: list[tuple[str, re.Pattern[str]]] = [
    (
        "accountability",
        re.compile(rf"^{_ACCOUNTABILITY}module\s+(?P<title>[A-Z][^.:]{{2,150}})$", re.I),
    ),
    ("module", re.compile(r"^Module\s+(?P<title>[A-Z][^.:]{2,150})$")),
]
# A module heading without a number must be followed, within this many lines of text, by
# one of these part headings.
_CONFIRM_WITHIN = 8
_CONFIRMS = {
    "module": re.compile(
        r"^(?:Uitgangsvra(?:ag|gen)|Aanbeveling(?:en|\(en\))?|(?:Clinical |Key )?questions?"
        r"|Recommendations?|Inleiding|Introduction|Achtergrond|Background):?$",
        re.I,
    ),
    "accountability": re.compile(
        r"^(?:Initiatief|Samenstelling\b.*|Belangenverklaring(?:en)?|Initiative"
        r"|Composition\b.*|Declarations? of interests?|Werkgroep|Working group):?",
        re.I,
    ),
}


@dataclass
class Section:
    kind: str
    lines: list[Line]
    number: str = ""
    title: str = ""

    @property
    def span(self) -> Span:
        return Span(self.lines[0].number, self.lines[-1].number)

    @property
    def heading(self) -> Line:
        return self.lines[0]


CONTENTS_ENTRY = re.compile(r"\S\s*(?:\.\s*){2,}\d+\s*$")
"""A line of a contents page: a title, dot leaders and a page number ('Module 2.1 … .... 6')."""


def _match_heading(line: Line, following: Sequence[Line] = ()) -> tuple[str, re.Match[str]] | None:
    if line.is_table_row or line.bullet or not line.text or CONTENTS_ENTRY.search(line.text):
        return None
    for kind, pattern in SECTION_HEADINGS:
        match = pattern.match(line.text)
        if match:
            return kind, match
    for kind, pattern in UNNUMBERED_HEADINGS:
        match = pattern.match(line.text)
        if match and _confirmed(kind, following):
            return kind, match
    return None


def _confirmed(kind: str, following: Sequence[Line]) -> bool:
    texts = [line.text for line in following if line.text and not line.is_table_row]
    return any(_CONFIRMS[kind].match(text) for text in texts[:_CONFIRM_WITHIN])


def split_sections(lines: list[Line]) -> list[Section]:
    """Split the document at its section headings; what comes first is the 'front' section."""
    sections: list[Section] = []
    current = Section("front", [])
    for index, line in enumerate(lines):
        found = _match_heading(line, lines[index + 1 : index + 40])
        if found:
            if current.lines:
                sections.append(current)
            kind, match = found
            groups = match.groupdict()
            current = Section(
                kind,
                [line],
                number=groups.get("number") or "",
                title=(groups.get("title") or "").strip(),
            )
        else:
            current.lines.append(line)
    if current.lines:
        sections.append(current)
    return sections


@dataclass
class Part:
    """A titled part of a section, e.g. 'Uitgangsvraag' or 'Literatuur' in a module."""

    kind: str
    heading: Line | None
    lines: list[Line]

    @property
    def span(self) -> Span:
        first = self.heading or self.lines[0]
        last = self.lines[-1] if self.lines else first
        return Span(first.number, last.number)

    def text(self) -> str:
        """The part's body as running text, paragraphs separated by blank lines."""
        return join_paragraphs(self.lines)


def split_parts(
    lines: Iterable[Line], headings: list[tuple[str, re.Pattern[str]]], first_kind: str = "intro"
) -> list[Part]:
    """Split lines at any heading matched by one of `headings` (kind, pattern)."""
    parts: list[Part] = []
    current = Part(first_kind, None, [])
    for line in lines:
        kind = None
        if line.text and not line.is_table_row and len(line.text) < 160:
            for candidate, pattern in headings:
                if pattern.match(line.text):
                    kind = candidate
                    break
        if kind:
            if current.heading is not None or current.lines:
                parts.append(current)
            current = Part(kind, line, [])
        else:
            current.lines.append(line)
    if current.heading is not None or current.lines:
        parts.append(current)
    return parts


def join_paragraphs(lines: Iterable[Line]) -> str:
    """Join cleaned lines into text; blank lines and bullets start new paragraphs."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line.text:
            if current:
                paragraphs.append(current)
                current = []
            continue
        if line.bullet and current:
            paragraphs.append(current)
            current = []
        current.append(line.text)
    if current:
        paragraphs.append(current)
    return "\n\n".join(_join_wrapped(words) for words in paragraphs)


def _join_wrapped(parts: list[str]) -> str:
    text = ""
    for part in parts:
        if text.endswith("-") and not text.endswith(" -") and part[:1].isupper():
            text += part  # a hyphenated compound broken at the line end: "FDG-" + "PET/CT"
        elif text.endswith("-") and not text.endswith(" -"):
            text += part
        else:
            text = f"{text} {part}" if text else part
    return text
