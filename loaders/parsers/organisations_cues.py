"""Organisations named in free text that no reference list knows, found by generic cues.

The gazetteer (`organisations_gazetteer`) knows the usual societies, funders and
hospitals; research networks, trial groups, registries, foundations and small companies
are found here by how a name is written, never by the names themselves:

* an organisational head word with capitalised words around it: 'Stichting X',
  'X Foundation', 'X Registry', 'Dutch X Platform', 'X consortium', 'X B.V.';
* a name after a relation cue: 'raad van toezicht X', 'lid van X', 'namens X',
  'via X', 'in opdracht van X', 'sponsor X', 'funded by X', 'consultant X', 'adviseur bij X',
  'onderzoeksfinanciering X', 'adviesraad ouderenzorg X';
* a name before the body the person sits in: 'X stuurgroep', 'X bestuur',
  'X redactie', 'X study steering committee';
* an acronym after a membership word ('Lid X', 'voorzitter X', 'maatschapslid X') or a
  word of working together ('werken met de X samen', 'in samenwerking met X');
* an acronym in brackets right after a sub-unit ('mammasectie (X)', 'werkgroep (X)');
* a name described in lower case by its kind, scoped or with its purpose:
  'landelijke werkgroep hypofractionering', 'de patiëntenvereniging voor X tumoren';
* the counterparty a research item starts with: 'X - title of the project - Projectleider';
* an acronym joined to an organisation found otherwise ('CPME / KNMG', 'NABON-BOOG_NKR',
  'X>Y' for a unit of another).

An acronym defined beside a name ('Dutch X Platform (DXP)', 'DXP (Dutch X Platform)')
becomes that name's abbreviation.

    >>> [(c.text, c.kind, c.abbreviation) for c in find_cued_names(
    ...     "voorzitter Dutch Lung Trial Platform (DLTP); raad van toezicht Blue Harbour")]
    [('Dutch Lung Trial Platform', 'knowledge-institute', 'DLTP'), ('Blue Harbour', 'other', '')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CAPITAL = r"(?:[A-Z][\w'&+.-]*[\w+]|[A-Z])"  # 'Dutch', 'IHE-NL', 'MUMC+', 'St.'
_ACRONYM_TEXT = r"[A-Z][A-Z0-9]*[A-Z](?:[-+][A-Z0-9]+)*\+?"  # 'NKR', 'IHE-NL', 'DBCC'
_CONNECTOR = r"(?:of|for|on|voor|van|de|der|het|the|and|en|tot|in)"
_NAME = rf"{_CAPITAL}(?:\s+(?:{_CONNECTOR}\s+)?{_CAPITAL}){{0,4}}"  # up to five words
_LEGAL_FORM = r"(?:B\.V\.|BV|N\.V\.|GmbH|Inc\.?|Ltd\.?|LLC|S\.A\.|AG|plc|Corp\.?)"
# head words that make a name an organisation's, with the kind they suggest
_HEADS: tuple[tuple[str, str], ...] = (
    ("charity", r"Stichting|Foundation|Fonds|Fund|Trust|Charity"),
    ("government", r"Ministry|Ministerie|Commission|Agency|Agentschap"),
    (
        "knowledge-institute",
        r"Group|Groep|Network|Netwerk|Consortium|Platform|Registry|Registratie|Register"
        r"|Institute|Institutes|Instituut|Partnership|Collaboration|Collaborative|Trialists"
        r"|Cohort|Alliance|Council|Centre|Center|Centrum|Academy|Academie",
    ),
    ("professional-society", r"Society|Association|Vereniging|Federatie|Federation|College"),
    ("other", r"Bureau|Tijdschrift|Journal"),
)
_HEAD_KIND = {word.lower(): kind for kind, words in _HEADS for word in words.split("|")}
_HEAD = "|".join(words for _, words in _HEADS)
# compound heads: 'Borstcentrum', 'Kennisnetwerk', 'Onderzoeksgroep'
_COMPOUND_HEAD = (
    r"[A-Z][a-z]+(?<![Ww]erk)(?<![Ss]tuur)(?<![Kk]lankbord)(?<![Pp]roject)"
    r"(?:centrum|netwerk|groep|fonds|instituut|platform|consortium)"
)
_ACRONYMS = rf"{_ACRONYM_TEXT}(?:\s+{_ACRONYM_TEXT}){{0,2}}"  # 'NKR', 'NEO ALLTO'
_LOWER_HEAD = r"consortium|netwerk|network|trialgroep|studiegroep|trial group|study group"
# a name written in lower case: 'landelijke werkgroep X Y', 'patiëntenvereniging voor X Y'
_SCOPE = r"(?i:landelijke|nationale|internationale|europese|nederlandse)"
_KIND_NOUN = r"werkgroep|netwerk|consortium|platform|vereniging|stichting|federatie"
_PURPOSE_NOUN = r"[a-zë]*vereniging|stichting|[a-zë]*fonds|federatie"  # '... voor X'
_TOPIC_STOP = (
    rf"{_CONNECTOR}|met|bij|als|sinds|vanaf|namens|lid|voorzitter|secretaris"
    r"|onbetaald|betaald|onbezoldigd|bezoldigd|is|was|wat|die|dat"
)
_TOPIC = rf"(?!(?:{_TOPIC_STOP})\b)[A-Za-zÀ-ÿ][\w-]+"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("legal-form", re.compile(rf"(?<![\w-])(?P<name>{_NAME}\s+{_LEGAL_FORM})(?![\w.])")),
    # 'Stichting X', 'Bureau X Y' (head first), 'Landelijk Platform X Y' (head inside)
    (
        "head",
        re.compile(
            rf"(?<![\w-])(?P<name>(?:{_CAPITAL}\s+){{0,3}}(?:{_HEAD})"
            rf"(?:\s+(?:{_CONNECTOR}\s+){{0,2}}{_CAPITAL}){{0,4}})(?!\w)"
        ),
    ),
    (
        "head",
        re.compile(
            rf"(?<![\w-])(?P<name>(?:{_CAPITAL}\s+){{1,3}}{_COMPOUND_HEAD}(?:\s+{_CAPITAL})?)"
        ),
    ),
    ("head", re.compile(rf"(?<![\w-])(?P<name>(?:{_CAPITAL}\s+){{1,3}}(?:{_LOWER_HEAD}))(?!\w)")),
    (
        "relation",
        re.compile(
            r"(?:\b[Rr]aad van [Tt]oezicht|\blid van|\bnamens|\bvia|\bin opdracht van"
            r"|\b[Ss]ponsor(?:ed by)?|\bgesponsord door|\bgefinancierd door|\bfunded by"
            r"|\bgrant (?:from|of)|\bsubsidie van|\bin dienst van|\bon behalf of"
            r"|\b[Cc]onsultan(?:t|cy)(?:\s+(?:voor|bij|van|for|to))?"
            r"|\b[Aa]dvis(?:eur|or)\s+(?:van|voor|bij|for|to)"
            r"|\b[Oo]nderzoeksfinanciering(?:\s+(?:van|door))?|\b[Aa]dviesraad(?:\s+[a-z]+)?)"
            rf"\s+(?:de\s+|het\s+|the\s+)?(?P<name>{_NAME})"
        ),
    ),
    (
        "body",
        re.compile(
            rf"(?<![\w-])(?P<name>{_ACRONYMS})\s+(?i:(?:study|studie|trial)\s+)?"
            r"(?i:stuurgroep|steering committee|bestuur|redactie|[a-z]*sectie|werkgroep"
            r"|[a-z]+commissie|raad|board)\b"
        ),
    ),
    (
        "body-after",
        re.compile(
            r"\b(?i:stuurgroep|steering committee(?: of)?|bestuur van|redactie van)"
            rf"\s+(?:de\s+|het\s+|the\s+)?(?P<name>{_ACRONYM_TEXT})(?![\w+])"
        ),
    ),
    (
        "member",
        re.compile(
            r"\b(?:[Ll]id|[Bb]estuurslid|[Vv]oorzitter|[Vv]icevoorzitter|[Ss]ecretaris"
            r"|[Pp]enningmeester|[Mm]aatschapslid|[Mm]ember of|[Cc]hair of)"
            rf"\s+(?P<name>{_ACRONYM_TEXT})(?![\w+])"
        ),
    ),
    (
        "partner",
        re.compile(
            r"\b(?:[Ss]amenwerk\w*|[Ww]erk\w*|[Ss]amen|[Cc]ollaborat\w*)(?:\s+\w+)?"
            rf"\s+(?:met|with)\s+(?:de\s+|het\s+|the\s+)?(?P<name>{_ACRONYM_TEXT})(?![\w+])"
        ),
    ),
    (
        "sub-unit",
        re.compile(
            r"\b(?i:[a-z]*sectie|[a-z]*werkgroep|[a-z]*commissie|afdeling|subgroep)"
            rf"\s+\((?P<name>{_ACRONYM_TEXT})\)"
        ),
    ),
    (
        "described",
        re.compile(
            rf"(?<![\w-])(?P<name>(?:{_SCOPE}\s+(?:{_KIND_NOUN})|(?:{_PURPOSE_NOUN})\s+voor)"
            rf"(?:\s+{_TOPIC}){{1,3}})"
        ),
    ),
    # 'Funder - title of the project - Projectleider': the layout of a research item
    (
        "item-head",
        re.compile(
            rf"^\s*(?P<name>{_NAME})\s*-\s+\S"
            r"(?=.*(?:\b(?i:projectleider|investigator|onderzoeker)|\b(?:co-)?PI)\b)"
        ),
    ),
)
_PLAIN_ACRONYM = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9]*[A-Z](?![A-Za-z0-9+])")
_JOIN = re.compile(r"^\s*[/&_>]\s*$|^[-_]$")
_SENTENCE_WORDS = frozenset(
    "Als Bij Dit Deze Het De Een En Geen Ja Nee In Ik Lid Met Na Naar Niet Nieuwe Om Op Per"
    " Tot Van Via Voor Wij Zie Zij A An As At By For From In Of On The To With".split()
)
_ROLE_WORDS = frozenset(
    "Lid Bestuurslid Voorzitter Vicevoorzitter Secretaris Penningmeester Maatschapslid Member"
    " Chair Faculty Adviseur Directeur".split()
)
# acronyms that are not organisations: roles, answers, units and the usual clinical ones
NOT_ORGANISATION_ACRONYMS = frozenset(
    "PI JA NEE NB FTE WG PHD MD MSC CEO CFO CE EU NL UK US USA DNA RNA RWD DCIS MRI CT PET"
    " NAC ICG SNB AFT HR CI OR RR ECG ECHO BI-RADS TNM".split()
)


@dataclass(frozen=True)
class CuedName:
    """An organisation's name found by a cue, where it stands in the text, its kind guess."""

    text: str
    start: int
    end: int
    kind: str
    cue: str
    abbreviation: str = ""


