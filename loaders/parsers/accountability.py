"""A module's accountability section ('Verantwoording module N ...').

It names the organisation that took the initiative, the panel (steering group,
expertise group, support), the conflict-of-interest tables per group and the
Wkkgz assessment.  `parse_accountability` fills these into the `Module`, and
checks that every panel member has a declaration and every declaration a member.
"""

from __future__ import annotations

import re

from loaders.parsers.accountability_wkkgz import parse_wkkgz
from loaders.parsers.declaration_checks import repeated_entries
from loaders.parsers.declarations import parse_declarations
from loaders.parsers.people import (
    GROUP_HEADINGS,
    PeopleRegistry,
    group_named_in,
    parse_member_lists,
)
from loaders.parsers.sections import Section, split_parts
from loaders.records import Declaration, Membership, Module, Problem, Span

PART_HEADINGS: list[tuple[str, re.Pattern[str]]] = [
    ("initiative", re.compile(r"^(?:Initiatief(?: en autorisatie)?|Initiative):?$", re.I)),
    ("composition", re.compile(r"^(?:Samenstelling|Composition)\b", re.I)),
    (
        "declarations",
        re.compile(
            r"^(?:Belangenverklaring(?:en)?|Belangen|Declarations? of (?:conflicts? of )?interests?"
            r"|Conflicts? of interests?):?$",
            re.I,
        ),
    ),
    ("wkkgz", re.compile(r"^Kwalitatieve raming\b.*\bWkkgz\b", re.I)),
    (  # parts of a module page's 'Verantwoording' that are not modelled
        "other",
        re.compile(
            r"^(?:Autorisatiedatum en geldigheid|Doel en doelgroep|Methode ontwikkeling"
            r"|Werkwijze|Zoekverantwoording|Inbreng patiëntenperspectief|Implementatie"
            r"|Volgende versie|Date of authorisation and validity|Methods?):?$",
            re.I,
        ),
    ),
]
_INITIATIVE = re.compile(r"^(?:Initiatief|Initiative)\s*:\s*(?P<organisation>.+)$", re.I)
DECLARING_GROUPS = ("steering", "expertise", "working-group", "sounding-board")


def parse_accountability(
    section: Section, module: Module, registry: PeopleRegistry
) -> list[Problem]:
    """Fill `module` from its accountability section; return the problems found."""
    module.accountability_span = section.span
    problems: list[Problem] = []
    parts = split_parts(section.lines[1:], PART_HEADINGS)
    _read_initiative(section, module, registry, problems)
    for part in parts:
        if part.kind == "composition":
            default_group = group_named_in(part.heading.text) if part.heading else ""
            found, found_problems = parse_member_lists(
                part.lines, module.key, registry, default_group
            )
            module.memberships.extend(found)
            problems.extend(found_problems)
        elif part.kind == "declarations":
            for group_part in split_parts(part.lines, GROUP_HEADINGS):
                group = group_part.kind if group_part.kind != "intro" else ""
                found, found_problems = parse_declarations(
                    group_part.lines, module.key, group, registry
                )
                module.declarations.extend(found)
                problems.extend(found_problems)
        elif part.kind == "wkkgz":
            module.wkkgz, found_problems = parse_wkkgz(part.lines, module.ident, section.title)
            problems.extend(found_problems)
    _place_ungrouped(module.declarations, module.memberships)
    cluster_panel = any(m.group in ("steering", "expertise") for m in module.memberships)
    if module.wkkgz is None and cluster_panel and not any(part.kind == "wkkgz" for part in parts):
        problems.append(
            Problem("missing-wkkgz", f"Module {module.ident} has no Wkkgz table.", section.span)
        )
    problems.extend(check_declarations(module.ident, module.memberships, module.declarations))
    problems.extend(repeated_entries(module.declarations))
    return problems


def _read_initiative(
    section: Section, module: Module, registry: PeopleRegistry, problems: list[Problem]
) -> None:
    for line in section.lines:
        match = _INITIATIVE.match(line.text)
        if match:
            module.initiative = match.group("organisation").strip()
            module.initiative_span = Span(line.number, line.number)
            keys = registry.organisation_for(module.initiative, module.initiative_span)
            module.initiative_key = keys[0] if keys else ""
            return
    problems.append(
        Problem(
            "missing-initiative",
            f"The accountability of module {module.ident} names no 'Initiatief:'.",
            section.span,
        )
    )


def _place_ungrouped(declarations: list[Declaration], memberships: list[Membership]) -> None:
    """A declaration table under no group heading: each row in its person's panel group."""
    groups: dict[str, list[str]] = {}
    for membership in memberships:
        if membership.group in DECLARING_GROUPS:
            groups.setdefault(membership.person_key, []).append(membership.group)
    for declaration in declarations:
        if not declaration.group:
            found = groups.get(declaration.person_key, [])
            declaration.group = found[0] if len(set(found)) == 1 else "panel"


def check_declarations(
    number: str, memberships: list[Membership], declarations: list[Declaration]
) -> list[Problem]:
    """Panel members without a declaration, declarations without a member, duplicate rows."""
    problems: list[Problem] = []
    declared: dict[tuple[str, str], Declaration] = {}
    for declaration in declarations:
        slot = (declaration.group, declaration.person_key)
        if slot in declared:
            problems.append(
                Problem(
                    "duplicate-row",
                    f"{declaration.name_as_written} has two declaration rows in module {number}.",
                    declaration.span,
                    declaration.person_key,
                )
            )
        declared[slot] = declaration
    members = {(m.group, m.person_key): m for m in memberships if m.group in DECLARING_GROUPS}
    for slot, member in members.items():
        if slot not in declared:
            problems.append(
                Problem(
                    "missing-declaration",
                    f"Panel member {member.person_key} ({member.group}) of module {number} "
                    "has no row in the declaration table.",
                    member.span,
                    member.person_key,
                )
            )
    for slot, declaration in declared.items():
        if slot not in members:
            problems.append(
                Problem(
                    "undeclared-member",
                    f"{declaration.name_as_written} has a declaration ({declaration.group}) in "
                    f"module {number} but is not listed in that group of the module's panel.",
                    declaration.span,
                    declaration.person_key,
                )
            )
    return problems
