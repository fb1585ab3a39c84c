"""Counts, summaries, follow-up durations and plain percentages stated as results.

What `loaders.parsers.findings` reads (accuracy, survival, hazard ratios, any value with
an interval) is passed in as claimed spans and left alone; this module reads the other
numbers a results text states:

- counts of patients, studies, lesions, events and countries: '53 patiënten', 'N=433',
  '40 studies', '13 Europese landen', '59 laesies met FAPI ... tegenover 48 met FDG', '640
  in de interventiegroep en 672 in de controlegroep' and '(58 axillair, 17
  supraclaviculair, 12 parasternaal)' after a count, 'geen axillaire recidieven gezien'
  (0); an elliptic count takes the noun of the nearest count before it whose noun is
  written ('40 studies (n=4247; 29 opgenomen in de meta-analyse)': 29 studies, labelled
  'opgenomen in de meta-analyse');
- medians and means: 'mediane follow up duur van 44 maanden', 'gemiddelde SUVmax 10,4 vs.
  6,7', 'median follow-up of 3.5 years', 'benodigde behandelsessies (gemiddeld 4 keer';
- percentages without an interval: 'in circa 24% van de gevallen', '<5% van de patiënten',
  '87 vrouwen (0,5%)' (a share of the count before it).

A number is only a result next to what it counts or summarises: years, dates, reference and
module numbers, list numbers, page numbers and thresholds ('<2 jaar', 'n < 5.000') name no
counted noun, statistic or percentage and are not read.

    >>> [(f.measure, str(f.value), f.unit, f.subgroup) for f, _, _ in quantities_in(
    ...     "MARI/TAD (n=6) werd vergeleken met ALND (n=15).", [])]
    [('patient-count', '6', 'count', 'MARI/TAD'), ('patient-count', '15', 'count', 'ALND')]
"""

from __future__ import annotations

import re
from decimal import Decimal

from loaders.parsers.subgroups import subgroup_of
from loaders.records import Finding, Span

