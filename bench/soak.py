"""Soak test: many clients, ordinary and hostile traffic, against a running `gkg serve`.

    gkg serve --store var/store --port 8000 &
    python bench/soak.py --url http://127.0.0.1:8000 --clients 16 --seconds 60 \\
        --hostile 0.10 --server-pid $(pgrep -o -f 'gkg serve')   # pid: optional

Each of N client threads sends requests back to back for T seconds; each request is
hostile with probability --hostile, else ordinary.

Ordinary requests (all expected to answer 200): pages (home, module, person,
recommendation, reference, concept, organisation and source-span pages, some as Turtle),
named queries with their example parameters (`/api/queries/<name>.json`), and varied
/sparql SELECTs (point look-ups, class listings with LIMIT/OFFSET, the analytical
queries of bench/query_mix.py).  The resources are discovered from the server first.

Hostile requests, by kind: `bad-resource-url` (`>`, `"`, `\\`, `{`, `}`, newlines, NUL,
encoded slashes, very long segments in resource paths), `injection` (SPARQL injected
through resource paths: SERVICE, the `\\u0022` check bypass, a heavy cross join),
`huge-url` (a 100 kB resource path, a 1.1 MB /sparql query string), `malformed-sparql`,
`refused-service-from` (SERVICE to a local listener, `\\u0053ERVICE`, FROM a file),
`deep-nesting` (thousands of nested groups or parentheses), `one-mb-query` (a valid
query just under the 1 MB body cap, and one just over).  Every SERVICE target is a
listener of this script on 127.0.0.1: it reports how many connections the server made.

Expected answers: ordinary 200; hostile a 4xx (or 200 for a valid query), 503 with
Retry-After (busy) or 504 (time limit).  Any other 5xx, and every connection error, is
*unexpected* (and for ordinary requests any status but 200).  Hostile requests each use
a new connection; each ordinary client keeps one.
The report gives counts per status for each class and kind, the unexpected answers, the
latency of ordinary requests (p50, p99, max; per kind too) and, with --server-pid,
the peak resident memory and process count of the server's process tree.
`--json FILE` also writes the report as JSON; `--kinds a,b` sends only those hostile kinds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from proc_stat import PARENT, RESIDENT_PAGES, STATE, descendants, stat_fields  # noqa: E402
from query_mix import HEAVY, PREFIXES  # noqa: E402

BASE_IRI = "https://w3id.org/gkg/"
KINDS = ("module", "person", "recommendation", "reference", "concept", "organisation", "source")
SPARQL_JSON = "application/sparql-results+json"
PAGE_ACCEPT = "text/html, application/sparql-results+json;q=0.9, */*;q=0.1"
CROSS_JOIN = "?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o"


@dataclass(frozen=True)
class Request:
    """One request to send: class ('ordinary'/'hostile'), kind, method, path, body, headers."""

    group: str
    kind: str
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    group: str
    kind: str
    status: int | str  # HTTP status, or the name of the connection error
    seconds: float
    retry_after: bool


class Listener:
    """Counts the TCP connections made to it (the targets of injected SERVICE calls)."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()


# --- ordinary traffic ---------------------------------------------------------------


def discover(url: str) -> dict[str, list[str]]:
    """Paths of real resources of each kind, and the named queries' URLs."""
    found: dict[str, list[str]] = {}
    for kind in KINDS:
        query = (
            "SELECT DISTINCT ?s WHERE { ?s ?p ?o "
            f'FILTER(STRSTARTS(STR(?s), "{BASE_IRI}{kind}/")) }} ORDER BY ?s LIMIT 400'
        )
        response = requests.get(
            f"{url}/sparql",
            params={"query": query},
            headers={"Accept": "application/sparql-results+json"},
            timeout=120,
        )
        response.raise_for_status()
        rows = response.json()["results"]["bindings"]
        paths = ["/" + row["s"]["value"][len(BASE_IRI) :] for row in rows]
        if kind == "module":  # module pages: /module/<guideline>/<number> (not their parts)
            paths = [path for path in paths if path.count("/") == 3]
        found[kind] = paths or [f"/{kind}/"]
    named = []
    for query in requests.get(f"{url}/api/queries", timeout=60).json():
        if "SERVICE" in query["sparql"].upper():
            continue
        params = {p["name"]: p["example"] for p in query["params"] if p.get("example")}
        named.append(f"{query['url']}.json?" + "&".join(
            f"{name}={quote(str(value), safe='')}" for name, value in params.items()
        ))  # fmt: skip
    found["named"] = named
    return found