def find_cued_names(text: str, found: list[tuple[int, int]] | None = None) -> list[CuedName]:
    """Organisation names the cues find in `text`, in order, none overlapping another.

    `found` holds the (start, end) of organisations already recognised (the gazetteer's):
    cued names overlapping them are dropped, acronyms joined to them are kept.
    """
    taken = list(found or [])
    names: list[CuedName] = []
    for cue, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            name = _trim(text, match.start("name"), match.end("name"), cue)
            if name is None or _overlaps(name, taken):
                continue
            start, end = name
            written = text[start:end]
            names.append(CuedName(written, start, end, _kind(written, cue), cue))
            taken.append(name)
    names.extend(_joined_acronyms(text, taken))
    named = [_with_abbreviation(text, name) for name in sorted(names, key=lambda n: n.start)]
    defined = {name.abbreviation for name in named}
    return [name for name in named if name.text not in defined]


def _trim(text: str, start: int, end: int, cue: str) -> tuple[int, int] | None:
    """The name without role and sentence words at its start; None when nothing is left."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while words and (words[0].group() in _SENTENCE_WORDS or words[0].group() in _ROLE_WORDS):
        words.pop(0)
    while words and re.fullmatch(_CONNECTOR, words[-1].group()):
        words.pop()
    if not words:
        return None
    first, last = start + words[0].start(), start + words[-1].end()
    name = text[first:last].rstrip(",;:" if cue == "legal-form" else ".,;:")
    last = first + len(name)
    named = ("relation", "body", "member", "body-after", "item-head", "partner", "sub-unit")
    if cue in named and not _is_name(name):
        return None
    if cue == "head" and not _has_own_word(name):
        return None
    return first, last


def _is_name(name: str) -> bool:
    """A cued name is an acronym or a name of capitalised words, not a known non-name."""
    if name.upper() in NOT_ORGANISATION_ACRONYMS or name in _SENTENCE_WORDS:
        return False
    if re.fullmatch(r"[A-Z]{1,2}", name):
        return False
    return bool(re.search(r"[A-Z]", name))


def _has_own_word(name: str) -> bool:
    """A head word needs a capitalised word of the name's own beside it."""
    own = [
        word
        for word in name.split()
        if word[:1].isupper()
        and word.lower() not in _HEAD_KIND
        and not re.fullmatch(_COMPOUND_HEAD, word)
    ]
    return bool(own)


