"""Compare a named query with other versions of its text: same answers? how much CPU?

    git show a4b370f:queries/modules-by-concept.rq > /tmp/before.rq
    .venv/bin/python bench/named_ab.py --store /tmp/store-100 modules-by-concept /tmp/before.rq

For every parameter value of the benchmark mix (``bench/query_mix.py``: every concept,
module, person ... in turn, VALUES in inner groups as gkg binds them), each version is
answered as a query process answers (``handle``: guard, plan, engine, SPARQL JSON) in this
one process, with the store's current release opened as the service opens it and the malloc
query processes run with (``--allocator``, see ``bench/preload.py``). Printed:

- per version, against the library's text: how many values gave the same answer byte for
  byte, how many the same rows in another order, and which gave other rows;
- per version, CPU milliseconds an answer takes, the mean over the values; versions take
  turns for ``--rounds`` rounds and each value's median counts, so a slow spell of the
  machine falls on all of them.

Figures go in issue notes, not in tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.preload import add_allocator_option, with_query_allocator  # noqa: E402
from bench.query_mix import parameter_values, store_values  # noqa: E402
from service.queries.binding import bind_values  # noqa: E402
from service.queries.library import load_library  # noqa: E402
from service.settings import DEFAULTS  # noqa: E402
from service.store.backends import SPARQL_JSON  # noqa: E402
from service.store.local_backend import QUERY, OpenRelease, handle  # noqa: E402
from service.store.releases import current_release  # noqa: E402


def rows(body: bytes) -> list[str]:
    """The rows of a SPARQL JSON answer, each as canonical JSON, sorted."""
    bindings = json.loads(body)["results"]["bindings"]
    return sorted(json.dumps(row, sort_keys=True) for row in bindings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a store root (gkg build)")
    parser.add_argument("name", help="a named query (queries/NAME.rq)")
    parser.add_argument("versions", nargs="+", type=Path, help="other texts of it (.rq files)")
    parser.add_argument("--rounds", type=int, default=5, help="turns of every version")
    parser.add_argument("--limit", type=int, default=1000, help="most parameter values")
    parser.add_argument(
        "--memory-quads",
        type=int,
        default=DEFAULTS["GKG_MEMORY_QUADS"],
        help="hold a release of at most this many quads in memory (GKG_MEMORY_QUADS)",
    )
    add_allocator_option(parser)
    args = parser.parse_args()
    print(f"allocator: {with_query_allocator(args.allocator)}")
    release = current_release(args.store)
    if release is None:
        print(f"no release is published under {args.store}", file=sys.stderr)
        return 2
    library = load_library()
    if args.name not in library:
        print(f"no named query {args.name!r}", file=sys.stderr)
        return 2
    query = library[args.name]
    stores = OpenRelease(in_memory=False, memory_quads=args.memory_quads)
    store = stores.get(str(release))

    chosen = parameter_values(query, store_values(store))[: args.limit]
    count = len(chosen)
    sources = {"library": query.sparql} | {str(path): path.read_text() for path in args.versions}
    texts = {
        label: [bind_values(source, query.bind(values), inner=True) for values in chosen]
        for label, source in sources.items()
    }

    def answer(text: str) -> tuple:
        return handle(stores, QUERY, (str(release), text, SPARQL_JSON, 10_000, None, ()), True)

    print(f"{args.name}: {count} parameter values, {release.name}")
    reference = [answer(text) for text in texts["library"]]
    for label in sources:
        if label == "library":
            continue
        same = reordered = 0
        for values, expected, text in zip(chosen, reference, texts[label], strict=True):
            got = answer(text)
            if got == expected:
                same += 1
            elif got[0] == expected[0] == "ok" and rows(got[1]) == rows(expected[1]):
                reordered += 1
            else:
                print(f"  {label}: other rows for {values}")
        print(f"  {label}: {same} identical, {reordered} the same rows in another order")
    spent: dict[str, list[list[float]]] = {label: [[] for _ in chosen] for label in sources}
    for _ in range(args.rounds):
        for label in sources:
            for index, text in enumerate(texts[label]):
                started = time.process_time()
                answer(text)
                spent[label][index].append((time.process_time() - started) * 1000)
    for label in sources:
        medians = [statistics.median(runs) for runs in spent[label]]
        print(f"  {statistics.mean(medians):8.2f} CPU-ms an answer (mean over values)  {label}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
