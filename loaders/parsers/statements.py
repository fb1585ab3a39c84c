"""What one recommendation statement advises: its direction, and the words naming its subject.

A statement is read sentence by sentence; its first directive sentence (an imperative
such as 'Gebruik ...', or a sentence with 'dient', 'moet', 'wordt ... uitgevoerd',
'should', 'is recommended', ...) gives the direction.  Only the sentence's main clause
counts: a leading condition ('Indien ..., ', 'Na ... wordt') and subordinate clauses
('waarin ...', 'die ...', 'when ...') are set aside, so a 'niet' in 'situaties waarin
biopteren niet de voorkeur heeft' does not turn the statement against.

- against: the main clause negates ('niet', 'geen', 'do not', 'avoid', ...);
- conditional: for, but only in the cases it names ('uitsluitend', 'alleen', 'in
  uitzonderlijke situaties', 'only', ...);
- for: any other directive sentence;
- unknown: no directive sentence.

    >>> read_statement("Voer niet standaard een PET/CT met FES uit.")[0]
    'against'
    >>> read_statement("Gebruik X als alternatief voor Y bij patiënten met Z.")
    ('for', 'Gebruik X', 'Y')
"""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")
_SUBORDINATE = re.compile(
    r"(?<![\w-])(?:dat|die|waarin|waarbij|waarvoor|waardoor|wanneer|indien|omdat|hoewel|zodat"
    r"|tenzij|mits|zodra|terwijl|that|which|who|whom|whose|where|when|if|unless|although"
    r"|because|whereas)(?![\w-])",
    re.I,
)
_FRONTED_CONDITION = re.compile(r"^(?:indien|als|wanneer|zodra|if|when|where|once)\b", re.I)
_FRONTED_PHRASE = re.compile(
    r"^(?:bij|na|in|voor|tijdens|vóór|na afloop van|after|in|for|during|before)\b", re.I
)
_FINITE_VERB = re.compile(
    r"(?<![\w-])(?:wordt|worden|is|zijn|kan|kunnen|dient|dienen|moet|moeten|heeft|hebben|mag"
    r"|mogen|verdient|verdienen|should|must|is|are|can|may)(?![\w-])",
    re.I,
)
_NEGATION = re.compile(
    r"(?<![\w-])(?:niet|geen|nooit|vermijd|ontraad|ontraden|afgeraden|not|no|never|avoid"
    r"|don't|do not)(?![\w-])",
    re.I,
)
_RESTRICTION = re.compile(
    r"(?<![\w-])(?:uitsluitend|alleen|enkel|slechts|only|exclusively|behalve|except|unless)"
    r"(?![\w-])"
    r"|\bin\s+(?:uitzonderlijke|geselecteerde|specifieke|bepaalde|selected|exceptional|specific)"
    r"\b",
    re.I,
)
_DEONTIC = re.compile(
    r"(?<![\w-])(?:dient|dienen|moet|moeten|de\s+voorkeur|preferred"
    r"|is\s+geïndiceerd|should|must|is\s+recommended|are\s+recommended|is\s+indicated"
    r")(?![\w-])"
    r"|(?<![\w-])(?:wordt|worden|kan|kunnen)\b.*\b(?:uitgevoerd|gegeven|aanbevolen|geadviseerd"
    r"|overwogen|verricht|toegepast|ingezet|besproken|behandeld|gestart|gebruikt)\b",
    re.I,
)
_IMPERATIVES = frozenset(
    """gebruik verricht voer bespreek geef zorg overweeg stel leg behandel start stop staak
    bied verwijs informeer adviseer pas kies vermijd ontraad mobiliseer opereer markeer
    bepaal controleer herhaal meet beoordeel streef maak doe neem laat volg evalueer screen
    bestraal verwijder combineer beperk wacht onderzoek vraag betrek bespreek zet
    use offer consider perform avoid give discuss refer assess measure ensure provide treat
    order do prescribe start stop repeat screen monitor inform advise""".split()
)
_OBJECT_END = re.compile(
    r",\s|\s(?:als|bij|in|voor|voorafgaand\s+aan|na|tijdens|ter|om|met\s+als\s+doel|in\s+geval"
    r"\s+van|as|for|in|when|to|before|after|during|with\s+the\s+aim)\s",
    re.I,
)
_COMPARATOR = re.compile(
    r"(?<![\w-])(?:als\s+alternatief\s+voor|in\s+plaats\s+van|ten\s+opzichte\s+van"
    r"|vergeleken\s+met|voorkeur\s+boven|as\s+an\s+alternative\s+to|instead\s+of|rather\s+than"
    r"|compared\s+(?:with|to)|in\s+preference\s+to)\s+(?P<words>[^,;.]+)",
    re.I,
)


def read_statement(text: str) -> tuple[str, str, str]:
    """Direction, the words naming what it advises on, and an alternative it names."""
    direction, subjects = "unknown", []
    for sentence in _SENTENCE.split(text):
        main = main_clause(sentence)
        found = _direction(main)
        if found == "unknown":
            continue
        if direction == "unknown":
            direction = found
        subjects.append(_object(main))
    comparator = _COMPARATOR.search(text)
    alternative = ""
    if comparator:
        words = comparator.group("words")
        end = _OBJECT_END.search(words)
        alternative = (words[: end.start()] if end else words).strip()
    return direction, " … ".join(s for s in subjects if s), alternative


def directive_clause(text: str) -> str:
    """The main clause of the statement's first directive sentence, without an alternative it
    names: where to look for the intervention when the words `read_statement` cut out name
    none ('Maak in het eerste jaar ... een CT' puts the object after a time phrase)."""
    for sentence in _SENTENCE.split(text):
        main = main_clause(sentence)
        if _direction(main) != "unknown":
            comparator = _COMPARATOR.search(main)
            return (main[: comparator.start()] if comparator else main).strip(" ,;.")
    return ""


def main_clause(sentence: str) -> str:
    """The sentence without a leading condition or phrase and without its subordinate clauses."""
    text = sentence.strip()
    comma = text.find(", ")
    if _FRONTED_CONDITION.match(text) and comma > 0:
        text = text[comma + 2 :]
    elif _FRONTED_PHRASE.match(text):
        subordinate = _SUBORDINATE.search(text)
        verb = _FINITE_VERB.search(text)
        if comma > 0 and subordinate and subordinate.start() < comma:
            text = text[comma + 2 :]
        elif verb:
            text = text[verb.start() :]
    subordinate = _SUBORDINATE.search(text)
    if subordinate:
        text = text[: subordinate.start()]
    return text.strip(" ,;")


def _direction(main: str) -> str:
    first = re.match(r"[\w-]+", main)
    imperative = bool(first) and first.group(0).casefold() in _IMPERATIVES
    if not (imperative or _DEONTIC.search(main) or _NEGATION.search(main)):
        return "unknown"
    if _NEGATION.search(main):
        return "against"
    if _RESTRICTION.search(main):
        return "conditional"
    return "for"


def _object(main: str) -> str:
    """The main clause up to where it starts naming situations, purposes or roles."""
    comparator = _COMPARATOR.search(main)
    if comparator:
        main = main[: comparator.start()]
    first = re.match(r"\S+", main)
    end = _OBJECT_END.search(main, first.end() + 1 if first else 0)
    return (main[: end.start()] if end else main).strip(" ,;.")
