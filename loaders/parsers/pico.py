"""A clinical question's population, intervention, comparator and outcomes, in its own words.

A question such as 'Wat is de waarde van X voor het detecteren van Y bij Z?' is read as
an opener ('Wat is de waarde van', 'What is the effect of', 'Wat is de optimale', ...)
followed by the intervention, then clauses each introduced by a marker:

- population: 'bij ...', 'in/onder/voor patiënten ...', 'in/among/for patients ...';
- comparator: 'vergeleken met', 'ten opzichte van', 'versus', 'in plaats van',
  'compared with', 'instead of', ... and, for an added value ('aanvullende waarde',
  'added value'), the test it is added to: 'na', 'naast', 'after', 'alongside', ...;
- outcomes: 'wat betreft', 'met betrekking tot', 'in terms of', 'regarding', a purpose
  ('voor het detecteren van ...', 'in het ...', 'for detecting ...') or, after 'het
  effect van X', 'op ...' / 'on ...'.

Markers inside parentheses are ignored.  A list of outcomes is split into its items.

    >>> pico = parse_pico("Wat is het effect van X vergeleken met Y bij patiënten met Z "
    ...                   "wat betreft pijn, functie en kwaliteit van leven?")
    >>> (pico.intervention, pico.comparator, pico.population)
    ('X', 'Y', 'patiënten met Z')
    >>> pico.outcomes
    ['pijn', 'functie', 'kwaliteit van leven']
"""

from __future__ import annotations

import re

from loaders.records import Pico

_PERSONS = (
    r"patiënt(?:en)?|patienten|volwassenen|kinderen|vrouwen|mannen|ouderen|mensen|personen"
    r"|zwangeren|patients?|adults?|children|women|men|people|persons|individuals|elderly"
)
_ADD_ON = re.compile(
    r"\b(?:aanvullende|toegevoegde|added|additional|incremental)\s+(?:\w+\s+)?(?:waarde|value)\b"
    r"|\bmeerwaarde\b",
    re.I,
)
_OPENER = re.compile(
    r"^\s*(?:"
    r"wat\s+(?:is|zijn)\s+(?:de|het)\s+(?:[\w-]+\s+){0,2}?"
    r"(?P<nl>waarde|meerwaarde|plaats|positie|rol|effect(?:en)?|effectiviteit|nut|bijdrage)\s+van"
    r"|what\s+(?:is|are)\s+the\s+(?:[\w-]+\s+){0,2}?"
    r"(?P<en>value|role|place|position|effects?|effectiveness|benefit|contribution)\s+of"
    r"|wat\s+(?:is|zijn)\s+de\s+(?:optimale|beste)|what\s+(?:is|are)\s+the\s+(?:optimal|best)"
    r")\s+",
    re.I,
)
_MARKERS: list[tuple[str, str]] = [  # (kind, pattern); earlier wins at the same place
    ("outcome-list", r"wat betreft|met betrekking tot|ten aanzien van|op het gebied van"
     r"|in termen van|in terms of|with (?:respect|regard) to|regarding"),
    ("outcome", r"(?:voor|in|bij)(?=\s+het\s+[\w-]+en\b)|(?:for|in)(?=\s+[\w-]+ing\b)"
     r"|for(?=\s+the\s+(?:detection|diagnosis|staging|characteri[sz]ation|prediction)\b)"),
    ("comparator", r"vergeleken met|in vergelijking met|ten opzichte van|t\.o\.v\.|versus|vs\.?"
     r"|in plaats van|compared (?:with|to)|in comparison (?:with|to)|relative to|instead of"
     r"|rather than"),
    ("population", rf"bij|(?:in|onder|voor|among|for)(?=\s+(?:[\w-]+\s+){{0,2}}(?:{_PERSONS})\b)"),
]  # fmt: skip
_ADD_ON_MARKERS = r"na|naast|bovenop|in aanvulling op|after|alongside|in addition to|on top of"
_EFFECT = re.compile(r"^(?:effect(?:en)?|effects?)$", re.I)
_TRAILING = re.compile(r"[\s,;:?.!]+$")


