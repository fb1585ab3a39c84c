"""Personal names as the panel lists and declaration tables write them.

>>> parse_listed_name("B.E.P.J. (Birgit) Vriens")
PersonName(initials='B.E.P.J.', given='Birgit', family='Vriens')
>>> parse_written_name("Desiree van den Bongard")
PersonName(initials='', given='Desiree', family='van den Bongard')
>>> slugify("José Volders"), name_similarity("Guerreo Paez", "Guerrero Paez") > 0.9
('jose-volders', True)
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from typing import NamedTuple

from loaders.memo import per_document

_LISTED = re.compile(
    r"^(?P<initials>(?:[A-Z][a-z]?\.\s?-?)+)?\s*\((?P<given>[^)]+)\)\s*(?P<family>.+)$"
)
_DEGREES = re.compile(r"\s+(?:MSc|Msc|MA|PhD|MD|BSc|Bsc|MBA)\.?$")


class PersonName(NamedTuple):
    initials: str
    given: str
    family: str

    @property
    def display(self) -> str:
        return " ".join(part for part in (self.given, self.family) if part)


@per_document
def fold(text: str) -> str:
    """Lower case without accents: 'José' -> 'jose' (the same text is folded once)."""
    if text.isascii():  # nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slugify(text: str) -> str:
    """A readable IRI-safe key: 'Desiree van den Bongard' -> 'desiree-van-den-bongard'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


@per_document
def squeeze(text: str) -> str:
    """Letters and digits only, folded: compares names whatever their spacing."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def name_similarity(a: str, b: str) -> float:
    """Similarity (0..1) of two name texts, ignoring case, accents, spaces and hyphens."""
    return SequenceMatcher(None, squeeze(a), squeeze(b)).ratio()


def parse_listed_name(text: str) -> PersonName | None:
    """A panel-list name 'B.E.P.J. (Birgit) Vriens'; None when it is not written that way."""
    match = _LISTED.match(text.strip())
    if not match:
        return None
    family = _DEGREES.sub("", match.group("family").strip())
    initials = (match.group("initials") or "").replace(" ", "")
    return PersonName(initials, match.group("given").strip(), family)


def parse_written_name(text: str) -> PersonName:
    """A plain name 'Given Family' as in the declaration tables: first word taken as given name."""
    words = _DEGREES.sub("", " ".join(text.split())).split(" ")
    if len(words) == 1:
        return PersonName("", "", words[0])
    return PersonName("", words[0], " ".join(words[1:]))
