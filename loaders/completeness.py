"""Is a source document whole?  Its outline, checked against itself.

A PDF-to-text export that was cut short, or pasted more than once into one file, still
parses: a build would publish part of a guideline, or every module again.  Two checks
find what is plainly cut or repeated; the caller decides what to do with their `Gap`s
(`gkg build` refuses them, `gkg build --allow-partial` records them as data-quality
findings):

- `check_outline(sections, line_count)`: right after the document is split into sections,
  before the costly parsing.  The table of contents lists sections the document does not
  hold ("missing-section"); a section heading comes again under the same guideline
  ("repeated-section", "repeated-document" when the table of contents itself repeats);
  the document ends in the middle of a sentence ("cut-mid-sentence").
- `check_modules(modules)`: each parsed module has its text, a clinical question, a
  recommendation, considerations and a literature list; when the document gives
  accountability per module, each module has its panel and declarations of interest
  ("missing-part").

Nothing here knows a particular document: headings are recognised by the patterns that
split sections (`sections.SECTION_HEADINGS`), parts by what the parsers found.

    >>> from loaders.parsers.text import clean_lines
    >>> from loaders.parsers.sections import split_sections
    >>> lines = clean_lines(["Inhoudsopgave", "\\tModule 1.1 Iets\\t3", "\\tModule 1.2 Meer\\t9",
    ...                      "Module 1.1 Iets", "Uitgangsvraag", "Wat is het"])
    >>> [(gap.kind, gap.line) for gap in check_outline(split_sections(lines), len(lines))]
    [('missing-section', 6), ('cut-mid-sentence', 6)]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from loaders.errors import SourceError
from loaders.parsers.sections import SECTION_HEADINGS, Section
from loaders.parsers.text import Line
from loaders.records import Module, Problem, Span

# the kinds of gap, most telling first (a refusal names the first one found)
KINDS = (
    "repeated-document",
    "repeated-section",
    "missing-section",
    "missing-part",
    "cut-mid-sentence",
)
_ORDER = {kind: index for index, kind in enumerate(KINDS)}
_PAGE_NUMBER = re.compile(r"\s*(?:\.{2,}|…+)?\s*\d{1,4}$")
_LEADING_NUMBER = re.compile(r"^\d{1,3}\s+")
_UNFINISHED = re.compile(r"(?:[^\W\d_]|[,;:(/&–-])$")
_LINK = re.compile(r"(?:https?://|www\.|doi:|\b10\.\d{4,9}/)\S*$", re.I)
_CONTENT_KINDS = ("module", "accountability")
_SHOWN = 3


@dataclass(frozen=True)
class Gap:
    """Something that shows the document is not whole: what, where, and which module."""

    kind: str  # one of KINDS
    line: int  # where it shows (for a cut: the file's last line)
    message: str  # English, one sentence, no file name
    module: str = ""  # number of the module concerned, if any


class IncompleteSource(SourceError):
    """A document that is plainly cut or repeated; `gaps` holds every finding."""

    def __init__(self, path: str, gaps: list[Gap]) -> None:
        first = sorted(gaps, key=lambda gap: (_ORDER.get(gap.kind, 99), gap.line))[0]
        more = len(gaps) - 1
        also = f" (and {more} more finding{'s' if more > 1 else ''})" if more else ""
        super().__init__(
            path,
            first.line,
            f"{first.message}{also}. Nothing was published; "
            "'gkg build --allow-partial' publishes it anyway with these findings recorded",
        )
        self.gaps = gaps

    def __reduce__(self) -> tuple:
        return (type(self), (self.path, self.gaps))


@dataclass(frozen=True)
class _Heading:
    key: tuple[str, ...]  # what makes a section the same one: kind, guideline, number
    label: str  # the heading as written
    line: int


def check_outline(sections: list[Section], line_count: int) -> list[Gap]:
    """Gaps visible in the document's outline: cut off, repeated, ending mid-sentence."""
    contents, listed = _contents(sections)
    found = _headings(
        (section.kind, section.number, section.title, section.heading.text, section.heading.number)
        for section in sections
        if section.kind != "toc" and id(section) not in listed
    )
    gaps = _repeats(found)
    if contents:
        tables = [section for section in sections if section.kind == "toc"]
        if len(tables) > 1:
            lines = _lines([section.heading.number for section in tables])
            message = (
                f"the document repeats itself: its table of contents appears {len(tables)} "
                f"times (lines {lines}), so the file holds the same document more than once"
            )
            gaps.insert(0, Gap("repeated-document", tables[1].heading.number, message))
        gaps += _missing_from_contents(contents, found, line_count)
    gaps += _cut_mid_sentence(sections)
    return gaps


