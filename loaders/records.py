"""Plain typed records: what the parsers return and the builder turns into RDF.

Every record carries the `Span` of source lines it was read from, so that every
entity in the graph can point back to its place in the document.  Records hold
the document's own words (verbatim, in Dutch); normalised values sit beside
them, never instead of them.

    >>> span = Span(first=12, last=14)
    >>> Person(key="agnes-jager", name="Agnes Jager", span=span).name
    'Agnes Jager'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, order=True)
class Span:
    """First and last line (1-based, inclusive) of the source document.

    `source` is empty for a line of the document being read; a record moved into another
    document (a name variant merged across a corpus) keeps its own document's sha256 there.
    """

    first: int
    last: int
    source: str = field(default="", repr=False)

    def merge(self, other: Span) -> Span:
        return Span(min(self.first, other.first), max(self.last, other.last), self.source)


@dataclass(frozen=True)
class SourceInfo:
    """The document a graph was read from.

    `format` names the reader ('text-export', 'html-page'); `address` is the page's own
    address (an HTML page's canonical URL), empty for a file that has none.
    """

    path: str
    sha256: str
    line_count: int
    title: str = ""
    format: str = "text-export"
    address: str = ""


@dataclass
class Problem:
    """Something the source document says that is inconsistent or incomplete.

    Kept in the graph as a data-quality finding; the source is never silently repaired.
    """

    kind: str  # short machine kind, e.g. "name-variant", "missing-pmid", "duplicate-row"
    message: str  # English, one sentence
    span: Span
    subject_key: str = ""  # key of the record concerned, if any


# --- people and organisations -------------------------------------------------


@dataclass
class NameVariant:
    """One spelling of a name as written in the source: where first, and every place after.

    The preferred spelling is one of them when the source writes it.
    """

    text: str
    span: Span  # the first place it is written
    also_at: list[Span] = field(default_factory=list)  # every later place, in reading order

    @property
    def spans(self) -> list[Span]:
        return [self.span, *self.also_at]

    def seen_at(self, span: Span) -> None:
        """Record one more place the spelling is written (once per place)."""
        if span not in self.spans:
            self.also_at.append(span)


def record_spelling(variants: list[NameVariant], spelling: str, span: Span) -> bool:
    """Note that `spelling` is written at `span`; True when the spelling is new."""
    for variant in variants:
        if variant.text == spelling:
            variant.seen_at(span)
            return False
    variants.append(NameVariant(spelling, span))
    return True


@dataclass
class Person:
    key: str  # stable slug, e.g. "agnes-jager"
    name: str  # preferred display name, e.g. "Agnes Jager"
    span: Span  # first place the person is listed
    given_name: str = ""
    family_name: str = ""
    initials: str = ""
    # every spelling seen, the preferred one too, with every place it is written
    variants: list[NameVariant] = field(default_factory=list)


@dataclass
class Organisation:
    key: str  # stable slug, e.g. "niv"
    name: str  # full name where known, else as written
    span: Span
    abbreviations: list[str] = field(default_factory=list)
    # professional-society | hospital | company | charity | government |
    # patient-organisation | knowledge-institute | other
    kind: str = ""
    # every spelling written (full name, abbreviation or other), with every place it is written
    variants: list[NameVariant] = field(default_factory=list)


@dataclass
class Membership:
    """A person's place in a group: the cluster's steering or expertise group, or a module panel."""

    person_key: str
    group: str  # steering | expertise | support
    scope: str  # "cluster" or a module number such as "10.1.1"
    role: str  # profession/role as written, e.g. "Internist-Oncoloog"
    organisation_text: str  # as written, e.g. "NABON/NVRO"
    organisation_keys: list[str]
    span: Span


# --- guidelines and modules ----------------------------------------------------


@dataclass
class Pico:
    """A clinical question's PICO elements, each the question's own words ('' when unstated).

    The comparator is what the intervention is weighed against ('vergeleken met', 'ten
    opzichte van', the test an added value is measured on); outcomes are listed one by one.
    """

    population: str = ""
    intervention: str = ""
    comparator: str = ""
    outcomes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.population or self.intervention or self.comparator or self.outcomes)


@dataclass
class ClinicalQuestion:
    text: str
    span: Span
    number: int | None = None  # None for the main question, 1, 2, ... for sub-questions
    pico: Pico = field(default_factory=Pico)


@dataclass
class Statement:
    """One statement of a recommendation, with its own direction.

    `direction`: for | against | conditional (for, but only in the cases it names) |
    unknown.  `intervention` is the statement's own words naming what it advises on (its
    main clause, without the situations it applies to); `comparator` the words naming an
    alternative it is weighed against ('als alternatief voor ...'), '' when none.
    """

    text: str
    span: Span
    direction: str = "unknown"
    intervention: str = ""
    comparator: str = ""
    clause: str = ""  # its first directive main clause: looked in when `intervention` names none


@dataclass
class Table:
    """A table kept as a table: its header row (if it has one) and its rows of cells."""

    header: list[str]
    rows: list[list[str]]
    span: Span


@dataclass
class Recommendation:
    key: str  # e.g. "borstkanker/10.1.1-1" (module key, '-', its place in the module)
    label: str  # heading as written, e.g. "Aanbeveling-1 Aanvullende MRI"
    verdict: str  # the verbatim 'Eindoordeel' text
    strength: str  # strong | weak | unknown (normalised)
    direction: str  # for | against | unknown (normalised)
    statements: list[Statement]
    span: Span
    tables: list[Table] = field(default_factory=list)
    # the clinical question it answers: a sub-question's number, None for the main question
    question_number: int | None = None


@dataclass
class Consideration:
    # balance | evidence-quality | values | costs | equity | acceptability |
    # sustainability | feasibility | rationale | other
    kind: str
    heading: str  # verbatim heading
    text: str
    span: Span


@dataclass
class Downgrade:
    domain: str  # RiskOfBias | Inconsistency | Indirectness | Imprecision | PublicationBias
    text: str
    span: Span


@dataclass
class EvidenceQuality:
    """GRADE certainty of a module's evidence; a range keeps both ends."""

    levels: list[str]  # high | moderate | low | very-low; empty when not graded
    text: str  # the verbatim sentence(s)
    span: Span
    downgrades: list[Downgrade] = field(default_factory=list)
    graded: bool = True


@dataclass
class Conclusion:
    """A conclusion of the literature summary: what it states about one outcome, how certain.

    GRADE conclusions have a certainty level (high | moderate | low | very-low); older
    evidence-based (EBRO) ones a level '1'..'4' and the evidence classes of their sources
    (A1, A2, B, C, D).
    """

    text: str  # the verbatim conclusion
    span: Span
    system: str  # GRADE | EBRO
    level: str  # GRADE: high | moderate | low | very-low; EBRO: '1'..'4'
    level_text: str = ""  # the level as written, e.g. 'Laag GRADE', 'Niveau 3'
    outcome: str = ""  # the outcome it concerns, as written, when named
    sources: str = ""  # the sources line as written, e.g. 'Bronnen: (Jansen, 2019)', 'B Smit 2011'
    evidence_classes: list[str] = field(default_factory=list)  # EBRO: A1, A2, B, C, D


@dataclass
class Reference:
    key: str  # e.g. "xia-2023"
    text: str  # verbatim entry
    span: Span
    authors: list[str] = field(default_factory=list)  # in order, as written ("Xia L")
    title: str = ""
    journal: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    url: str = ""
    kind: str = "article"  # article | systematic-review | guideline | report | other
    label: str = ""  # its number in a numbered list ('1' for '1.' or '[1]'), cited as '[1]'


@dataclass
class Citation:
    """An in-text citation such as 'Xia (2023)' and the reference it resolves to."""

    text: str
    span: Span
    reference_key: str = ""  # empty when it resolves to no listed reference


@dataclass
class Finding:
    """One quantitative figure reported in a module.

    A point value has `value`, and `lower`/`upper`/`confidence` when a confidence
    interval is given.  A value range such as 'circa 40–50%' or '~95–100%' has no point
    value (`value` None): its ends are `lower` and `upper`, `confidence` stays None (it is
    no confidence interval) and `approximate` is True when it is written '~', 'circa', ...
    """

    measure: str  # sensitivity | specificity | hazard-ratio | survival | patient-count | ...
    value: Decimal | None  # None for a value range
    span: Span
    unit: str = "proportion"  # proportion (0..1) | ratio | count | months | years | number | ...
    lower: Decimal | None = None
    upper: Decimal | None = None
    confidence: Decimal | None = None  # e.g. 0.95; None for a value range
    n_studies: int | None = None
    n_patients: int | None = None
    index_test: str = ""  # e.g. "FDG-PET/CT"
    target_condition: str = ""  # e.g. "bone metastases"
    study_key: str = ""  # reference key; empty when none or several
    text: str = ""  # the sentence it was read from
    approximate: bool = False  # written '~', 'circa', 'ongeveer'
    study_keys: list[str] = field(default_factory=list)  # every study it is attributed to
    subgroup: str = ""  # the arm or subgroup as written, e.g. 'maximaal 1 risicofactor', 'ALND'
    outcome: str = ""  # what was counted or summarised, as written, e.g. 'axillaire recidieven'
    statistic: str = ""  # median | mean, for a summary of a quantity
    qualifier: str = ""  # less-than | greater-than | at-most | at-least ('<5%')
    numerator: int | None = None  # '65,5% (180/275)': 180
    denominator: int | None = None  # '65,5% (180/275)': 275
    citation: Citation | None = None  # the in-text citation of its single study, even unlisted
    question_number: int | None = None  # the sub-question whose part of the text states it

    @property
    def is_range(self) -> bool:
        return self.value is None and self.lower is not None and self.upper is not None


@dataclass
class WkkgzAssessment:
    module_title: str  # as written in the table
    outcome: str
    explanation: str
    span: Span


@dataclass
class Interest:
    """One declared tie extracted from a declaration cell."""

    # employment | side-activity | financial | personal-relation | research-funding |
    # intellectual | other
    kind: str
    text: str
    span: Span
    organisation_keys: list[str] = field(default_factory=list)
    project: str = ""
    role: str = ""  # e.g. "projectleider", "co-PI"
    paid: bool | None = None


@dataclass
class Declaration:
    """A person's conflict-of-interest declaration in one module: the seven categories verbatim."""

    person_key: str
    module: str  # module number
    group: str  # steering | expertise
    name_as_written: str
    main_position: str  # Hoofdfunctie
    side_activities: str  # Nevenwerkzaamheden
    financial_interests: str  # Persoonlijke financiële belangen
    personal_relations: str  # Persoonlijke relaties
    research_funding: str  # Extern gefinancierd onderzoek
    intellectual_interests: str  # Intellectuele belangen en reputatie
    other_interests: str  # Overige belangen
    span: Span
    interests: list[Interest] = field(default_factory=list)
    reported_interests: str = ""  # 'Gemelde belangen' of a table without the seven categories
    action: str = ""  # 'Ondernomen actie': what the panel decided about the interests


@dataclass
class Module:
    number: str  # e.g. "10.1.1"; empty for a module without a number
    title: str
    guideline_key: str
    span: Span
    initiative: str = ""  # organisation as written, e.g. "NIV"
    initiative_key: str = ""
    cycle: str = ""
    accountability_span: Span | None = None  # the 'Verantwoording' section
    slug: str = ""  # a module without a number: a stable slug of its title
    initiative_span: Span | None = None
    conclusions: list[Conclusion] = field(default_factory=list)
    questions: list[ClinicalQuestion] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    considerations: list[Consideration] = field(default_factory=list)
    evidence_quality: EvidenceQuality | None = None
    references: list[Reference] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    wkkgz: WkkgzAssessment | None = None

    @property
    def ident(self) -> str:
        """The module within its guideline: its number, or its slug when it has none."""
        return self.number or self.slug

    @property
    def key(self) -> str:
        """The module in a corpus: '<guideline>/<number or slug>', e.g. 'borstkanker/10.1.1'."""
        return f"{self.guideline_key}/{self.ident}" if self.guideline_key else self.ident


@dataclass
class Guideline:
    key: str  # e.g. "borstkanker"
    title: str  # e.g. "Borstkanker"
    span: Span
    description: str = ""
    module_keys: list[str] = field(default_factory=list)  # e.g. "borstkanker/10.1.1"
    description_span: Span | None = None


@dataclass
class Cluster:
    key: str  # e.g. "borstkanker"
    title: str  # e.g. "Cluster Borstkanker"
    span: Span
    cycle: str = ""  # e.g. "Derde cyclus – deel a 2026"
    funding: str = ""


@dataclass
class Document:
    """Everything parsed from one source document."""

    source: SourceInfo
    cluster: Cluster | None
    guidelines: list[Guideline]
    modules: list[Module]
    people: list[Person]
    organisations: list[Organisation]
    memberships: list[Membership]  # cluster-level composition
    problems: list[Problem] = field(default_factory=list)
    language: str = "nl"  # the language of its verbatim text (BCP 47)
    locations: dict[int, str] = field(default_factory=dict)  # line -> element (an HTML page)
    layout: Any = None  # the reader's `loaders.layout.Layout`, for the coverage report
