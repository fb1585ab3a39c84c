"""Hostile-client figures for a running `gkg serve`: how long, how much memory, which status.

    python bench/abuse.py http://127.0.0.1:8000 big          # four large queries at once
    python bench/abuse.py http://127.0.0.1:8000 memory       # many distinct large queries
    python bench/abuse.py http://127.0.0.1:8000 url          # 1, 10 and 50 MB request lines
    python bench/abuse.py http://127.0.0.1:8000 egress       # SERVICE variants, connections

``big`` posts four distinct queries of ``--size`` bytes (a long VALUES block) at once and
probes the endpoint with a small query every half second meanwhile: statuses, the time
until all four are answered, the probes' worst latency. ``memory`` posts ``--count``
distinct queries of ``--size`` bytes and reports the resident memory of the server's
processes (found by the port in their command line) before and after. ``url`` sends
long request lines on /healthz and to a named query and times the first answer line.
``egress`` sends the SERVICE/FROM variants of tests/test_egress_live.py with a
connection counter on 127.0.0.1 as their endpoint. Figures go in reports, never in
tests.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import requests

SMALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
HEADERS = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}


def big_query(seed: int, size: int) -> str:
    items = " ".join(f'"v{seed}-{i:07d}"' for i in range((size - 64) // 13))
    return f"SELECT ?x WHERE {{ VALUES ?x {{ {items} }} }} LIMIT 1"


def post(base: str, query: str) -> tuple[int | str, float]:
    started = time.perf_counter()
    try:
        body = query.encode()
        response = requests.post(f"{base}/sparql", data=body, headers=HEADERS, timeout=900)
        status: int | str = response.status_code
    except requests.RequestException as error:
        status = type(error).__name__
    return status, time.perf_counter() - started


def big(base: str, size: int) -> None:
    queries = [big_query(seed, size) for seed in range(4)]
    probes: list[tuple[int | str, float]] = []
    done = threading.Event()

    def probe() -> None:
        while not done.is_set():
            started = time.perf_counter()
            try:
                status = requests.get(f"{base}/sparql", params={"query": SMALL}, timeout=900)
                probes.append((status.status_code, time.perf_counter() - started))
            except requests.RequestException as error:
                probes.append((type(error).__name__, time.perf_counter() - started))
            time.sleep(0.5)

    started = time.perf_counter()
    prober = threading.Thread(target=probe)
    prober.start()
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda query: post(base, query), queries))
    total = time.perf_counter() - started
    done.set()
    prober.join()
    print(f"4 queries of {len(queries[0].encode())} bytes:", [(s, round(t, 1)) for s, t in answers])
    print(f"all answered after {total:.1f} s")
    statuses = sorted({str(status) for status, _ in probes})
    worst = max((t for _, t in probes), default=0.0)
    print(f"{len(probes)} probes meanwhile: statuses {statuses}, worst latency {worst:.2f} s")


def resident_mb(port: str) -> dict[str, int]:
    """Resident memory (MB) of each process whose command line names ``port``."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            if port.encode() not in command or str(os.getpid()) == pid:
                continue
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        rss = next(line for line in status.splitlines() if line.startswith("VmRSS"))
        found[pid] = int(rss.split()[1]) // 1024
    return found


def memory(base: str, size: int, count: int) -> None:
    port = str(urlsplit(base).port)
    print("resident MB before:", resident_mb(port))
    statuses: dict[int | str, int] = {}
    started = time.perf_counter()

    def one(number: int) -> int | str:
        padding = f"#{number:08d}" + "x" * (size - 40)
        return post(base, padding + "\nASK {}")[0]

    with ThreadPoolExecutor(4) as pool:
        for status in pool.map(one, range(count)):
            statuses[status] = statuses.get(status, 0) + 1
    elapsed = time.perf_counter() - started
    print(f"{count} distinct queries of {size} bytes in {elapsed:.1f} s: {statuses}")
    print("resident MB after:", resident_mb(port))


def first_line(base: str, target: str) -> tuple[str, float]:
    """The status line answered to ``GET target``, read while the request is still sent."""
    address = urlsplit(base)
    connection = socket.create_connection((address.hostname, address.port), timeout=1800)
    request = f"GET {target} HTTP/1.1\r\nHost: {address.netloc}\r\n\r\n".encode()

    def send() -> None:
        try:
            connection.sendall(request)
        except OSError:
            pass

    started = time.perf_counter()
    threading.Thread(target=send, daemon=True).start()
    line = connection.makefile("rb").readline().decode().strip()
    connection.close()
    return line, time.perf_counter() - started


def url(base: str) -> None:
    for megabytes in (1, 10, 50):
        line, elapsed = first_line(base, "/healthz?pad=" + "x" * (megabytes << 20))
        print(f"{megabytes} MB URL on /healthz: {line!r} after {elapsed:.1f} s")
    for megabytes in (1, 10):
        target = "/api/queries/recommendations-by-strength?strength=" + "x" * (megabytes << 20)
        line, elapsed = first_line(base, target)
        print(f"{megabytes} MB named-query parameter: {line!r} after {elapsed:.1f} s")


def egress(base: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from test_egress_live import ConnectionCounter, variants

    counter = ConnectionCounter()
    for name, query in variants(counter.url, counter.port).items():
        before = counter.connections
        response = requests.post(f"{base}/sparql", data={"query": query}, timeout=60)
        time.sleep(0.3)
        print(f"{name:45s} {response.status_code} connections: {counter.connections - before}")
    print("connections in all:", counter.connections)
    counter.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base", help="the server's base URL")
    parser.add_argument("what", choices=["big", "memory", "url", "egress"])
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes per query")
    parser.add_argument("--count", type=int, default=1200, help="queries (memory)")
    args = parser.parse_args()
    if args.what == "big":
        big(args.base, args.size)
    elif args.what == "memory":
        memory(args.base, args.size, args.count)
    elif args.what == "url":
        url(args.base)
    else:
        egress(args.base)


if __name__ == "__main__":
    main()