def _contents(sections: list[Section]) -> tuple[list[Line], set[int]]:
    """The lines of the (first) table of contents, and the ids of sections that belong to it.

    Entries with dot leaders ("Module 2.1 Titel .... 7") stay lines of the contents section
    (see `sections.CONTENTS_ENTRY`); entries without them may each open a heading-only
    section: those sections, right after the table of contents, are its entries, not the
    document's sections.
    """
    start = next((i for i, section in enumerate(sections) if section.kind == "toc"), None)
    if start is None:
        return [], set()
    lines = list(sections[start].lines)
    listed = set()
    for section in sections[start + 1 :]:
        if section.kind == "toc" or any(line.text for line in section.lines[1:]):
            break
        lines.extend(section.lines)
        listed.add(id(section))
    return lines, listed


def check_modules(modules: Iterable[Module]) -> list[Gap]:
    """Gaps in the parsed modules: a module without one of its expected parts."""
    modules = list(modules)
    per_module_accountability = any(module.accountability_span for module in modules)
    gaps = []
    for module in modules:
        if module.accountability_span is not None and module.span == module.accountability_span:
            message = (
                f"module {module.ident} has its accountability section (from line "
                f"{module.accountability_span.first}) but no module text 'Module "
                f"{module.ident} ...': the file seems cut off"
            )
            gaps.append(Gap("missing-part", module.span.last, message, module.ident))
            continue
        expected = list(MODULE_PARTS)
        if per_module_accountability:
            expected += ACCOUNTABILITY_PARTS
        missing = [name for name, present in expected if not present(module)]
        if missing:
            message = f"module {module.ident} has no {_listed(missing)}: it seems cut off"
            gaps.append(Gap("missing-part", module.span.last, message, module.ident))
    return gaps


MODULE_PARTS: list[tuple[str, Callable[[Module], bool]]] = [
    ("clinical question ('Uitgangsvraag')", lambda module: bool(module.questions)),
    ("recommendation ('Aanbeveling')", lambda module: bool(module.recommendations)),
    ("considerations ('Overwegingen')", lambda module: bool(module.considerations)),
    ("literature list ('Literatuur')", lambda module: bool(module.references)),
]
ACCOUNTABILITY_PARTS: list[tuple[str, Callable[[Module], bool]]] = [
    ("accountability ('Verantwoording module N')", lambda module: bool(module.accountability_span)),
    ("panel ('Samenstelling')", lambda module: bool(module.memberships)),
    ("declarations of interest ('Belangenverklaringen')", lambda module: bool(module.declarations)),
]


def refuse(path: str, gaps: list[Gap]) -> None:
    """Raise `IncompleteSource` when there are gaps."""
    if gaps:
        raise IncompleteSource(path, gaps)


def as_problems(gaps: Iterable[Gap]) -> list[Problem]:
    """The gaps as data-quality findings (for a build that publishes them anyway)."""
    return [Problem(gap.kind, gap.message, Span(gap.line, gap.line), gap.module) for gap in gaps]


def _headings(items: Iterable[tuple[str, str, str, str, int]]) -> list[_Heading]:
    """Headings keyed so that a module is 'the same' only under the same guideline."""
    headings = []
    guideline = ""
    for kind, number, title, label, line in items:
        if kind == "guideline":
            guideline = _normal(title)
            key: tuple[str, ...] = (kind, guideline)
        elif kind in _CONTENT_KINDS:
            key = (kind, guideline, number)
        elif kind == "front":
            continue
        else:
            key = (kind,)
        headings.append(_Heading(key, label, line))
    return headings


