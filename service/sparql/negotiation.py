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
from functools import lru_cache

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from service.store.backends import (
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


def parse_accept(header: str | None) -> MIMEAccept:
    """The media ranges of an ``Accept`` header (werkzeug's parser)."""
    return parse_accept_header(header, MIMEAccept)


def quality(accept: MIMEAccept, media_type: str) -> float:
    """The q-value the client gives ``media_type`` (0 when no range matches it)."""
    return accept.quality(media_type)


def negotiate(accept: str | None, aliases: dict[str, str], default: str) -> str:
    """The answer media type for ``accept`` among ``aliases`` (first in order wins ties).

    >>> negotiate("text/*;q=0.4, application/json", GRAPH_ALIASES, TURTLE)
    'application/ld+json'
    >>> negotiate(None, GRAPH_ALIASES, TURTLE)
    'text/turtle'
    """
    parsed = parse_accept(accept)
    if not parsed:
        return default
    best = parsed.best_match(_with_default_first(aliases, default))
    if best is None:
        raise NotAcceptable(list(dict.fromkeys(aliases.values())))
    return aliases[best]


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
    return _negotiated(accept, graph)


@lru_cache(maxsize=256)  # clients send few distinct Accept headers; parsing one is costly
def _negotiated(accept: str | None, graph: bool) -> str:
    """The media type for ``accept``, for a graph (CONSTRUCT, DESCRIBE) or other answer."""
    if graph:
        return negotiate(accept, GRAPH_ALIASES, GRAPH_MEDIA_TYPES[0])
    return negotiate(accept, RESULT_ALIASES, RESULT_MEDIA_TYPES[0])


def choose_page_type(accept: str | None) -> str:
    """``text/html`` for browsers, else an RDF media type (for the Service Description)."""
    return negotiate(accept, PAGE_ALIASES, TURTLE)


def _with_default_first(aliases: dict[str, str], default: str) -> list[str]:
    return sorted(aliases, key=lambda name: name != default)
