"""A module's recommendations: label, verbatim 'Eindoordeel', normalised strength and direction.

A recommendations part holds one block per recommendation, each under a label such
as "Aanbeveling-1 Aanvullende MRI" (or "Aanbeveling echografie" right above its verdict), or
a single unlabelled block.  A block is an
'Eindoordeel:' (on its own line or followed by the verdict) and the statements.

    >>> normalise_verdict("Conditionele aanbeveling tegen (Niet doen)")
    ('weak', 'against', [])
    >>> normalise_verdict("[Sterke conditionele aanbeveling voor]")[0:2]
    ('unknown', 'for')
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from loaders.parsers.considerations import paragraphs
from loaders.parsers.statements import (
    directive_clause,
    read_statement,
    refers_back,
    split_clauses,
)
from loaders.parsers.text import Line
from loaders.records import Problem, Recommendation, Span, Statement, Table

LABEL = re.compile(r"^(?:Aanbeveling|Recommendation)[- ]?\d+(?:\.\d+)*\b.*$", re.I)
_UNNUMBERED_LABEL = re.compile(r"^(?:Aanbeveling|Recommendation)\s+[^.:]{1,80}$", re.I)
VERDICT = re.compile(
    r"^(?:Eindoordeel|Final judg(?:e)?ment|Overall judg(?:e)?ment)\s*:?\s*(?P<rest>.*)$", re.I
)
_STRONG = re.compile(r"\bsterke?\b|\bstrong\b", re.I)
_WEAK = re.compile(r"\b(?:conditionele?|zwakke?|conditional|weak)\b", re.I)
_FOR = re.compile(r"\b(?:aanbeveling\s+voor|recommendation\s+for)\b|\(\s*doen\b", re.I)
_AGAINST = re.compile(
    r"\b(?:aanbeveling\s+tegen|recommendation\s+against)\b|\(\s*niet doen\b", re.I
)
_NUMBERED = re.compile(r"^(?P<number>\d{1,2})[.)]\s+(?=\S)")


def normalise_verdict(verdict: str) -> tuple[str, str, list[str]]:
    """Strength (strong|weak|unknown), direction (for|against|unknown) and what contradicts.

    When both a strong and a conditional qualifier are written the verdict contradicts
    itself: its strength is 'unknown' (the verbatim text stays beside it) and the
    contradiction is reported; likewise the direction of a verdict both for and against.
    """
    contradictions: list[str] = []
    strong, weak = _STRONG.search(verdict), _WEAK.search(verdict)
    if strong and weak:
        strength = "unknown"
        contradictions.append(
            f"it is both strong ('{strong.group()}') and conditional ('{weak.group()}')"
        )
    else:
        strength = "strong" if strong else "weak" if weak else "unknown"
    for_, against = _FOR.search(verdict), _AGAINST.search(verdict)
    if for_ and against:
        direction = "unknown"
        contradictions.append("it is both for and against")
    else:
        direction = "for" if for_ else "against" if against else "unknown"
    return strength, direction, contradictions


def parse_recommendations(
    lines: Sequence[Line], heading: Line | None, module_number: str
) -> tuple[list[Recommendation], list[Problem]]:
    """Every recommendation block of a module's recommendations part, in order."""
    blocks = _blocks(lines, heading)
    recommendations: list[Recommendation] = []
    problems: list[Problem] = []
    for index, (label, body) in enumerate(blocks, start=1):
        key = f"{module_number}-{index}"
        recommendation, found = _recommendation(key, label, body, heading)
        if recommendation is not None:
            recommendations.append(recommendation)
        problems.extend(found)
    return recommendations, problems


def _blocks(lines: Sequence[Line], heading: Line | None) -> list[tuple[Line | None, list[Line]]]:
    blocks: list[tuple[Line | None, list[Line]]] = [(None, [])]
    for index, line in enumerate(lines):
        if _is_label(lines, index):
            blocks.append((line, []))
        else:
            blocks[-1][1].append(line)
    if not any(line.text for line in blocks[0][1]):
        blocks.pop(0)
    return blocks


def _is_label(lines: Sequence[Line], index: int) -> bool:
    """A numbered label ('Aanbeveling-1 ...'), or an unnumbered one ('Aanbeveling echografie')
    when its next line is a verdict."""
    line = lines[index]
    if not line.text or line.is_table_row:
        return False
    if LABEL.match(line.text):
        return True
    following = next((later for later in lines[index + 1 :] if later.text), None)
    return bool(_UNNUMBERED_LABEL.match(line.text) and following and VERDICT.match(following.text))


