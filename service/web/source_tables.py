"""Tables the source holds inside recommendations, kept as tables (csvw:Table, csvw:Row).

    tables = recommendation_tables(module=".../module/longkanker/6.1")
    tables[".../recommendation/longkanker/6.1-1"][0]["header"]   # ['Situatie', 'Advies']
    recommendation_tables(recommendation=".../recommendation/longkanker/6.1-1")

Each table has its IRI, header cells, rows of cells in order, the language of its cells
and its source span; the
module and recommendation pages render them as HTML tables (templates/_tables.html).
"""

from __future__ import annotations

from typing import Any

from service.queries.binding import iri
from service.sparql.querying import select_rows
from service.web.module_queries import PREFIXES, _spanned

# Cells are RDF lists: a cell's place is the number of list nodes up to and including it.
CELLS = (
    PREFIXES
    + f"""
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX csvw: <http://www.w3.org/ns/csvw#>
SELECT ?recommendation ?table ?rownum ?node ?cell (COUNT(?before) AS ?place) ?span ?first ?last
WHERE {{
  ?recommendation gkg:inModule ?module ; gkg:hasTable ?table .
  {{ ?table gkg:headerCells ?cells BIND(0 AS ?rownum) }}
  UNION
  {{ ?table csvw:row ?row . ?row csvw:rownum ?rownum ; gkg:cells ?cells }}
  ?cells rdf:rest* ?before . ?before rdf:rest* ?node . ?node rdf:first ?cell .
  {_spanned("table")}
}} GROUP BY ?recommendation ?table ?rownum ?node ?cell ?span ?first ?last
ORDER BY ?recommendation ?table ?rownum ?place
"""
)


def recommendation_tables(
    *, module: str = "", recommendation: str = ""
) -> dict[str, list[dict[str, Any]]]:
    """The tables of a module's recommendations (or of one), per recommendation IRI."""
    bound = {"module": iri(module)} if module else {"recommendation": iri(recommendation)}
    return group_cells(select_rows(CELLS, bound))


def group_cells(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Cell rows (ordered by table, row number, place) as tables per recommendation."""
    tables: dict[str, dict[str, Any]] = {}
    for row in rows:
        table = tables.setdefault(
            row["table"]["value"],
            {
                "recommendation": row["recommendation"]["value"],
                "iri": row["table"]["value"],
                "lang": row["cell"].get("xml:lang", ""),
                "header": [],
                "rows": {},
                **{key: row[key] for key in ("span", "first", "last") if key in row},
            },
        )
        number = int(row["rownum"]["value"])
        cells = table["header"] if number == 0 else table["rows"].setdefault(number, [])
        cells.append(row["cell"]["value"])
    grouped: dict[str, list[dict[str, Any]]] = {}
    for table in tables.values():
        table["rows"] = [cells for _, cells in sorted(table["rows"].items())]
        grouped.setdefault(table["recommendation"], []).append(table)
    for found in grouped.values():
        found.sort(key=lambda table: int(table["iri"].rsplit("/", 1)[-1]))
    return grouped