_INT = r"\d{1,3}(?:[.,]\d{3})+(?!\d)|\d+(?![.,]\d)"
_NUM = r"\d+(?:[.,]\d+)?"
_EDGE = r"(?<![\w.,/–\-+=^<>≤≥~])"  # no part of a larger number, range, code or threshold
_WORDS = {
    "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
    "tien": 10, "elf": 11, "twaalf": 12, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_NOUNS = {
    "patient-count": r"patiënten|patienten|vrouwen|mannen|deelnemers|proefpersonen|experts"
    r"|controles|patients|women|men|participants|subjects|controls",
    "study-count": r"[\w-]*studies|trials|cohorten|cohorts|RCT's|RCTs",
    "lesion-count": r"laesies|lesions|metastasen|metastases",
    "event-count": r"recidieven|recidiefs|events|gebeurtenissen|sterfgevallen|overlijdens"
    r"|complicaties|recurrences|relapses|deaths|complications",
    "country-count": r"landen|lidstaten|countries|nations",
}
_CONTROLS = re.compile(r"^(?:controles|controls)$", re.I)
_NOUN = "|".join(f"(?P<{kind.replace('-', '_')}>{nouns})" for kind, nouns in _NOUNS.items())
_STOP = (
    r"(?:van|met|en|in|de|het|een|op|voor|bij|tot|uit|zijn|waren|werd|werden|and|of|the|a"
    r"|with|for|to|from|was|were|is|are|had|have|per|dan|than)\b"
)
_COUNT = re.compile(
    rf"{_EDGE}(?P<n>{_INT}|\b(?:{'|'.join(_WORDS)})\b)\s+"
    rf"(?P<mods>(?:(?!{_STOP})[\w'/-]+\s+){{0,2}}?)(?P<noun>{_NOUN})\b",
    re.I,
)
_N_EQUALS = re.compile(rf"\b[Nn]\s*=\s*(?P<n>{_INT})(?:\s+(?P<noun>{_NOUN})\b)?")
# a participle or past tense: 'opgenomen', 'geïncludeerd', 'uitgesloten', 'behandeld', 'included'
_PARTICIPLE = r"(?:[a-zà-ÿ]*ge[a-zà-ÿ]+(?:d|t|en)|(?:be|ver|ont|her)[a-zà-ÿ]+[dt]|[a-z]+ed)\b"
_ELLIPTIC = re.compile(
    rf"(?:(?<=,\s)|(?<=;\s)|(?<=:\s)|(?<=tegenover\s)|(?<=versus\s)|(?<=vs\.\s)|(?<=\ben\s)"
    rf"|(?<=\band\s))(?P<n>{_INT})\s+(?:(?P<prep>met|with|zonder|without)\s+(?P<label>[\w/-]+)"
    rf"|(?:in|voor|for)\s+(?:de|het|the)\s+(?P<group>[\w/-]*(?:groep|arm|group|cohort))\b"
    rf"|(?P<done>{_PARTICIPLE}(?:\s+[\w/-]+){{0,4}}?)(?=\s*[;,:)]|\.(?!\w)|\s+(?:en|and)\s+\d))"
)
_BREAKDOWN = re.compile(
    rf"\(\s*(?P<items>(?:{_INT})\s+[a-zà-ÿ-]+(?:\s*,\s*(?:{_INT})\s+[a-zà-ÿ-]+)+)\s*\)"
)
_ITEM = re.compile(rf"(?P<n>{_INT})\s+(?P<label>[a-zà-ÿ-]+)")
_ARM_AFTER = re.compile(r"^\s+(?:met|with|naar|of|on)\s+(?P<label>[A-Z⁶¹][\w/-]*)")
_LABEL = re.compile(r"[A-Z/\d]")
_ZERO = re.compile(
    rf"\b(?:geen|no)\s+(?P<what>(?:[\w-]+\s+){{0,2}}?(?:{_NOUNS['event-count']}))\b"
    r"(?=[^.;]{0,40}?\b(?:gezien|gevonden|waargenomen|opgetreden|gerapporteerd|geobserveerd"
    r"|observed|seen|found|occurred|reported)\b)",
    re.I,
)
_UNITS = {
    "maand": "months", "maanden": "months", "month": "months", "months": "months",
    "jaar": "years", "jaren": "years", "year": "years", "years": "years",
    "week": "weeks", "weken": "weeks", "weeks": "weeks", "dag": "days", "dagen": "days",
    "day": "days", "days": "days", "keer": "count", "times": "count",
}  # fmt: skip
_UNIT = r"(?P<unit>maanden|maand|jaren|jaar|months?|years?|weken|weeks?|dagen|dag|days?|keer|times)"
_STATISTIC = re.compile(
    rf"\b(?P<stat>gemiddelde?|mediane?|mean|median|average)\s+"
    rf"(?P<what>(?:(?!\d|{_STOP})[\w/-]+\s+){{0,4}}?)"
    rf"(?:(?:van|of|was|bedroeg|is|:)\s+){{0,2}}(?P<value>{_NUM})(?![\d%])\s*(?:{_UNIT}\b)?",
    re.I,
)
_SECOND_ARM = re.compile(
    rf"^(?:\s+(?:in|voor|bij|for)\s+(?:de|het|the)\s+[\w/-]+(?:\s[\w/-]+)?)?"
    rf"\s*(?:vs\.?|versus|tegenover|en|and|compared with)\s+(?P<value>{_NUM})(?![\d%])"
    rf"(?:\s*{_UNIT}\b)?"
)
_FOLLOW_UP = re.compile(
    r"\bfollow[- ]?up\w*(?:\s+(?:duur|duration|time|tijd|periode|period))?\s+"
    rf"(?:(?:van|of|was|bedroeg|is)\s+)+(?:(?:ongeveer|circa|about)\s+)?"
    rf"(?P<value>{_NUM})\s*{_UNIT}\b",
    re.I,
)
_PERCENT = re.compile(
    rf"{_EDGE}(?P<rel>(?:<=|>=|[<>≤≥])\s*)?(?P<value>{_NUM})\s*%"
    r"(?!\s*-?\s*(?:BI|CI|betrouwbaarheid|confidence))"
)
_APPROX = re.compile(
    r"(?:~|≈|±|\b(?:circa|ca\.|ongeveer|rond|bijna|about|approximately|around|nearly))\s*$",
    re.I,
)
_QUALIFIERS = {"<": "less-than", ">": "greater-than", "≤": "at-most", "<=": "at-most",
               "≥": "at-least", ">=": "at-least"}  # fmt: skip

Located = tuple[Finding, int, int]


def quantities_in(sentence: str, claimed: list[tuple[int, int]]) -> list[Located]:
    """The counts, summaries and plain percentages of a sentence outside the claimed spans."""
    taken = list(claimed)
    found: list[Located] = []

    def keep(finding: Finding, start: int, end: int) -> None:
        found.append((finding, start, end))
        taken.append((start, end))

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    for match in _STATISTIC.finditer(sentence):
        if free(match.start("value"), match.end()):
            for finding, start, end in _statistics(sentence, match):
                keep(finding, start, end)
    for match in _FOLLOW_UP.finditer(sentence):
        if free(match.start("value"), match.end()):
            unit = _UNITS[match["unit"].lower()]
            keep(
                _finding(sentence, "follow-up", match["value"], unit),
                match.start("value"),
                match.end(),
            )
    unnamed: list[Finding] = []  # counts whose noun is implied ('n=4247')
    for match in _N_EQUALS.finditer(sentence):
        if free(match.start(), match.end()):
            measure = _kind(match) if match["noun"] else "patient-count"
            finding = _finding(sentence, measure, match["n"], "count")
            finding.subgroup = _label_before_parenthesis(sentence, match.start())
            keep(finding, match.start(), match.end())
            if not match["noun"]:
                unnamed.append(finding)
    for match in _COUNT.finditer(sentence):
        if free(match.start("n"), match.end()):
            keep(_count(sentence, match, found), match.start("n"), match.end())
    for match in _ELLIPTIC.finditer(sentence):
        previous = _previous_count(found, match.start(), unnamed)
        if previous is None or not free(match.start(), match.end()):
            continue
        finding = _finding(sentence, previous.measure, match["n"], "count")
        if match["done"] and (previous.value is None or finding.value > previous.value):
            continue  # '29 opgenomen' is a part of the '40 studies' it takes its noun from
        label = match["group"] or match["label"] or " ".join(match["done"].split())
        if match["prep"] and not _is_label(label):
            label = f"{match['prep'].lower()} {label}"  # '98 met botmetastasen'
        finding.subgroup = label
        keep(finding, match.start(), match.end())
    for match in _BREAKDOWN.finditer(sentence):
        previous = _previous_count(found, match.start())
        if previous is None:
            continue
        for item in _ITEM.finditer(match["items"]):
            start, end = match.start("items") + item.start(), match.start("items") + item.end()
            if free(start, end):
                finding = _finding(sentence, previous.measure, item["n"], "count")
                finding.subgroup = item["label"]
                keep(finding, start, end)
    for match in _ZERO.finditer(sentence):
        if free(match.start(), match.end()):
            finding = _finding(sentence, "event-count", "0", "count")
            finding.outcome = " ".join(match["what"].split())
            finding.subgroup = subgroup_of(sentence, match.start(), match.end())
            keep(finding, match.start(), match.end())
    for match in _PERCENT.finditer(sentence):
        if free(match.start("value"), match.end()):
            keep(_percentage(sentence, match, found), match.start("value"), match.end())
    found.sort(key=lambda item: item[1])
    _subgroups(sentence, found)
    return found


def _finding(sentence: str, measure: str, number: str, unit: str) -> Finding:
    return Finding(measure, _number(number), Span(0, 0), unit=unit, text=sentence)


def _number(text: str) -> Decimal:
    """'1.259' and '1,259' are thousands when three digits follow; '10,4' is a decimal."""
    if text.lower() in _WORDS:
        return Decimal(_WORDS[text.lower()])
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text):
        return Decimal(re.sub(r"[.,]", "", text))
    return Decimal(text.replace(",", "."))


