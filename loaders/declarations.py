"""Conflict-of-interest tables ('Belangenverklaringen'): one `Declaration` per person row.

A table is a header row ('Naam, Hoofdfunctie, ...') and person rows, tab-separated.
The export breaks rows across pages: a row whose first cell is empty continues the
previous person's row, cell by cell.  Separator rows of dashes are skipped; the
header may repeat.

    >>> from loaders.text import clean_lines
    >>> lines = clean_lines([
    ...     "Naam\\tHoofdfunctie\\tNevenwerkzaamheden\\tPersoonlijke financiële belangen"
    ...     "\\tPersoonlijke relaties\\tExtern gefinancierd onderzoek"
    ...     "\\tIntellectuele belangen en reputatie\\tOverige belangen",
    ...     "Ann Smit\\tArts\\tGeen\\tGeen\\tGeen\\tKWF - A\\tGeen\\tGeen",
    ...     "---\\t---",
    ...     "\\t\\t\\t\\t\\t(Projectleider)\\t\\t"])
    >>> rows = read_declaration_rows(lines)
    >>> [(row.cells[5], row.span) for row in rows]
    [('KWF - A (Projectleider)', Span(first=2, last=4))]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .declarations_interests import extract_interests
from .people import PeopleRegistry
from .people_names import fold
from .records import Declaration, Problem, Span
from .text import Line

CATEGORIES = (
    "Hoofdfunctie",
    "Nevenwerkzaamheden",
    "Persoonlijke financiële belangen",
    "Persoonlijke relaties",
    "Extern gefinancierd onderzoek",
    "Intellectuele belangen en reputatie",
    "Overige belangen",
)
COLUMNS = 1 + len(CATEGORIES)


@dataclass
class DeclarationRow:
    """A person's row, with its continuations merged in."""

    cells: list[str]
    lines: list[int] = field(default_factory=list)

    @property
    def span(self) -> Span:
        return Span(min(self.lines), max(self.lines))

    def extend(self, cells: list[str], line: int) -> None:
        for index, cell in enumerate(cells):
            if cell:
                self.cells[index] = f"{self.cells[index]} {cell}".strip()
        self.lines.append(line)


def is_declaration_header(cells: list[str]) -> bool:
    folded = [fold(cell) for cell in cells]
    return bool(folded) and folded[0] == "naam" and "hoofdfunctie" in folded


def _fit(cells: list[str]) -> list[str]:
    """Exactly one cell per column: missing ones empty, surplus ones joined to the last."""
    cells = cells + [""] * (COLUMNS - len(cells))
    return cells[: COLUMNS - 1] + [" ".join(cell for cell in cells[COLUMNS - 1 :] if cell)]


def read_declaration_rows(lines: list[Line]) -> list[DeclarationRow]:
    """The person rows of the declaration tables among `lines`, continuations merged."""
    rows: list[DeclarationRow] = []
    in_table = False
    for line in lines:
        if not line.is_table_row:
            continue
        cells = line.cells
        if is_declaration_header(cells):
            in_table = True
            continue
        if not in_table or not any(cells):
            continue
        if not cells[0] and rows:
            rows[-1].extend(_fit(cells), line.number)
        elif cells[0]:
            rows.append(DeclarationRow(_fit(cells), [line.number]))
    return rows


def parse_declarations(
    lines: list[Line], module: str, group: str, registry: PeopleRegistry
) -> tuple[list[Declaration], list[Problem]]:
    """The declarations of one group of a module, with the interests each names."""
    declarations: list[Declaration] = []
    problems: list[Problem] = []
    orphan = _orphan_continuation(lines)
    if orphan is not None:
        problems.append(
            Problem(
                "orphan-table-row",
                "A continued declaration row has no person row before it.",
                Span(orphan, orphan),
            )
        )
    for row in read_declaration_rows(lines):
        name = row.cells[0]
        key = registry.person_for(name, row.span)
        declaration = Declaration(key, module, group, name, *row.cells[1:], span=row.span)
        declaration.interests = extract_interests(declaration, registry)
        declarations.append(declaration)
    return declarations, problems


def _orphan_continuation(lines: list[Line]) -> int | None:
    seen_person = False
    for line in lines:
        if not line.is_table_row or is_declaration_header(line.cells):
            continue
        cells = line.cells
        if cells[0]:
            seen_person = True
        elif any(cells) and not seen_person:
            return line.number
    return None
