"""Readable, stable IRIs for everything the builder puts in the graph.

Data IRIs hang off a configurable base; the ontology and concept namespaces are fixed.

A module is named within its guideline ('<guideline>/<number or slug>', see
`records.Module.key`), and so is everything in it:

    >>> iris = Iris("https://example.org/")
    >>> str(iris.module("borstkanker/10.1.1"))
    'https://example.org/module/borstkanker/10.1.1'
    >>> str(iris.statement("borstkanker/10.1.1-1", 2))
    'https://example.org/recommendation/borstkanker/10.1.1-1/statement/2'
    >>> str(Iris().span("ab" * 32, Span(12, 14)))
    'https://w3id.org/gkg/source/abababababababab/lines/12-14'
    >>> finding = Finding("sensitivity", None, Span(1, 1), index_test="FDG-PET/CT",
    ...                   target_condition="bone metastases", study_key="xia-2023")
    >>> str(iris.finding("borstkanker/10.1.1", finding))
    'https://example.org/finding/borstkanker/10.1.1/xia-2023/sensitivity-fdg-pet-ct-bone-metastases'
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Namespace, URIRef

from loaders.records import Finding, Span
from loaders.slugs import slugify

DEFAULT_BASE_IRI = "https://w3id.org/gkg/"
GKG = Namespace("https://w3id.org/gkg/ontology#")
CONCEPT = Namespace("https://w3id.org/gkg/concept/")
SOURCE_ID_LENGTH = 16  # hex digits of the document's sha256 used in its IRI


@dataclass(frozen=True)
class Iris:
    """Mints data IRIs under `base` (which must end in '/' or '#')."""

    base: str = DEFAULT_BASE_IRI

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            raise ValueError(f"base IRI must end with '/' or '#': {self.base!r}")

    def _iri(self, *parts: str | int) -> URIRef:
        return URIRef(self.base + "/".join(str(part) for part in parts))

    # --- cluster, guideline, module -------------------------------------------
    def cluster(self, key: str) -> URIRef:
        return self._iri("cluster", key)

    def group(self, cluster_key: str, group: str) -> URIRef:
        """The cluster's steering, expertise or support group."""
        return self._iri("cluster", cluster_key, "group", group)

    def guideline(self, key: str) -> URIRef:
        return self._iri("guideline", key)

    def guideline_group(self, guideline_key: str, group: str) -> URIRef:
        """A group of a guideline that belongs to no cluster (its working group, ...)."""
        return self._iri("guideline", guideline_key, "group", group)

    def module(self, key: str) -> URIRef:
        """A module by its key '<guideline>/<number or slug>' (`records.Module.key`)."""
        return self._iri("module", key)

    def panel(self, number: str) -> URIRef:
        """The people of the cluster involved in one module."""
        return self._iri("module", number, "panel")

    def question(self, number: str, question_number: int | None) -> URIRef:
        """The main question is 'main', sub-questions are numbered from 1."""
        return self._iri("module", number, "question", question_number or "main")

    def pico_element(self, question: URIRef, element: str) -> URIRef:
        return URIRef(f"{question}/{element}")

    def consideration(self, number: str, index: int) -> URIRef:
        return self._iri("module", number, "consideration", index)

    def certainty(self, number: str) -> URIRef:
        return self._iri("module", number, "certainty")

    def downgrade(self, number: str, domain: str) -> URIRef:
        return self._iri("module", number, "certainty", slugify(_split_camel(domain)))

    def conclusion(self, number: str, index: int) -> URIRef:
        return self._iri("module", number, "conclusion", index)

    def table(self, recommendation_key: str, index: int) -> URIRef:
        """A table of a recommendation; its rows are '<table>/row/<n>'."""
        return self._iri("recommendation", recommendation_key, "table", index)

    def citation(self, number: str, index: int) -> URIRef:
        return self._iri("module", number, "citation", index)

    def wkkgz(self, number: str) -> URIRef:
        return self._iri("module", number, "wkkgz")

    def recommendation(self, key: str) -> URIRef:
        return self._iri("recommendation", key)

    def statement(self, key: str, index: int) -> URIRef:
        return self._iri("recommendation", key, "statement", index)

    def finding(self, number: str, finding: Finding, occurrence: int = 1) -> URIRef:
        """A figure named by what it is, so that parsing more figures renames none.

        `finding/<module>/<study>/<measure>[-<index test>][-<target condition>]`; the study
        is the reference key, the keys joined by '+' for a figure of several studies, or
        'unattributed'.  The n-th figure (n > 1) of a module with the same name gets '-n'.
        """
        study, name = finding_name(finding)
        suffix = f"-{occurrence}" if occurrence > 1 else ""
        return self._iri("finding", number, study, name + suffix)

    def confidence_interval(self, finding: URIRef) -> URIRef:
        return URIRef(f"{finding}/ci")

    def reference(self, key: str) -> URIRef:
        return self._iri("reference", key)

    # --- people, organisations, declarations -----------------------------------
    def person(self, key: str) -> URIRef:
        return self._iri("person", key)

    def organisation(self, key: str) -> URIRef:
        return self._iri("organisation", key)

    def name_variant(self, owner: URIRef, index: int) -> URIRef:
        return URIRef(f"{owner}/variant/{index}")

    def role(self, text: str) -> URIRef:
        return self._iri("role", slugify(text) or "unknown")

    def membership(self, scope: str, group: str, person_key: str) -> URIRef:
        """Scope: a module key, or 'cluster/<cluster key>' for a cluster group."""
        return self._iri("membership", scope, group, person_key)

    def declaration(self, number: str, person_key: str, group: str) -> URIRef:
        """A person may declare twice in one module (steering and expertise table)."""
        return self._iri("declaration", number, person_key, group)

    def interest(self, declaration: URIRef, index: int) -> URIRef:
        return URIRef(f"{declaration}/interest/{index}")

    # --- provenance and data quality -------------------------------------------
    def source(self, sha256: str) -> URIRef:
        return self._iri("source", sha256[:SOURCE_ID_LENGTH])

    def span(self, sha256: str, span: Span) -> URIRef:
        return self._iri("source", sha256[:SOURCE_ID_LENGTH], "lines", f"{span.first}-{span.last}")

    def problem(self, sha256: str, kind: str, span: Span, index: int = 1) -> URIRef:
        """A data-quality finding, named by its document, kind and lines."""
        suffix = f"-{index}" if index > 1 else ""
        lines = f"{span.first}-{span.last}{suffix}"
        return self._iri("problem", sha256[:SOURCE_ID_LENGTH], slugify(kind) or "other", lines)