def _kind(match: re.Match[str]) -> str:
    return next(kind for kind in _NOUNS if match[kind.replace("-", "_")])


def _count(sentence: str, match: re.Match[str], found: list[Located]) -> Finding:
    measure = _kind(match)
    finding = _finding(sentence, measure, match["n"], "count")
    mods = match["mods"].split()
    arms = [word for word in mods if _is_label(word)]
    after = _ARM_AFTER.match(sentence[match.end() :])
    if after:
        finding.subgroup = after["label"]
    elif arms:
        finding.subgroup = " ".join(arms)
    elif _CONTROLS.match(match["noun"]):
        finding.subgroup = match["noun"]
    else:
        finding.subgroup = _label_before_parenthesis(sentence, match.start())
    if measure in ("event-count", "lesion-count", "country-count"):
        finding.outcome = " ".join((match["mods"] + match["noun"]).split())
    return finding


def _is_label(word: str) -> bool:
    """'FAPI', 'MARI/TAD', 'BRCA1', 'A': an arm's name, not a capitalised word ('Europese')."""
    return (word.isupper() or bool(_LABEL.search(word[1:]))) and not word.isdigit()


def _label_before_parenthesis(sentence: str, start: int) -> str:
    """'MARI/TAD (n=6)', 'FDG-PET/CT (N=433 patiënten, ...)': the arm label in front."""
    opening = sentence.rfind("(", 0, start)
    if opening < 0 or ")" in sentence[opening:start]:
        return ""
    words = sentence[:opening].split()
    label = words[-1] if words else ""
    return label if _is_label(label) else ""


