"""In-text citations such as 'Xia (2023)' or '(Konkin, 2006; Paluskiewicz, 2025)', resolved.

A parenthesised group is split at ';'.  Besides author-year items ('Newman, 2000',
'de Boer, 2001') a group may name a source without a year, such as a guideline body
('(Newman, 2000; Buchholz, 2020; ESMO; NCCN)').  Such a year-less item is kept as a
citation (year None) when its group holds at least one author-year item and it is a
single capitalised word or acronym; it resolves only to a listed reference of exactly
that name (reported as 'citation-without-year'), else it stays unresolved and is reported.

A citation is resolved to a listed reference by family name and year.  When it
matches only loosely (a particle such as 'von' that the list does not have, a cut
name like "Dall'", a one-letter misspelling, a listed entry without a year) it is
still resolved, and the difference is reported as a `Problem`; so is a mistyped year
and an organisation cited by the first words of its name (see `citation_checks`).  A
citation that matches no entry keeps an empty `reference_key` and is reported too.

    >>> [(found.name, found.year, found.text) for found in find_citations("zie Xia (2023).")]
    [('Xia', 2023, 'Xia (2023)')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from loaders.parsers.citation_checks import (
    WRONG_YEAR,
    is_short_organisation_name,
    keep_right_years,
    listed_under_other_year,
)
from loaders.parsers.citation_forms import first_author, other_citations
from loaders.parsers.considerations import Paragraph
from loaders.parsers.references import family_name
from loaders.records import Citation, Problem, Reference, Span
from loaders.slugs import slugify

_YEAR = r"(?P<year>(?:19|20)\d{2})(?P<suffix>[a-z]?)"
_NARRATIVE = re.compile(rf"(?P<core>[A-Z][\w'’\-]*)\s+\({_YEAR}\)")
_GROUP = re.compile(r"\((?P<inner>[^()]*\b(?:19|20)\d{2}[a-z]?\b[^()]*)\)")
_ITEM = re.compile(rf"^\s*(?P<name>[^\W\d_][^,;()\d]*?)(?:,\s*|\s+){_YEAR}\s*$")
_YEARLESS = re.compile(r"^\s*(?P<name>[A-Z][\w&'’/-]*[A-Za-z])\s*$")
PARTICLES = frozenset("van von de der den ten ter la le du da di del dos".split())
_PREPOSITIONS = frozenset({"van", "de"})  # Dutch words that also precede a name as 'of', 'the'


@dataclass
class FoundCitation:
    text: str
    name: str  # as written, with any particles
    core: str  # the name without leading lower-case particles
    year: int | None  # None for a year-less item of a group, such as 'ESMO'
    start: int
    end: int
    label: str = ""  # a numeric citation '[2]': the number of the entry it cites

    @property
    def core_text(self) -> str:
        """The citation as written, without the particles in front of its core name."""
        return self.text[len(self.name) - len(self.core) :]


def find_citations(text: str, references: Sequence[Reference] = ()) -> list[FoundCitation]:
    """Every author-year citation in a running text, in order of appearance.

    With the module's `references`, also the forms of `loaders.parsers.citation_forms` ('Jansen et
    al. 2019', 'B Jansen 2011', '[1, 2]'); a citation found both ways is kept once, in its
    longer form ('Xia en Zhou (2023)' rather than 'Zhou (2023)').
    """
    found: list[FoundCitation] = []
    for match in _NARRATIVE.finditer(text):
        start, name = _with_particles(text, match.start("core"), match["core"])
        year = int(match["year"])
        cited = text[start : match.end()]
        found.append(FoundCitation(cited, name, match["core"], year, start, match.end()))
    for group in _GROUP.finditer(text):
        found.extend(_group_items(text, group))
    if references:
        found = _with_other_forms(text, found, references)
    return sorted(found, key=lambda c: c.start)


def _with_other_forms(
    text: str, found: list[FoundCitation], references: Sequence[Reference]
) -> list[FoundCitation]:
    names = {_norm(_cited_name(reference)) for reference in references}
    labels = {reference.label for reference in references if reference.label}
    others = [
        FoundCitation(o.text, o.name, _core(o.name), o.year, o.start, o.end, o.label)
        for o in other_citations(text, names, labels)
    ]
    kept = [
        c for c in found if not any(o.start <= c.start and c.end <= o.end and o.text != c.text
                                    for o in others)
    ]  # fmt: skip
    for other in others:
        if not any(other.start < c.end and c.start < other.end for c in kept if not c.label):
            kept.append(other)
    return kept


def _group_items(text: str, group: re.Match[str]) -> list[FoundCitation]:
    """The citations of one parenthesised group: author-year items, then year-less names."""
    offset = group.start("inner")
    dated: list[FoundCitation] = []
    yearless: list[FoundCitation] = []
    for piece in re.finditer(r"[^;]+", group["inner"]):
        item = _ITEM.match(piece.group())
        if item and len(item["name"].split()) <= 4:
            name, year = first_author(item["name"]), int(item["year"])
        elif bare := _YEARLESS.match(piece.group()):
            name, year = bare["name"], None
        else:
            continue
        start = offset + piece.start() + piece.group().index(name)
        end = offset + piece.start() + len(piece.group().rstrip())
        cited = FoundCitation(text[start:end], name, _core(name), year, start, end)
        (dated if year else yearless).append(cited)
    return dated + yearless if dated else []


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
    wrong_years: list[tuple[Citation, Problem]] = []
    for paragraph in paragraphs:
        for found in find_citations(paragraph.text, references):
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
                if kind == WRONG_YEAR:
                    wrong_years.append((citations[-1], problems[-1]))
    keep_right_years(citations, wrong_years, module_number)
    return citations, problems


def _by_key(references: Sequence[Reference], key: str) -> Reference:
    return next(reference for reference in references if reference.key == key)


def _resolve(
    found: FoundCitation, references: Sequence[Reference]
) -> tuple[str, tuple[str, str] | None]:
    said = f"The citation '{found.text}'"
    if found.label:
        numbered = [ref for ref in references if ref.label == found.label]
        if len(numbered) == 1:
            return numbered[0].key, None
        return "", ("unresolved-citation", f"{said} names no entry {found.label} of the list.")
    if found.year is None:
        return _resolve_yearless(found, references, said)
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
            if not loose or is_short_organisation_name(found.name, reference):
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
            return listed_under_other_year(said, found.year, named)
    return "", ("unresolved-citation", f"{said} matches no entry of the module's reference list.")


def _resolve_yearless(
    found: FoundCitation, references: Sequence[Reference], said: str
) -> tuple[str, tuple[str, str] | None]:
    named = [ref for ref in references if _norm(_cited_name(ref)) == _norm(found.name)]
    if len(named) == 1:
        message = f"{said} gives no year; it is taken to cite '{named[0].key}'."
        return named[0].key, ("citation-without-year", message)
    if named:
        keys = ", ".join(ref.key for ref in named)
        return "", ("ambiguous-citation", f"{said} gives no year and matches {keys}.")
    message = f"{said} gives no year and matches no entry of the module's reference list."
    return "", ("unresolved-citation", message)


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
