"""The README's benchmark table from `bench/query_mix.py --json` results.

    python bench/mix_table.py results-1.json results-100.json

One Markdown table per results file: a column per endpoint; rows for the named-query mix
(median single-client latency over its queries; throughput and median latency at 1, 4 and
16 clients, with the mix's texts and, when measured, with every text new) and for each ad-hoc
query shape (median single-client latency).  Figures are
the medians over the run's rounds.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

COLUMNS = {
    "gkg-no-cache": "gkg, cache off",
    "gkg": "gkg, cache on",
    "gkg-in-memory-no-cache": "gkg in memory, cache off",
    "gkg-no-cache-glibc": "gkg, cache off, glibc malloc",
    "gkg-in-memory-no-cache-glibc": "gkg in memory, cache off, glibc malloc",
    "virtuoso": "Virtuoso 7",
    "rdflib-endpoint": "rdflib-endpoint",
}
SHAPES = {
    "point-lookup": "point lookup",
    "numeric-filter-order": "numeric filter + order",
    "group-by-having": "GROUP BY / HAVING",
    "two-hop-join": "2-hop join",
    "optional-not-exists": "OPTIONAL + NOT EXISTS",
    "broader-star-join": "`skos:broader*` + join",
    "contains-regex": "text filter",
    "construct-module": "CONSTRUCT one module",
}


def table(summary: dict) -> str:
    """A Markdown table of one run's summary (endpoint -> figures)."""
    names = [name for name in COLUMNS if name in summary] + [
        name for name in summary if name not in COLUMNS
    ]
    lines = [
        "| | " + " | ".join(COLUMNS.get(name, name) for name in names) + " |",
        "|---|" + "---|" * len(names),
        _row("named mix, median latency (ms)", names, summary, _named),
    ]
    for key, texts in (("throughput", ""), ("new_texts", ", new texts")):
        if not any(key in row for row in summary.values()):
            continue
        for clients in ("1", "4", "16"):
            plural = "s" if clients != "1" else ""
            label = f"named + ad-hoc mix{texts}, {clients} client{plural}: req/s · median ms"
            lines.append(_row(label, names, summary, lambda s, c=clients, k=key: _level(s, c, k)))
    queries = next(iter(summary.values()))["latency_ms"]
    for query in queries:
        if query.startswith("heavy:"):
            shape = query.removeprefix("heavy:")
            label = f"{SHAPES.get(shape, shape)} (ms)"
            lines.append(
                _row(label, names, summary, lambda s, q=query: _number(s["latency_ms"].get(q)))
            )
    return "\n".join(lines)


def _row(label: str, names: list[str], summary: dict, cell) -> str:  # noqa: ANN001
    return f"| {label} | " + " | ".join(cell(summary[name]) for name in names) + " |"


def _named(row: dict) -> str:
    return _number(row.get("named_median_ms"))


def _level(row: dict, clients: str, key: str = "throughput") -> str:
    level = row.get(key, {}).get(clients)
    if not level:
        return "–"
    errors = f" ({level['errors']} errors)" if level["errors"] else ""
    return f"{_number(level['req_per_s'])} · {_number(level['median_ms'])}{errors}"


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", type=Path, nargs="+")
    args = parser.parse_args()
    for path in args.results:
        print(f"{path.name}:\n")
        print(table(json.loads(path.read_text())["summary"]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