def _kind(name: str, cue: str) -> str:
    if cue == "legal-form":
        return "company"
    if re.match(r"(?i)patiënt", name):
        return "patient-organisation"
    for word in reversed(name.split()):
        if word.lower() in _HEAD_KIND:
            return _HEAD_KIND[word.lower()]
    if re.search(r"(?:consortium|netwerk|network|groep|group)\b", name, re.I):
        return "knowledge-institute"
    if re.search(r"(?:centrum|instituut)\b", name):
        return "knowledge-institute"
    return "other"


def is_acronym(text: str) -> bool:
    """A name written as an acronym of three or more capitals: 'NTVO', 'IHE-NL'."""
    return bool(re.fullmatch(_ACRONYM_TEXT, text)) and len(re.sub(r"[^A-Z]", "", text)) >= 3


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _joined_acronyms(text: str, taken: list[tuple[int, int]]) -> list[CuedName]:
    """Acronyms joined by '/', '&', '_' or '-' to an organisation already found, in a chain."""
    names: list[CuedName] = []
    added = True
    while added:
        added = False
        for match in _PLAIN_ACRONYM.finditer(text):
            span = (match.start(), match.end())
            if _overlaps(span, taken) or match.group() in NOT_ORGANISATION_ACRONYMS:
                continue
            if any(_joined(text, span, other) for other in taken):
                names.append(CuedName(match.group(), *span, "other", "joined"))
                taken.append(span)
                added = True
    return names


