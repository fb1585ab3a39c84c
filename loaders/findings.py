"""Quantitative figures in a module's text: accuracy, hazard ratios, survival, detection rates.

A figure is a number with its 95% confidence interval ("96% (95%BI: 92–98%)",
"0,99 (95%BI 0,97–1,00)", "HR van 0.34 (95% CI 0.14-0.88)"), a rate with its
counts ("65,5% (180/275)") or an n-year survival percentage.  What it measures,
for which index test and target condition, in how many studies and patients, and
which study it comes from are read from its sentence and paragraph.  Percentages
become proportions (0..1); hazard ratios stay ratios.

    >>> [(f.measure, f.value, f.lower, f.upper, f.index_test) for f in figures_in(
    ...     "Voor FDG-PET/CT was de sensitiviteit 96% (95%BI: 92–98%).")]
    [('sensitivity', Decimal('0.96'), Decimal('0.92'), Decimal('0.98'), 'FDG-PET/CT')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from .citations import FoundCitation, find_citations
from .considerations import Paragraph
from .records import Citation, Finding, Span

_NUM = r"\d+(?:[.,]\d+)?"
_CI = (
    rf"\(\s*(?P<level>\d+)\s*%\s*(?:BI|CI|betrouwbaarheidsinterval)\s*:?\s*"
    rf"(?P<lower>{_NUM})\s*(?P<lower_pct>%)?\s*[–—-]\s*(?P<upper>{_NUM})\s*(?P<upper_pct>%)?\s*\)"
)
_WITH_CI = re.compile(rf"(?P<value>{_NUM})\s*(?P<pct>%)?\s*{_CI}")
_WITH_COUNTS = re.compile(rf"(?P<value>{_NUM})\s*%\s*\((?P<hits>\d+)\s*/\s*(?P<total>\d+)\)")
_YEARS_SURVIVAL = re.compile(
    r"\b(?P<years>\d+)-jaars\s+"
    r"(?P<what>PFS|DFS|OS|(?:progressie|ziekte)-?\s?vrije overleving|overleving)",
    re.I,
)
_PERCENT = re.compile(rf"(?<![\d.,–-])(?P<value>{_NUM})\s*%(?!\s*[–-])")
MEASURES: list[tuple[str, re.Pattern[str]]] = [
    ("sensitivity", re.compile(r"\bsensitiviteit|\bsensitivity", re.I)),
    ("specificity", re.compile(r"\bspecificiteit|\bspecificity", re.I)),
    ("hazard-ratio", re.compile(r"\bHR\b|\bhazard ratio", re.I)),
    ("disease-free-survival", re.compile(r"ziekte[- ]?vrije? overleving|\bDFS\b", re.I)),
    ("progression-free-survival", re.compile(r"progressie[- ]?vrije? overleving|\bPFS\b", re.I)),
    ("overall-survival", re.compile(r"\boverleving\b|\boverall survival\b", re.I)),
    ("detection-rate", re.compile(r"\bdetectiegraad|\bdetectie(?:ratio|percentage)", re.I)),
]
INDEX_TEST = re.compile(
    r"(?P<test>(?:\[?(?:18F|68Ga|⁶⁸Ga|¹⁸F)\]?-?)?(?:FDG|NaF|FES|FAPI|PSMA|fluciclovine)"
    r"[- ]?PET(?:\(/CT\)|/CT|/MRI)?|PET/MRI|PET/CT|CE-CT|MRI(?=-component)|CT(?=-component)"
    r"|\bMRI\b(?![-/])|botscintigrafie|botsintigrafie)",
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
_PATIENTS = re.compile(r"\b[Nn]\s*=\s*(?P<n>\d[\d.]*)|(?P<m>\d[\d.]*)\s+patiënten\b")
_ACCURACY = frozenset({"sensitivity", "specificity", "detection-rate"})
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


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _scaled(text: str, percent: bool) -> Decimal:
    value = _decimal(text)
    return value / 100 if percent else value


def figures_in(sentence: str) -> list[Finding]:
    """The figures of one sentence, with measure, index test and target condition."""
    raws = _raw_figures(sentence)
    findings = []
    for index, raw in enumerate(raws):
        following = raws[index + 1].start if index + 1 < len(raws) else len(sentence)
        findings.append(
            Finding(
                measure=raw.measure,
                value=raw.value,
                span=Span(0, 0),
                unit=raw.unit,
                lower=raw.lower,
                upper=raw.upper,
                confidence=raw.confidence,
                index_test=_index_test(sentence, raw),
                target_condition=_condition(sentence, raw.end, following),
                text=sentence,
            )
        )
    return findings


def _raw_figures(sentence: str) -> list[_Raw]:
    raws: list[_Raw] = []
    for match in _WITH_CI.finditer(sentence):
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
            )
        )
    for match in _WITH_COUNTS.finditer(sentence):
        raws.append(_Raw("", _scaled(match["value"], True), match.start(), match.end()))
    survival = _YEARS_SURVIVAL.search(sentence)
    if survival:
        measure = f"{survival['years']}-year-{_survival_kind(survival['what'])}"
        for match in _PERCENT.finditer(sentence, survival.end()):
            if not any(r.start <= match.start() < r.end for r in raws):
                raws.append(
                    _Raw(measure, _scaled(match["value"], True), match.start(), match.end())
                )
    raws.sort(key=lambda raw: raw.start)
    _assign_measures(sentence, raws)
    return [raw for raw in raws if raw.measure]


def _survival_kind(what: str) -> str:
    lowered = what.lower()
    if lowered.startswith(("pfs", "progressie")):
        return "progression-free-survival"
    if lowered.startswith(("dfs", "ziekte")):
        return "disease-free-survival"
    return "overall-survival"


def _assign_measures(sentence: str, raws: list[_Raw]) -> None:
    """Each figure measures the keyword just before it; unnamed ones repeat the named cycle."""
    pattern: list[str] = []
    unnamed = 0
    previous_end = 0
    for raw in raws:
        if raw.measure:
            previous_end = raw.end
            continue
        named = _last_measure(sentence[previous_end : raw.start])
        if named:
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


def _last_measure(text: str) -> str:
    best, at = "", -1
    for measure, pattern in MEASURES:
        for match in pattern.finditer(text):
            if match.start() > at and not (
                measure == "overall-survival" and _covered(text, match.start())
            ):
                best, at = measure, match.start()
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
    return name.replace("botsintigrafie", "botscintigrafie")


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
    result = []
    start = 0
    for match in _SENTENCE.finditer(paragraph.text):
        result.append((paragraph.text[start : match.start()], start))
        start = match.end()
    result.append((paragraph.text[start:], start))
    return result


def parse_findings(
    sections: Sequence[Sequence[Paragraph]], citations: Sequence[Citation]
) -> list[Finding]:
    """Every figure in the given sections (each a list of paragraphs), attributed to a study.

    The study is the latest citation before the figure in the same section; the index
    test, when its sentence names none, is the latest one named before it in the paragraph.
    """
    keys = {(c.text, c.span.first): c.reference_key for c in citations}

    def key_of(found: FoundCitation, line: int) -> str:
        return keys.get((found.text, line)) or keys.get((found.core_text, line), "")

    findings: list[Finding] = []
    for section in sections:
        study = ""
        for paragraph in section:
            cited = [
                (found.start, key_of(found, paragraph.line_at(found.start)))
                for found in find_citations(paragraph.text)
            ]
            context_test = ""
            study_at = 0
            for sentence, offset in sentences(paragraph):
                for at, key in cited:
                    if offset <= at < offset + len(sentence):
                        study, study_at = key, at
                for finding in figures_in(sentence):
                    context = (context_test, study_at)
                    findings.append(_placed(finding, paragraph, offset, study, context))
                context_test = _last_test(sentence) or context_test
    return findings


def _placed(
    finding: Finding, paragraph: Paragraph, offset: int, study: str, context: tuple[str, int]
) -> Finding:
    text = finding.text
    context_test, study_at = context
    span = Span(paragraph.line_at(offset), paragraph.line_at(offset + len(text) - 1))
    test = finding.index_test or context_test
    before = paragraph.text[: offset + len(text)]
    n_studies, n_patients = _sizes(before[study_at:], test)
    condition = finding.target_condition
    if not condition and finding.measure in _ACCURACY:
        condition = _condition("", 0, 0, before)
    return replace(
        finding,
        span=span,
        index_test=test,
        target_condition=condition,
        study_key=study,
        n_studies=n_studies,
        n_patients=n_patients,
    )


def _last_test(sentence: str) -> str:
    tests = [t for t in INDEX_TEST.finditer(sentence) if not _compared(sentence, t)]
    return _test_name(tests[-1]["test"]) if tests else ""


def _sizes(text: str, test: str) -> tuple[int | None, int | None]:
    """Studies and patients stated before a figure: per index test if so stated, else overall."""
    per_test = re.finditer(
        r"(?P<studies>\S+)\s+studies\s+naar\s+(?P<test>\S+)\s+\((?P<patients>[^)]*)\)", text
    )
    for match in per_test:
        named = _test_name(match["test"])
        if test and (named.endswith(test) or test.endswith(named)):
            return _count(match["studies"]), _patients(match["patients"])
    studies = _STUDIES.search(text)
    return (_count(studies["n"]) if studies else None), _patients(text)


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
    return int((match["n"] or match["m"]).replace(".", ""))
