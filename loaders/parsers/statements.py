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

A paragraph that advises more than once is cut into clauses first (`split_clauses`), one
statement each: at every sentence that directs on its own, at a coordinated clause that
does ('..., maar gebruik Y', '...; use Y'), and at an exception to a negated clause ('Geef
geen X, tenzij ...', 'Do not use X unless ...'): the exception is for X in the cases it
names.  A sentence that directs nothing ('(Zie module 9.2.1)') stays with the clause before.

    >>> read_statement("Voer niet standaard een PET/CT met FES uit.")[0]
    'against'
    >>> read_statement("Gebruik X als alternatief voor Y bij patiënten met Z.")
    ('for', 'Gebruik X', 'Y')
    >>> split_clauses("Gebruik geen X, behalve bij Z. Gebruik Y. (Zie 2.1)")
    [('Gebruik geen X', False), ('behalve bij Z.', True), ('Gebruik Y. (Zie 2.1)', False)]
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
_NOMINAL = re.compile(  # a verbless directive: its object follows the head noun
    r"^(?:er\s+is\s+|there\s+is\s+)?(?:geen|een|no|an?)\s+(?:duidelijke\s+|clear\s+)?"
    r"(?:indicatie|plaats|rol|indication|place|role)\s+(?:voor|for)\s+",
    re.I,
)
_COMPARATOR = re.compile(
    r"(?<![\w-])(?:als\s+alternatief\s+voor|in\s+plaats\s+van|ten\s+opzichte\s+van"
    r"|vergeleken\s+met|voorkeur\s+boven|as\s+an\s+alternative\s+to|instead\s+of|rather\s+than"
    r"|compared\s+(?:with|to)|in\s+preference\s+to)\s+(?P<words>[^,;.]+)",
    re.I,
)


_BACK_REFERENCE = re.compile(
    r"^[\w-]+\s+(?:it|them|this|these|dit|deze|die|dat|hem|ze|het)"
    r"(?:\s+(?:only|alleen|uitsluitend|dan|niet|not|routinely|routinematig|standaard))*$",
    re.I,
)
_ELLIPTIC = re.compile(
    r"^(?:niet|not|never|nooit)\s+(?:bij|in|voor|na|tijdens|onder|for|when|with|after|during"
    r"|before|among)(?![\w-])",
    re.I,
)
_TIME_PHRASE = re.compile(
    r"(?<![\w-])(?:na|vóór|tijdens|after|before|during|following)\s+(?:de|het|een|the|an?)\s+"
    r"[\w/-]+",
    re.I,
)
_PARENTHESES = re.compile(r"\([^()]*\)")
_COORDINATED = re.compile(r";\s+|,\s+(?:maar|doch|but)\s+", re.I)
_EXCEPTION = re.compile(r",?\s+(?=(?:behalve|tenzij|uitgezonderd|except|unless)(?![\w-]))", re.I)


def refers_back(clause: str, intervention: str) -> bool:
    """Whether a clause concerns what the clause before it does: the words naming what it
    advises on are a verb and a pronoun ('consider it only', 'overweeg dit'), or it has no
    verb of its own ('..., maar niet bij kinderen', '..., but not in children')."""
    return bool(_BACK_REFERENCE.match(intervention) or _ELLIPTIC.match(clause))


def split_clauses(text: str) -> list[tuple[str, bool]]:
    """The paragraph's clauses, each that of one statement, and whether it is an exception
    to the (negated) clause before it; the pieces are `text`'s own words, in order."""
    cuts = sorted(
        [(m.start(), m.end(), False) for m in _places(text, _SENTENCE, _COORDINATED)]
        + [(m.start(), m.end(), True) for m in _places(text, _EXCEPTION)]
    )
    pieces: list[tuple[str, bool]] = []
    start = 0
    for end, following, exception in [*cuts, (len(text), len(text), False)]:
        before = text[start:end]
        nxt = _next_piece(text, following, cuts)
        if following < len(text) and not _cut_here(before, nxt, exception, pieces):
            continue
        pieces.append((before.strip(" ,;"), bool(pieces) and start in _exceptions(cuts)))
        start = following
    return pieces


def _places(text: str, *patterns: re.Pattern[str]) -> list[re.Match[str]]:
    """Where `patterns` match `text` outside parentheses, in order."""
    found = [m for pattern in patterns for m in pattern.finditer(text)]
    return sorted(
        (m for m in found if text.count("(", 0, m.start()) <= text.count(")", 0, m.start())),
        key=lambda m: m.start(),
    )


def _parts(text: str) -> list[str]:
    """`text` cut at its sentences and coordinated clauses (outside parentheses)."""
    parts, start = [], 0
    for place in _places(text, _SENTENCE, _COORDINATED):
        parts.append(text[start : place.start()])
        start = place.end()
    return [*parts, text[start:]]


def _next_piece(text: str, start: int, cuts: list[tuple[int, int, bool]]) -> str:
    end = min((c[0] for c in cuts if c[0] >= start), default=len(text))
    return text[start:end]


def _exceptions(cuts: list[tuple[int, int, bool]]) -> set[int]:
    return {following for _, following, exception in cuts if exception}


def _cut_here(before: str, nxt: str, exception: bool, pieces: list[tuple[str, bool]]) -> bool:
    """Whether a new clause starts after `before`: an exception to a negated clause, or a
    piece that directs on its own once something before it has."""
    if exception:
        return _direction(main_clause(before)) == "against"
    if _direction(main_clause(nxt)) == "unknown":
        return False
    return bool(pieces) or _direction(main_clause(before)) != "unknown"


def read_statement(text: str) -> tuple[str, str, str]:
    """Direction, the words naming what it advises on, and an alternative it names."""
    direction, subjects = "unknown", []
    for sentence in _parts(text):
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
    none ('Maak in het eerste jaar ... een CT' puts the object after a time phrase), less
    the events that phrases of time name ('op de dag na de operatie' is no operation to do).
    A verbless clause names its object right after its head noun: only those words."""
    for sentence in _parts(text):
        main = main_clause(sentence)
        if _NOMINAL.match(main):
            return _object(main)
        if _direction(main) != "unknown":
            comparator = _COMPARATOR.search(main)
            main = main[: comparator.start()] if comparator else main
            return " ".join(_TIME_PHRASE.sub(" ", main).split()).strip(" ,;.")
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
    main = _PARENTHESES.sub(" ", main)  # '(zie 3.2; geen effect bij ...)' directs nothing
    first = re.match(r"[\w-]+", main)
    imperative = bool(first) and first.group(0).casefold() in _IMPERATIVES
    if not (imperative or _DEONTIC.search(main) or _NEGATION.search(main) or _NOMINAL.match(main)):
        return "unknown"
    if _NEGATION.search(main):
        return "against"
    if _RESTRICTION.search(main):
        return "conditional"
    return "for"


def _object(main: str) -> str:
    """The main clause up to where it starts naming situations, purposes or roles; for a
    clause without a verb ('Geen indicatie voor X bij Y') the words after its head noun."""
    comparator = _COMPARATOR.search(main)
    if comparator:
        main = main[: comparator.start()]
    nominal = _NOMINAL.match(main)
    if nominal:
        main = main[nominal.end() :]
    first = re.match(r"\S+", main)
    end = _OBJECT_END.search(main, 0 if nominal else first.end() + 1 if first else 0)
    return (main[: end.start()] if end else main).strip(" ,;.")