def _repeats(headings: list[_Heading]) -> list[Gap]:
    by_key: dict[tuple[str, ...], list[_Heading]] = {}
    for heading in headings:
        by_key.setdefault(heading.key, []).append(heading)
    gaps = []
    for key, seen in by_key.items():
        if len(seen) < 2:
            continue
        lines = _lines([heading.line for heading in seen])
        message = (
            f"the section '{_short(seen[0].label)}' appears {len(seen)} times (lines {lines}): "
            "part of the document is repeated"
        )
        module = key[2] if key[0] in _CONTENT_KINDS else ""
        gaps.append(Gap("repeated-section", seen[1].line, message, module))
    return gaps


def _missing_from_contents(
    contents: list[Line], found: list[_Heading], line_count: int
) -> list[Gap]:
    listed = _headings(_contents_entries(contents[1:]))
    # A module is matched by kind and number, so that a missing guideline start page does
    # not make its modules missing too; a number listed twice must be found twice.
    available = Counter(_unscoped(heading.key) for heading in found)
    present = []
    for entry in listed:
        present.append(available[_unscoped(entry.key)] > 0)
        available[_unscoped(entry.key)] -= 1
    missing = [entry for entry, there in zip(listed, present, strict=True) if not there]
    if not missing:
        return []
    last_present = max((i for i, there in enumerate(present) if there), default=-1)
    names = ", ".join(f"'{_short(entry.label)}'" for entry in missing[:_SHOWN])
    names += f" and {len(missing) - _SHOWN} more" if len(missing) > _SHOWN else ""
    if all(there or i > last_present for i, there in enumerate(present)):
        sections = "section" if len(missing) == 1 else f"{len(missing)} sections"
        message = (
            f"the file ends at line {line_count}, before the {sections} its table of contents "
            f"(line {contents[0].number}) lists next: {names}; it seems cut off"
        )
        return [Gap("missing-section", line_count, message)]
    return [
        Gap(
            "missing-section",
            entry.line,
            f"the table of contents lists '{_short(entry.label)}' but the document has no "
            "such section",
            entry.key[2] if entry.key[0] in _CONTENT_KINDS else "",
        )
        for entry in missing
    ]


def _unscoped(key: tuple[str, ...]) -> tuple[str, ...]:
    return (key[0], key[2]) if key[0] in _CONTENT_KINDS else key


def _contents_entries(lines: list[Line]) -> Iterable[tuple[str, str, str, str, int]]:
    """The entries of a table of contents that name a section: (kind, number, title, ...)."""
    for line in lines:
        text = " ".join(cell for cell in line.cells if cell) if line.is_table_row else line.text
        for candidate in _entry_texts(text):
            match = _match(candidate)
            if match:
                kind, groups = match
                number = groups.get("number") or ""
                title = (groups.get("title") or "").strip()
                yield kind, number, title, candidate, line.number
                break


def _entry_texts(text: str) -> list[str]:
    """The entry without the margin number before it and the page number after it."""
    bare = _PAGE_NUMBER.sub("", text).strip()
    return [bare, _LEADING_NUMBER.sub("", bare)]


def _match(text: str) -> tuple[str, dict[str, str]] | None:
    for kind, pattern in SECTION_HEADINGS:
        match = pattern.match(text)
        if match and kind != "toc":
            return kind, match.groupdict()
    return None


def _cut_mid_sentence(sections: list[Section]) -> list[Gap]:
    """A document whose last module or accountability section stops inside a sentence.

    A table row is not a sentence: a document ending in a table is not judged by it.
    """
    if not sections or sections[-1].kind not in _CONTENT_KINDS:
        return []
    last = next((line for line in reversed(sections[-1].lines) if line.text.strip()), None)
    if last is None or last is sections[-1].heading or last.is_table_row:
        return []
    text = last.text.rstrip()
    unclosed = text.count("<") > text.count(">") or text.count("(") > text.count(")")
    if not unclosed and (not _UNFINISHED.search(text) or _LINK.search(text)):
        return []
    message = f"the document stops in the middle of a sentence ('…{text[-40:]}'): it seems cut off"
    return [Gap("cut-mid-sentence", last.number, message, sections[-1].number)]


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(number) for number in numbers[:_SHOWN])
    return shown + (", …" if len(numbers) > _SHOWN else "")


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
