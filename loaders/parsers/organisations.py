"""Organisations named in panel lists and declarations: one key per real organisation.

Known organisations come from the reference gazetteer (`organisations_gazetteer`);
others are kept as written, their kind guessed from generic patterns
("Stichting X", "X Ziekenhuis", "X kliniek").

    >>> registry = OrganisationRegistry()
    >>> registry.resolve("NABON/NVRO", Span(1, 1))
    ['nabon', 'nvro']
    >>> registry.mentioned_in("KWF/ Pink Ribbon - RT-HYPE - Projectleider", Span(2, 2))
    ['kwf', 'pink-ribbon']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.memo import per_document
from loaders.parsers.fuzzy_index import FuzzyIndex
from loaders.parsers.organisations_cues import (
    abbreviates,
    cut_short,
    find_cued_names,
    is_acronym,
    spelled_alike,
)
from loaders.parsers.organisations_gazetteer import KNOWN_ORGANISATIONS, KnownOrganisation
from loaders.parsers.people_names import fold, slugify
from loaders.records import Organisation, Problem, Span, record_spelling

SIMILAR_NAME = 0.85  # a longer name this similar to a known one names the same organisation
SIMILAR_MIN_LENGTH = 8
_STOPWORDS = frozenset("van de der het voor the of en and".split())
_EXPANSIONS = {"ver": "vereniging", "nl": "nederland"}
_TRAILING_YEAR = re.compile(r"\s*\(\d{4}\)\s*$")
_GENERIC: list[tuple[str, re.Pattern[str]]] = [
    ("charity", re.compile(r"\b(?:Stichting|St\.)(?:\s+[A-Z][\w-]*)+")),
    ("hospital", re.compile(r"\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}\s+Ziekenhuis\b")),
    ("hospital", re.compile(r"\b[A-Z][a-z]+(?:ziekenhuis|huis|huizen)\b")),
    ("hospital", re.compile(r"\b[A-Z][\w-]*\s+(?:kliniek|Kliniek|Medisch Centrum)\b")),
    ("knowledge-institute", re.compile(r"\bUniversiteit\s+[A-Z][\w-]*")),
    ("patient-organisation", re.compile(r"\b(?:Contactgroep|Patiëntenvereniging)\s+[A-Z][\w-]*")),
]


def normalise(text: str) -> str:
    """Compare organisation names whatever their case, accents, stop words and spacing."""
    words = re.findall(r"[a-z0-9+]+", fold(_TRAILING_YEAR.sub("", text)))
    words = [_EXPANSIONS.get(word, word) for word in words if word not in _STOPWORDS]
    return "".join(words)


def _exact_index() -> dict[str, KnownOrganisation]:
    index: dict[str, KnownOrganisation] = {}
    for known in KNOWN_ORGANISATIONS:
        for text in (known.name, *known.aliases):
            index[fold(text)] = known
        for abbreviation in known.abbreviations:
            index[abbreviation] = known
    return index


_EXACT = _exact_index()
_NORMALISED = {
    normalise(text): known
    for known in KNOWN_ORGANISATIONS
    for text in (known.name, *known.aliases, *known.abbreviations)
}


def lookup(text: str) -> tuple[KnownOrganisation | None, bool]:
    """The known organisation a whole text names, and whether it was written exactly so."""
    text = _TRAILING_YEAR.sub("", text).strip()
    known = _EXACT.get(text) or _EXACT.get(fold(text))
    if known:
        return known, True
    normalised = normalise(text)
    known = _NORMALISED.get(normalised) or _NORMALISED.get(_ocr_w(text))
    if known or len(normalised) < SIMILAR_MIN_LENGTH:
        return known, False
    return _SIMILAR.best(_loose(normalised)), False


def _ocr_w(text: str) -> str:
    """An acronym with a 'W' read for 'Vv' or 'VV' by text recognition: 'NWR' -> 'nvvr'."""
    return normalise(text).replace("w", "vv") if re.fullmatch(r"[A-Z]{2,6}", text) else ""


def _loose(normalised: str) -> str:
    """A normalised name with Dutch c/k spelling and the plural '-huizen' folded."""
    return normalised.replace("huizen", "huis").replace("c", "k")


_SIMILAR = FuzzyIndex([(_loose(name), known) for name, known in _NORMALISED.items()], SIMILAR_NAME)


def guess_kind(text: str) -> str:
    """The kind of an unknown organisation from generic name patterns, else 'other'."""
    for kind, pattern in _GENERIC:
        if pattern.search(text):
            return kind
    return "other"


def _known_patterns() -> list[tuple[re.Pattern[str], KnownOrganisation, str, bool]]:
    """(pattern, organisation, needle, any case): a text the pattern matches holds the needle.

    Names match whatever their case: their needle is lower case, looked for in the text
    lowered by `_lowered` (an empty needle: always try the pattern).
    """
    patterns = []
    for known in KNOWN_ORGANISATIONS:
        for text in (known.name, *known.aliases):
            pattern = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.I)
            patterns.append((pattern, known, text.lower() if text.isascii() else "", True))
        for abbreviation in known.abbreviations:
            # whole words; an underscore joins two ('NABON-BOOG_NKR')
            pattern = re.compile(rf"(?<![^\W_]){re.escape(abbreviation)}(?![^\W_])")
            patterns.append((pattern, known, abbreviation, False))
    return patterns


# the only letters beyond ASCII that match an ASCII letter whatever the case ('ſ' matches 's')
_ASCII_CASES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _lowered(text: str) -> str:
    """The text in lower case, holding `name.lower()` wherever `name` matches it ignoring case."""
    return text.translate(_ASCII_CASES).lower()


_KNOWN_PATTERNS = _known_patterns()
_KNOWN_KEYS = frozenset(known.key for known in KNOWN_ORGANISATIONS)
_ONE_WORD_NAMES = {
    text: known
    for known in KNOWN_ORGANISATIONS
    for text in (known.name, *known.aliases)
    if " " not in text
}


@dataclass(frozen=True)
class Mention:
    """An organisation named inside free text."""

    text: str
    start: int
    end: int
    known: KnownOrganisation | None
    kind: str
    abbreviation: str = ""


@per_document
def find_mentions(text: str) -> tuple[Mention, ...]:
    """Organisations named in a text, in order: known ones, generic patterns, then cues.

    Cues (`organisations_cues`) find the names no reference list knows: research networks,
    trial groups, registries, foundations, companies by their legal form.
    """
    found: list[Mention] = []
    lowered = _lowered(text)
    for pattern, known, needle, any_case in _KNOWN_PATTERNS:
        if needle not in (lowered if any_case else text):
            continue  # cannot match
        for match in pattern.finditer(text):
            found.append(Mention(match.group(), match.start(), match.end(), known, known.kind))
    for kind, pattern in _GENERIC:
        for match in pattern.finditer(text):
            found.append(Mention(match.group(), match.start(), match.end(), None, kind))
    chosen: list[Mention] = []
    for mention in sorted(found, key=lambda m: (m.known is None, m.start - m.end, m.start)):
        if all(mention.end <= other.start or mention.start >= other.end for other in chosen):
            chosen.append(mention)
    for cued in find_cued_names(text, [(m.start, m.end) for m in chosen]):
        chosen.append(Mention(cued.text, cued.start, cued.end, None, cued.kind, cued.abbreviation))
    return tuple(sorted(chosen, key=lambda m: m.start))


class OrganisationRegistry:
    """Every organisation seen, one record per key, in order of first sight."""

    def __init__(self) -> None:
        self._organisations: dict[str, Organisation] = {}
        self._problems: list[Problem] = []

    def organisations(self) -> list[Organisation]:
        return list(self._organisations.values())

    def problems(self) -> list[Problem]:
        return list(self._problems)

    def resolve(self, text: str, span: Span) -> list[str]:
        """Keys of the organisations a whole text names: 'NVvH', 'NABON/NVRO', 'BVN'."""
        text = " ".join(text.split())
        if not text:
            return []
        known, exact = lookup(text)
        if known or "/" not in text:
            return [self._register(text, span, known, exact)]
        return [
            self._register(part, span, *lookup(part))
            for part in (part.strip() for part in text.split("/"))
            if part
        ]

    def mentioned_in(self, text: str, span: Span) -> list[str]:
        """Keys of the organisations named anywhere in a free text, in order, each once."""
        keys: list[str] = []
        for mention in find_mentions(text):
            known, exact = (mention.known, True) if mention.known else lookup(mention.text)
            if not known:  # a known name cut short: 'Onco' for 'Oncode'
                known = _ONE_WORD_NAMES.get(cut_short(mention.text, [*_ONE_WORD_NAMES]) or "")
            key = self._register(
                mention.text, span, known, exact, mention.kind, mention.abbreviation
            )
            if key not in keys:
                keys.append(key)
        return keys

    def _by_initials(self, written: str, kind: str) -> str | None:
        """The key of an organisation no list knows that `written` abbreviates, spells out
        or spells alike.

        'NTVO' after 'Nederlands Tijdschrift voor Oncologie' names it; the full name after
        the acronym becomes the organisation's name, the acronym its abbreviation.
        """
        for organisation in self._organisations.values():
            if organisation.key in _KNOWN_KEYS:
                continue
            if spelled_alike(written, organisation.name):
                return organisation.key
            if is_acronym(written) and abbreviates(written, organisation.name):
                if written not in organisation.abbreviations:
                    organisation.abbreviations.append(written)
                return organisation.key
            if is_acronym(organisation.name) and abbreviates(organisation.name, written):
                organisation.abbreviations.append(organisation.name)
                organisation.name = written
                if organisation.kind == "other":
                    organisation.kind = kind
                return organisation.key
        return None

    def _register(
        self,
        text: str,
        span: Span,
        known: KnownOrganisation | None,
        exact: bool,
        kind: str = "",
        abbreviation: str = "",
    ) -> str:
        written = _TRAILING_YEAR.sub("", text).strip()
        if known:
            key, name = known.key, known.name
            abbreviations, kind = list(known.abbreviations), known.kind
        else:
            key, name, abbreviations = slugify(written), written, []
            kind = kind or guess_kind(written)
            key = self._by_initials(written, kind) or key
        organisation = self._organisations.get(key)
        if organisation is None:
            organisation = Organisation(key, name, span, abbreviations, kind)
            self._organisations[key] = organisation
        if abbreviation:
            if abbreviation not in organisation.abbreviations:
                organisation.abbreviations.append(abbreviation)
            record_spelling(organisation.variants, abbreviation, span)
        new = record_spelling(organisation.variants, written, span)
        known_names = (organisation.name, *organisation.abbreviations)
        if new and not exact and written not in known_names:
            self._problems.append(
                Problem(
                    "organisation-variant",
                    f"'{written}' is taken to name '{organisation.name}' but is spelled "
                    "differently from its known names.",
                    span,
                    key,
                )
            )
        return key