def ordinary(rng: random.Random, found: dict[str, list[str]]) -> Request:
    choice = rng.random()
    if choice < 0.45:
        kind = rng.choice(KINDS)
        path = rng.choice(found[kind])
        if rng.random() < 0.15:
            return Request("ordinary", "page-rdf", "GET", path + ".ttl")
        if rng.random() < 0.1:
            path = "/"
        return Request("ordinary", "page", "GET", path)
    if choice < 0.75:
        return Request("ordinary", "named-query", "GET", rng.choice(found["named"]))
    path = "/sparql?query=" + quote(_select(rng, found))
    return Request("ordinary", "sparql", "GET", path, headers={"Accept": SPARQL_JSON})


def _select(rng: random.Random, found: dict[str, list[str]]) -> str:
    kind = rng.random()
    if kind < 0.4:
        iri = BASE_IRI + rng.choice(found[rng.choice(KINDS)])[1:]
        return f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"
    if kind < 0.7:
        cls = rng.choice(["Module", "Recommendation", "Finding", "ClinicalQuestion"])
        return (
            f"SELECT ?s WHERE {{ ?s a <https://w3id.org/gkg/ontology#{cls}> }} ORDER BY ?s "
            f"LIMIT {rng.randint(1, 50)} OFFSET {rng.randint(0, 20)}"
        )
    name = rng.choice(sorted(HEAVY))
    text = PREFIXES + HEAVY[name]
    return text if "CONSTRUCT" not in text else PREFIXES + HEAVY["point-lookup"]


# --- hostile traffic ----------------------------------------------------------------

BAD_SEGMENTS = ['x">', "x\\", "x{", "x}", "x\n", "x\r\nX-Injected: 1", "x\x00", "a/b", "..",
                "Agnes-Jager", "x y", "%", "a" * 3000]  # fmt: skip


def hostile(rng: random.Random, listener_port: int, kinds: list[str]) -> Request:
    return HOSTILE_KINDS[rng.choice(kinds)](rng, listener_port)


def _bad_resource_url(rng: random.Random, port: int) -> Request:
    segment = quote(rng.choice(BAD_SEGMENTS), safe="").replace(".", "%2E")  # no '..' folding
    suffix = rng.choice(["", "", ".ttl", ".jsonld"])
    return Request("hostile", "bad-resource-url", "GET", f"/{rng.choice(KINDS)}/{segment}{suffix}")


def _injection(rng: random.Random, port: int) -> Request:
    target = f"http://127.0.0.1:{port}/sparql"
    payload = rng.choice(
        [
            f"agnes-jager>) }} SERVICE <{target}> {{ ?a ?b ?c }} VALUES (?w) {{ (<urn:x",
            f'agnes-jager>) }} BIND("\\u0022" AS ?z) SERVICE <{target}> {{ ?a ?b ?c }} '
            'BIND("\\u0022" AS ?y) VALUES (?w) { (<urn:x',
            f"agnes-jager>) }} {CROSS_JOIN} VALUES (?w) {{ (<urn:x",
        ]
    )
    suffix = rng.choice(["", ".ttl"])
    return Request("hostile", "injection", "GET", f"/person/{quote(payload, safe='')}{suffix}")


def _huge_url(rng: random.Random, port: int) -> Request:
    if rng.random() < 0.5:
        return Request("hostile", "huge-url", "GET", "/person/" + "a" * 100_000)
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_100_000
    return Request("hostile", "huge-url", "GET", "/sparql?query=" + quote(query))


def _malformed(rng: random.Random, port: int) -> Request:
    text = rng.choice(
        [
            "SELECT * WHERE { ?s ?p }",
            "SELEKT * WHERE { ?s ?p ?o }",
            "SELECT * WHERE { ?s ?p ?o",
            'SELECT * WHERE { ?s ?p "unterminated }',
            "PREFIX : <x SELECT * {}",
            "\x00\x01\x02",
            "SELECT * WHERE { ?s ?p ?o } LIMIT -1",
        ]
    )
    return Request("hostile", "malformed-sparql", "GET", "/sparql?query=" + quote(text))