def _recommendation(
    key: str, label: Line | None, body: list[Line], heading: Line | None
) -> tuple[Recommendation | None, list[Problem]]:
    problems: list[Problem] = []
    content = [line for line in body if line.text]
    if not content:
        if label is not None:
            span = Span(label.number, label.number)
            problems.append(Problem("empty-recommendation", _empty(label.text), span, key))
        return None, problems
    verdict, verdict_lines, statement_lines = _split_verdict(body)
    first = (label or heading or content[0]).number
    span = Span(first, content[-1].number)
    label_text = label.text if label else (heading.text if heading else "Aanbeveling")
    if not verdict_lines:
        message = f"Recommendation '{label_text}' has no 'Eindoordeel', so its strength is unknown."
        problems.append(Problem("missing-verdict", message, span, key))
    strength, direction, contradictions = normalise_verdict(verdict)
    verdict_span = (
        Span(verdict_lines[0].number, verdict_lines[-1].number) if verdict_lines else span
    )
    for contradiction in contradictions:
        message = (
            f"The verdict '{verdict}' of '{label_text}' is self-contradictory: {contradiction}."
        )
        problems.append(Problem("contradictory-verdict", message, verdict_span, key))
    statements = _statements([line for line in statement_lines if not line.is_table_row])
    tables = tables_in(statement_lines)
    if not statements:
        message = f"Recommendation '{label_text}' has a verdict but no statements."
        problems.append(Problem("empty-recommendation", message, span, key))
    return (
        Recommendation(key, label_text, verdict, strength, direction, statements, span, tables),
        problems,
    )


def _statements(lines: list[Line]) -> list[Statement]:
    """Statements are the clauses of paragraphs (see `split_clauses`); a numbered item ('1.
    Opereer ...') always starts a paragraph, and its number is taken off like a bullet."""
    groups: list[list[Line]] = []
    for line in lines:
        if not groups or (line.text and _NUMBERED.match(line.text)):
            groups.append([])
        groups[-1].append(line)
    statements: list[Statement] = []
    for group in groups:
        for paragraph in paragraphs(group):
            text = _NUMBERED.sub("", paragraph.text, count=1)
            for piece, exception in split_clauses(text):
                statements.append(_statement(piece, paragraph.span, exception, statements))
    return statements


def _statement(text: str, span: Span, exception: bool, before: list[Statement]) -> Statement:
    """One clause's statement; an exception ('..., tenzij ...') is for what the clause before
    it advises against, in the cases it names; a clause naming it by a pronoun ('...; consider
    it only ...') or without a verb ('..., maar niet bij ...') concerns it too."""
    last = before[-1] if before else None
    if exception and last is not None:
        return Statement(text, span, "conditional", last.intervention, last.comparator, last.clause)
    direction, intervention, comparator = read_statement(text)
    if last is not None and refers_back(text, intervention):
        return Statement(text, span, direction, last.intervention, last.comparator, last.clause)
    return Statement(text, span, direction, intervention, comparator, directive_clause(text))


def tables_in(lines: Sequence[Line]) -> list[Table]:
    """Each run of table rows among `lines` as a table; its first row is its header."""
    tables: list[Table] = []
    run: list[Line] = []
    for line in [*lines, None]:
        if line is not None and line.is_table_row:
            run.append(line)
            continue
        if line is not None and (not line.text or line.is_table_rule) and run:
            continue
        if run:
            rows = [row.cells for row in run]
            span = Span(run[0].number, run[-1].number)
            tables.append(
                Table(rows[0], rows[1:], span) if len(rows) > 1 else Table([], rows, span)
            )
            run = []
    return tables


def _split_verdict(body: list[Line]) -> tuple[str, list[Line], list[Line]]:
    """The verdict text, the lines it was read from, and the lines after it."""
    for index, line in enumerate(body):
        match = VERDICT.match(line.text) if line.text else None
        if not match:
            continue
        rest = match.group("rest").strip()
        if rest:
            return rest, [line], body[index + 1 :]
        following = [i for i in range(index + 1, len(body)) if body[i].text]
        if not following:
            return "", [line], []
        nxt = following[0]
        return body[nxt].text, [line, body[nxt]], body[nxt + 1 :]
    return "", [], body


def _empty(label: str) -> str:
    return f"Recommendation '{label}' has a label but no verdict or statements."
