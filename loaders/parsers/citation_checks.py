"""Judging near-misses between an in-text citation and the reference list.

Two cases where a citation names a listed reference without matching it exactly:

- the year is mistyped: 'NABON/NIV, 2017' for the only 'NABON/ NIV, 2012c' entry.  The
  citation is taken to cite that entry, and the wrong year is reported, when the author has
  exactly one listed entry, the two years differ in one digit (or two swapped digits), and no
  other citation cites that entry with its own year (then the citation more likely names a
  work that is missing from the list, and it stays unresolved);
- an organisation cited by the first words of its name: 'Zorginstituut, 2023' for
  'Zorginstituut Nederland. Standpunt ... 2023' is the usual short form, not a variant.

    >>> one_digit_apart(2017, 2012), one_digit_apart(2021, 2012), one_digit_apart(2017, 2007)
    (True, True, True)
    >>> one_digit_apart(2017, 2020)
    False
"""

from __future__ import annotations

from collections.abc import Sequence

from loaders.parsers.references import family_name
from loaders.records import Citation, Problem, Reference
from loaders.slugs import slugify

WRONG_YEAR = "citation-wrong-year"


def one_digit_apart(cited: int, listed: int) -> bool:
    """True for years that differ in one digit or by two neighbouring digits swapped."""
    first, second = str(cited), str(listed)
    if len(first) != len(second) or first == second:
        return False
    differing = [i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
    if len(differing) == 1:
        return True
    i, j = differing[0], differing[-1]
    return len(differing) == 2 and j == i + 1 and first[i] == second[j] and first[j] == second[i]


def listed_under_other_year(
    said: str, year: int, named: Sequence[Reference]
) -> tuple[str, tuple[str, str]]:
    """A citation whose author is listed with another year: a mistyped year, or unresolved."""
    if len(named) == 1 and named[0].year is not None and one_digit_apart(year, named[0].year):
        reference = named[0]
        message = (
            f"{said} gives the year {year}, but the reference '{reference.key}' it names "
            f"is listed with the year {reference.year}."
        )
        return reference.key, (WRONG_YEAR, message)
    years = ", ".join(str(reference.year) for reference in named)
    message = f"{said} names a listed author, but the listed year is {years}."
    return "", ("unresolved-citation", message)


def keep_right_years(
    citations: list[Citation], wrong_years: list[tuple[Citation, Problem]], module_number: str
) -> None:
    """Undo a mistyped-year match when another citation cites that reference with its own year."""
    wrong = {id(citation) for citation, _ in wrong_years}
    rightly_cited = {c.reference_key for c in citations if c.reference_key and id(c) not in wrong}
    for citation, problem in wrong_years:
        if citation.reference_key not in rightly_cited:
            continue
        key = citation.reference_key
        citation.reference_key = ""
        problem.kind = "unresolved-citation"
        problem.subject_key = module_number
        problem.message = (
            f"The citation '{citation.text}' names the author of '{key}', which the text also "
            "cites with its listed year: the cited work is missing from the list."
        )


def is_short_organisation_name(cited: str, reference: Reference) -> bool:
    """True when `cited` is the first word(s) of the organisation that authored `reference`."""
    if not reference.authors:
        return False
    author = reference.authors[0]
    if family_name(author) != author:  # a person: 'Gerke O'
        return False
    cited_words = slugify(cited).split("-")
    author_words = slugify(author).split("-")
    leading = author_words[: len(cited_words)]
    return 0 < len(cited_words) < len(author_words) and leading == cited_words
