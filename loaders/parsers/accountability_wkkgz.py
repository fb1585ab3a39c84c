"""The 'Kwalitatieve raming ... Wkkgz' table: a module's expected financial consequences.

Rows are 'Module <title> | <outcome> | <explanation>'.  The export sometimes
scatters a row's words over more cells ('Module behandeling recidieven | Lokale
regionale | geen gevolgen | substantiële | financiële | Uit de toetsing ...'):
the explanation is the last cell, outcome words ('geen', 'substantiële',
'financiële', 'gevolgen') form the outcome, the other words the title.

    >>> row = read_wkkgz_row(["Module A", "geen gevolgen", "substantiële", "financiële", "x"])
    >>> row.title, row.outcome, row.explanation, row.garbled
    ('Module A', 'geen substantiële financiële gevolgen', 'x', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from loaders.parsers.people_names import fold
from loaders.parsers.text import Line
from loaders.records import Problem, Span, WkkgzAssessment

OUTCOME_ORDER = ("geen", "mogelijk", "wel", "substantiële", "financiële", "gevolgen")
_SIMILAR_WORD = 0.85


@dataclass
class WkkgzRow:
    title: str
    outcome: str
    explanation: str
    garbled: bool
    span: Span


def _is_outcome_text(text: str) -> bool:
    return all(fold(word) in {fold(w) for w in OUTCOME_ORDER} for word in text.split())


def read_wkkgz_row(cells: list[str], span: Span | None = None) -> WkkgzRow:
    """One data row, its scattered words put back in place where the export split it."""
    cells = [cell for cell in cells if cell]
    span = span or Span(0, 0)
    if len(cells) == 3 and _is_outcome_text(cells[1]):
        return WkkgzRow(cells[0], cells[1], cells[2], False, span)
    explanation, middle = cells[-1], cells[:-1]
    whole = [
        cell
        for cell in middle[1:]
        if _is_outcome_text(cell) and {"financiële", "gevolgen"} <= set(cell.split())
    ]
    words = [word for cell in middle for word in cell.split()]
    title = " ".join(word for word in words if not _is_outcome_text(word))
    if whole:
        outcome = whole[0]
    else:
        present = {fold(word) for word in words}
        outcome = " ".join(word for word in OUTCOME_ORDER if fold(word) in present)
    return WkkgzRow(title, outcome, explanation, True, span)


def _word_score(title: str, module_title: str) -> float:
    """Share of the module title's words that the row title holds (allowing small misspellings)."""
    wanted = [fold(word) for word in module_title.split() if len(word) > 3]
    have = [fold(word) for word in title.split()]
    if not wanted:
        return 0.0
    hits = sum(
        any(SequenceMatcher(None, word, other).ratio() >= _SIMILAR_WORD for other in have)
        for word in wanted
    )
    return hits / len(wanted)


def _in_title_order(title: str, module_title: str) -> str:
    """'Module behandeling recidieven Lokale regionale' in the module title's word order."""
    words = title.split()
    lead = [word for word in words if fold(word) == "module"]
    rest = [word for word in words if fold(word) != "module"]
    if sorted(fold(word) for word in rest) != sorted(fold(word) for word in module_title.split()):
        return title
    return " ".join(
        lead + [next(w for w in rest if fold(w) == fold(m)) for m in module_title.split()]
    )


def parse_wkkgz(
    lines: list[Line], module_number: str, module_title: str
) -> tuple[WkkgzAssessment | None, list[Problem]]:
    """The assessment for this module from its Wkkgz table, and problems with the table."""
    rows: list[WkkgzRow] = []
    for line in lines:
        if not line.is_table_row or "toelichting" in {fold(cell) for cell in line.cells}:
            continue
        span = Span(line.number, line.number)
        if any(line.cells):
            rows.append(read_wkkgz_row(line.cells, span))
    if not rows:
        span = Span(lines[0].number, lines[-1].number) if lines else Span(0, 0)
        return None, [Problem("missing-wkkgz", f"Module {module_number} has no Wkkgz row.", span)]
    scores = [_word_score(row.title, module_title) for row in rows]
    own = rows[scores.index(max(scores))]
    problems = []
    for row in rows:
        if row.garbled:
            problems.append(
                Problem(
                    "garbled-table-row",
                    f"The Wkkgz row '{row.title}' has its words split over extra cells; "
                    f"read as outcome '{row.outcome}'.",
                    row.span,
                    module_number,
                )
            )
        if row is not own:
            problems.append(
                Problem(
                    "foreign-table-row",
                    f"The Wkkgz table of module {module_number} also assesses '{row.title}'.",
                    row.span,
                    module_number,
                )
            )
    title = _in_title_order(own.title, module_title) if own.garbled else own.title
    return WkkgzAssessment(title, own.outcome, own.explanation, own.span), problems
