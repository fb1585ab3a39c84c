"""Interests named in a declaration's cells: counterparty, project, role, paid or not.

Each category cell is split into items (at '*' bullets, ';' after a role, numbered items
'1. ', and after a payment remark such as '(onbetaald)'); an answer such as
'Geen', 'nvt' or '-' means no interest.

    >>> split_items("Lid NABON bestuur (onbetaald) Voorzitter LPRM (onbetaald)")
    ['Lid NABON bestuur (onbetaald)', 'Voorzitter LPRM (onbetaald)']
    >>> project_of("KWF/Pink Ribbon - Re-irradiation (RT-HYPE, 2022) - Projectleider")
    'RT-HYPE'
    >>> role_of("KWF - DCIS trial - Geen projectleider, co-PI"), paid_of("Lid (onbezoldigd)")
    ('geen projectleider, co-PI', False)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from loaders.parsers.organisations_gazetteer import KNOWN_ORGANISATIONS
from loaders.parsers.people_names import fold
from loaders.records import Declaration, Interest

if TYPE_CHECKING:
    from loaders.parsers.people import PeopleRegistry

CATEGORY_KINDS = (
    ("main_position", "employment"),
    ("side_activities", "side-activity"),
    ("financial_interests", "financial"),
    ("personal_relations", "personal-relation"),
    ("research_funding", "research-funding"),
    ("intellectual_interests", "intellectual"),
    ("other_interests", "other"),
    ("reported_interests", "other"),  # 'Gemelde belangen' of a table without the categories
)
NO_INTEREST = frozenset(
    {"", "-", "geen", "nvt", "n.v.t.", "nee", "neen", "niet van toepassing", "n.v.t", "nvt."}
    | {"none", "no", "n/a", "not applicable", "nil"}
)
_ITEM_BREAK = re.compile(
    r"(?:^|\s)\*\s+"  # a '*' bullet
    r"|(?<=[Pp]rojectleider);\s*"  # a semicolon after a project's role
    r"|(?:^|\s)\d{1,2}\.\s+(?=[A-Z])"  # a numbered item '2. '
)
_PAYMENT_REMARK = re.compile(r"\([^()]*(?:betaald|bezoldigd|vergoeding)[^()]*\)\s+(?=[A-Z])")
_UNPAID = re.compile(
    r"\b(?:onbetaald|onbezoldigd|geen vergoeding|niet betaald|unpaid|not paid|no fee)\b", re.I
)
_PAID = re.compile(
    r"\b(?:betaald|bezoldigd|vergoeding|sprekersvergoeding|vacatiegeld|paid|fee|honorarium)\b",
    re.I,
)
_ALL_UNPAID = re.compile(r"\balle[n]?\b.*\bonbetaald\b", re.I)
_ACRONYM = r"[A-Z][A-Z0-9]*[A-Z0-9](?:-[A-Z0-9]+)*"
_PROJECT_PATTERNS = (
    re.compile(rf"^\s*({_ACRONYM})(?=\s*\()"),  # ARTILLERY (HORIZON project) ...
    re.compile(rf"\(({_ACRONYM})(?:\s+project)?,\s*\d{{4}}"),  # (BREAST-ART, 2020)
    re.compile(rf"\b({_ACRONYM})[- ](?:studie|trial|project)\b"),  # DENSE2-studie
    re.compile(rf"\s-\s+({_ACRONYM})\s*[,-]"),  # ZonMw - BREAST2, ...
    re.compile(rf"\(({_ACRONYM})\)"),  # (RECAP)
)
_NOT_PROJECTS = frozenset(
    {"DNA", "RWD", "DCIS", "MRI", "CT", "NAC", "ICG", "SNB", "AFT", "PET", "JA", "NEE", "PI"}
    | {abbreviation for known in KNOWN_ORGANISATIONS for abbreviation in known.abbreviations}
)
# '(mammarioloog Radboudumc & AvL)' after 'O.l.v. Ritse Mann': another person's affiliations
_OTHER_PERSON = re.compile(
    r"\b(?:o\.\s?l\.\s?v\.?|onder\s+leiding\s+van|onder\s+supervisie\s+van|begeleid\s+door)"
    r"\s+(?:[A-Z][\w'.-]*\s+){0,3}[A-Z][\w'-]*\s*(?P<about>\([^()]*\))",
    re.I,
)
_ROLES = (
    (
        "geen projectleider",
        re.compile(r"\bgeen\s+(?:rol\s+als\s+)?projectleider|projectleider\s+nee\b", re.I),
    ),
    ("projectleider", re.compile(r"\bprojectleider\b", re.I)),
    ("co-PI", re.compile(r"\bco-PI\b", re.I)),
    ("local PI", re.compile(r"\blocal PI\b", re.I)),
    ("co-investigator", re.compile(r"\bco-investigator\b", re.I)),
)


def is_no_interest(text: str) -> bool:
    return fold(text).strip(" .") in NO_INTEREST


def split_items(cell: str) -> list[str]:
    """A category cell's separate items, bullets and numbering taken off."""
    marked = _PAYMENT_REMARK.sub(lambda m: m.group().rstrip() + "\n", cell)
    marked = _ITEM_BREAK.sub("\n", marked)
    items = (item.strip(" -•*\t") for item in marked.split("\n"))
    return [item for item in items if item and not is_no_interest(item)]


def project_of(text: str) -> str:
    """The project acronym an item names, e.g. 'BREAST-ART'; empty when none."""
    for pattern in _PROJECT_PATTERNS:
        for match in pattern.finditer(text):
            if match.group(1) not in _NOT_PROJECTS and len(match.group(1)) >= 3:
                return match.group(1)
    return ""


def role_of(text: str) -> str:
    """The declared role(s) in a project, normalised: 'geen projectleider, co-PI'."""
    roles: list[str] = []
    for role, pattern in _ROLES:
        if pattern.search(text) and not (role == "projectleider" and "geen projectleider" in roles):
            roles.append(role)
    return ", ".join(roles)


def paid_of(text: str, default: bool | None = None) -> bool | None:
    """False for 'onbetaald'/'onbezoldigd', True for 'betaald'/'vergoeding', else `default`."""
    if _UNPAID.search(text):
        return False
    if _PAID.search(text):
        return True
    return default


def counterparty_text(item: str) -> str:
    """The item without parentheticals that describe another named person (a supervisor).

    >>> counterparty_text("O.l.v. Ritse Mann (mammarioloog Radboudumc & AvL) ben ik bezig")
    'O.l.v. Ritse Mann  ben ik bezig'
    """
    return _OTHER_PERSON.sub(lambda m: m.group()[: m.start("about") - m.start()], item)


def extract_interests(declaration: Declaration, registry: PeopleRegistry) -> list[Interest]:
    """The interests of every category of a declaration, in column order."""
    interests: list[Interest] = []
    for attribute, kind in CATEGORY_KINDS:
        cell = getattr(declaration, attribute)
        if is_no_interest(cell):
            continue
        default = False if _ALL_UNPAID.search(cell) else None
        for item in split_items(cell):
            interests.append(
                Interest(
                    kind=kind,
                    text=item,
                    span=declaration.span,
                    organisation_keys=registry.organisations_in(
                        counterparty_text(item), declaration.span
                    ),
                    project=project_of(item) if kind in ("research-funding", "other") else "",
                    role=role_of(item),
                    paid=paid_of(item, default),
                )
            )
    return interests