def concept(notation: str) -> URIRef:
    """The IRI of a concept in the scheme (ontology/concepts.ttl) by its notation."""
    return CONCEPT[notation]


def finding_name(finding: Finding) -> tuple[str, str]:
    """(study, measure with index test, target condition and subgroup) naming a finding.

    >>> finding_name(Finding("hazard-ratio", None, Span(1, 1)))
    ('unattributed', 'hazard-ratio')
    >>> finding_name(Finding("overall-survival", None, Span(1, 1), study_keys=["a-2006", "b-2011"]))
    ('a-2006+b-2011', 'overall-survival')
    >>> finding_name(Finding("patient-count", None, Span(1, 1), subgroup="MARI/TAD"))
    ('unattributed', 'patient-count-mari-tad')
    """
    keys = [finding.study_key] if finding.study_key else finding.study_keys
    study = "+".join(slugify(key) for key in keys if slugify(key)) or "unattributed"
    parts = [finding.measure, finding.index_test, finding.target_condition]
    if finding.subgroup != finding.index_test:
        parts.append(finding.subgroup)
    measure = "-".join(slug for slug in map(slugify, parts) if slug) or "figure"
    return study, measure


def _split_camel(name: str) -> str:
    return "".join(f" {char}" if char.isupper() else char for char in name).strip()
