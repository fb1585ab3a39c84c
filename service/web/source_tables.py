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

# Cells are RDF lists.  Each list node comes with the node after it, and the cells are put in
# order by following them from the list's head: no counting over `rdf:rest*`, whose
# zero-length step and duplicates some stores (Virtuoso) get wrong.
CELLS = (
    PREFIXES
    + f"""
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX csvw: <http://www.w3.org/ns/csvw#>
SELECT DISTINCT ?recommendation ?table ?rownum ?cells ?node ?cell ?next ?span ?first ?last
WHERE {{
  ?recommendation gkg:inModule ?module ; gkg:hasTable ?table .
  {{ ?table gkg:headerCells ?cells BIND(0 AS ?rownum) }}
  UNION
  {{ ?table csvw:row ?row . ?row csvw:rownum ?rownum ; gkg:cells ?cells }}
  {{ ?cells rdf:first ?cell ; rdf:rest ?next BIND(?cells AS ?node) }}
  UNION
  {{ ?cells rdf:rest+ ?node . ?node rdf:first ?cell ; rdf:rest ?next }}
  {_spanned("table")}
}} ORDER BY ?recommendation ?table ?rownum
"""
)


def recommendation_tables(
    *, module: str = "", recommendation: str = ""
) -> dict[str, list[dict[str, Any]]]:
    """The tables of a module's recommendations (or of one), per recommendation IRI."""
    bound = {"module": iri(module)} if module else {"recommendation": iri(recommendation)}
    return group_cells(select_rows(CELLS, bound))


def group_cells(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Cell rows (one per list node, with the node after it) as tables per recommendation."""
    tables: dict[str, dict[str, Any]] = {}
    lists: dict[tuple[str, int], dict[str, tuple[str, str]]] = {}
    heads: dict[tuple[str, int], str] = {}
    for row in rows:
        iri = row["table"]["value"]
        tables.setdefault(
            iri,
            {
                "recommendation": row["recommendation"]["value"],
                "iri": iri,
                "lang": row["cell"].get("xml:lang", ""),
                **{key: row[key] for key in ("span", "first", "last") if key in row},
            },
        )
        place = (iri, int(row["rownum"]["value"]))
        heads[place] = row["cells"]["value"]
        nodes = lists.setdefault(place, {})
        nodes[row["node"]["value"]] = (row["cell"]["value"], row["next"]["value"])
    for table in tables.values():
        numbers = sorted(number for iri, number in lists if iri == table["iri"])
        cells = {n: _in_order(heads[(table["iri"], n)], lists[(table["iri"], n)]) for n in numbers}
        table["header"] = cells.pop(0, [])
        table["rows"] = list(cells.values())
    grouped: dict[str, list[dict[str, Any]]] = {}
    for table in tables.values():
        grouped.setdefault(table["recommendation"], []).append(table)
    for found in grouped.values():
        found.sort(key=lambda table: int(table["iri"].rsplit("/", 1)[-1]))
    return grouped


def _in_order(head: str, nodes: dict[str, tuple[str, str]]) -> list[str]:
    """The cells of the list starting at `head`, following each node to the next."""
    cells, node, seen = [], head, set()
    while node in nodes and node not in seen:
        seen.add(node)
        cell, node = nodes[node]
        cells.append(cell)
    return cells