def _refused(rng: random.Random, port: int) -> Request:
    text = rng.choice(
        [
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
            f"SELECT * FROM NAMED <http://127.0.0.1:{port}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        ]
    )
    return Request(
        "hostile", "refused-service-from", "POST", "/sparql", text.encode(),
        {"Content-Type": "application/sparql-query"},
    )  # fmt: skip


def _deep_nesting(rng: random.Random, port: int) -> Request:
    depth = rng.choice([500, 5000, 20000])
    if rng.random() < 0.5:
        text = "SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth
    else:
        text = "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * depth + "1" + ")" * depth + ") }"
    return Request(
        "hostile", "deep-nesting", "POST", "/sparql", text.encode(),
        {"Content-Type": "application/sparql-query"},
    )  # fmt: skip


def _one_mb_query(rng: random.Random, port: int) -> Request:
    size = rng.choice([1_000_000, 1_100_000])  # just under and just over the default cap
    head, tail = "SELECT ?x WHERE { VALUES ?x { ", " } } LIMIT 1"
    rows = " ".join(f"<urn:x:{index}>" for index in range(size // 12))
    rows = rows[: rows.rindex(" ", 0, size - len(head) - len(tail))]
    return Request(
        "hostile", "one-mb-query", "POST", "/sparql", (head + rows + tail).encode(),
        {"Content-Type": "application/sparql-query"},
    )  # fmt: skip


HOSTILE_KINDS: dict[str, Callable[[random.Random, int], Request]] = {
    "bad-resource-url": _bad_resource_url,
    "injection": _injection,
    "huge-url": _huge_url,
    "malformed-sparql": _malformed,
    "refused-service-from": _refused,
    "deep-nesting": _deep_nesting,
    "one-mb-query": _one_mb_query,
}


# --- running and reporting ----------------------------------------------------------


def send(session: requests.Session, url: str, request: Request, timeout: float) -> Outcome:
    started = time.perf_counter()
    try:
        response = session.request(
            request.method, url + request.path, data=request.body,
            headers={"Accept": PAGE_ACCEPT, **request.headers},
            timeout=timeout,
        )  # fmt: skip
        status: int | str = response.status_code
        retry_after = "Retry-After" in response.headers
    except requests.RequestException as error:
        status, retry_after = type(error).__name__, False
        print(f"{request.group} {request.kind} {request.path[:80]}: {error}", file=sys.stderr)
    return Outcome(request.group, request.kind, status, time.perf_counter() - started, retry_after)


def client(
    index: int, url: str, args: argparse.Namespace, found: dict, port: int, deadline: float
) -> list[Outcome]:
    rng = random.Random(args.seed * 1000 + index)
    session = requests.Session()
    outcomes = []
    while time.monotonic() < deadline:
        if rng.random() < args.hostile:
            request = hostile(rng, port, args.kinds)
        else:
            request = ordinary(rng, found)
        # an attacker does not share connections with ordinary clients: one each
        connection = session if request.group == "ordinary" else requests.Session()
        outcomes.append(send(connection, url, request, args.request_timeout))
        if connection is not session:
            connection.close()
    return outcomes


def unexpected(outcome: Outcome) -> bool:
    """Ordinary: anything but 200.  Hostile: a connection error, or a 5xx other than
    504 (time limit) and 503 with Retry-After (busy); a hostile request that is still a
    valid query (a 1 MB one under the cap) may answer 200."""
    if outcome.group == "ordinary":
        return outcome.status != 200
    if isinstance(outcome.status, str):
        return True
    if outcome.status < 500 or outcome.status == 504:
        return False
    return not (outcome.status == 503 and outcome.retry_after)


class TreeSampler:
    """Peak resident memory and process count of a process and all its descendants."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        self.pid, self.interval = pid, interval
        self.peak_rss = 0
        self.peak_processes = 0
        self.peak_running = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self._stop.wait(self.interval):
            stats = _process_stats()
            tree = descendants(self.pid, {pid: stat[1] for pid, stat in stats.items()})
            rss = sum(stats[pid][2] for pid in tree) * page
            running = sum(1 for pid in tree if stats[pid][0] == "R")
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_processes = max(self.peak_processes, len(tree))
            self.peak_running = max(self.peak_running, running)


def _process_stats() -> dict[int, tuple[str, int, int]]:
    """pid -> (state, parent pid, resident pages) for every process."""
    return {
        pid: (fields[STATE], int(fields[PARENT]), int(fields[RESIDENT_PAGES]))
        for pid, fields in stat_fields().items()
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def report(outcomes: list[Outcome], seconds: float, listener: Listener, sampler) -> dict:  # noqa: ANN001
    table: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for outcome in outcomes:
        table[outcome.group][outcome.kind][str(outcome.status)] += 1
    bad = [o for o in outcomes if unexpected(o)]
    times = [o.seconds for o in outcomes if o.group == "ordinary" and o.status == 200]
    per_kind = defaultdict(list)
    for outcome in outcomes:
        if outcome.group == "ordinary" and outcome.status == 200:
            per_kind[outcome.kind].append(outcome.seconds)
    summary = {
        "requests": len(outcomes),
        "seconds": round(seconds, 1),
        "statuses": {
            group: {k: dict(c) for k, c in kinds.items()} for group, kinds in table.items()
        },
        "unexpected": Counter(f"{o.group}/{o.kind}/{o.status}" for o in bad),
        "unexpected_5xx": sum(1 for o in bad if isinstance(o.status, int) and o.status >= 500),
        "connection_errors": sum(1 for o in outcomes if isinstance(o.status, str)),
        "ordinary_ok": len(times),
        "ordinary_p50_ms": round(statistics.median(times) * 1000, 1) if times else None,
        "ordinary_p99_ms": round(percentile(times, 0.99) * 1000, 1) if times else None,
        "ordinary_max_ms": round(max(times) * 1000, 1) if times else None,
        "ordinary_per_kind_ms": {
            kind: {
                "n": len(values),
                "p50": round(statistics.median(values) * 1000, 1),
                "p99": round(percentile(values, 0.99) * 1000, 1),
            }
            for kind, values in sorted(per_kind.items())
        },  # fmt: skip
        "outbound_connections": listener.connections,
    }
    if sampler is not None:
        summary["server_peak_rss_mb"] = round(sampler.peak_rss / 2**20)
        summary["server_peak_processes"] = sampler.peak_processes
        summary["server_peak_running"] = sampler.peak_running
    return summary


def print_report(summary: dict) -> None:
    print(f"{summary['requests']} requests in {summary['seconds']} s")
    for group, kinds in summary["statuses"].items():
        for kind, statuses in sorted(kinds.items()):
            counts = ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items()))
            print(f"  {group:9} {kind:22} {counts}")
    print(f"unexpected 5xx: {summary['unexpected_5xx']}; "
          f"connection errors: {summary['connection_errors']}")  # fmt: skip
    for name, count in sorted(summary["unexpected"].items()):
        print(f"  unexpected {name}: {count}")
    print(
        f"ordinary 200s: {summary['ordinary_ok']}, p50 {summary['ordinary_p50_ms']} ms, "
        f"p99 {summary['ordinary_p99_ms']} ms, max {summary['ordinary_max_ms']} ms"
    )
    for kind, figures in summary["ordinary_per_kind_ms"].items():
        print(f"  {kind:12} n={figures['n']:5} p50 {figures['p50']} ms  p99 {figures['p99']} ms")
    print(f"outbound connections to the SERVICE listener: {summary['outbound_connections']}")
    if "server_peak_rss_mb" in summary:
        print(
            f"server tree: peak RSS {summary['server_peak_rss_mb']} MB, peak processes "
            f"{summary['server_peak_processes']}, peak running {summary['server_peak_running']}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the server's root URL")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--hostile", type=float, default=0.10, help="share of hostile requests")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--kinds",
        type=lambda text: text.split(","),
        default=list(HOSTILE_KINDS),
        help="hostile kinds to send, comma-separated (default: all)",
    )
    parser.add_argument("--request-timeout", type=float, default=120.0)
    parser.add_argument("--server-pid", type=int, help="sample this process tree's memory")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.kinds) - set(HOSTILE_KINDS))
    if unknown:
        parser.error(
            f"unknown hostile kind(s) {', '.join(unknown)}; use {', '.join(HOSTILE_KINDS)}"
        )
    url = args.url.rstrip("/")
    found = discover(url)
    listener = Listener()
    sampler = TreeSampler(args.server_pid) if args.server_pid else None
    started = time.monotonic()
    deadline = started + args.seconds
    with ThreadPoolExecutor(max_workers=args.clients) as pool:
        futures = [
            pool.submit(client, index, url, args, found, listener.port, deadline)
            for index in range(args.clients)
        ]
        outcomes = [outcome for future in futures for outcome in future.result()]
    elapsed = time.monotonic() - started
    if sampler is not None:
        sampler.stop()
    summary = report(outcomes, elapsed, listener, sampler)
    print_report(summary)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
