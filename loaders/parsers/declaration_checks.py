"""Entries repeated within one declaration row.

A declaration cell lists its entries (research projects, side activities, ...), which
`declarations_interests` splits into `Interest`s.  The same entry listed twice in one
row, word for word or in slightly other words ('1. Onco - Selection of ...' and
'5. Oncode - Selection of ...'), is a defect of the source: it is reported once per
row, with the repeated entries, as a 'duplicate-entry' problem.

Two entries are the same when their words (lower case, without accents and
punctuation) agree for at least 85% in order, they have at least five words each, and
they name the same numbers (so 'phase 1' and 'phase 2' of a trial stay apart).

    >>> same_entry("KWF - Trial X (Projectleider)", "KWF – trial X, (projectleider)")
    False
    >>> same_entry("Oncode - Selection of advanced breast cancer patients for carboplatin",
    ...            "Onco - Selection of advanced breast cancer patients for carboplatin")
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from loaders.parsers.people_names import fold
from loaders.records import Declaration, Interest, Problem

MIN_WORDS = 5
MIN_AGREEMENT = 0.85
KIND_NAMES = {
    "employment": "position",
    "side-activity": "side activity",
    "financial": "financial interest",
    "personal-relation": "personal relation",
    "research-funding": "research",
    "intellectual": "intellectual interest",
    "other": "other interest",
}
GROUP_NAMES = {"steering": "steering group", "expertise": "expertise group"}
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of an entry, lower case and without accents or punctuation."""
    return _WORD.findall(fold(text))


def same_entry(first: str, second: str) -> bool:
    """True when two entries of one row name the same thing (see the module's docstring)."""
    a, b = words(first), words(second)
    if min(len(a), len(b)) < MIN_WORDS:
        return False
    if {w for w in a if w.isdigit()} != {w for w in b if w.isdigit()}:
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= MIN_AGREEMENT


def repeated_entries(declarations: Sequence[Declaration]) -> list[Problem]:
    """One problem per declaration row that lists an entry more than once."""
    problems = []
    for declaration in declarations:
        pairs = _repeated_pairs(declaration.interests)
        if pairs:
            problems.append(_problem(declaration, pairs))
    return problems


def _repeated_pairs(interests: Sequence[Interest]) -> list[tuple[Interest, Interest]]:
    pairs: list[tuple[Interest, Interest]] = []
    repeated: set[int] = set()
    for i, first in enumerate(interests):
        if i in repeated:
            continue
        for j in range(i + 1, len(interests)):
            second = interests[j]
            if j in repeated or first.kind != second.kind:
                continue
            if same_entry(first.text, second.text):
                pairs.append((first, second))
                repeated.add(j)
                break
    return pairs


def _problem(declaration: Declaration, pairs: list[tuple[Interest, Interest]]) -> Problem:
    described = "; ".join(_describe(first, second) for first, second in pairs)
    count = f"{len(pairs)} entries" if len(pairs) > 1 else "an entry"
    group = GROUP_NAMES.get(declaration.group, declaration.group or "declaration table")
    message = (
        f"{declaration.name_as_written}'s declaration in module {declaration.module} "
        f"({group}) lists {count} twice: {described}."
    )
    return Problem("duplicate-entry", message, declaration.span, declaration.person_key)


def _describe(first: Interest, second: Interest) -> str:
    kind = KIND_NAMES.get(first.kind, first.kind)
    how = "word for word" if words(first.text) == words(second.text) else "in other words"
    return f"{kind} '{_short(first.text)}' ({how} the second time: '{_short(second.text)}')"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
