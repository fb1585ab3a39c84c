"""Where a query's time goes inside gkg, without HTTP: the steps of the query path, per text.

    .venv/bin/python bench/query_profile.py --store /tmp/store-100 [--runs 6] [--top 15]

For every entry of the benchmark mix (``bench/query_mix.py``: the named queries with varied
parameters, VALUES in inner groups as gkg runs them, and the ad-hoc shapes), in this one
process with the store's current release open as a query process opens it (in memory when it
holds at most ``--memory-quads`` quads, as GKG_MEMORY_QUADS has the service do; else on disk)
and with the malloc query processes run with (``--allocator``, see ``bench/preload.py``):

- CPU milliseconds of a query process's whole answer (``handle``: the engine-side guard, the
  hash-join plan, the engine and serialising to SPARQL JSON, or Turtle for CONSTRUCT), the
  median of ``--runs`` runs with the entry's variants in turn; the costliest ``--top`` and
  the sum over one pass through the mix; with ``--every-variant``, the mean over all of an
  entry's variants instead (each answered once after a first, unmeasured turn), which is
  how often the mix sends them (every parameter value in turn);
- per text, on average: the web process's check of a text it has not seen
  (``check_query``), the plan alone and the guard alone.

Caches are warm after the first run, as in a query process that has answered a while.
Figures go in issue notes, not in tests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.preload import add_allocator_option, with_query_allocator  # noqa: E402
from bench.query_mix import query_mix, store_values  # noqa: E402
from service.settings import DEFAULTS  # noqa: E402
from service.sparql import query_check  # noqa: E402
from service.sparql.engine_guard import guard  # noqa: E402
from service.store.backends import SPARQL_JSON, TURTLE  # noqa: E402
from service.store.local_backend import QUERY, OpenRelease, handle  # noqa: E402
from service.store.releases import current_release  # noqa: E402


def cpu_ms(action: Callable[[], object]) -> float:
    """CPU milliseconds of one call of ``action`` in this process."""
    started = time.process_time()
    action()
    return (time.process_time() - started) * 1000


def _check_unseen(text: str, allowlist: frozenset[str]) -> object:
    """The web process's check of ``text`` as for a text not in its cache."""
    return query_check._check(text, allowlist, query_check.MAX_QUERY_BYTES, query_check.MAX_DEPTH)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a store root (gkg build)")
    parser.add_argument("--runs", type=int, default=6, help="runs per mix entry")
    parser.add_argument("--top", type=int, default=15, help="costliest entries to list")
    parser.add_argument(
        "--every-variant",
        action="store_true",
        help="an entry's cost is the mean over all its variants, as the mix weighs them",
    )
    parser.add_argument(
        "--memory-quads",
        type=int,
        default=DEFAULTS["GKG_MEMORY_QUADS"],
        help="hold a release of at most this many quads in memory, as the service does "
        "(GKG_MEMORY_QUADS; 0: always on disk)",
    )
    add_allocator_option(parser)
    args = parser.parse_args()
    print(f"allocator: {with_query_allocator(args.allocator)}")
    release = current_release(args.store)
    if release is None:
        print(f"no release is published under {args.store}", file=sys.stderr)
        return 2
    stores = OpenRelease(in_memory=False, memory_quads=args.memory_quads)
    store = stores.get(str(release))
    print(f"{release.name}: answered {'in memory' if stores.held_in_memory else 'on disk'}")

    mix = query_mix(store_values(store), inner=True)

    def answer(text: str, media_type: str) -> tuple:
        return handle(stores, QUERY, (str(release), text, media_type, 10_000, None, ()), True)

    costs = []
    for name, texts in mix.items():
        media_type = TURTLE if name.startswith("heavy:construct") else SPARQL_JSON
        if args.every_variant:
            for text in texts:
                answer(text, media_type)
            cost = statistics.mean(cpu_ms(partial(answer, text, media_type)) for text in texts)
        else:
            runs = [
                cpu_ms(partial(answer, texts[index % len(texts)], media_type))
                for index in range(args.runs)
            ]
            cost = statistics.median(runs)
        costs.append((cost, name))
    costs.sort(reverse=True)
    measure = "mean over its variants" if args.every_variant else "median"
    print(f"{release.name}: {len(mix)} mix entries, CPU ms of a query process's answer ({measure})")
    for milliseconds, name in costs[: args.top]:
        print(f"  {milliseconds:8.1f}  {name}")
    print(f"  {sum(ms for ms, _ in costs):8.1f}  one pass through the mix")
    texts = [text for variants in mix.values() for text in variants[:3]]
    steps: dict[str, Callable[[str], object]] = {
        "check in the web process (text not seen before)": partial(
            _check_unseen, allowlist=frozenset()
        ),
        "hash-join plan": stores.planned,
        "engine-side guard": partial(guard, keep=(), isolated=True),
    }
    for label, step in steps.items():
        total = sum(cpu_ms(partial(step, text)) for text in texts)
        print(f"  {total / len(texts):8.3f}  {label}, per text ({len(texts)} texts)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
