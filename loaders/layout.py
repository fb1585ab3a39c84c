"""How a reader saw a document: its lines, the section and part each line is in, its headings.

The coverage report (`loaders.coverage`) accounts for every line with this: a line is
parsed into a record, or a heading, or blank, or in a part that is not modelled, or
left over.  A text export's layout comes from the same heading tables its parsers use:

    >>> from loaders.parsers.text import clean_lines
    >>> from loaders.parsers.sections import split_sections
    >>> lines = clean_lines(["Module 1.2 Iets", "Uitgangsvraag", "Wat?", "Literatuur", "A. 2020."])
    >>> layout = text_layout(lines, split_sections(lines))
    >>> [region.part for region in layout.regions]
    ['', 'question', 'question', 'references', 'references']
    >>> sorted(layout.headings)
    [0, 1, 3]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.parsers.accountability import PART_HEADINGS as ACCOUNTABILITY_PARTS
from loaders.parsers.considerations import CONSIDERATION_HEADINGS
from loaders.parsers.front import GUIDELINE_PARTS
from loaders.parsers.module_body import PART_HEADINGS as MODULE_PARTS
from loaders.parsers.people import GROUP_HEADINGS
from loaders.parsers.sections import Section, split_parts
from loaders.parsers.text import Line

SECTION_PARTS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "module": MODULE_PARTS,
    "accountability": ACCOUNTABILITY_PARTS,
    "guideline": GUIDELINE_PARTS,
    "composition": GROUP_HEADINGS,
}
SUB_HEADINGS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "considerations": CONSIDERATION_HEADINGS,
    "composition": GROUP_HEADINGS,
    "declarations": GROUP_HEADINGS,
}


@dataclass(frozen=True)
class Region:
    """Where a line is: its section (kind and title) and the part of the section."""

    section: str  # front | toc | composition | guideline | accountability | module
    title: str = ""  # e.g. '10.1.1 Beeldvormende diagnostiek ...'
    part: str = ""  # e.g. 'question', 'references', 'declarations'; '' before the first part


@dataclass
class Layout:
    """A document's lines with the region of each (same index) and which are headings."""

    lines: list[Line]
    regions: list[Region]
    headings: set[int] = field(default_factory=set)  # indexes into `lines`
    unit: str = "line"  # what a line is: a 'line' of a text export, a 'block' of an HTML page


def text_layout(lines: list[Line], sections: list[Section]) -> Layout:
    """The layout of a text export split into `sections`."""
    index_of = {id(line): index for index, line in enumerate(lines)}
    regions = [Region("front")] * len(lines)
    headings: set[int] = set()
    for section in sections:
        title = " ".join(part for part in (section.number, section.title) if part)
        body = section.lines
        if section.kind != "front":
            headings.add(index_of[id(section.heading)])
            body = section.lines[1:]
        for line in section.lines:
            regions[index_of[id(line)]] = Region(section.kind, title)
        for part in split_parts(body, SECTION_PARTS.get(section.kind, []), first_kind=""):
            if part.heading is not None:
                headings.add(index_of[id(part.heading)])
            for line in ([part.heading] if part.heading else []) + part.lines:
                regions[index_of[id(line)]] = Region(section.kind, title, part.kind)
            for sub in split_parts(part.lines, SUB_HEADINGS.get(part.kind, []), first_kind=""):
                if sub.heading is not None:
                    headings.add(index_of[id(sub.heading)])
    return Layout(lines, regions, headings)
