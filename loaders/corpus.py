"""Several documents, several guidelines, one graph.

Each document is read on its own (`loaders.load`); `merge_documents` then makes them one
corpus, and `build_corpus_graph` builds its graph:

- a module is known by its guideline and number (`Module.key`): the same module in two
  documents is refused with a `SourceError` naming both places;
- a person listed by several documents is one person (the same matching as within a
  document: initials, given name, similar family name); spellings seen in later documents
  become name variants, reported as problems of those documents;
- an organisation is one organisation by its key;
- a reference key ('jansen-2019') names one work: a later document's entry for the same
  work (same DOI, PMID or title) takes the first entry's description, and a different work
  under the same key gets the key with a short suffix of its own (`<key>-<hash>`).

The first document keeps every key it would have alone, so a document's IRIs do not change
when another document joins the corpus unless that document really names the same thing.

    >>> merge_documents([])
    []
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace

from rdflib import Graph

from loaders.concepts import ConceptIndex, load_concepts
from loaders.errors import SourceError
from loaders.iris import DEFAULT_BASE_IRI
from loaders.parsers.people import SAME_PERSON_SIMILARITY, compatible_names
from loaders.parsers.people_names import (
    PersonName,
    name_similarity,
    parse_listed_name,
    parse_written_name,
)
from loaders.records import (
    Document,
    NameVariant,
    Organisation,
    Person,
    Problem,
    Reference,
    Span,
    record_spelling,
)

SUFFIX_LENGTH = 6


def build_corpus_graph(
    documents: list[Document],
    base_iri: str = DEFAULT_BASE_IRI,
    concepts: ConceptIndex | None = None,
) -> Graph:
    """The data graph of several documents (merged first, see `merge_documents`)."""
    from loaders.rdf.builder import build_graph

    merged = merge_documents(documents)
    concepts = concepts or load_concepts()
    organisations = {o.key for document in merged for o in document.organisations}
    graph = Graph()
    for document in merged:
        build_graph(document, base_iri, concepts, organisations, into=graph)
    return graph


def merge_documents(documents: list[Document]) -> list[Document]:
    """The documents as one corpus: shared people, organisations and references reconciled.

    Raises `SourceError` when two documents hold the same module of the same guideline.
    """
    _refuse_duplicate_modules(documents)
    people = _PeopleIndex()
    organisations: dict[str, Organisation] = {}
    references: dict[str, Reference] = {}
    for document in documents:
        people.merge(document)
        _merge_organisations(document, organisations)
        _merge_references(document, references)
    return documents


# --- modules -------------------------------------------------------------------------


def _refuse_duplicate_modules(documents: Iterable[Document]) -> None:
    seen: dict[str, tuple[Document, Span]] = {}
    for document in documents:
        for module in document.modules:
            if module.key not in seen:
                seen[module.key] = (document, module.span)
                continue
            first, span = seen[module.key]
            identical = first.source.sha256 == document.source.sha256
            same = " (the same file content)" if identical else ""
            raise SourceError(
                document.source.path,
                module.span.first,
                f"module {module.ident} '{module.title}' of guideline '{module.guideline_key}' "
                f"is already read from {first.source.path}, line {span.first}{same}: a module "
                "may appear only once in a build; leave one of the documents out",
            )


# --- people ----------------------------------------------------------------------------


@dataclass
class _Known:
    person: Person
    name: PersonName
    owner: Document


class _PeopleIndex:
    """Every person of the corpus so far, by key."""

    def __init__(self) -> None:
        self.known: dict[str, _Known] = {}

    def merge(self, document: Document) -> None:
        renamed: dict[str, str] = {}
        kept: list[Person] = []
        for person in document.people:
            name = _person_name(person)
            key = self._match(person, name, document)
            if key is None:
                key = self._free_key(person.key)
                self.known[key] = _Known(person, name, document)
                if key != person.key:
                    renamed[person.key] = key
                    person.key = key
                kept.append(person)
                continue
            renamed[person.key] = key
            document.problems.extend(self._absorb(self.known[key], person, document))
        document.people[:] = kept
        if renamed:
            _rename_people(document, renamed)

    def _match(self, person: Person, name: PersonName, document: Document) -> str | None:
        """The key of a person of another document who is this one, if any."""
        best, best_score = None, SAME_PERSON_SIMILARITY
        for key, known in self.known.items():
            if known.owner is document or not compatible_names(name, known.name):
                continue
            score = name_similarity(person.name, known.person.name)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = key, score
        return best

    def _free_key(self, key: str) -> str:
        candidate, number = key, 2
        while candidate in self.known:
            candidate, number = f"{key}-{number}", number + 1
        return candidate

    @staticmethod
    def _absorb(known: _Known, person: Person, document: Document) -> list[Problem]:
        """Spellings of `person` (read from `document`) kept as variants of the known one."""
        canonical = known.person
        problems = []
        spellings = person.variants or [NameVariant(person.name, person.span)]
        written = {variant.text for variant in canonical.variants} | {canonical.name}
        for variant in spellings:
            new = _absorb_spelling(canonical.variants, variant, document)
            if not new or variant.text in written:
                continue
            written.add(variant.text)
            message = (
                f"'{variant.text}' (line {variant.span.first}) is taken to be {canonical.name}."
            )
            problems.append(Problem("name-variant", message, variant.span, canonical.key))
        if not canonical.initials and person.initials:
            canonical.initials = person.initials
        return problems


def _absorb_spelling(variants: list[NameVariant], variant: NameVariant, document: Document) -> bool:
    """Add the places of `variant` (read from `document`) to `variants`; True if it is new."""
    spans = [replace(span, source=document.source.sha256) for span in variant.spans]
    new = record_spelling(variants, variant.text, spans[0])
    for span in spans[1:]:
        record_spelling(variants, variant.text, span)
    return new


def _person_name(person: Person) -> PersonName:
    if person.initials or person.given_name:
        return PersonName(person.initials, person.given_name, person.family_name)
    return parse_listed_name(person.name) or parse_written_name(person.name)


def _rename_people(document: Document, renamed: dict[str, str]) -> None:
    memberships = list(document.memberships)
    for module in document.modules:
        memberships.extend(module.memberships)
        for declaration in module.declarations:
            declaration.person_key = renamed.get(declaration.person_key, declaration.person_key)
    for membership in memberships:
        membership.person_key = renamed.get(membership.person_key, membership.person_key)
    for problem in document.problems:
        problem.subject_key = renamed.get(problem.subject_key, problem.subject_key)


# --- organisations ------------------------------------------------------------------------


def _merge_organisations(document: Document, known: dict[str, Organisation]) -> None:
    kept = []
    for organisation in document.organisations:
        first = known.get(organisation.key)
        if first is None:
            known[organisation.key] = organisation
            kept.append(organisation)
            continue
        for variant in organisation.variants:
            _absorb_spelling(first.variants, variant, document)
        for abbreviation in organisation.abbreviations:
            if abbreviation not in first.abbreviations:
                first.abbreviations.append(abbreviation)
    document.organisations[:] = kept


# --- references ---------------------------------------------------------------------------


def _merge_references(document: Document, known: dict[str, Reference]) -> None:
    for module in document.modules:
        renamed: dict[str, str] = {}
        for reference in module.references:
            first = known.get(reference.key)
            if first is None:
                known[reference.key] = reference
            elif _same_work(first, reference):
                _describe_as(reference, first)
            else:
                new_key = f"{reference.key}-{_digest(reference)}"
                renamed[reference.key] = new_key
                reference.key = new_key
                known.setdefault(new_key, reference)
        if not renamed:
            continue
        for citation in module.citations:
            citation.reference_key = renamed.get(citation.reference_key, citation.reference_key)
        for finding in module.findings:
            finding.study_key = renamed.get(finding.study_key, finding.study_key)
            finding.study_keys = [renamed.get(key, key) for key in finding.study_keys]
        for problem in document.problems:
            problem.subject_key = renamed.get(problem.subject_key, problem.subject_key)


def _same_work(first: Reference, other: Reference) -> bool:
    for field in ("doi", "pmid"):
        a, b = getattr(first, field).lower(), getattr(other, field).lower()
        if a and b:
            return a == b
    return _title_key(first) == _title_key(other) and bool(_title_key(first))


def _title_key(reference: Reference) -> str:
    return "".join(ch for ch in (reference.title or reference.text).lower() if ch.isalnum())


def _describe_as(reference: Reference, first: Reference) -> None:
    """Describe `reference` exactly as `first`, keeping its own source span."""
    for field in (
        "text", "authors", "title", "journal", "year", "volume", "issue", "pages",
        "doi", "pmid", "pmcid", "url", "kind",
    ):  # fmt: skip
        setattr(reference, field, getattr(first, field))


def _digest(reference: Reference) -> str:
    return hashlib.sha1(_title_key(reference).encode("utf-8")).hexdigest()[:SUFFIX_LENGTH]
