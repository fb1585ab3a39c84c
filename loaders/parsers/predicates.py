"""What a plain percentage measures when its clause says it only with a verb.

Read when `loaders.parsers.shares` finds no list, label or observation, and only in these
forms (else nothing, rather than a guess):

- the subject of a copula: 'Het lokaal recidief bedroeg 12%', 'The response rate was 45%'
  (not a pronoun or a word for 'percentage');
- a participle and its prepositional object after the share, next to an auxiliary: '(91%) werd
  vervolgens behandeld met axillaire radiotherapie', 'in 87% afgezien worden van een
  okselklierdissectie', '(40%) were treated with chemotherapy';
- the object after a share in brackets after a count: '87 vrouwen (0,5%) een geïsoleerd
  regionaal recidief', '12 patients (4%) developed a local recurrence'; what occurred in
  the count: 'Local recurrences occurred in 31 patients (5.1%)';
- what a share of patients has or develops: 'about 30% of patients develop distant
  metastases', 'kreeg 20% van de patiënten een recidief';
- the object and final verb of a subordinate clause around 'in Y% van de gevallen': 'dat
  FDG-PET/CT het behandelbeleid … in circa 24% van de gevallen beïnvloedt'.

A clause with a negation ('niet', 'geen', 'not', 'no') is not read.  Leading articles and
hedging or sequencing adverbs ('vervolgens', 'circa', 'slechts') are left out.

    >>> text = "Het merendeel (91%) werd vervolgens behandeld met axillaire radiotherapie."
    >>> predicate_of(text, text.index("91"), text.index("91") + 3)
    'behandeld met axillaire radiotherapie'
"""

from __future__ import annotations

import re

ARTICLE = r"(?:de|het|een|the|a|an)"
_ADVERB = (
    r"(?:vervolgens|daarna|daarbij|uiteindelijk|circa|ongeveer|slechts|nog|ook|alsnog|er"
    r"|later|subsequently|then|eventually|also|only|about|approximately|finally)"
)
_NEGATION = re.compile(r"\b(?:niet|geen|nooit|not|no|never|none)\b", re.I)
_COPULA = r"(?:bedraagt|bedroeg|bedroegen|betrof|betroffen|is|was|waren|were|amounted\s+to)"
_AUX = (
    r"(?:werd|werden|wordt|worden|is|was|waren|zijn|kon|konden|kan|kunnen|had|hadden"
    r"|were|are|could|can|have|has|been|be)"
)
PARTICIPLE = (
    r"(?:[a-zà-ÿ]*ge[a-zà-ÿ]{2,}(?:d|t|en)|(?:be|ver|ont|her)[a-zà-ÿ]{2,}(?:d|t|en)"
    r"|[a-z]{3,}ed|given|seen|found|undergone|spared)"
)
_PREPOSITION = r"(?:met|van|door|aan|tot|voor|naar|with|from|by|to|for|of)"
_WORD = r"[^\W\d][\w'/-]*"
_BOUNDARY = (  # prepositions of place and time, conjunctions
    r"(?:in|bij|op|na|binnen|tijdens|zonder|en|of|at|after|within|during|without|and|or)"
)
# a noun phrase up to a preposition, conjunction, article or the clause's end
_PHRASE_WORD = rf"(?!(?:{_PREPOSITION}|{_BOUNDARY}|{ARTICLE})\b){_WORD}"
_PHRASE = rf"(?:{_PHRASE_WORD}\s+){{0,4}}{_PHRASE_WORD}\b"
_OF_CASES = r"(?:\s+(?:van\s+de|of(?:\s+the)?)\s+(?:gevallen|patiënten|cases|patients))?"
_NO_SUBJECT = re.compile(
    r"^(?:dit|dat|het|deze|die|er|this|that|it|these|those|percentage|aandeel|proportie"
    r"|proportion|share|rate|getal|number)$",
    re.I,
)

