"""Pick the response media type from ``Accept`` (with q-values) and the query form.

    >>> choose_media_type("text/csv;q=0.5, application/sparql-results+xml", "SELECT")
    'application/sparql-results+xml'
    >>> choose_media_type("application/json", "CONSTRUCT")
    'application/ld+json'

SPARQLWrapper and similar clients also send ``format``/``output``/``results``
parameters (``json``, ``xml``, ``turtle``, ...); a recognised value wins over
``Accept``, an unknown one is ignored. When nothing offered is acceptable,
:class:`NotAcceptable` (406) lists what is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from service.backends import (
    CSV,
    GRAPH_MEDIA_TYPES,
    JSON_LD,
    N_TRIPLES,
    RDF_XML,
    RESULT_MEDIA_TYPES,
    SPARQL_JSON,
    SPARQL_XML,
    TSV,
    TURTLE,
)

HTML = "text/html"

# Accepted names (media types and aliases) -> the media type we answer with, per answer kind.
RESULT_ALIASES: dict[str, str] = {
    SPARQL_JSON: SPARQL_JSON,
    "application/json": SPARQL_JSON,
    "text/javascript": SPARQL_JSON,
    "application/javascript": SPARQL_JSON,
    SPARQL_XML: SPARQL_XML,
    "application/xml": SPARQL_XML,
    "text/xml": SPARQL_XML,
    CSV: CSV,
    TSV: TSV,
}
GRAPH_ALIASES: dict[str, str] = {
    TURTLE: TURTLE,
    "application/x-turtle": TURTLE,
    "application/turtle": TURTLE,
    "text/n3": TURTLE,
    N_TRIPLES: N_TRIPLES,
    "text/plain": N_TRIPLES,
    JSON_LD: JSON_LD,
    "application/json": JSON_LD,
    RDF_XML: RDF_XML,
    "application/xml": RDF_XML,
    "text/xml": RDF_XML,
}
PAGE_ALIASES: dict[str, str] = {**GRAPH_ALIASES, HTML: HTML, "application/xhtml+xml": HTML}

# Values of the format/output/results parameters -> media type, per answer kind.
RESULT_FORMATS = {"json": SPARQL_JSON, "xml": SPARQL_XML, "csv": CSV, "tsv": TSV}
GRAPH_FORMATS = {
    "turtle": TURTLE,
    "ttl": TURTLE,
    "n3": TURTLE,
    "nt": N_TRIPLES,
    "ntriples": N_TRIPLES,
    "n-triples": N_TRIPLES,
    "json-ld": JSON_LD,
    "jsonld": JSON_LD,
    "json": JSON_LD,
    "xml": RDF_XML,
    "rdf+xml": RDF_XML,
    "rdf": RDF_XML,
}
FORMAT_PARAMETERS = ("format", "output", "results")


class NotAcceptable(ValueError):
    """No media type the client accepts can carry this answer (406)."""

    def __init__(self, offered: Sequence[str]):
        super().__init__("Not acceptable: this answer is available as " + ", ".join(offered))
        self.offered = tuple(offered)


@dataclass(frozen=True)
class Range:
    """One media range of an ``Accept`` header."""

    type: str
    subtype: str
    quality: float

    def specificity(self, media_type: str) -> int:
        """2 for an exact match, 1 for ``type/*``, 0 for ``*/*``, -1 for no match."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != kind:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


def parse_accept(header: str | None) -> list[Range]:
    """The media ranges of an ``Accept`` header; a malformed q-value counts as 1."""
    ranges = []
    for part in (header or "").split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        if "/" not in media:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 1.0
        kind, _, sub = media.lower().partition("/")
        ranges.append(Range(kind, sub, quality))
    return ranges


def quality(ranges: Sequence[Range], media_type: str) -> float:
    """The q-value the client gives ``media_type``: the most specific matching range wins."""
    best = (-1, 0.0)
    for media_range in ranges:
        specificity = media_range.specificity(media_type)
        if specificity > best[0]:
            best = (specificity, media_range.quality)
    return best[1]


def negotiate(accept: str | None, aliases: dict[str, str], default: str) -> str:
    """The answer media type for ``accept`` among ``aliases`` (first in order wins ties)."""
    ranges = parse_accept(accept)
    if not ranges:
        return default
    scored = [
        (quality(ranges, name), -index, target)
        for index, (name, target) in enumerate(_with_default_first(aliases, default))
    ]
    best_quality, _, target = max(scored)
    if best_quality <= 0:
        raise NotAcceptable(list(dict.fromkeys(aliases.values())))
    return target


def choose_media_type(accept: str | None, form: str, format_parameters: Sequence[str] = ()) -> str:
    """The media type to answer a ``form`` query with (raises :class:`NotAcceptable`)."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    formats = GRAPH_FORMATS if graph else RESULT_FORMATS
    for value in format_parameters:
        value = value.strip().lower()
        if value in formats:
            return formats[value]
        aliases = GRAPH_ALIASES if graph else RESULT_ALIASES
        if value in aliases:
            return aliases[value]
    if graph:
        return negotiate(accept, GRAPH_ALIASES, GRAPH_MEDIA_TYPES[0])
    return negotiate(accept, RESULT_ALIASES, RESULT_MEDIA_TYPES[0])


def choose_page_type(accept: str | None) -> str:
    """``text/html`` for browsers, else an RDF media type (for the Service Description)."""
    return negotiate(accept, PAGE_ALIASES, TURTLE)


def _with_default_first(aliases: dict[str, str], default: str) -> list[tuple[str, str]]:
    items = list(aliases.items())
    return sorted(items, key=lambda item: item[0] != default)