def _joined(text: str, span: tuple[int, int], other: tuple[int, int]) -> bool:
    if other[1] <= span[0]:
        return bool(_JOIN.match(text[other[1] : span[0]]))
    if span[1] <= other[0]:
        return bool(_JOIN.match(text[span[1] : other[0]]))
    return False


def _with_abbreviation(text: str, name: CuedName) -> CuedName:
    """The name with the acronym defined beside it: 'Long Name (LN)' or 'LN (Long Name)'."""
    after = re.match(rf"\s*\((?P<acronym>{_ACRONYM_TEXT})\)", text[name.end :])
    before = re.search(rf"(?P<acronym>{_ACRONYM_TEXT})\s*\($", text[: name.start])
    for found in (after, before):
        if found and abbreviates(found["acronym"], name.text):
            return CuedName(name.text, name.start, name.end, name.kind, name.cue, found["acronym"])
    return name


def abbreviates(acronym: str, name: str) -> bool:
    """The acronym's letters are the initials of the name's words (connectors optional)."""
    letters = re.sub(r"[^A-Z]", "", acronym.upper())
    words = [word for word in re.split(r"[\s-]+", name) if word]
    if len(words) < 2:
        return False
    initials = "".join(word[0].upper() for word in words)
    main = "".join(word[0].upper() for word in words if not re.fullmatch(_CONNECTOR, word))
    return len(letters) >= 2 and letters in (initials, main)


def cut_short(word: str, names: list[str]) -> str | None:
    """The one name of `names` that a capitalised word of four or more letters begins and
    falls two or more letters short of: 'Onco' for 'Oncode'; None when none or several.
    """
    if not re.fullmatch(r"[A-Z][a-z]{3,}", word):
        return None
    longer = [name for name in names if name.startswith(word) and len(name) >= len(word) + 2]
    return longer[0] if len(longer) == 1 else None


def spelled_alike(a: str, b: str) -> bool:
    """Two names the same word for word but one, written with one or two letters more or
    fewer: 'patiëntenvereniging voor Phylloides tumoren' and '... Phyllodes tumoren'.
    """
    words_a, words_b = a.lower().split(), b.lower().split()
    if len(words_a) != len(words_b) or len(words_a) < 2:
        return False
    differing = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]
    if len(differing) != 1:
        return False
    short, long = sorted(differing[0], key=len)
    return len(short) >= 6 and 1 <= len(long) - len(short) <= 2 and _within(short, long)


def _within(short: str, long: str) -> bool:
    """The letters of `short` appear in `long` in order."""
    letters = iter(long)
    return all(letter in letters for letter in short)