def _previous_count(
    found: list[Located], start: int, unnamed: list[Finding] | None = None
) -> Finding | None:
    """The nearest count before start; of those, one whose noun is written when there is one."""
    counts = [(s, f) for f, s, _ in found if f.unit == "count" and s < start]
    named = [(s, f) for s, f in counts if not any(f is u for u in unnamed or [])]
    counts = named or counts
    return max(counts, key=lambda item: item[0])[1] if counts else None


def _statistics(sentence: str, match: re.Match[str]) -> list[Located]:
    stat = "median" if match["stat"].lower().startswith("median") else "mean"
    what = " ".join(match["what"].split()) or _named_before(sentence[: match.start()])
    unit = _UNITS[match["unit"].lower()] if match["unit"] else "number"
    measure = "follow-up" if re.search(r"follow|opvolging", what, re.I) else stat
    first = _finding(sentence, measure, match["value"], unit)
    first.statistic, first.outcome = stat, what
    located = [(first, match.start("value"), match.end())]
    second = _SECOND_ARM.match(sentence[match.end() :])
    if second:
        other = _finding(sentence, measure, second["value"], unit)
        other.statistic, other.outcome = stat, what
        at = match.end() + second.start("value")
        located.append((other, at, match.end() + second.end()))
    return located


def _named_before(text: str) -> str:
    """'een groter aantal benodigde behandelsessies (gemiddeld 4 keer': what is summarised."""
    if not re.search(r"\(\s*$", text):
        return ""
    words = re.split(r"\s+", text.rstrip("( "))
    named: list[str] = []
    for word in reversed(words[-3:]):
        if re.fullmatch(_STOP, word, re.I) or not re.fullmatch(r"[^\W\d][\w/-]*", word):
            break
        named.insert(0, word)
    return " ".join(named)


def _percentage(sentence: str, match: re.Match[str], found: list[Located]) -> Finding:
    finding = _finding(sentence, "proportion", match["value"], "proportion")
    finding.value = Decimal(finding.value) / 100
    relation = (match["rel"] or "").strip()
    finding.qualifier = _QUALIFIERS.get(relation, "")
    finding.approximate = bool(_APPROX.search(sentence[: match.start()]))
    share = re.search(r"\(\s*$", sentence[: match.start()])
    counted = [
        (s, e, f) for f, s, e in found if f.measure == "patient-count" and e <= match.start()
    ]
    if share and counted and not sentence[counted[-1][1] : match.start()].strip("( "):
        finding.numerator = int(counted[-1][2].value)
        population = [f for _, _, f in counted[:-1]]
        if population:
            finding.denominator = int(population[-1].value)
            finding.n_patients = finding.denominator
    return finding


def _subgroups(sentence: str, found: list[Located]) -> None:
    """The subgroup of each figure that has none yet, from its own clause."""
    previous_end = 0
    for finding, start, end in found:
        if not finding.subgroup:
            finding.subgroup = subgroup_of(sentence, start, end, previous_end)
        previous_end = end
