"""Start-up time and memory of a whole ``gkg serve``, before and after clients run the mix.

    python bench/serve_memory.py --store DIR [--in-memory] [--seconds 20] [--clients 16]

Starts ``gkg serve`` over ``--store`` with the answer cache off on a free port of 127.0.0.1,
times how long it takes until ``/readyz`` answers and then until the machine is idle again
(workers still loading their query processes), and sums the resident (RSS) and proportional
(PSS: a page shared by N processes counts 1/N) memory of the server and every process under it.
Then ``--clients`` clients run the mix of bench/query_mix.py (named queries with varied
parameters plus the ad-hoc shapes) for ``--seconds``, and the memory is summed again. Set
PYTHONPATH to another checkout to measure its code (``git worktree add /tmp/old REV``). By hand
only; figures go in notes.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_safety import free_port  # noqa: E402
from proc_stat import PARENT, descendants, stat_fields  # noqa: E402
from query_mix import endpoint_values, http_runner, query_mix, throughput  # noqa: E402

IDLE_SHARE = 0.9  # the machine counts as idle when its CPUs were this idle over a second


def memory_mib(root: int) -> tuple[int, int, int]:
    """(processes, RSS MiB, PSS MiB) summed over ``root``'s process tree."""
    count = rss = pss = 0
    parents = {pid: int(fields[PARENT]) for pid, fields in stat_fields().items()}
    for pid in descendants(root, parents):
        try:
            lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]
        except OSError:
            continue
        rollup = {line.split(":")[0]: int(line.split()[1]) for line in lines}
        count, rss, pss = count + 1, rss + rollup["Rss"], pss + rollup["Pss"]
    return count, rss // 1024, pss // 1024


def cpu_idle_share(seconds: float = 1.0) -> float:
    """The share of the machine's CPU time spent idle over ``seconds``."""

    def times() -> tuple[int, int]:
        values = [int(value) for value in Path("/proc/stat").read_text().split()[1:9]]
        return sum(values), values[3] + values[4]

    total, idle = times()
    time.sleep(seconds)
    total_after, idle_after = times()
    return (idle_after - idle) / max(1, total_after - total)


def wait_ready(url: str, server: subprocess.Popen, limit: float = 600.0) -> None:
    give_up = time.monotonic() + limit
    while time.monotonic() < give_up:
        if server.poll() is not None:
            raise SystemExit(f"gkg serve ended with status {server.returncode}")
        try:
            if requests.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"gkg serve was not ready within {limit:g} s")


def report(label: str, root: int) -> None:
    processes, rss, pss = memory_mib(root)
    print(f"{label}: {processes} processes, RSS {rss:,} MiB, PSS {pss:,} MiB", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--in-memory", action="store_true")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(Path(sys.executable).with_name("gkg")), "serve", "--store", str(args.store)]
    command += ["--port", str(port)] + (["--in-memory"] if args.in_memory else [])
    environment = {**os.environ, "GKG_CACHE_BYTES": "0"}
    started = time.monotonic()
    server = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL)
    try:
        wait_ready(url, server)
        print(f"ready after {time.monotonic() - started:.1f} s", flush=True)
        while cpu_idle_share() < IDLE_SHARE:
            pass
        print(f"idle after {time.monotonic() - started:.1f} s", flush=True)
        report("after start", server.pid)
        mix = query_mix(endpoint_values(f"{url}/sparql"), inner=True)
        result = throughput(http_runner(f"{url}/sparql", 120.0), mix, args.clients, args.seconds)
        print(
            f"mix: {result['req_per_s']} req/s, median {result['median_ms']} ms, "
            f"{result['errors']} errors",
            flush=True,
        )
        report(f"after {args.seconds:g} s of the mix", server.pid)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
