"""Conflict-of-interest tables ('Belangenverklaringen'): one `Declaration` per person row.

A table is a header row ('Naam, Hoofdfunctie, ...') and person rows, tab-separated.
The export breaks rows across pages: a row whose first cell is empty continues the
previous person's row, cell by cell.  Separator rows of dashes are skipped; the
header may repeat.  Columns are known by their header, in Dutch or English, so that
tables of five to eight columns are read alike: the seven categories of the current
form ('Hoofdfunctie' ... 'Overige belangen'), or the older 'Functie, Nevenfuncties,
Gemelde belangen, Ondernomen actie'.

    >>> from loaders.parsers.text import clean_lines
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

from loaders.parsers.declarations_interests import extract_interests
from loaders.parsers.people import PeopleRegistry
from loaders.parsers.people_names import fold
from loaders.parsers.text import Line
from loaders.records import Declaration, Problem, Span

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
NAME_HEADERS = frozenset(
    {"naam", "name", "werkgroeplid", "lid", "member", "clusterlid", "naam werkgroeplid"}
)
FIELD_HEADERS: dict[str, tuple[str, ...]] = {  # Declaration field -> its headers, folded
    "main_position": ("hoofdfunctie", "functie", "huidige functie", "main position", "position"),
    "side_activities": ("nevenwerkzaamheden", "nevenfuncties", "side activities"),
    "financial_interests": (
        "persoonlijke financiele belangen", "financiele belangen", "personal financial interests",
    ),
    "personal_relations": ("persoonlijke relaties", "personal relationships", "personal relations"),
    "research_funding": (
        "extern gefinancierd onderzoek", "externally funded research", "research funding",
    ),
    "intellectual_interests": (
        "intellectuele belangen en reputatie", "intellectuele belangen",
        "intellectual interests and reputation", "intellectual interests",
    ),
    "other_interests": ("overige belangen", "other interests"),
    "reported_interests": ("gemelde belangen", "belangen", "reported interests", "interests"),
    "action": (
        "ondernomen actie", "actie", "getroffen maatregelen", "restricties", "action taken",
        "action", "measures taken",
    ),
}  # fmt: skip
STANDARD_FIELDS = tuple(FIELD_HEADERS)[:7]  # the seven categories, in the standard order


def column_field(header: str) -> str | None:
    """The declaration field a header names ('Gemelde belangen' -> 'reported_interests')."""
    folded = " ".join(fold(header).replace(":", " ").split())
    for name, headers in FIELD_HEADERS.items():
        if folded in headers:
            return name
    return None


@dataclass
class DeclarationRow:
    """A person's row, with its continuations merged in; `fields` names its columns."""

    cells: list[str]
    lines: list[int] = field(default_factory=list)
    fields: tuple[str | None, ...] = STANDARD_FIELDS

    @property
    def span(self) -> Span:
        return Span(min(self.lines), max(self.lines))

    def extend(self, cells: list[str], line: int) -> None:
        for index, cell in enumerate(cells):
            if cell:
                self.cells[index] = f"{self.cells[index]} {cell}".strip()
        self.lines.append(line)


def is_declaration_header(cells: list[str]) -> bool:
    """'Naam | Hoofdfunctie | ...', 'Werkgroeplid | Functie | ...', 'Name | Main position | ...'."""
    folded = [" ".join(fold(cell).split()) for cell in cells]
    return (
        len(folded) > 2
        and folded[0] in NAME_HEADERS
        and sum(column_field(cell) is not None for cell in cells[1:]) >= 2
    )


def _fit(cells: list[str], columns: int = COLUMNS) -> list[str]:
    """Exactly one cell per column: missing ones empty, surplus ones joined to the last."""
    cells = cells + [""] * (columns - len(cells))
    return cells[: columns - 1] + [" ".join(cell for cell in cells[columns - 1 :] if cell)]


def read_declaration_rows(lines: list[Line]) -> list[DeclarationRow]:
    """The person rows of the declaration tables among `lines`, continuations merged."""
    rows: list[DeclarationRow] = []
    fields: tuple[str | None, ...] | None = None
    for line in lines:
        if not line.is_table_row:
            continue
        cells = line.cells
        if is_declaration_header(cells):
            fields = tuple(column_field(cell) for cell in cells[1:])
            continue
        if fields is None or not any(cells):
            continue
        width = 1 + len(fields)
        if not cells[0] and rows:
            rows[-1].extend(_fit(cells, width), line.number)
        elif cells[0]:
            rows.append(DeclarationRow(_fit(cells, width), [line.number], fields))
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
        declaration = Declaration(key, module, group, name, *[""] * 7, span=row.span)
        for field_name, cell in zip(row.fields, row.cells[1:], strict=True):
            if field_name is not None:
                setattr(declaration, field_name, cell)
        declaration.interests = extract_interests(declaration, registry)
        declarations.append(declaration)
    problems.extend(_unknown_columns(lines))
    return declarations, problems


def _unknown_columns(lines: list[Line]) -> list[Problem]:
    """A header cell that names no known category: that column is not read."""
    problems = []
    for line in lines:
        if line.is_table_row and is_declaration_header(line.cells):
            for cell in line.cells[1:]:
                if cell and column_field(cell) is None:
                    message = f"The declaration table has a column '{cell}' that is not read."
                    span = Span(line.number, line.number)
                    problems.append(Problem("unknown-declaration-column", message, span))
    return problems


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
