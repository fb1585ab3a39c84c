"""The full-text search index of a release: SQLite FTS5, accents folded, Dutch and English.

    build_index(path, store_select(store))    # from an Oxigraph store (the build's, in memory)
    build_index(path, select)                 # from any SELECT runner (a remote store too)
    found = search(path, "oligometastasen", kind="recommendation")
    found.hits[0].iri, found.hits[0].snippet, found.counts  # {'recommendation': 2, ...}
    names = lookup(path, "6.1", namespace="https://w3id.org/gkg/module/")   # exact, folded
    offers = complete(path, "jag", namespace="https://w3id.org/gkg/person/")  # by prefix

What is indexed: recommendations (label, verdict, statements), considerations (heading,
text), findings (measure, index test, target, the sentence they were read from) and
references (title, full citation).  Each document also carries the Dutch and English
labels of the concepts it is about, so an English query ("bone metastasis") finds the
Dutch text it was tagged from.  The tokenizer is FTS5's `unicode61 remove_diacritics 2`:
'ë', 'é' and 'e' are one letter, case is folded, and every query word matches as a prefix
('metasta' finds 'metastasen').

A second table holds the names of every IRI in the graph (module numbers, notations,
labels, personal names, titles, the IRI's last segment) for the named-query forms: a
value such as "6.1" or "Agnes Jager" is turned into its IRI, and typing offers matches.

The index is one file, `search.sqlite`, written into the release directory with each
build; it is read-only afterwards.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

INDEX_FILE = "search.sqlite"
TOKENIZER = "unicode61 remove_diacritics 2"
KINDS = ("recommendation", "consideration", "finding", "reference")
Select = Callable[[str], list[dict[str, str]]]  # SPARQL SELECT -> rows of {variable: value}

PREFIXES = """
PREFIX gkg: <https://w3id.org/gkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""
CONTEXT = """
  OPTIONAL { ?doc gkg:inModule ?m . ?m gkg:moduleNumber ?module }
  OPTIONAL { ?doc prov:wasDerivedFrom ?span . ?span gkg:firstLine ?first ; gkg:lastLine ?last }
"""
# One query per kind: ?doc ?title ?text (several rows per document are merged).
DOCUMENTS = {
    "recommendation": """SELECT ?doc ?title ?text ?module ?span ?first ?last WHERE {
  ?doc a gkg:Recommendation ; rdfs:label ?title .
  OPTIONAL { { ?doc gkg:verdict ?text } UNION { ?doc gkg:hasStatement/gkg:text ?text } }"""
    + CONTEXT
    + "}",
    "consideration": """SELECT ?doc ?title ?text ?module ?span ?first ?last WHERE {
  ?doc a gkg:Consideration ; gkg:text ?text .
  OPTIONAL { ?doc gkg:heading ?title }"""
    + CONTEXT
    + "}",
    "finding": """SELECT ?doc ?title ?text ?module ?span ?first ?last WHERE {
  ?doc a gkg:Finding .
  OPTIONAL { ?doc gkg:text ?text }
  OPTIONAL { ?doc gkg:measure ?measure } OPTIONAL { ?doc gkg:indexTestText ?test }
  OPTIONAL { ?doc gkg:targetConditionText ?target }
  BIND(CONCAT(COALESCE(?measure, ""), " ", COALESCE(?test, ""), " ", COALESCE(?target, ""))
       AS ?title)"""
    + CONTEXT
    + "}",
    "reference": """SELECT ?doc ?title ?text ?module ?span ?first ?last WHERE {
  ?doc a gkg:Reference ; dcterms:bibliographicCitation ?text .
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc prov:wasDerivedFrom ?span . ?span gkg:firstLine ?first ; gkg:lastLine ?last }
}""",
}
# The concepts each document is about, and those concepts' labels, asked apart: the labels
# of the few concepts repeated on every document's row made one join of both 1.3x slower.
ABOUT = """
  VALUES ?kind { gkg:Recommendation gkg:Consideration gkg:Finding gkg:Reference }
  ?doc a ?kind .
  { ?doc dcterms:subject|gkg:indexTest|gkg:targetCondition|gkg:considerationKind ?concept }
  UNION { ?doc gkg:hasStatement/dcterms:subject ?concept }
"""
CONCEPT_LINKS = "SELECT DISTINCT ?doc ?concept WHERE {" + ABOUT + "}"
CONCEPT_LABELS = f"""SELECT DISTINCT ?concept ?label WHERE {{
  {{ SELECT DISTINCT ?concept WHERE {{ {ABOUT} }} }}
  ?concept skos:prefLabel|skos:altLabel|rdfs:label ?label .
}}"""
NAMES = """SELECT DISTINCT ?iri ?name WHERE {
  VALUES ?property { gkg:moduleNumber skos:notation skos:prefLabel skos:altLabel rdfs:label
                     foaf:name dcterms:title }
  ?iri ?property ?name .
  FILTER(isIRI(?iri) && isLiteral(?name) && STRLEN(STR(?name)) < 300)
}"""
SCHEMA = f"""
CREATE VIRTUAL TABLE documents USING fts5(
  title, body, concepts,
  iri UNINDEXED, kind UNINDEXED, module UNINDEXED, span UNINDEXED,
  first UNINDEXED, last UNINDEXED, tokenize="{TOKENIZER}");
CREATE TABLE names (iri TEXT NOT NULL, name TEXT NOT NULL, folded TEXT NOT NULL);
CREATE INDEX names_folded ON names (folded);
CREATE VIRTUAL TABLE names_text USING fts5(name, iri UNINDEXED, tokenize="{TOKENIZER}");
"""
WEIGHTS = (5.0, 1.0, 2.0)  # bm25 weights of title, body, concepts
MARK_START, MARK_END = "\x02", "\x03"
MARKS = (MARK_START, MARK_END)


