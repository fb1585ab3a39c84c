"""How long the query after a timeout waits, in a pool of in-memory query processes.

    python bench/after_timeout.py --store DIR [--processes 2] [--rounds 3]

Warms a :class:`~service.store.local_backend.LocalBackend` up in memory over ``--store`` (and
times it), then ``--rounds`` times runs a query that overruns a 1 s time limit (its process is
killed and replaced) and times the ``ASK`` that follows. Set PYTHONPATH to another checkout to
measure its code. By hand only; figures go in notes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1]))  # after PYTHONPATH: see above

from service.sparql.query_check import check_query  # noqa: E402
from service.store.backends import SPARQL_JSON, QueryTimeout  # noqa: E402
from service.store.local_backend import LocalBackend  # noqa: E402

OVERRUN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ASK = "ASK { ?s ?p ?o }"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    backend = LocalBackend(args.store, args.processes, in_memory=True)
    try:
        started = time.perf_counter()
        backend.warm_up()
        while backend.warming():
            time.sleep(0.05)
        print(f"warm-up of {args.processes} processes: {time.perf_counter() - started:.1f} s")
        for _ in range(args.rounds):
            try:
                backend.execute(check_query(OVERRUN), SPARQL_JSON, timeout=1, row_cap=5)
                print("the overrunning query ended within 1 s: the store is too small")
            except QueryTimeout:
                pass
            started = time.perf_counter()
            backend.execute(check_query(ASK), SPARQL_JSON, timeout=600, row_cap=5)
            print(f"the query after a timeout: {1000 * (time.perf_counter() - started):.1f} ms")
    finally:
        backend.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