_COPULA_BEFORE = re.compile(
    rf"(?:^|[,;:]\s*|\b(?:dat|that|en|and|maar|but)\s+)(?:{ARTICLE}\s+)?"
    rf"(?P<what>(?:{_WORD}\s+|\d+-{_WORD}\s+){{0,4}}?{_WORD})\s+{_COPULA}"
    rf"(?:\s+(?:in|bij|onder|na|op|among|after|at)\s+(?:{_WORD}\s+){{0,2}}{_WORD})?"
    rf"(?:\s+{_ADVERB})?\s*[<>≤≥~]?\s*$",
    re.I,
)
PARTICIPLE_AFTER = re.compile(
    rf"^\)?{_OF_CASES}\s*,?\s*(?:(?P<aux>{_AUX})\s+)?(?:{_ADVERB}\s+)*"
    rf"(?P<verb>{PARTICIPLE})(?:\s+(?P<aux2>{_AUX}))?"
    rf"\s+(?P<object>{_PREPOSITION}\s+(?:{ARTICLE}\s+)?{_PHRASE})\s*(?:[.,;:)]|$)",
    re.I,
)
_COUNT_BEFORE = re.compile(rf"\d[\d.,]*\s+{_WORD}\s*\(\s*$")
_OBJECT_AFTER = re.compile(
    rf"^\s*\)\s*(?:(?!{ARTICLE}\b){_WORD}\s+)?{ARTICLE}\s+(?P<what>{_PHRASE})", re.I
)
# 'about 30% of patients develop distant metastases'; 'X occurred in 31 patients (5.1%)'
_HAVING = (
    r"(?:develop|develops|developed|experience|experienced|had|have|has|ontwikkelt|ontwikkelde"
    r"|ontwikkelden|ontwikkelen|krijgt|kreeg|kregen|heeft|hadden)"
)
_HAD_AFTER = re.compile(rf"^{_OF_CASES}\s+{_HAVING}\s+(?:{ARTICLE}\s+)?(?P<what>{_PHRASE})", re.I)
_HAD_BEFORE = re.compile(rf"\b{_HAVING}\s+(?:{_ADVERB}\s+)?[<>≤≥~]?\s*$", re.I)
_HAD_OBJECT = re.compile(rf"^{_OF_CASES}\s+{ARTICLE}\s+(?P<what>{_PHRASE})", re.I)
_OCCURRED_BEFORE = re.compile(
    rf"(?:^|[,;:]\s*)(?:{ARTICLE}\s+)?(?P<what>(?:{_WORD}\s+){{0,3}}{_WORD})\s+"
    rf"(?:occurred|arose|optraden|traden\s+op|trad\s+op|kwamen\s+voor|kwam\s+voor)"
    rf"\s+(?:in|bij)\s+\d[\d.,]*\s+{_WORD}\s*\(\s*$",
    re.I,
)
_CLAUSE_START = re.compile(r"\b(?:dat|omdat|doordat|waarbij|wanneer)\b", re.I)
_IN_BEFORE = re.compile(rf"\s(?:in|bij)\s+(?:{_ADVERB}\s+)?[<>≤≥~]?\s*$", re.I)
_FINAL_VERB = re.compile(rf"^{_OF_CASES}\s+(?P<verb>{_WORD}(?:\s+{_WORD})?)\s*[.;:]", re.I)
_PLAIN_OBJECT = re.compile(rf"\b(?P<what>{ARTICLE}\s+{_PHRASE})", re.I)
_AFTER_PREPOSITION = re.compile(rf"\b(?:{_PREPOSITION}|{_BOUNDARY})\s*$", re.I)


def predicate_of(sentence: str, start: int, end: int) -> str:
    """What the percentage at sentence[start:end] measures, by its clause's verb, or ''."""
    before, after = sentence[:start], sentence[end:]
    clause = before[_clause_start(before) :] + after.split(".")[0]
    if _NEGATION.search(clause):
        return ""
    copula = _COPULA_BEFORE.search(before)
    if copula and not _NO_SUBJECT.match(copula["what"]):
        return tidy(copula["what"])
    participle = PARTICIPLE_AFTER.match(after)
    if participle and (participle["aux"] or participle["aux2"]):
        return tidy(f"{participle['verb']} {participle['object']}")
    had = _HAD_AFTER.match(after) or (_HAD_BEFORE.search(before) and _HAD_OBJECT.match(after))
    if had:
        return tidy(had["what"])
    occurred = _OCCURRED_BEFORE.search(before)
    if occurred:
        return tidy(occurred["what"])
    if _COUNT_BEFORE.search(before):
        counted = _OBJECT_AFTER.match(after)
        return tidy(counted["what"]) if counted else ""
    return _object_and_verb(before, after)


def _object_and_verb(before: str, after: str) -> str:
    """'dat X het behandelbeleid … in 24% van de gevallen beïnvloedt': its object and verb."""
    final = _FINAL_VERB.match(after)
    opening = _clause_start(before)
    if not (final and opening and _IN_BEFORE.search(before)):
        return ""
    clause = before[opening:]
    objects = [
        match["what"]
        for match in _PLAIN_OBJECT.finditer(clause)
        if not _AFTER_PREPOSITION.search(clause[max(0, match.start() - 20) : match.start()])
    ]
    return tidy(f"{objects[-1]} {final['verb']}") if objects else ""


def _clause_start(before: str) -> int:
    """Where the subordinate clause that ends in `before` opens (after 'dat', 'omdat'…), or 0."""
    starts = [match.end() for match in _CLAUSE_START.finditer(before)]
    return starts[-1] if starts else 0


def tidy(words: str) -> str:
    """The words without a leading article and without hedging or sequencing adverbs."""
    kept = [word for word in words.split() if not re.fullmatch(_ADVERB, word, re.I)]
    if kept and re.fullmatch(ARTICLE, kept[0], re.I):
        kept = kept[1:]
    return " ".join(kept)
