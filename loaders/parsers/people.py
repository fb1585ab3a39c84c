"""People and their panel memberships: one key per real person despite spelling variants.

A person is recognised by initials, given name and family name; spellings that
differ a little ("Guerrero Paez", "Guerreo Paez") are the same person when the
given names agree.  Every spelling is kept with where it was seen, and each
spelling other than the preferred one becomes a "name-variant" problem.

    >>> registry = PeopleRegistry()
    >>> registry.person_for("C. (Cristina) Guerrero Paez", Span(1, 1))
    'cristina-guerrero-paez'
    >>> registry.person_for("Cristina Guerreo Paez", Span(9, 9))
    'cristina-guerrero-paez'
    >>> [problem.kind for problem in registry.problems()]
    ['name-variant']
"""

from __future__ import annotations

import re

from loaders.parsers.organisations import OrganisationRegistry
from loaders.parsers.people_names import (
    PersonName,
    name_similarity,
    parse_listed_name,
    parse_written_name,
    slugify,
    squeeze,
)
from loaders.parsers.sections import Section, split_parts
from loaders.parsers.text import Line
from loaders.records import Membership, Organisation, Person, Problem, Span, record_spelling

SAME_PERSON_SIMILARITY = 0.85
GROUP_HEADINGS: list[tuple[str, re.Pattern[str]]] = [
    (
        "steering",
        re.compile(
            r"^(?:Betrokken\s+)?(?:cluster)?stuurgroep(?:s?leden)?:?$|^Steering group:?$", re.I
        ),
    ),
    (
        "expertise",
        re.compile(
            r"^(?:Betrokken\s+)?(?:cluster)?expertisegroep(?:s?leden)?:?$|^Expert(?:ise)? group:?$",
            re.I,
        ),
    ),
    (
        "working-group",
        re.compile(
            r"^(?:Leden van de )?werkgroep(?:leden)?:?$|^Working group(?: members)?:?$", re.I
        ),
    ),
    (
        "sounding-board",
        re.compile(r"^(?:Leden van de )?klankbordgroep(?:leden)?:?$|^Sounding board:?$", re.I),
    ),
    (
        "support",
        re.compile(
            r"^(?:Met ondersteuning van|Methodologische ondersteuning|Ondersteuning"
            r"|Methodological support|With support (?:of|from)):?$",
            re.I,
        ),
    ),
]
_TITLES = re.compile(r"^(?:(?:prof|dr|drs|mr|ir|ing|dhr|mw|mevr|mevrouw|de heer)\.?\s+)+", re.I)
# A list entry without a bullet: a name of a few words ('A.B. (Ann) de Smit', 'Dr. A. Smit'),
# then a comma and the role
_MEMBER_ENTRY = re.compile(r"^[A-Z(][^,;:]{1,60}(?<!\.\s)(?<![a-z]\.),\s*\S")
_MEMBER_NAME_WORDS = 8
_GROUP_WORDS = [
    ("working-group", re.compile(r"\bwerkgroep\b|\bworking group\b", re.I)),
    ("sounding-board", re.compile(r"\bklankbordgroep\b|\bsounding board\b", re.I)),
]
_FUNCTION = re.compile(
    r"\s*\((?P<function>voorzitter|vicevoorzitter|secretaris|chair|co-chair|vice-chair)\)\s*$",
    re.I,
)


class PeopleRegistry:
    """Every person and organisation seen in a document, keys stable in order of first sight."""

    def __init__(self) -> None:
        self._people: dict[str, Person] = {}
        self._names: dict[str, PersonName] = {}
        self._sightings: dict[str, dict[str, list[Span]]] = {}
        self._organisations = OrganisationRegistry()

    def people(self) -> list[Person]:
        return list(self._people.values())

    def organisations(self) -> list[Organisation]:
        return self._organisations.organisations()

    def problems(self) -> list[Problem]:
        """Name variants (one per spelling, with the lines it was seen on), organisation ones."""
        problems = []
        for key, sightings in self._sightings.items():
            person = self._people[key]
            for spelling, spans in sightings.items():
                if spelling == person.name:
                    continue
                lines = ", ".join(str(span.first) for span in spans)
                problems.append(
                    Problem(
                        "name-variant",
                        f"'{spelling}' (line {lines}) is taken to be {person.name}.",
                        spans[0],
                        key,
                    )
                )
        return problems + self._organisations.problems()

    def person_for(self, name_text: str, span: Span) -> str:
        """Key of the person a name names ('B. (Bert) van der Vegt' or 'Bert van der Vegt')."""
        text = " ".join(name_text.split())
        name = parse_listed_name(text) or parse_written_name(text)
        key = self._match(name)
        if key is None:
            key = self._add(name, span)
        else:
            self._complete(key, name)
        spelling = name.display if parse_listed_name(text) else text
        sightings = self._sightings[key].setdefault(spelling, [])
        sightings.append(span)
        record_spelling(self._people[key].variants, spelling, span)
        return key

    def organisation_for(self, text: str, span: Span) -> list[str]:
        """Keys of the organisations a whole text names ('NVvH', 'NABON/NVRO')."""
        return self._organisations.resolve(text, span)

    def organisations_in(self, text: str, span: Span) -> list[str]:
        """Keys of the organisations named anywhere in a free text."""
        return self._organisations.mentioned_in(text, span)

    def _match(self, name: PersonName) -> str | None:
        best, best_score = None, SAME_PERSON_SIMILARITY
        for key, known in self._names.items():
            if not compatible_names(name, known):
                continue
            score = name_similarity(name.display, known.display)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = key, score
        return best

    def _add(self, name: PersonName, span: Span) -> str:
        key = base = slugify(name.display) or "person"
        number = 2
        while key in self._people:
            key, number = f"{base}-{number}", number + 1
        self._people[key] = Person(key, name.display, span, name.given, name.family, name.initials)
        self._names[key] = name
        self._sightings[key] = {}
        return key

    def _complete(self, key: str, name: PersonName) -> None:
        person, known = self._people[key], self._names[key]
        if name.initials and not known.initials:
            person.initials = name.initials
            person.given_name, person.family_name = name.given, name.family
            self._names[key] = name


