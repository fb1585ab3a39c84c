"""How much of a query process's answer is Oxigraph parsing and planning the text.

    .venv/bin/python bench/engine_share.py --store /tmp/store-1 [--variants 4] [--runs 5]

Over the SELECT and ASK texts of the benchmark mix (``bench/query_mix.py``, VALUES in inner
groups, ``--variants`` parameter sets per named query), with the store's current release
held as a query process holds it (in memory up to GKG_MEMORY_QUADS's default, else on disk),
prints CPU milliseconds per text, the best of ``--runs`` passes, for:

- the same texts on an empty store (parsing and planning, nothing to read);
- the engine over the store, solutions read one by one;
- the engine writing SPARQL JSON itself;
- ``run_query`` (the TSV capped at the row limit, then turned into SPARQL JSON);
- ``handle`` (the engine-side guard's memo and the hash-join plan as well).

By hand only; figures go in notes.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.query_mix import query_mix, store_values  # noqa: E402
from service.settings import DEFAULTS  # noqa: E402
from service.store.backends import SPARQL_JSON  # noqa: E402
from service.store.local_backend import QUERY, OpenRelease, handle, run_query  # noqa: E402
from service.store.releases import current_release  # noqa: E402

ROW_CAP = 10_000


def cpu_ms_per_text(step: Callable[[str], object], texts: list[str], runs: int) -> float:
    """CPU milliseconds of ``step`` per text, the best of ``runs`` passes over ``texts``."""
    passes = []
    for _ in range(runs):
        started = time.process_time()
        for text in texts:
            step(text)
        passes.append(time.process_time() - started)
    return min(passes) * 1000 / len(texts)


def read_all(store: pyoxigraph.Store) -> Callable[[str], object]:
    """Run a text on ``store`` and read every solution (an ASK answer is read at once)."""

    def step(text: str) -> None:
        results = store.query(text, use_default_graph_as_union=True)
        if isinstance(results, pyoxigraph.QuerySolutions):
            for _ in results:
                pass

    return step


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a store root (gkg build)")
    parser.add_argument("--variants", type=int, default=4, help="texts per mix entry")
    parser.add_argument("--runs", type=int, default=5, help="passes; the best one counts")
    args = parser.parse_args()
    release = current_release(args.store)
    if release is None:
        print(f"no release is published under {args.store}", file=sys.stderr)
        return 2
    stores = OpenRelease(in_memory=False, memory_quads=DEFAULTS["GKG_MEMORY_QUADS"])
    store = stores.get(str(release))
    mix = query_mix(store_values(store), inner=True)
    texts = [
        text
        for name, variants in mix.items()
        if not name.startswith("heavy:construct")
        for text in variants[: args.variants]
    ]

    def engine_json(text: str) -> None:
        results = store.query(text, use_default_graph_as_union=True)
        results.serialize(format=pyoxigraph.QueryResultsFormat.JSON)

    steps: dict[str, Callable[[str], object]] = {
        "empty store (parse and plan)": read_all(pyoxigraph.Store()),
        "engine, solutions read": read_all(store),
        "engine writing JSON": engine_json,
        "run_query (capped TSV, then JSON)": lambda text: run_query(
            store, text, SPARQL_JSON, ROW_CAP
        ),
        "handle (guard memo, join plan)": lambda text: handle(
            stores, QUERY, (str(release), text, SPARQL_JSON, ROW_CAP, None, ()), True
        ),
    }
    held = "in memory" if stores.held_in_memory else "on disk"
    average = sum(map(len, texts)) / len(texts)
    print(f"{release.name} ({held}): {len(texts)} texts, {average:.0f} characters on average")
    for step in steps.values():  # warm the memos and the store's caches first
        for text in texts:
            step(text)
    for label, step in steps.items():
        print(f"  {cpu_ms_per_text(step, texts, args.runs):7.3f} CPU-ms a text  {label}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
