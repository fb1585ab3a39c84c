"""Quantitative figures in a module's text: accuracy, hazard ratios, survival, detection rates.

A figure is a number with its 95% confidence interval ("96% (95%BI: 92–98%)",
"0,99 (95%BI 0,97–1,00)", "HR van 0.34 (95% CI 0.14-0.88)"), a rate with its
counts ("65,5% (180/275)"), an n-year survival percentage, a plain accuracy value right
after its measure ("(sensitiviteit 90%, specificiteit 91%)", "(0,91; 0,78; 0,73
respectievelijk)") or a value range ("~95–100%", "circa 40–50%": no point value, its
ends as lower and upper, no confidence level).  What it measures, for which index test
and target condition, in how many studies and patients, and which study it comes from
are read from its sentence and paragraph; 'respectievelijk' pairs a list of figures
with the measures, tests or conditions named before it, in order.  Where the text is
ambiguous (two populations, two cohorts) the count or study is left out rather than
guessed.  Percentages become proportions (0..1); hazard ratios stay ratios.

    >>> [(f.measure, f.value, f.lower, f.upper, f.index_test) for f in figures_in(
    ...     "Voor FDG-PET/CT was de sensitiviteit 96% (95%BI: 92–98%).")]
    [('sensitivity', Decimal('0.96'), Decimal('0.92'), Decimal('0.98'), 'FDG-PET/CT')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from loaders.parsers.citations import FoundCitation, find_citations
from loaders.parsers.considerations import Paragraph
from loaders.parsers.quantities import quantities_in
from loaders.parsers.shares import shares_of
from loaders.parsers.subgroups import subgroup_of
from loaders.records import Citation, Finding, Reference, Span

_NUM = r"\d+(?:[.,]\d+)?"
_CI_BODY = (
    rf"(?P<level>\d+)\s*%\s*-?\s*(?:BI|CI|betrouwbaarheidsinterval|confidence interval)\s*:?\s*"
    rf"(?P<lower>{_NUM})\s*(?P<lower_pct>%)?\s*(?:[–—-]|\s(?:tot|to)\s)\s*"
    rf"(?P<upper>{_NUM})\s*(?P<upper_pct>%)?"
)
_CI = rf"\(\s*{_CI_BODY}\s*\)"
# '96% (95%BI: 92–98%)', '0,68 (95% BI 0,51 tot 0,91)', and within one pair of parentheses
# '(HR 1,19; 95% BI 1,05-1,35)', '(HR 0.91, 95% CI 0.80 to 1.04)'
_WITH_CI = re.compile(rf"(?P<value>{_NUM})\s*(?P<pct>%)?\s*{_CI}")
_WITH_INNER_CI = re.compile(rf"(?P<value>{_NUM})\s*(?P<pct>%)?\s*[;,]\s*{_CI_BODY}(?=\s*\))")
_WITH_COUNTS = re.compile(rf"(?P<value>{_NUM})\s*%\s*\((?P<hits>\d+)\s*/\s*(?P<total>\d+)\)")
_YEARS_SURVIVAL = re.compile(
    r"\b(?P<years>\d+)[- ](?:jaars|years?)\s+"
    r"(?P<what>PFS|DFS|OS|(?:progressie|ziekte)-?\s?vrije overleving|overleving"
    r"|(?:progression|disease)[- ]free survival|overall survival|survival)",
    re.I,
)
_PERCENT = re.compile(rf"(?<![\d.,–-])(?P<value>{_NUM})\s*%(?!\s*[–-])")
_RANGE = re.compile(
    rf"(?:(?P<approx>~|≈|±|\b(?:circa|ca\.|ongeveer|rond)\b)\s*)?(?<![\d.,–-])"
    rf"(?P<lower>{_NUM})\s*%?\s*[–—-]\s*(?P<upper>{_NUM})\s*%"
)
_PLAIN = re.compile(
    rf"(?<![\d.,–-])(?:(?P<pct>{_NUM})\s*%(?!\s*[–-])|(?P<prop>0[.,]\d+|1[.,]00?)(?![\d%]))"
)
_LIST_GAP = re.compile(r"^\s*(?:[,;]|en|and|\s)*\s*$")
_HAZARD_OF = re.compile(
    r"(?:\bHR\b|\bhazard ratio)\s+(?:for|of|voor|van|op)\s+(?:de\s+|the\s+)?(?:\w+\s+)?$", re.I
)
_RESPECTIVELY = re.compile(r"\brespectievelijk\b|\brespectively\b", re.I)
MEASURES: list[tuple[str, re.Pattern[str]]] = [
    ("sensitivity", re.compile(r"\bsensitiviteit|\bsensitivity", re.I)),
    ("specificity", re.compile(r"\bspecificiteit|\bspecificity", re.I)),
    ("hazard-ratio", re.compile(r"\bHR\b|\bhazard ratio", re.I)),
    (
        "disease-free-survival",
        re.compile(r"ziekte[- ]?vrije? overleving|\bDFS\b|\bdisease[- ]free survival", re.I),
    ),
    (
        "progression-free-survival",
        re.compile(
            r"progressie[- ]?vrije? overleving|\bPFS\b|\bprogression[- ]free survival", re.I
        ),
    ),
    ("overall-survival", re.compile(r"\boverleving\b|\boverall survival\b", re.I)),
    ("detection-rate", re.compile(r"\bdetectiegraad|\bdetectie(?:ratio|percentage)", re.I)),
    (
        "negative-predictive-value",
        re.compile(
            r"\bnegatie(?:f|ve)\b(?=(?:\s+(?:en|of)\s+positie(?:f|ve))?\s+voorspellende\s+waarde)"
            r"|\bNPV\b|\bnegative predictive value",
            re.I,
        ),
    ),
    (
        "positive-predictive-value",
        re.compile(
            r"\bpositie(?:f|ve)\s+voorspellende\s+waarde|\bPPV\b|\bpositive predictive", re.I
        ),
    ),
]
_PLAIN_MEASURES = frozenset(
    {"sensitivity", "specificity", "negative-predictive-value", "positive-predictive-value"}
)
INDEX_TEST = re.compile(
    r"(?P<test>(?:\[?(?:18F|68Ga|⁶⁸Ga|¹⁸F)\]?-?)?(?:FDG|NaF|FES|FAPI|PSMA|fluciclovine)"
    r"[- ]?PET(?:\(/CT\)|/CT|/MRI)?|PET/MRI|PET/CT|CE-CT|MRI(?=-component)|CT(?=-component)"
    r"|\bMRI\b(?![-/])|botscintigrafie|botsintigrafie"
    r"|\b(?:FDG|FES|FAPI|NaF|PSMA)\b(?![-/]))",  # a tracer named alone: 'de sensitiviteit van FDG'
    re.I,
)
_COMPARATOR = re.compile(r"\b(?:ten opzichte van|vergeleken met|versus|vs\.?|dan)\s*(?:de\s+)?$")
CONDITIONS: list[tuple[str, re.Pattern[str]]] = [
    ("primary tumour", re.compile(r"primaire tumor", re.I)),
    ("nodal metastases", re.compile(r"nodale metastasen|kliermetastasen", re.I)),
    ("distant metastases", re.compile(r"afstandsmetastasen", re.I)),
    ("bone metastases", re.compile(r"botmetastasen|botlaesies|bone metastases", re.I)),
    ("oestrogen receptor status", re.compile(r"ER-status|ER-expressie|oestrogeenreceptor", re.I)),
    ("response to endocrine therapy", re.compile(r"respons op endocriene", re.I)),
    ("metastases", re.compile(r"\bmetastasen\b", re.I)),
]
_COUNTS_WORDS = "één een twee drie vier vijf zes zeven acht negen tien elf twaalf".split()
_STUDIES = re.compile(r"\b(?P<n>\d+|" + "|".join(_COUNTS_WORDS) + r")\s+studies\b", re.I)
_PATIENTS = re.compile(
    r"\b[Nn]\s*=\s*(?P<n>\d+(?:[.,]\d{3})*)(?![.,]?\d)"
    r"|(?P<m>\d+(?:[.,]\d{3})*)\s+(?:patiënten|vrouwen|mannen|deelnemers|patients|women|men"
    r"|participants)\b"
)
_SHARE = re.compile(rf"\s*\(\s*{_NUM}\s*%\s*\)")  # '87 vrouwen (0,5%)': a share of the former
_ACCURACY = _PLAIN_MEASURES | {"detection-rate"}
# a paragraph that opens the part of the text on one sub-question: 'Uitgangsvraag 2 – ...'
_QUESTION_HEADING = re.compile(
    r"^\W*(?:uitgangsvraag|deelvraag|sub-?question|(?:clinical |key )?question)\s+"
    r"(?P<number>\d{1,2})\b\s*[–—:.)-]",
    re.I,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")


@dataclass
class _Raw:
    measure: str
    value: Decimal
    start: int
    end: int
    unit: str = "proportion"
    lower: Decimal | None = None
    upper: Decimal | None = None
    confidence: Decimal | None = None
    approximate: bool = False
    value_is_range: bool = False
    percent: bool = True
    hits: int | None = None
    total: int | None = None


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _scaled(text: str, percent: bool) -> Decimal:
    value = _decimal(text)
    return value / 100 if percent else value


def figures_in(sentence: str) -> list[Finding]:
    """The figures of one sentence, with measure, index test and target condition."""
    return [finding for finding, _, _ in located_figures(sentence)[0]]


def located_figures(
    sentence: str,
) -> tuple[list[tuple[Finding, int, int]], list[tuple[int, int]]]:
    """The figures of a sentence with where each starts and ends, and every span they claim.

    A percentage with an interval, a count or a range that names no measure is a plain
    'proportion' (its measure unknown, its numbers no less stated); other unnamed values
    are left out but their spans are still claimed, so that no other reading takes them.
    """
    every = _raw_figures(sentence)
    raws = [raw for raw in every if raw.measure]
    tests = _respective_tests(sentence, raws)
    located = []
    previous_end = 0
    for index, raw in enumerate(raws):
        following = raws[index + 1].start if index + 1 < len(raws) else len(sentence)
        finding = _finding(sentence, raw, previous_end)
        finding.index_test = tests.get(index) or _index_test(sentence, raw)
        finding.target_condition = _condition(sentence, raw.end, following)
        located.append((finding, raw.start, raw.end))
        previous_end = raw.end
    for raw in every:
        if not raw.measure and raw.percent:
            raw.measure = "proportion"
            located.append(
                (_finding(sentence, raw, _end_before(every, raw.start)), raw.start, raw.end)
            )
    located.sort(key=lambda item: item[1])
    return located, [(raw.start, raw.end) for raw in every]


def _end_before(raws: list[_Raw], start: int) -> int:
    return max((raw.end for raw in raws if raw.end <= start), default=0)


def _finding(sentence: str, raw: _Raw, previous_end: int) -> Finding:
    return Finding(
        measure=raw.measure,
        value=None if raw.value_is_range else raw.value,
        span=Span(0, 0),
        unit=raw.unit,
        lower=raw.lower,
        upper=raw.upper,
        confidence=raw.confidence,
        text=sentence,
        approximate=raw.approximate,
        subgroup=subgroup_of(sentence, raw.start, raw.end, previous_end),
        numerator=raw.hits,
        denominator=raw.total,
    )


def _respective_tests(sentence: str, raws: list[_Raw]) -> dict[int, str]:
    """'CE-CT en botscintigrafie ... respectievelijk 70% en 83%': the tests, in order."""
    if not _RESPECTIVELY.search(sentence):
        return {}
    start = 0
    for index, raw in enumerate(raws):
        segment = sentence[start : raw.start]
        named = [t for t in INDEX_TEST.finditer(segment) if not _compared(segment, t)]
        run = 1
        while index + run < len(raws) and not INDEX_TEST.search(
            sentence[raws[index + run - 1].end : raws[index + run].start]
        ):
            run += 1
        if len(named) > 1 and len(named) == run:
            return {index + i: _test_name(t["test"]) for i, t in enumerate(named)}
        start = raw.end
    return {}


def _raw_figures(sentence: str) -> list[_Raw]:
    raws: list[_Raw] = []
    with_ci = list(_WITH_CI.finditer(sentence))
    with_ci += [m for m in _WITH_INNER_CI.finditer(sentence) if not _taken_by(with_ci, m)]
    for match in with_ci:
        percent = bool(match["pct"] or match["lower_pct"] or match["upper_pct"])
        raws.append(
            _Raw(
                measure="",
                value=_scaled(match["value"], percent),
                start=match.start(),
                end=match.end(),
                lower=_scaled(match["lower"], percent),
                upper=_scaled(match["upper"], percent),
                confidence=_decimal(match["level"]) / 100,
                percent=percent,
            )
        )
    for match in _WITH_COUNTS.finditer(sentence):
        raws.append(_Raw("", _scaled(match["value"], True), match.start(), match.end()))
        raws[-1].hits, raws[-1].total = int(match["hits"]), int(match["total"])
    for match in _RANGE.finditer(sentence):
        if not _taken(raws, match.start("lower")):
            lower, upper = _scaled(match["lower"], True), _scaled(match["upper"], True)
            raws.append(_Raw("", lower, match.start(), match.end(), lower=lower, upper=upper))
            raws[-1].approximate, raws[-1].value_is_range = bool(match["approx"]), True
    survival = _YEARS_SURVIVAL.search(sentence)
    if survival:
        measure = f"{survival['years']}-year-{_survival_kind(survival['what'])}"
        for raw in raws:
            if raw.value_is_range and raw.start >= survival.end():
                raw.measure = measure
        for match in _PERCENT.finditer(sentence, survival.end()):
            if not _taken(raws, match.start()):
                raws.append(
                    _Raw(measure, _scaled(match["value"], True), match.start(), match.end())
                )
    raws.extend(_plain_values(sentence, raws))
    raws.sort(key=lambda raw: raw.start)
    _assign_measures(sentence, raws)
    return raws


def _taken_by(matches: list[re.Match[str]], match: re.Match[str]) -> bool:
    return any(m.start() < match.end() and match.start() < m.end() for m in matches)


def _taken(raws: list[_Raw], at: int) -> bool:
    return any(raw.start <= at < raw.end for raw in raws)


def _plain_values(sentence: str, raws: list[_Raw]) -> list[_Raw]:
    """Accuracy values without an interval, right after their measure or in a list after it."""
    plain: list[_Raw] = []
    for match in _PLAIN.finditer(sentence):
        if _taken(raws, match.start()):
            continue
        keyword = _last_keyword(sentence[: match.start()])
        if keyword is None or keyword[0] not in _PLAIN_MEASURES:
            continue
        measure, keyword_end = keyword
        gap = sentence[keyword_end : match.start()]
        if len(gap) <= 40 and not re.search(r"\d", gap):
            pass
        elif plain and _LIST_GAP.match(sentence[plain[-1].end : match.start()]):
            measure = plain[-1].measure
        else:
            continue
        value = _scaled(match["pct"], True) if match["pct"] else _decimal(match["prop"])
        plain.append(_Raw(measure, value, match.start(), match.end()))
    return plain


def _last_keyword(text: str) -> tuple[str, int] | None:
    """The measure named last in a text, and where its name ends."""
    best: tuple[str, int] | None = None
    at = -1
    for measure, pattern in MEASURES:
        for match in pattern.finditer(text):
            if match.start() > at:
                best, at = (measure, match.end()), match.start()
    return best


def _survival_kind(what: str) -> str:
    lowered = what.lower()
    if lowered.startswith(("pfs", "progressie", "progression")):
        return "progression-free-survival"
    if lowered.startswith(("dfs", "ziekte", "disease")):
        return "disease-free-survival"
    return "overall-survival"


def _assign_measures(sentence: str, raws: list[_Raw]) -> None:
    """Each figure measures the keyword just before it; unnamed ones repeat the named cycle."""
    pattern: list[str] = []
    unnamed = 0
    previous_end = 0
    respective: list[str] = []
    for raw in raws:
        if raw.measure:
            previous_end = raw.end
            continue
        segment = sentence[previous_end : raw.start]
        in_order = _measures_in_order(segment)
        if len(in_order) > 1 and _RESPECTIVELY.search(sentence):
            respective = in_order
        named = _last_measure(segment)
        if respective:
            raw.measure = respective.pop(0)
        elif named:
            if named in pattern:
                pattern = pattern[: pattern.index(named)]
            pattern.append(named)
            raw.measure = named
            unnamed = 0
        elif pattern:
            raw.measure = pattern[unnamed % len(pattern)]
            unnamed += 1
        previous_end = raw.end
        if raw.measure == "hazard-ratio":
            raw.unit = "ratio"


def _measures_in_order(text: str) -> list[str]:
    """The distinct measures a text names, in the order it names them."""
    found = sorted(
        (match.start(), measure)
        for measure, pattern in MEASURES
        for match in pattern.finditer(text)
        if not (measure == "overall-survival" and _covered(text, match.start()))
    )
    ordered: list[str] = []
    for _, measure in found:
        if measure not in ordered:
            ordered.append(measure)
    return ordered


def _last_measure(text: str) -> str:
    best, at = "", -1
    for measure, pattern in MEASURES:
        for match in pattern.finditer(text):
            if match.start() > at and not (
                measure == "overall-survival" and _covered(text, match.start())
            ):
                best, at = measure, match.start()
    if best.endswith("survival") and _HAZARD_OF.search(text[:at]):
        return "hazard-ratio"  # 'the hazard ratio for overall survival was 0.91'
    return best


def _covered(text: str, start: int) -> bool:
    """True when 'overleving' at start is the tail of 'ziektevrije/progressievrije overleving'."""
    return bool(re.search(r"vrije?\s*$", text[:start]))


def _index_test(sentence: str, raw: _Raw) -> str:
    """The test named last before the figure; in 'x versus y', the subject and the compared one."""
    before = sentence[: raw.start]
    tests = list(INDEX_TEST.finditer(before))
    usable = [t for t in tests if not _compared(sentence, t)]
    if re.search(r"\s(?:versus|vs\.?)\s*$", before):
        compared = [t for t in tests if _compared(sentence, t)]
        if compared:
            return _test_name(compared[0]["test"])
    if not usable:
        return ""
    if re.match(r"\s*(?:versus|vs\.?)\s", sentence[raw.end :]):
        return _test_name(usable[0]["test"])
    return _test_name(usable[-1]["test"])


def _compared(sentence: str, test: re.Match[str]) -> bool:
    return bool(_COMPARATOR.search(sentence[: test.start()][-30:]))


def _test_name(text: str) -> str:
    name = text.replace("(/CT)", "/CT").replace(" ", "-")
    name = re.sub(r"^\[?(?:18F|¹⁸F)\]?-?", "", name)
    if name.lower() in ("botscintigrafie", "botsintigrafie"):
        return "botscintigrafie"
    return name


def _condition(sentence: str, start: int, end: int, context: str = "") -> str:
    """The condition named right after the figure ('voor ...'), else in its sentence or context."""
    after = re.match(r"\s*(?:voor|bij)\s+(?P<what>[^,;.]{2,40})", sentence[start:end])
    for text in ([after["what"]] if after else []) + [sentence, context]:
        for name, pattern in CONDITIONS:
            if pattern.search(text):
                return name
    return ""


def sentences(paragraph: Paragraph) -> list[tuple[str, int]]:
    """The sentences of a paragraph with their offsets."""
    return _split_sentences(paragraph.text)


def _split_sentences(text: str) -> list[tuple[str, int]]:
    result = []
    start = 0
    for match in _SENTENCE.finditer(text):
        result.append((text[start : match.start()], start))
        start = match.end()
    result.append((text[start:], start))
    return result


@dataclass
class _Study:
    """The study (or studies) the text is about at a point: the latest citing sentence."""

    key: str = ""  # the latest citation's reference key
    keys: tuple[str, ...] = ()  # the distinct keys of the latest citing sentence
    at: int = 0  # where in the paragraph its citations start
    citation: Citation | None = None  # the latest citation, listed reference or not


def parse_findings(
    sections: Sequence[Sequence[Paragraph]],
    citations: Sequence[Citation],
    references: Sequence[Reference] = (),
) -> list[Finding]:
    """Every figure in the given sections (each a list of paragraphs), attributed to a study.

    The study is the latest citation before the figure in the same section; when the
    figure's own sentence cites nothing and the latest citing sentence cites several
    studies ('cohorten zoals A (2006) en B (2011) ... in deze cohorten'), the figure is
    attributed to all of them (`study_keys`) and to no single one.  The index test, when
    its sentence names none, is the latest one named before it in the paragraph, unless
    the sentence before reported figures for several tests (then it is left empty).
    The target condition falls back on the paragraph, then on the study's title.  A
    paragraph opening with 'Uitgangsvraag N –' starts the text on sub-question N: the
    findings after it in the section are of that question (`question_number`).
    """
    placed_citations: dict[tuple[str, int], list[Citation]] = {}
    for citation in citations:  # '[1, 2]' is one citation of each of its references
        placed_citations.setdefault((citation.text, citation.span.first), []).append(citation)
    titles = {reference.key: reference.title for reference in references}

    def citations_of(found: FoundCitation, line: int) -> list[Citation | None]:
        return (
            placed_citations.get((found.text, line))
            or placed_citations.get((found.core_text, line))
            or [None]
        )

    findings: list[Finding] = []
    for section in sections:
        study = _Study()
        figures: list[Finding] = []  # the accuracy and outcome figures, for 'respectievelijk'
        question: int | None = None
        for paragraph in section:
            heading = _QUESTION_HEADING.match(paragraph.text)
            question = int(heading["number"]) if heading else question
            cited = [
                (found.start, citation)
                for found in find_citations(paragraph.text, references)
                for citation in citations_of(found, paragraph.line_at(found.start))
            ]
            context_test = ""
            study = replace(study, at=0)
            for sentence, offset in sentences(paragraph):
                here = [(at, c) for at, c in cited if offset <= at < offset + len(sentence)]
                if here:
                    distinct = tuple(
                        dict.fromkeys(c.reference_key for _, c in here if c and c.reference_key)
                    )
                    last = here[-1][1]
                    study = _Study(last.reference_key if last else "", distinct, here[0][0], last)
                located, claimed = located_figures(sentence)
                found = [(f, at) for f, at, _ in located if f.measure != "proportion"]
                tests = set()
                in_order: list[tuple[int, Finding]] = []
                for finding, at in found:
                    placed = _placed(finding, paragraph, offset, (study, bool(here)), context_test)
                    if not placed.target_condition and placed.measure in _ACCURACY:
                        placed.target_condition = _condition("", 0, 0, titles.get(study.key, ""))
                    figures.append(placed)
                    in_order.append((at, placed))
                    tests.add(placed.index_test)
                _respective_conditions(figures, len(found), sentence)
                others = [item for item in located if item[0].measure == "proportion"]
                others += quantities_in(sentence, claimed)
                _name_shares(sentence, others)
                for finding, at, _ in others:
                    placed = _placed_quantity(finding, paragraph, (offset, at), study)
                    in_order.append((at, placed))
                for _, finding in sorted(in_order, key=lambda item: item[0]):
                    finding.question_number = question
                    findings.append(finding)
                context_test = "" if len(tests) > 1 else _last_test(sentence) or context_test
    return findings


def _name_shares(sentence: str, located: list[tuple[Finding, int, int]]) -> None:
    """What each plain percentage of the sentence is a share of, where the text names it."""
    shares = sorted((at, end, f) for f, at, end in located if f.measure == "proportion")
    named = shares_of(sentence, [(at, end) for at, end, _ in shares])
    for (_, _, finding), what in zip(shares, named, strict=True):
        finding.outcome = finding.outcome or what


def _placed_quantity(
    finding: Finding, paragraph: Paragraph, where: tuple[int, int], study: _Study
) -> Finding:
    """A count, summary or plain percentage: its lines, study and population, no context test.

    Its index test is its arm when the arm is a test ('59 laesies met FAPI'); a count is its
    own population, a share keeps the count it is a share of, other values take the patients
    stated before them in the study's text.  Where the latest citing sentence (its own
    included) cites several studies, it is attributed to all of them and to none alone.
    `where` is the sentence's offset in the paragraph and the value's in the sentence.
    """
    offset, at = where
    text = finding.text
    span = Span(paragraph.line_at(offset), paragraph.line_at(offset + len(text) - 1))
    several = len(study.keys) > 1  # 'Two randomised trials [1, 2]': both, neither alone
    keys = list(study.keys) if several else [study.key] if study.key else []
    arm = INDEX_TEST.fullmatch(finding.subgroup) if finding.subgroup else None
    patients = finding.n_patients
    if patients is None and finding.unit != "count" and finding.numerator is None:
        patients = _population(paragraph.text[: offset + at][study.at :])
    return replace(
        finding,
        span=span,
        index_test=_test_name(arm["test"]) if arm else "",
        study_key="" if several else study.key,
        study_keys=keys,
        n_patients=patients,
        citation=None if several else study.citation,
        measure=_summary_measure(finding),
    )


def _summary_measure(finding: Finding) -> str:
    """'mediane overleving van 24 maanden' is a median overall survival, not any median."""
    if finding.statistic and finding.measure in ("mean", "median"):
        named = _last_measure(finding.outcome)
        if named and named != "hazard-ratio":
            return named
    return finding.measure


def _respective_conditions(findings: list[Finding], count: int, sentence: str) -> None:
    """'... lager (0,91; 0,78; 0,73 respectievelijk)': the conditions of the figures before."""
    if count < 2 or not _RESPECTIVELY.search(sentence):
        return
    own = findings[len(findings) - count :]
    before = findings[max(0, len(findings) - 2 * count) : len(findings) - count]
    if any(_condition(sentence, 0, 0) for _ in own[:1]) or len(before) < count:
        return
    conditions = [finding.target_condition for finding in before]
    if all(conditions) and len(set(conditions)) == count:
        for finding, condition in zip(own, conditions, strict=True):
            finding.target_condition = condition


def _placed(
    finding: Finding,
    paragraph: Paragraph,
    offset: int,
    cited: tuple[_Study, bool],
    context_test: str,
) -> Finding:
    text = finding.text
    study, cited_here = cited
    span = Span(paragraph.line_at(offset), paragraph.line_at(offset + len(text) - 1))
    test = finding.index_test or context_test
    before = paragraph.text[: offset + len(text)]
    n_studies, n_patients = _sizes(before[study.at :], test)
    condition = finding.target_condition
    if not condition and finding.measure in _ACCURACY:
        condition = _condition("", 0, 0, before)
    several = len(study.keys) > 1 and not cited_here
    keys = list(study.keys) if several else [study.key] if study.key else []
    return replace(
        finding,
        span=span,
        index_test=test,
        target_condition=condition,
        study_key="" if several else study.key,
        study_keys=keys,
        n_studies=n_studies,
        n_patients=n_patients,
        citation=None if several else study.citation,
    )


def _last_test(sentence: str) -> str:
    tests = [t for t in INDEX_TEST.finditer(sentence) if not _compared(sentence, t)]
    return _test_name(tests[-1]["test"]) if tests else ""


def _sizes(text: str, test: str) -> tuple[int | None, int | None]:
    """Studies and patients stated before a figure: per index test if so stated, else overall.

    Overall, several different study counts are ambiguous (none is taken); of the patient
    counts, those of the last sentence that states any are used (see `_population`).
    """
    per_test = re.finditer(
        r"(?P<studies>\S+)\s+studies\s+naar\s+(?P<test>\S+)\s+\((?P<patients>[^)]*)\)", text
    )
    for match in per_test:
        named = _test_name(match["test"])
        if test and (named.endswith(test) or test.endswith(named)):
            return _count(match["studies"]), _patients(match["patients"])
    studies = {_count(match["n"]) for match in _STUDIES.finditer(text)}
    return (studies.pop() if len(studies) == 1 else None), _population(text)


def _population(text: str) -> int | None:
    """The patients a figure is about: the one count of the last sentence stating counts.

    Of two counts in that sentence the later one is taken when it is given as a share of
    the former ('van 18.790 patiënten ontwikkelden 87 vrouwen (0,5%) ...'); otherwise two
    counts (two arms, two tests) are ambiguous and none is taken.
    """
    counted = [
        (start, [m for m in _PATIENTS.finditer(part)]) for part, start in _split_sentences(text)
    ]
    counted = [(start, matches) for start, matches in counted if matches]
    if not counted:
        return None
    _, matches = counted[-1]
    last = matches[-1]
    if len(matches) > 1 and not _SHARE.match(last.string, last.end()):
        return None
    return _integer(last["n"] or last["m"])


def _integer(text: str) -> int:
    """'18.790' and '1,204' are thousands."""
    return int(re.sub(r"[.,]", "", text))


def _count(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    if word in _COUNTS_WORDS:
        return max(_COUNTS_WORDS.index(word), 1)
    return None


def _patients(text: str) -> int | None:
    match = _PATIENTS.search(text)
    if not match:
        return None
    return _integer(match["n"] or match["m"])
