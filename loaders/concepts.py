"""The concept scheme (ontology/concepts.ttl) and tagging text with its concepts.

A concept is found in a text when one of its labels (preferred or alternative, Dutch or
English) occurs there as a whole word.  Labels with capitals after the first letter
(acronyms such as 'CT', 'FES', 'NaF') must match case-sensitively; other labels match in
any case.  Where labels overlap, the longest wins: 'FDG-PET/CT' is the procedure, not the
tracer 'FDG'.

    >>> index = load_concepts()
    >>> [str(iri).rsplit("/", 1)[1] for iri in index.find("Gebruik FDG-PET/CT bij botmetastasen")]
    ['bone-metastasis', 'fdg-pet-ct']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from loaders import paths
from loaders.iris import GKG

CONCEPTS_PATH = paths.ONTOLOGY_DIR / "concepts.ttl"
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_CARET = re.compile(r"\^\{([^}]*)\}|\^")


@dataclass(frozen=True)
class Concept:
    iri: URIRef
    notation: str
    semantic_tag: str
    labels: tuple[str, ...]


def normalise(text: str) -> str:
    """Fold superscript digits and caret markup ('Tc^{99m}', '¹⁸FES') into plain text."""
    text = unicodedata.normalize("NFC", text).translate(_SUPERSCRIPTS)
    return _CARET.sub(lambda match: match.group(1) or "", text)


def _is_case_sensitive(label: str) -> bool:
    return any(char.isupper() for char in label[1:])


def _pattern(labels: list[str], flags: int) -> re.Pattern[str] | None:
    if not labels:
        return None
    alternatives = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?![\w])", flags)


class ConceptIndex:
    """Concepts by IRI, and a label matcher over all of them."""

    def __init__(self, concepts: list[Concept]) -> None:
        self.concepts = {concept.iri: concept for concept in concepts}
        self._by_label: dict[str, URIRef] = {}
        self._by_folded: dict[str, URIRef] = {}
        for concept in sorted(concepts, key=lambda c: c.notation):
            for label in concept.labels:
                if _is_case_sensitive(label):
                    self._by_label.setdefault(label, concept.iri)
                else:
                    self._by_folded.setdefault(label.casefold(), concept.iri)
        self._exact = _pattern(list(self._by_label), 0)
        self._folded = _pattern(list(self._by_folded), re.IGNORECASE)

    def find(self, text: str) -> list[URIRef]:
        """Concepts whose labels occur in `text` (longest match wins), sorted by IRI."""
        text = normalise(text)
        matches: list[tuple[int, int, URIRef]] = []
        for pattern, table, fold in [
            (self._exact, self._by_label, False),
            (self._folded, self._by_folded, True),
        ]:
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                key = match.group(0).casefold() if fold else match.group(0)
                matches.append((match.start(), match.end(), table[key]))
        taken: list[tuple[int, int]] = []
        found: set[URIRef] = set()
        for start, end, iri in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
            if all(end <= other_start or start >= other_end for other_start, other_end in taken):
                taken.append((start, end))
                found.add(iri)
        return sorted(found)

    def first(self, text: str) -> URIRef | None:
        """The concept of the longest label in `text`, for short phrases such as an index test."""
        found = self.find(text)
        if not found:
            return None
        text = normalise(text)
        return max(found, key=lambda iri: self._longest_label_in(iri, text))

    def semantic_tag(self, iri: URIRef) -> str:
        return self.concepts[iri].semantic_tag

    def _longest_label_in(self, iri: URIRef, text: str) -> int:
        folded = text.casefold()
        return max(
            (len(label) for label in self.concepts[iri].labels if label.casefold() in folded),
            default=0,
        )


def read_concepts(graph: Graph) -> list[Concept]:
    """The skos:Concepts of a concept-scheme graph with their labels in every language.

    Top concepts ('procedure', 'substance', ...) name a hierarchy, not a subject: they get
    no labels to match, so tagging never returns them.
    """
    concepts = []
    for iri in sorted(set(graph.subjects(SKOS.notation, None))):
        is_top = (iri, SKOS.topConceptOf, None) in graph
        labels = [
            normalise(str(label))
            for predicate in (SKOS.prefLabel, SKOS.altLabel)
            for label in graph.objects(iri, predicate)
            if not is_top
        ]
        concepts.append(
            Concept(
                iri=iri,
                notation=str(graph.value(iri, SKOS.notation)),
                semantic_tag=str(graph.value(iri, GKG.semanticTag) or ""),
                labels=tuple(sorted(set(labels))),
            )
        )
    return concepts


@cache
def load_concepts(path: Path = CONCEPTS_PATH) -> ConceptIndex:
    """Read the concept scheme (the bundled ontology/concepts.ttl by default)."""
    graph = Graph()
    graph.parse(path, format="turtle")
    return ConceptIndex(read_concepts(graph))
