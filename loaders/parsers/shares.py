"""What a plain percentage is a share of, when its sentence names it.

A percentage of no named measure ('proportion') keeps what it measures as written
(`Finding.outcome`) when the text states it in one of these ways, and only then:

- a list distributed with 'respectievelijk'/'respectively': 'Lokaal recidief en sterfte
  waren respectievelijk 12% en 30%' (each value the item of its position, when the list
  and the values are as many);
- a label and a colon: 'Afstandsmetastasen: 25–35% heeft of ontwikkelt metastasen';
- what is observed in the share: 'Een geïsoleerd regionaal recidief wordt gezien in <5% van
  de patiënten', 'in ongeveer 10% van de gevallen werden extra botmetastasen
  geïdentificeerd', 'Complications were reported in <10% of procedures';
- else what its clause's verb says (`loaders.parsers.predicates`): the subject of a copula,
  a participle with its object, the object after a share of a count ('87 vrouwen (0,5%)
  een geïsoleerd regionaal recidief').

    >>> text = "Lokaal recidief en sterfte waren respectievelijk 12% en 30%."
    >>> shares_of(text, [(text.index("12"), text.index("12") + 3),
    ...                  (text.index("30"), text.index("30") + 3)])
    ['Lokaal recidief', 'sterfte']
"""

from __future__ import annotations

import re

from loaders.parsers.predicates import ARTICLE, predicate_of, tidy

_RESPECTIVELY = re.compile(r"\b(?:respectievelijk|respectively)\b", re.I)
_ARTICLE = re.compile(rf"^{ARTICLE}$", re.I)
_ENDS_ITEM = re.compile(  # words that end a listed item: verbs, prepositions, adverbs
    r"^(?:waren|was|zijn|is|bedroeg|bedroegen|traden|trad|werden|werd|wordt|worden|lagen|lag"
    r"|kwamen|kwam|ontwikkelden|hadden|had|were|are|occurred|developed|reached|amounted|have"
    r"|in|bij|van|voor|met|na|op|tot|of|for|with|after|at|to|respectievelijk|respectively"
    r"|respectieve|dan|than|gezien|observed)$",
    re.I,
)
_OBSERVED = (
    r"(?:gezien|gevonden|waargenomen|vastgesteld|gerapporteerd|geïdentificeerd|aangetoond"
    r"|gedetecteerd|seen|found|observed|reported|identified|detected)"
)
_BE = r"(?:wordt|werd|worden|werden|is|was|zijn|waren|were|are)"
_SEEN_BEFORE = re.compile(
    rf"(?P<what>(?:[\w'-]+\s+){{0,4}}[\w'-]+)\s+{_BE}\s+(?:[\w-]+\s+)?{_OBSERVED}"
    rf"\s+(?:in|bij)\s+(?:[<>≤≥~]|circa|ongeveer|about|approximately)?\s*$",
    re.I,
)
_SEEN_AFTER = re.compile(
    rf"^\s*(?:van\s+(?:de|het)\s+|of\s+(?:the\s+)?)?[\w-]+(?:\s+(?:met|with)\s+[\w/-]+)?"
    rf"\s+(?:(?:werd|werden|was|were)\s+)?(?:(?:hierdoor|daarbij|daarmee|thereby)\s+)?"
    rf"(?P<what>(?:(?!{_BE}\b)[^\W\d][\w-]*\s+){{0,4}}?[^\W\d][\w-]*)\s+{_OBSERVED}\b",
    re.I,
)
_LABEL_COLON = re.compile(r"(?:^|[.;]\s+|^\s*\d+\.\s+)(?P<what>[^\W\d][\w -]{2,40}?)\s*:\s*$")


def shares_of(sentence: str, located: list[tuple[int, int]]) -> list[str]:
    """What each percentage at located[i] (start, end) in the sentence is a share of, or ''."""
    named = _respective(sentence, located)
    return [named[i] or _labelled(sentence, start, end) for i, (start, end) in enumerate(located)]


def _respective(sentence: str, located: list[tuple[int, int]]) -> list[str]:
    """'A, B en C waren respectievelijk 5%, 10% en 20%': A, B and C, in order."""
    named = [""] * len(located)
    if not _RESPECTIVELY.search(sentence) or len(located) < 2:
        return named
    run = [0]  # the values listed together: only ',', 'en', 'and' between them
    for index in range(1, len(located)):
        gap = sentence[located[index - 1][1] : located[index][0]]
        if re.fullmatch(r"\s*(?:,|;|\ben\b|\band\b|\s)*\s*", gap):
            run.append(index)
        else:
            break
    if len(run) < 2:
        return named
    items = _listed(sentence[: located[0][0]], len(run))
    if items:
        for index, item in zip(run, items, strict=True):
            named[index] = item
    return named


def _listed(text: str, count: int) -> list[str]:
    """The last `count` coordinated items of a text ('A, B en de C')."""
    conjunction = list(re.finditer(r"\s(?:en|and)\s", text))
    if not conjunction:
        return []
    last = conjunction[-1]
    head = text[: last.start()].split(",")
    if len(head) < count - 1:
        return []
    items = [_words_until_stop(part.split()[::-1])[::-1] for part in head[len(head) - count + 1 :]]
    items.append(_words_until_stop(text[last.end() :].split()))
    return [" ".join(item) for item in items] if all(items) else []


def _words_until_stop(words: list[str]) -> list[str]:
    """The leading words of an item, up to a verb or preposition; without an article."""
    kept: list[str] = []
    for word in words:
        bare = word.strip("()[]")
        if _ARTICLE.match(bare) and not kept:
            continue  # 'de sterfte'
        if _ENDS_ITEM.match(bare) or _ARTICLE.match(bare) or re.search(r"\d", bare):
            break
        kept.append(bare)
    return kept[:4]


def _labelled(sentence: str, start: int, end: int) -> str:
    before = sentence[:start]
    colon = _LABEL_COLON.search(before)
    if colon:
        return " ".join(colon["what"].split())
    seen = _SEEN_BEFORE.search(before)
    if seen:
        return tidy(seen["what"])
    after = _SEEN_AFTER.match(sentence[end:])
    return tidy(after["what"]) if after else predicate_of(sentence, start, end)