def compatible_names(a: PersonName, b: PersonName) -> bool:
    """Initials and given names do not contradict each other."""
    if a.initials and b.initials:
        x, y = squeeze(a.initials), squeeze(b.initials)
        if not (x.startswith(y) or y.startswith(x)):
            return False
    if a.given and b.given:
        return squeeze(a.given)[:3] == squeeze(b.given)[:3]
    return True


def parse_member(line: Line, group: str, scope: str, registry: PeopleRegistry) -> Membership:
    """One list entry 'B.E.P.J. (Birgit) Vriens, Internist-Oncoloog, NIV' as a membership.

    An entry of four or more parts ('Dr. P. (Piet) de Wit, chirurg, Rijnstate, NVvH
    (voorzitter)') has its role second and its workplace and society after it; a function
    in the panel such as '(voorzitter)' joins the role.  Academic titles are not part of
    the name.
    """
    span = Span(line.number, line.number)
    parts = [part.strip() for part in line.text.split(",")]
    name = _TITLES.sub("", parts[0]).strip()
    function = _FUNCTION.search(name) or (_FUNCTION.search(parts[-1]) if len(parts) > 1 else None)
    if function and function.string == name:
        name = name[: function.start()].strip()
        function_text = function["function"]
        function = None
    else:
        function_text = ""
    if function:
        parts[-1] = parts[-1][: function.start()].strip()
    if len(parts) > 3:
        role, organisation_text = parts[1], ", ".join(parts[2:])
        keys = [key for part in parts[2:] for key in registry.organisation_for(part, span)]
        organisation_keys = list(dict.fromkeys(keys))
    else:
        organisation_text = parts[-1] if len(parts) > 2 else ""
        role = ", ".join(parts[1:-1]) if len(parts) > 2 else ", ".join(parts[1:])
        organisation_keys = registry.organisation_for(organisation_text, span)
    if function:
        function_text = function["function"]
    if function_text:
        role = f"{role} ({function_text})".strip()
    return Membership(
        person_key=registry.person_for(name, span),
        group=group,
        scope=scope,
        role=role,
        organisation_text=organisation_text,
        organisation_keys=organisation_keys,
        span=span,
    )


def _is_member_entry(text: str) -> bool:
    """A line that reads as a list entry even without its bullet."""
    return bool(_MEMBER_ENTRY.match(text)) and len(text.split(",")[0].split()) <= _MEMBER_NAME_WORDS


def group_named_in(heading: str) -> str:
    """The group a heading such as 'Samenstelling werkgroep' names, or '' if none.

    >>> group_named_in("Samenstelling van de werkgroep"), group_named_in("Samenstelling")
    ('working-group', '')
    """
    for group, pattern in _GROUP_WORDS:
        if pattern.search(heading):
            return group
    return ""


def parse_member_lists(
    lines: list[Line], scope: str, registry: PeopleRegistry, default_group: str = ""
) -> tuple[list[Membership], list[Problem]]:
    """The group lists among `lines` (under headings such as 'Clusterstuurgroep').

    A bulleted list before any group heading is taken as `default_group` (the group the
    part's own heading names, such as 'Samenstelling werkgroep'), when there is one.
    """
    memberships: list[Membership] = []
    problems: list[Problem] = []
    for part in split_parts(lines, GROUP_HEADINGS, first_kind="intro"):
        if part.kind == "intro":
            if default_group:
                memberships.extend(
                    parse_member(line, default_group, scope, registry)
                    for line in part.lines
                    if line.text and line.bullet and not line.is_table_row
                )
            continue
        for line in part.lines:
            if not line.text or line.is_table_row:
                continue
            if not line.bullet and not _is_member_entry(line.text):
                problems.append(
                    Problem(
                        "unlisted-text",
                        f"Text in the '{part.kind}' list is not a list entry: '{line.text}'.",
                        Span(line.number, line.number),
                    )
                )
                continue
            memberships.append(parse_member(line, part.kind, scope, registry))
    return memberships, problems


def parse_composition(
    section: Section, registry: PeopleRegistry
) -> tuple[list[Membership], list[Problem]]:
    """The 'Samenstelling van het cluster' section: steering, expertise and support groups."""
    memberships, problems = parse_member_lists(section.lines[1:], "cluster", registry)
    if not memberships:
        problems.append(
            Problem(
                "empty-composition",
                "The cluster composition lists nobody under a group heading.",
                section.span,
            )
        )
    return memberships, problems