@dataclass(frozen=True)
class Hit:
    """One document found: its IRI, kind, title, a snippet with marked words, its source."""

    iri: str
    kind: str
    title: str  # matched words between MARK_START and MARK_END, as in the snippet
    snippet: str
    module: str
    span: str
    first: int | None
    last: int | None
    about: str = ""  # the concept labels that matched, when the text itself did not


@dataclass(frozen=True)
class Found:
    """Hits of one page of results, and the number of hits per kind over all pages."""

    query: str
    hits: list[Hit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class SearchUnavailable(RuntimeError):
    """The release has no search index (and none could be made)."""


def fold(text: str) -> str:
    """Lower case, accents removed, whitespace collapsed: the key names are matched on."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def store_select(store) -> Select:  # noqa: ANN001 - pyoxigraph.Store
    """The SELECT runner over an Oxigraph store's graphs, all together."""
    return lambda query: _store_rows(store, query)


def _store_rows(store, query: str) -> list[dict[str, str]]:  # noqa: ANN001 - pyoxigraph.Store
    solutions = store.query(query, use_default_graph_as_union=True)
    names = [variable.value for variable in solutions.variables]
    return [{name: row[name].value for name in names if row[name] is not None} for row in solutions]


def build_index(path: Path, select: Select) -> Path:
    """Write the index for the graph `select` answers from into `path` (replaced whole)."""
    temporary = path.with_name(f".{path.name}.building")
    temporary.unlink(missing_ok=True)
    connection = sqlite3.connect(temporary)
    try:
        connection.executescript(SCHEMA)
        connection.executemany(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", _documents(select)
        )
        names = sorted(set(_names(select)))
        connection.executemany("INSERT INTO names VALUES (?, ?, ?)", names)
        connection.executemany(
            "INSERT INTO names_text (name, iri) VALUES (?, ?)", [(n, i) for i, n, _ in names]
        )
        connection.execute("INSERT INTO documents(documents) VALUES ('optimize')")
        connection.commit()
    finally:
        connection.close()
    temporary.replace(path)
    return path


def _documents(select: Select) -> Iterable[tuple]:
    labels: dict[str, set[str]] = {}
    for row in select(PREFIXES + CONCEPT_LABELS):
        labels.setdefault(row["concept"], set()).add(row["label"])
    concepts: dict[str, set[str]] = {}
    for row in select(PREFIXES + CONCEPT_LINKS):
        concepts.setdefault(row["doc"], set()).update(labels.get(row["concept"], ()))
    for kind, query in DOCUMENTS.items():
        merged: dict[str, dict] = {}
        for row in sorted(select(PREFIXES + query), key=_row_order):
            entry = merged.setdefault(row["doc"], {**row, "texts": []})
            text = row.get("text", "")
            if text and text not in entry["texts"]:
                entry["texts"].append(text)
        for iri, entry in sorted(merged.items()):
            yield (
                " ".join(entry.get("title", "").split()),
                "\n".join(entry["texts"]),
                " · ".join(sorted(concepts.get(iri, ()))),
                iri,
                kind,
                entry.get("module", ""),
                entry.get("span", ""),
                entry.get("first"),
                entry.get("last"),
            )


def _row_order(row: dict[str, str]) -> tuple[str, ...]:
    """Rows in an order of their own, not the store's: a document's title, source and texts
    are the same whichever store (and index order) they were read from."""
    return tuple(row.get(name, "") for name in ("doc", "title", "module", "span", "first", "text"))


def _names(select: Select) -> Iterable[tuple[str, str, str]]:
    seen_iris = set()
    for row in select(PREFIXES + NAMES):
        name = " ".join(row["name"].split())
        yield row["iri"], name, fold(name)
        seen_iris.add(row["iri"])
    for iri in seen_iris:
        segment = re.split(r"[/#]", iri.rstrip("/"))[-1]
        if segment:
            yield iri, segment, fold(segment)


def match_expression(text: str) -> str:
    """An FTS5 query: every word of `text` as a quoted prefix term, all required."""
    words = re.findall(r"\w+", text)
    return " AND ".join(f'"{word}"*' for word in words)


def search(
    path: Path, text: str, kind: str | None = None, limit: int = 50, offset: int = 0
) -> Found:
    """Documents matching every word of `text` (prefixes), best first; counts per kind."""
    expression = match_expression(text)
    if not expression:
        return Found(text)
    with _open(path) as connection:
        counts = dict(
            connection.execute(
                "SELECT kind, COUNT(*) FROM documents WHERE documents MATCH ? GROUP BY kind",
                (expression,),
            ).fetchall()
        )
        rows = connection.execute(
            f"""SELECT iri, kind, title,
                  snippet(documents, 1, ?, ?, '…', 24), module, span, first, last,
                  highlight(documents, 0, ?, ?), snippet(documents, 2, ?, ?, '…', 12)
                FROM documents WHERE documents MATCH ? AND (? IS NULL OR kind = ?)
                ORDER BY bm25(documents, {", ".join(map(str, WEIGHTS))})
                LIMIT ? OFFSET ?""",
            (*MARKS, *MARKS, *MARKS, expression, kind, kind, limit, offset),
        ).fetchall()
    hits = [
        Hit(
            iri=iri,
            kind=found_kind,
            title=marked_title or title,
            snippet=snippet,
            module=module or "",
            span=span or "",
            first=int(first) if first else None,
            last=int(last) if last else None,
            about=about
            if MARK_START in about and MARK_START not in snippet + (marked_title or "")
            else "",
        )
        for iri, found_kind, title, snippet, module, span, first, last, marked_title, about in rows
    ]
    return Found(text, hits, {k: counts[k] for k in KINDS if k in counts})


def lookup(path: Path, value: str, namespace: str = "") -> list[tuple[str, str]]:
    """(IRI, name) of the IRIs in `namespace` whose name is `value` (case and accents folded)."""
    with _open(path) as connection:
        rows = connection.execute(
            "SELECT DISTINCT iri, name FROM names WHERE folded = ? AND substr(iri, 1, ?) = ?"
            " ORDER BY iri",
            (fold(value), len(namespace), namespace),
        ).fetchall()
    return _one_name_per_iri(rows)


def complete(path: Path, text: str, namespace: str = "", limit: int = 15) -> list[tuple[str, str]]:
    """(IRI, name) of IRIs in `namespace` with a name containing words starting as typed."""
    expression = match_expression(text)
    if not expression:
        return []
    with _open(path) as connection:
        rows = connection.execute(
            "SELECT iri, name FROM names_text WHERE names_text MATCH ? AND substr(iri, 1, ?) = ?"
            " ORDER BY rank LIMIT ?",
            (expression, len(namespace), namespace, limit * 4),
        ).fetchall()
    return _one_name_per_iri(rows)[:limit]


def _one_name_per_iri(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    chosen: dict[str, str] = {}
    for iri, name in rows:
        chosen.setdefault(iri, name)
    return list(chosen.items())


class _open:  # noqa: N801 - used as `with _open(path) as connection`
    """A read-only connection to the index at `path`."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise SearchUnavailable("this release has no search index; rebuild it with gkg build")
        self.connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, *exc: object) -> None:
        self.connection.close()
