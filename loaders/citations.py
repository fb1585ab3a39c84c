"""In-text citations such as 'Xia (2023)' or '(Konkin, 2006; Paluskiewicz, 2025)', resolved.

A citation is resolved to a listed reference by family name and year.  When it
matches only loosely (a particle such as 'von' that the list does not have, a cut
name like "Dall'", a one-letter misspelling, a listed entry without a year) it is
still resolved, and the difference is reported as a `Problem`; a citation that
matches no entry keeps an empty `reference_key` and is reported too.

    >>> [(found.name, found.year, found.text) for found in find_citations("zie Xia (2023).")]
    [('Xia', 2023, 'Xia (2023)')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .considerations import Paragraph
from .records import Citation, Problem, Reference, Span
from .references import family_name
from .slugs import slugify

_YEAR = r"(?P<year>(?:19|20)\d{2})(?P<suffix>[a-z]?)"
_NARRATIVE = re.compile(rf"(?P<core>[A-Z][\w'’\-]*)\s+\({_YEAR}\)")
_GROUP = re.compile(r"\((?P<inner>[^()]*\b(?:19|20)\d{2}[a-z]?)\)")
_ITEM = re.compile(rf"^\s*(?P<name>[^\W\d_][^,;()\d]*?)(?:,\s*|\s+){_YEAR}\s*$")
PARTICLES = frozenset("van von de der den ten ter la le du da di del dos".split())
_PREPOSITIONS = frozenset({"van", "de"})  # Dutch words that also precede a name as 'of', 'the'


@dataclass
class FoundCitation:
    text: str
    name: str  # as written, with any particles
    core: str  # the name without leading lower-case particles
    year: int
    start: int
    end: int

    @property
    def core_text(self) -> str:
        """The citation as written, without the particles in front of its core name."""
        return self.text[len(self.name) - len(self.core) :]


def find_citations(text: str) -> list[FoundCitation]:
    """Every author-year citation in a running text, in order of appearance."""
    found: list[FoundCitation] = []
    for match in _NARRATIVE.finditer(text):
        start, name = _with_particles(text, match.start("core"), match["core"])
        year = int(match["year"])
        cited = text[start : match.end()]
        found.append(FoundCitation(cited, name, match["core"], year, start, match.end()))
    for group in _GROUP.finditer(text):
        offset = group.start("inner")
        for piece in re.finditer(r"[^;]+", group["inner"]):
            item = _ITEM.match(piece.group())
            if not item or len(item["name"].split()) > 4:
                continue
            name = item["name"].strip()
            start = offset + piece.start() + piece.group().index(name)
            end = offset + piece.end()
            cited = text[start:end].strip()
            core = _core(name)
            found.append(FoundCitation(cited, name, core, int(item["year"]), start, end))
    return sorted(found, key=lambda c: c.start)


def _with_particles(text: str, start: int, core: str) -> tuple[int, str]:
    words = text[:start].split(" ")[:-1]
    taken: list[str] = []
    while words and words[-1] and words[-1].lower() in PARTICLES:
        taken.insert(0, words.pop())
        if taken[0][0].isupper():
            break
    if not taken:
        return start, core
    prefix = " ".join(taken) + " "
    return start - len(prefix), prefix + core


def _core(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0] in PARTICLES:
        words.pop(0)
    return " ".join(words)


def _norm(name: str) -> str:
    return slugify(name).replace("-", "")


def _cited_name(reference: Reference) -> str:
    if reference.authors:
        return family_name(reference.authors[0])
    return reference.text.split()[0] if reference.text else ""


def resolve_citations(
    paragraphs: Sequence[Paragraph], references: Sequence[Reference], module_number: str
) -> tuple[list[Citation], list[Problem]]:
    """Citations of the paragraphs, each resolved to a reference key where one matches."""
    citations: list[Citation] = []
    problems: list[Problem] = []
    for paragraph in paragraphs:
        for found in find_citations(paragraph.text):
            span = Span(paragraph.line_at(found.start), paragraph.line_at(found.end - 1))
            key, problem = _resolve(found, references)
            text = found.text
            if found.name != found.core and not _is_variant(found):
                exact = key and _norm(_cited_name(_by_key(references, key))) == _norm(found.name)
                text = found.text if exact else found.core_text
                if not exact and problem and problem[0] == "unresolved-citation":
                    problem = (problem[0], problem[1].replace(found.text, text))
            citations.append(Citation(text, span, key))
            if problem:
                kind, message = problem
                problems.append(Problem(kind, message, span, key or module_number))
    return citations, problems


def _by_key(references: Sequence[Reference], key: str) -> Reference:
    return next(reference for reference in references if reference.key == key)


def _resolve(
    found: FoundCitation, references: Sequence[Reference]
) -> tuple[str, tuple[str, str] | None]:
    said = f"The citation '{found.text}'"
    for loose, matches in (
        (False, lambda ref: _norm(_cited_name(ref)) == _norm(found.name)),
        (_is_variant(found), lambda ref: _norm(_cited_name(ref)) == _norm(found.core)),
        (True, lambda ref: _norm(found.core) in map(_norm, _cited_name(ref).split())),
        (True, lambda ref: _close(_norm(_cited_name(ref)), _norm(found.core))),
    ):
        named = [ref for ref in references if matches(ref)]
        dated = [ref for ref in named if ref.year == found.year]
        if len(dated) == 1:
            reference = dated[0]
            if not loose:
                return reference.key, None
            written = " ".join(reference.text.split(",")[0].split()[:4])
            message = f"{said} names the listed reference '{written}' differently."
            return reference.key, ("citation-name-variant", message)
        if len(dated) > 1:
            keys = ", ".join(ref.key for ref in dated)
            return "", ("ambiguous-citation", f"{said} matches several references: {keys}.")
        undated = [ref for ref in named if ref.year is None]
        if len(undated) == 1:
            message = f"{said} matches '{undated[0].key}', which gives no year to confirm it."
            return undated[0].key, ("citation-year-unverified", message)
        if named:
            years = ", ".join(str(ref.year) for ref in named)
            message = f"{said} names a listed author, but the listed year is {years}."
            return "", ("unresolved-citation", message)
    return "", ("unresolved-citation", f"{said} matches no entry of the module's reference list.")


def _is_variant(found: FoundCitation) -> bool:
    """True when the particles dropped from the name are not merely a Dutch 'van'/'de'."""
    dropped = found.name[: len(found.name) - len(found.core)].split()
    return bool(dropped) and not (len(dropped) == 1 and dropped[0] in _PREPOSITIONS)


def _close(first: str, second: str) -> bool:
    """Names of six or more letters that differ by at most one edit."""
    if min(len(first), len(second)) < 6 or abs(len(first) - len(second)) > 1:
        return False
    if len(first) == len(second):
        return sum(a != b for a, b in zip(first, second, strict=True)) <= 1
    short, long = sorted((first, second), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