def parse_pico(text: str) -> Pico:
    """The PICO elements of one question; empty when it has no recognisable opener."""
    opener = _OPENER.match(text)
    if not opener:
        return Pico()
    rest = text[opener.end() :]
    effect = _EFFECT.match(opener.group("nl") or opener.group("en") or "") is not None
    segments = _segments(rest, add_on=bool(_ADD_ON.search(opener.group(0))), effect=effect)
    english = opener.group(0).lstrip()[:4].casefold() == "what"
    found: dict[str, list[str]] = {}
    outcomes: list[str] = []
    for kind, words in segments:
        words = _TRAILING.sub("", words).strip()
        if words and kind.startswith("outcome"):
            outcomes.extend(split_outcomes(words, listed=kind == "outcome-list", english=english))
        elif words:
            found.setdefault(kind, []).append(words)
    return Pico(
        population="; ".join(found.get("population", [])),
        intervention="; ".join(found.get("intervention", [])),
        comparator="; ".join(found.get("comparator", [])),
        outcomes=outcomes,
    )


def _segments(rest: str, add_on: bool, effect: bool) -> list[tuple[str, str]]:
    """The text after the opener cut at its markers, each piece labelled with its kind."""
    markers = _find_markers(rest, add_on, effect)
    segments: list[tuple[str, str]] = []
    kind, start = "intervention", 0
    for position, end, marker_kind in markers:
        if position < start or marker_kind == kind:
            continue
        if marker_kind == "add-on":
            if kind != "intervention":
                continue
            marker_kind = "comparator"
        segments.append((kind, rest[start:position]))
        kind, start = marker_kind, end
    segments.append((kind, rest[start:]))
    return segments


def _find_markers(text: str, add_on: bool, effect: bool) -> list[tuple[int, int, str]]:
    depth = _depths(text)
    patterns = list(_MARKERS)
    if add_on:
        patterns.append(("add-on", _ADD_ON_MARKERS))
    found: dict[int, tuple[int, int, str]] = {}
    for kind, pattern in patterns:
        for match in re.finditer(rf"(?<![\w-])(?:{pattern})(?:\s+|$)", text, re.I):
            if depth[match.start()] == 0 and match.start() not in found:
                found[match.start()] = (match.start(), match.end(), kind)
    if effect:
        last = list(re.finditer(r"(?<![\w-])(?:op|on)\s+", text, re.I))
        if last and depth[last[-1].start()] == 0:
            found.setdefault(last[-1].start(), (last[-1].start(), last[-1].end(), "outcome"))
    return sorted(found.values())


def _depths(text: str) -> list[int]:
    """The parenthesis depth at each character of `text`."""
    depths, depth = [], 0
    for char in text:
        if char in "([":
            depth += 1
        depths.append(depth)
        if char in ")]" and depth:
            depth -= 1
    return depths + [0]


def split_outcomes(words: str, listed: bool = False, english: bool = False) -> list[str]:
    """The items of outcomes: a list ('wat betreft a, b en c', `listed`) item by item; a
    purpose ('het opsporen van x of het bevestigen van y') at each coordinated 'het ...'.

    English lists are split at 'and'/'or' only, Dutch ones at 'en'/'of'.
    """
    conjunction = r"(?:and|or)" if english else r"(?:en|of)"
    items = _split_top_level(words, re.compile(rf",\s+(?:{conjunction}\s+)?"))
    if len(items) > 1 or listed:
        last = _split_top_level(items[-1], re.compile(rf"\s+{conjunction}\s+"), limit=1)
        items = items[:-1] + last
    else:
        coordinated = re.compile(r"\s+(?:en|of|and|or)\s+(?=(?:het|de|the)\s)", re.I)
        items = _split_top_level(words, coordinated)
    return [item.strip() for item in items if item.strip()]


def _split_top_level(text: str, separator: re.Pattern[str], limit: int = 0) -> list[str]:
    """`text` split at `separator` outside parentheses (at most `limit` times from the right)."""
    depth = _depths(text)
    cuts = [m for m in separator.finditer(text) if depth[m.start()] == 0]
    if limit:
        cuts = cuts[-limit:]
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(text[start : cut.start()])
        start = cut.end()
    pieces.append(text[start:])
    return pieces
