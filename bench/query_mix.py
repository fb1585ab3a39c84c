"""Query-mix benchmark over the SPARQL protocol: latency and throughput per endpoint.

    python bench/query_mix.py --endpoint gkg=http://127.0.0.1:8000/sparql \\
        --endpoint virtuoso=http://127.0.0.1:8890/sparql --seconds 10

The mix is every named query in queries/ (with its example parameters bound as a
VALUES block, so every engine runs the same text) plus the heavier analytical
queries in HEAVY.  For each endpoint it reports, per query, the median and p95
latency of one client, then the mix's throughput with 1, 4 and 16 concurrent
clients for a bounded time.  `--rdflib FILE.nq` adds rdflib's in-memory engine
(in process, one client only) on the same data.  Every answer is checked for
HTTP 200 and counted; errors are reported, never hidden.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.queries.binding import bind_values  # noqa: E402
from service.queries.library import load_library  # noqa: E402

PREFIXES = """PREFIX gkg: <https://w3id.org/gkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
HEAVY = {
    "point-lookup": "SELECT ?p ?o WHERE { <https://w3id.org/gkg/module/borstkanker/10.1.1> ?p ?o }",
    "numeric-filter-order": """SELECT ?finding ?value WHERE { ?finding gkg:value ?value ;
        gkg:lower ?lower FILTER(?value > 0.9 && ?lower > 0.5) } ORDER BY DESC(?value) LIMIT 100""",
    "group-by-having": """SELECT ?org (COUNT(DISTINCT ?person) AS ?people) WHERE {
        ?interest gkg:counterparty ?org . ?declaration gkg:declaresInterest ?interest ;
        gkg:declarant ?person } GROUP BY ?org HAVING (COUNT(DISTINCT ?person) > 1)
        ORDER BY DESC(?people)""",
    "two-hop-join": """SELECT ?module ?reference ?doi WHERE {
        ?module gkg:listsReference ?reference .
        ?reference <http://purl.org/ontology/bibo/doi> ?doi }""",
    "optional-not-exists": """SELECT ?reference ?title WHERE {
        ?module gkg:listsReference ?reference .
        OPTIONAL { ?reference dcterms:title ?title }
        FILTER NOT EXISTS { ?reference <http://purl.org/ontology/bibo/pmid> ?pmid } }""",
    "broader-star-join": """SELECT ?module (COUNT(?concept) AS ?n) WHERE { ?module a gkg:Module ;
        dcterms:subject ?concept . ?concept skos:broader* ?top } GROUP BY ?module""",
    "contains-regex": """SELECT ?thing ?title WHERE { ?thing dcterms:title ?title
        FILTER(CONTAINS(LCASE(STR(?title)), "breast") || REGEX(STR(?title), "PET", "i")) }""",
    "construct-module": """CONSTRUCT { <https://w3id.org/gkg/module/borstkanker/10.1.1> ?p ?o }
        WHERE { <https://w3id.org/gkg/module/borstkanker/10.1.1> ?p ?o }""",
}


def query_mix() -> dict[str, str]:
    """Name -> query text: the named queries with example parameters bound, then HEAVY."""
    mix = {}
    for name, query in load_library().items():
        if "SERVICE" in query.sparql.upper():
            continue
        mix[f"named:{name}"] = bind_values(query.sparql, query.bind(query.example_values()))
    mix.update({f"heavy:{name}": PREFIXES + text for name, text in HEAVY.items()})
    return mix


def http_runner(url: str, timeout: float) -> Callable[[str], int]:
    session = requests.Session()
    local = threading.local()

    def run(query: str) -> int:
        client = getattr(local, "session", None) or session
        local.session = client
        accept = "application/sparql-results+json, text/turtle;q=0.9"
        response = client.post(
            url, data={"query": query}, headers={"Accept": accept}, timeout=timeout
        )
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}: {response.text[:200]}")
        return len(response.content)

    return run


def rdflib_runner(path: Path) -> Callable[[str], int]:
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(path, format="nquads")

    def run(query: str) -> int:
        result = dataset.query(query)
        return len(result.serialize(format="json" if result.type != "CONSTRUCT" else "nt"))

    return run


def latencies(run: Callable[[str], int], mix: dict[str, str], repeat: int) -> dict[str, dict]:
    table = {}
    for name, query in mix.items():
        times, error = [], ""
        for _ in range(repeat):
            if sum(times) > 10_000:  # a slow engine: stop repeating after 10 s on one query
                break
            started = time.perf_counter()
            try:
                run(query)
            except Exception as failure:  # noqa: BLE001 - reported, not hidden
                error = str(failure)[:200]
                break
            times.append((time.perf_counter() - started) * 1000)
        table[name] = {
            "median_ms": round(statistics.median(times), 2) if times else None,
            "p95_ms": round(_p95(times), 2) if times else None,
            "error": error,
        }
    return table


def throughput(run: Callable[[str], int], mix: dict[str, str], clients: int, seconds: float):
    queries = list(mix.values())
    deadline = time.perf_counter() + seconds
    counts = [0] * clients
    errors = [0] * clients

    def client(index: int) -> None:
        position = index
        while time.perf_counter() < deadline:
            try:
                run(queries[position % len(queries)])
                counts[index] += 1
            except Exception:  # noqa: BLE001 - counted
                errors[index] += 1
            position += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    elapsed = time.perf_counter() - started
    return {"clients": clients, "req_per_s": round(sum(counts) / elapsed, 1), "errors": sum(errors)}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", action="append", default=[], metavar="NAME=URL")
    parser.add_argument("--rdflib", type=Path, help="N-Quads file for rdflib's in-memory engine")
    parser.add_argument("--repeat", type=int, default=20, help="single-client runs per query")
    parser.add_argument("--seconds", type=float, default=10.0, help="per throughput level")
    parser.add_argument("--clients", default="1,4,16")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--json", type=Path, help="write the full results here")
    args = parser.parse_args()
    mix = query_mix()
    results = {}
    runners = {
        name: http_runner(url, args.timeout)
        for name, url in (item.split("=", 1) for item in args.endpoint)
    }
    if args.rdflib:
        runners["rdflib-in-memory"] = rdflib_runner(args.rdflib)
    for name, run in runners.items():
        print(f"== {name}", flush=True)
        entry = {"latency": latencies(run, mix, args.repeat if name != "rdflib-in-memory" else 3)}
        for query, row in entry["latency"].items():
            print(
                f"  {query:45} median {row['median_ms']} ms  p95 {row['p95_ms']} ms {row['error']}"
            )
        if name != "rdflib-in-memory":
            entry["throughput"] = [
                throughput(run, mix, int(n), args.seconds) for n in args.clients.split(",")
            ]
            for row in entry["throughput"]:
                rate, errors = row["req_per_s"], row["errors"]
                print(f"  {row['clients']:3} clients: {rate} req/s, {errors} errors")
        results[name] = entry
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
