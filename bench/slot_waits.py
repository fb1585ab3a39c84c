"""Where a request's time goes under load, per entry of the mix, from gkg's Server-Timing.

    .venv/bin/python bench/slot_waits.py --url http://127.0.0.1:8000/sparql --clients 16

``--clients`` clients run the benchmark mix (``bench/query_mix.py``: named queries with varied
parameters, VALUES in inner groups as gkg runs them, and the ad-hoc shapes) for ``--seconds``
against a running ``gkg serve`` (cache off for figures that mean anything). Per entry, the
median of: the whole request as the client saw it, the wait for a query slot (``slot;dur=``),
the query's round trip to its query process (``query;dur=``) and the rest (HTTP, the web
process's own work). Sorted by the whole request. Figures go in issue notes, never in tests.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from query_mix import MixTurns, endpoint_values, query_mix  # noqa: E402

ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"
TIMING = re.compile(r"(\w+);dur=([\d.]+)")


def measure(url: str, clients: int, seconds: float) -> dict[str, list[tuple[float, float, float]]]:
    """Entry -> (whole ms, slot-wait ms, query ms) of every request answered in ``seconds``."""
    turns = MixTurns(query_mix(endpoint_values(url), inner=True), clients)
    found: dict[str, list[tuple[float, float, float]]] = {name: [] for name in turns.names}
    deadline = time.perf_counter() + seconds

    def client(index: int) -> None:
        session = requests.Session()
        texts = turns.of_client(index)
        while time.perf_counter() < deadline:
            name, text = next(texts)
            started = time.perf_counter()
            response = session.post(
                url, data={"query": text}, headers={"Accept": ACCEPT}, timeout=120
            )
            whole = (time.perf_counter() - started) * 1000
            response.raise_for_status()
            timing = {k: float(v) for k, v in TIMING.findall(response.headers["Server-Timing"])}
            found[name].append((whole, timing["slot"], timing["query"]))

    threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the service's /sparql URL")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    found = measure(args.url, args.clients, args.seconds)
    answered = [row for rows in found.values() for row in rows]
    print(
        f"{len(answered)} requests, {len(answered) / args.seconds:.1f} req/s, median "
        f"{statistics.median(row[0] for row in answered):.1f} ms"
    )
    print(f"{'entry':45} {'n':>4} {'whole':>7} {'slot':>7} {'query':>7} {'rest':>7}  (ms)")
    for name, rows in sorted(found.items(), key=lambda item: _median(item[1], 0)):
        if not rows:
            print(f"{name:45}    0  (none answered in time)")
            continue
        rest = statistics.median(whole - slot - query for whole, slot, query in rows)
        print(
            f"{name:45} {len(rows):4} {_median(rows, 0):7.1f} {_median(rows, 1):7.1f} "
            f"{_median(rows, 2):7.1f} {rest:7.1f}"
        )
    return 0


def _median(rows: list[tuple[float, float, float]], column: int) -> float:
    return statistics.median(row[column] for row in rows) if rows else float("nan")


if __name__ == "__main__":
    sys.exit(main())
