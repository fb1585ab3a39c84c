"""More ways a text cites its literature, besides 'Xia (2023)' and '(Xia, 2023; Gerke 2025)'.

- narrative with co-authors: 'Verbeek et al. (2012)', 'Okonkwo e.a. (2022)',
  'Xia en Zhou (2023)', 'Smith and Jones (2020)';
- without parentheses: 'Lindqvist et al. 2018 vonden', 'Van Dijk en Bos 2021', and the
  sources of evidence-based conclusions: 'B Verbeek 2012, Lindqvist 2018', 'Niveau 3
  Okafor 2010'.  Such a bare name and year counts only when the name is the first author
  of an entry of the module's reference list: 'in 2018' or 'Stadium 2019' cite nothing;
- numeric: '[1]', '[1, 2]', '[2-4]', resolved by the number of an entry in a numbered
  reference list (`records.Reference.label`).

    >>> [(c.text, c.name, c.year) for c in other_citations(
    ...     "Verbeek et al. (2012) en Lindqvist et al. 2018 vonden dit.", {"verbeek", "lindqvist"})]
    [('Verbeek et al. (2012)', 'Verbeek', 2012), ('Lindqvist et al. 2018', 'Lindqvist', 2018)]
    >>> [(c.text, c.label) for c in other_citations("Zo bleek [1, 3-4].", set(), {"1", "3", "4"})]
    [('[1, 3-4]', '1'), ('[1, 3-4]', '3'), ('[1, 3-4]', '4')]
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from loaders.slugs import slugify

_YEAR = r"(?P<year>(?:19|20)\d{2})(?P<suffix>[a-z]?)"
_PARTICLE = r"(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Vv]on|[Tt]en|[Tt]er|[Ll]a|[Ll]e|[Dd]u|[Dd]i|[Dd]el)"
_NAME = rf"(?:{_PARTICLE}\s+)*[A-Z][\w'’-]*[a-z][\w'’-]*"
_COAUTHORS = rf"(?:\s+et\s+al\.?|\s+e\.a\.|\s+(?:en|and|&)\s+{_NAME})"
_WITH_COAUTHORS = re.compile(rf"(?P<name>{_NAME})(?P<co>{_COAUTHORS})\s*\({_YEAR}\)")
_BARE = re.compile(
    rf"(?<![\w(\[/-])(?P<name>{_NAME})(?P<co>{_COAUTHORS})?,?\s+{_YEAR}\b(?![)\-–/.]\d)"
)
_ANY_YEAR = re.compile(r"(?:19|20)\d{2}")
_NUMERIC = re.compile(r"\[(?P<numbers>\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*)\]")
_FIRST_AUTHOR = re.compile(rf"^(?P<name>.+?){_COAUTHORS}$")


@dataclass
class OtherCitation:
    text: str
    name: str  # the first author as written ('Van Dijk'), or the number for a numeric one
    year: int | None
    start: int
    end: int
    label: str = ""  # the reference number of a numeric citation


def first_author(name: str) -> str:
    """'Okonkwo & Lee' -> 'Okonkwo'; 'Jansen et al.' -> 'Jansen'; other names unchanged."""
    match = _FIRST_AUTHOR.match(name.strip())
    return match["name"].strip() if match else name.strip()


def norm(name: str) -> str:
    return slugify(name).replace("-", "")


def other_citations(
    text: str, names: Collection[str], labels: Collection[str] = ()
) -> list[OtherCitation]:
    """Citations of the forms above in `text`; `names` are the normalised first-author
    names of the reference list (see `norm`), `labels` its entry numbers."""
    found: list[OtherCitation] = []
    if _ANY_YEAR.search(text):  # both name-and-year forms need one
        found.extend(_cited(match) for match in _WITH_COAUTHORS.finditer(text))
        for match in _BARE.finditer(text):
            if norm(_without_particles(match["name"])) in names or norm(match["name"]) in names:
                found.append(_cited(match))
    if labels:
        for match in _NUMERIC.finditer(text):
            for number in _numbers(match["numbers"]):
                if number in labels:
                    found.append(
                        OtherCitation(
                            match.group(), number, None, match.start(), match.end(), number
                        )
                    )
    return found


def _cited(match: re.Match[str]) -> OtherCitation:
    return OtherCitation(
        match.group(), match["name"], int(match["year"]), match.start(), match.end()
    )


def _without_particles(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower() in {"van", "de", "der", "den", "von", "ten", "ter"}:
        words.pop(0)
    return " ".join(words)


def _numbers(text: str) -> list[str]:
    """'1, 3-4' -> ['1', '3', '4']."""
    numbers: list[str] = []
    for part in re.split(r"\s*[,;]\s*", text):
        if ends := re.fullmatch(r"(\d+)\s*[–-]\s*(\d+)", part):
            first, last = int(ends[1]), int(ends[2])
            if first <= last <= first + 50:
                numbers.extend(str(n) for n in range(first, last + 1))
        elif part.isdigit():
            numbers.append(part)
    return numbers
