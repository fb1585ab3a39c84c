"""Resident memory of one query process over a soak of varied queries.

    .venv/bin/python bench/synthetic.py --copies 100 --store /tmp/gkg-store-100
    .venv/bin/python bench/query_memory.py --store /tmp/gkg-store-100 --seconds 60 [--in-memory]
        [--allocator auto|jemalloc|mimalloc|system]

Starts a `LocalBackend` with one query process over the published release (on disk unless
`--in-memory`), then sends it the query mix of `query_mix.py` (every named query with its
parameters varied over the store's values, as gkg binds them, plus the heavier analytical
queries) round after round for `--seconds`, each round the next text of every entry.
Samples the query process's RSS once a second and prints it after the first query, after the
first round, at its peak and at the end, with the growth over the last half of the soak
(a leak grows steadily; a cache that fills up levels off).
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from preload import add_allocator_option  # noqa: E402
from query_mix import query_mix, store_values  # noqa: E402

from service.sparql.query_check import check_query  # noqa: E402
from service.store.backends import SPARQL_JSON, TURTLE  # noqa: E402
from service.store.local_backend import LocalBackend  # noqa: E402
from service.store.releases import current_release, open_read_only  # noqa: E402

ROW_CAP = 10_000


def rss_mib(pid: int) -> float:
    """Resident memory of process `pid` in MiB (0 when it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def soak(store: Path, seconds: float, in_memory: bool, allocator: str) -> None:
    backend = LocalBackend(store, processes=1, in_memory=in_memory, allocator=allocator)
    release = current_release(store)
    if release is None:
        raise SystemExit(f"no release is published under {store}")
    values = store_values(open_read_only(release))
    mix = {
        name: [check_query(text) for text in texts]
        for name, texts in query_mix(values, inner=True).items()
    }
    first = next(iter(mix.values()))[0]
    backend.execute(first, SPARQL_JSON, timeout=600, row_cap=ROW_CAP)
    query_process = backend.pool._idle[False][0]  # noqa: SLF001 - the one query process
    process, process_allocator = query_process.process, query_process.allocator
    samples: list[tuple[float, float]] = []
    stop = threading.Event()

    def sample() -> None:
        started = time.monotonic()
        while not stop.is_set():
            samples.append((time.monotonic() - started, rss_mib(process.pid)))
            stop.wait(1.0)

    after_first = rss_mib(process.pid)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started, rounds, queries, after_round = time.monotonic(), 0, 0, None
    while time.monotonic() - started < seconds:
        for variants in mix.values():
            query = variants[rounds % len(variants)]
            media = TURTLE if query.form in ("CONSTRUCT", "DESCRIBE") else SPARQL_JSON
            backend.execute(query, media, timeout=120, row_cap=ROW_CAP)
            queries += 1
        rounds += 1
        if after_round is None:
            after_round = rss_mib(process.pid)
    stop.set()
    sampler.join()
    end = rss_mib(process.pid)
    half = [rss for at, rss in samples if at >= seconds / 2]
    growth = half[-1] - half[0] if len(half) > 1 else 0.0
    where = "in memory" if in_memory else "on disk"
    print(f"query process {process.pid} ({where}, allocator {process_allocator}) over {store}")
    print(f"{queries} queries in {rounds} rounds of {len(mix)}, {time.monotonic() - started:.0f} s")
    print(f"RSS after the first query: {after_first:.0f} MiB")
    print(f"RSS after the first round: {after_round:.0f} MiB")
    print(f"RSS peak: {max(rss for _, rss in samples):.0f} MiB; at the end: {end:.0f} MiB")
    print(f"growth over the second half of the soak: {growth:+.1f} MiB")
    backend.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--in-memory", action="store_true")
    add_allocator_option(parser)
    args = parser.parse_args()
    soak(args.store, args.seconds, args.in_memory, args.allocator)
    return 0


if __name__ == "__main__":
    sys.exit(main())
