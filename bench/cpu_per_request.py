"""CPU milliseconds per request, by kind of process, while clients run the query mix.

    python bench/cpu_per_request.py --url http://127.0.0.1:8000/sparql \\
        --server-pid $(pgrep -o -f 'gkg serve') --clients 16 --seconds 10 [--inner]

Reads the user + system CPU time of every process under ``--server-pid`` from /proc
before and after ``--clients`` clients run the mix of bench/query_mix.py (named queries
with varied parameters plus the ad-hoc shapes) for ``--seconds``, and divides each kind's
CPU time by the requests answered: the server's main process, its web workers (its
children) and the processes under those (query processes and their fork server), then
the benchmark's own client threads. Any SPARQL server works (Virtuoso: its one process is
the "main process"). By hand only; figures go in notes.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from proc_stat import PARENT, SYSTEM_TICKS, USER_TICKS, stat_fields  # noqa: E402
from query_mix import endpoint_values, http_runner, query_mix, throughput  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def process_table() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds so far) of every process now running."""
    return {
        pid: (int(fields[PARENT]), (int(fields[USER_TICKS]) + int(fields[SYSTEM_TICKS])) / TICKS)
        for pid, fields in stat_fields().items()
    }


def kind_of(pid: int, root: int, table: dict[int, tuple[int, float]]) -> str | None:
    """``main``, ``web`` (a child of the main process), ``query`` (deeper) or None (not the
    server's)."""
    depth = 0
    while pid != root:
        if pid not in table or pid <= 1:
            return None
        pid = table[pid][0]
        depth += 1
    return ("main", "web")[depth] if depth < 2 else "query"


def cpu_by_kind(
    root: int, before: dict[int, tuple[int, float]], after: dict[int, tuple[int, float]]
) -> dict[str, float]:
    """CPU seconds each kind of the server's processes used between two process tables
    (a process that ended meanwhile is not counted)."""
    used = {"main": 0.0, "web": 0.0, "query": 0.0}
    for pid, (_, seconds) in after.items():
        kind = kind_of(pid, root, after)
        if kind:
            used[kind] += seconds - before.get(pid, (0, 0.0))[1]
    return used


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the SPARQL endpoint")
    parser.add_argument("--server-pid", type=int, required=True, help="the server's main process")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--inner", action="store_true", help="gkg's named-query texts")
    args = parser.parse_args()
    mix = query_mix(endpoint_values(args.url), inner=args.inner)
    run = http_runner(args.url, timeout=120)
    own_before = resource.getrusage(resource.RUSAGE_SELF)
    before, started = process_table(), time.perf_counter()
    result = throughput(run, mix, args.clients, args.seconds)
    elapsed, after = time.perf_counter() - started, process_table()
    own_after = resource.getrusage(resource.RUSAGE_SELF)
    requests = result["req_per_s"] * elapsed  # about: the pool starts within `elapsed`
    used = cpu_by_kind(args.server_pid, before, after)
    used["client"] = (own_after.ru_utime + own_after.ru_stime) - (
        own_before.ru_utime + own_before.ru_stime
    )
    print(
        f"{args.clients} clients, {args.seconds:g} s: {result['req_per_s']} req/s, "
        f"{result['errors']} errors"
    )
    for kind, seconds in used.items():
        print(f"  {kind:6s} {seconds * 1000 / max(requests, 1):6.2f} CPU-ms a request")
    server = used["main"] + used["web"] + used["query"]
    print(f"  server {server * 1000 / max(requests, 1):6.2f} CPU-ms a request in all")
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
