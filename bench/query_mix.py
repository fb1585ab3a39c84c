"""Query-mix benchmark over the SPARQL protocol: latency and throughput per endpoint.

    python bench/query_mix.py --endpoint gkg=http://127.0.0.1:8000/sparql \\
        --endpoint virtuoso=http://127.0.0.1:8890/sparql --seconds 10 --rounds 3

The mix is every named query in queries/ plus the ad-hoc analytical query shapes in HEAVY.
Named queries get varied parameters: each parameter cycles through its allowed values or
every resource of its example's class (every module, person, reference ..., asked of
``--values-from``, by default the first endpoint), bound as a VALUES block so every engine
runs the same texts (``--fixed``: the example values only); endpoints named with ``--inner``
get the block in inner groups too, as gkg's named-query API does for its Oxigraph store
(service.queries.binding). For each endpoint it reports, per query, the median and p95
latency of one client (each run takes the next parameter values), then the mix's throughput
and median latency with 1, 4 and 16 concurrent clients for a bounded time: with the mix's
texts (about 850 at 1x, each sent many times), and with ``--new-texts`` also with every
request's text new (a numbered comment ends it, so no engine has seen it before; the
answers are the same).

Engines keep work per text: Virtuoso answers texts it has seen many times faster (at 1x,
16 clients: about 110 req/s with new texts, rising over a minute of the repeated mix to
900), and gkg remembers its checks. So ``--warm-up S`` first runs the mix at 16 clients for
S seconds, unmeasured, before each endpoint's measurements in each round, and the
new-text levels come last (they push seen texts out). ``--rounds N`` measures all endpoints
back to back N times; the summary (and ``--json``) gives medians over rounds. ``--answers
FILE`` writes a digest of every text's answer per endpoint, to check that a change left
every answer as it was. ``--rdflib FILE.nq`` adds rdflib's in-memory engine (in process, one
client only). Every answer is checked for HTTP 200; errors are reported, never hidden.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph
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
MAX_VARIANTS = 1000
NUMBER_MARK = "\n# new text "


def numbered(text: str, number: int) -> str:
    """``text`` made new: a comment with ``number`` ends it (the same query to any engine).

    >>> without_number(numbered("ASK {}", 7)) == "ASK {}"
    True
    """
    return f"{text}{NUMBER_MARK}{number}\n"


def without_number(text: str) -> str:
    """The text :func:`numbered` was given."""
    return text.split(NUMBER_MARK, 1)[0]


def query_mix(
    values: Callable[[str], list[str]] | None = None, *, inner: bool = False
) -> dict[str, list[str]]:
    """Name -> query texts: the named queries with varied parameters bound, then HEAVY.

    Each named query gets one text per parameter value in its pool (:func:`parameter_pools`,
    values found by ``values``, a function from a SELECT to its ``?v`` values); without
    ``values`` only the example parameters. HEAVY queries have one text each. With ``inner``
    the VALUES block also goes into inner groups, as gkg does for its Oxigraph store.
    """
    mix = {}
    for name, query in load_library().items():
        if "SERVICE" in query.sparql.upper():
            continue
        mix[f"named:{name}"] = [
            bind_values(query.sparql, query.bind(chosen), inner=inner)
            for chosen in parameter_values(query, values)
        ]
    mix.update({f"heavy:{name}": [PREFIXES + text] for name, text in HEAVY.items()})
    return mix


def parameter_values(query, values: Callable[[str], list[str]] | None) -> list[dict[str, str]]:  # noqa: ANN001
    """The parameter values the mix gives ``query``, one dict per text: each parameter's
    pool (:func:`parameter_pools`) in turn, as many texts as the longest pool."""
    pools = parameter_pools(query, values)
    size = max((len(pool) for pool in pools.values()), default=1)
    return [
        {param: pool[index % len(pool)] for param, pool in pools.items()} for index in range(size)
    ]


def parameter_pools(query, values: Callable[[str], list[str]] | None) -> dict[str, list[str]]:  # noqa: ANN001
    """Parameter -> the values to cycle through: its allowed values, every resource of the
    example IRI's classes (every module, person, reference ...; at most MAX_VARIANTS), or
    the example alone."""
    pools = {}
    for param in query.params:
        example = param.example or param.default
        if param.allowed:
            pools[param.name] = list(param.allowed)
        elif param.type == "iri" and example and values is not None:
            found = values(
                f"SELECT DISTINCT ?v WHERE {{ <{example}> a ?class . ?v a ?class "
                f"FILTER(isIRI(?v)) }} ORDER BY ?v LIMIT {MAX_VARIANTS}"
            )
            pools[param.name] = found or [example]
        elif example:
            pools[param.name] = [example]
    return pools


def store_values(store: pyoxigraph.Store) -> Callable[[str], list[str]]:
    """A ``values`` function for :func:`query_mix` that asks a pyoxigraph store (all graphs)."""

    def values(query: str) -> list[str]:
        solutions = store.query(query, use_default_graph_as_union=True)
        return [str(row["v"].value) for row in solutions]

    return values


def endpoint_values(url: str) -> Callable[[str], list[str]]:
    """A ``values`` function for :func:`query_mix` that asks the SPARQL endpoint at ``url``."""

    def values(query: str) -> list[str]:
        response = requests.post(
            url,
            data={"query": query},
            headers={"Accept": "application/sparql-results+json"},
            timeout=120,
        )
        response.raise_for_status()
        return [row["v"]["value"] for row in response.json()["results"]["bindings"]]

    return values


def http_runner(url: str, timeout: float, answers: dict | None = None) -> Callable[[str], int]:
    """Run one query over HTTP; with ``answers``, remember a digest of each text's answer."""
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
        original = without_number(query)
        if answers is not None and original not in answers:
            answers[original] = answer_digest(response)
        return len(response.content)

    return run


def answer_digest(response: requests.Response) -> str:
    """A digest of an answer that ignores how it was written: SELECT rows in order (each row's
    bindings sorted), CONSTRUCT triples as a sorted set of lines."""
    if "json" in response.headers.get("Content-Type", ""):
        document = response.json()
        rows = [
            sorted((k, sorted(v.items())) for k, v in row.items())
            for row in document.get("results", {}).get("bindings", [])
        ]
        canonical = json.dumps([document.get("head"), document.get("boolean"), rows])
    else:
        canonical = "\n".join(sorted(set(response.text.splitlines())))
    return hashlib.sha256(canonical.encode()).hexdigest()


def rdflib_runner(path: Path) -> Callable[[str], int]:
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(path, format="nquads")

    def run(query: str) -> int:
        result = dataset.query(query)
        return len(result.serialize(format="json" if result.type != "CONSTRUCT" else "nt"))

    return run


def latencies(run: Callable[[str], int], mix: dict[str, list[str]], repeat: int) -> dict[str, dict]:
    """Per query: median and p95 of ``repeat`` single-client runs, each with the next variant."""
    table = {}
    for name, texts in mix.items():
        times, error = [], ""
        for index in range(repeat):
            if sum(times) > 10_000:  # a slow engine: stop repeating after 10 s on one query
                break
            started = time.perf_counter()
            try:
                run(texts[index % len(texts)])
            except Exception as failure:  # noqa: BLE001 - reported, not hidden
                error = str(failure)[:200]
                break
            times.append((time.perf_counter() - started) * 1000)
        table[name] = {
            "median_ms": round(statistics.median(times), 2) if times else None,
            "p95_ms": round(_p95(times), 2) if times else None,
            "variants": len(texts),
            "error": error,
        }
    return table


class MixTurns:
    """The texts ``clients`` concurrent clients send: each client starts at another entry of
    the mix and goes through the entries in order; each entry's variants are taken in turn,
    whichever client asks."""

    def __init__(self, mix: dict[str, list[str]], clients: int):
        self.mix = mix
        self.names = list(mix)
        self.clients = clients
        self._turns = dict.fromkeys(self.names, 0)
        self._lock = threading.Lock()

    def of_client(self, index: int) -> Iterator[tuple[str, str]]:
        """(entry, text) pairs for client ``index``, without end."""
        position = index * max(1, len(self.names) // self.clients)
        while True:
            name = self.names[position % len(self.names)]
            with self._lock:
                turn = self._turns[name]
                self._turns[name] += 1
            texts = self.mix[name]
            yield name, texts[turn % len(texts)]
            position += 1


def throughput(
    run: Callable[[str], int],
    mix: dict[str, list[str]],
    clients: int,
    seconds: float,
    *,
    new_texts: bool = False,
) -> dict:
    """Requests per second and median latency of ``clients`` clients cycling through the mix
    (:class:`MixTurns`); with ``new_texts`` every request's text is :func:`numbered` anew."""
    turns = MixTurns(mix, clients)
    deadline = time.perf_counter() + seconds
    counts = [0] * clients
    errors = [0] * clients
    times: list[float] = []
    numbers = itertools.count(time.time_ns())  # new in every run, even of the same engine

    def client(index: int) -> None:
        texts = turns.of_client(index)
        while time.perf_counter() < deadline:
            _, text = next(texts)
            if new_texts:
                text = numbered(text, next(numbers))
            started = time.perf_counter()
            try:
                run(text)
                counts[index] += 1
                times.append((time.perf_counter() - started) * 1000)
            except Exception:  # noqa: BLE001 - counted
                errors[index] += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "req_per_s": round(sum(counts) / elapsed, 1),
        "median_ms": round(statistics.median(times), 2) if times else None,
        "errors": sum(errors),
    }


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
    parser.add_argument("--rounds", type=int, default=1, help="repeat every measurement")
    parser.add_argument(
        "--values-from",
        metavar="URL",
        help="endpoint that lists parameter values (default: the first --endpoint)",
    )
    parser.add_argument("--fixed", action="store_true", help="example parameters only")
    parser.add_argument(
        "--slow",
        action="append",
        default=[],
        metavar="NAME",
        help="an endpoint measured in the first round only, 3 runs per query",
    )
    parser.add_argument(
        "--inner",
        action="append",
        default=[],
        metavar="NAME",
        help="an endpoint given named-query texts with VALUES in inner groups too (gkg's own)",
    )
    parser.add_argument(
        "--warm-up",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="run the mix at 16 clients this long before each endpoint's measurements",
    )
    parser.add_argument(
        "--new-texts",
        action="store_true",
        help="also measure throughput with every request's text new (numbered)",
    )
    parser.add_argument("--only", help="only mix entries whose name contains this text")
    parser.add_argument("--json", type=Path, help="write the full results here")
    parser.add_argument("--answers", type=Path, help="write each text's answer digest here")
    args = parser.parse_args()
    endpoints = [item.split("=", 1) for item in args.endpoint]
    source = args.values_from or (endpoints[0][1] if endpoints else None)
    values = None if args.fixed or not source else endpoint_values(source)
    mixes = {inner: query_mix(values, inner=inner) for inner in (False, True)}
    if args.only:
        mixes = {
            inner: {name: texts for name, texts in mix.items() if args.only in name}
            for inner, mix in mixes.items()
        }
    mix = mixes[False]
    print(f"mix: {len(mix)} queries, {sum(map(len, mix.values()))} texts", flush=True)
    digests: dict[str, dict[str, str]] = {}
    runners = {}
    for name, url in endpoints:
        digests[name] = {}
        runners[name] = http_runner(url, args.timeout, digests[name])
    if args.rdflib:
        runners["rdflib-in-memory"] = rdflib_runner(args.rdflib)
    results: dict[str, list] = {name: [] for name in runners}
    for round_number in range(args.rounds):
        for name, run in runners.items():  # endpoints back to back in each round
            slow = name == "rdflib-in-memory" or name in args.slow
            if slow and round_number:
                continue
            print(f"== {name} (round {round_number + 1})", flush=True)
            repeat = 3 if slow else args.repeat
            mix = mixes[name in args.inner]
            if args.warm_up and not slow:
                warm = throughput(run, mix, 16, args.warm_up)
                print(f"  warm-up, 16 clients: {warm['req_per_s']} req/s", flush=True)
            entry = {"latency": latencies(run, mix, repeat)}
            for query, row in entry["latency"].items():
                print(
                    f"  {query:45} median {row['median_ms']} ms  p95 {row['p95_ms']} ms"
                    f" {row['error']}"
                )
            if name != "rdflib-in-memory":
                levels = [int(n) for n in args.clients.split(",")]
                kinds = [("throughput", False)] + [("new_texts", True)] * args.new_texts
                for key, new_texts in kinds:
                    entry[key] = []
                    for clients in levels:
                        row = throughput(run, mix, clients, args.seconds, new_texts=new_texts)
                        entry[key].append(row)
                        print(
                            f"  {clients:3} clients{', new texts' if new_texts else ''}: "
                            f"{row['req_per_s']} req/s, median {row['median_ms']} ms, "
                            f"{row['errors']} errors",
                            flush=True,
                        )
            results[name].append(entry)
    summary = {name: summarise(entries) for name, entries in results.items()}
    print_summary(summary)
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "rounds": results}, indent=2))
    if args.answers:
        args.answers.write_text(json.dumps(digests, indent=1, sort_keys=True))
    return 0


def summarise(entries: list[dict]) -> dict:
    """Medians over rounds: per query latency, and per client count throughput and latency."""
    latency = {
        query: _median([entry["latency"][query]["median_ms"] for entry in entries])
        for query in entries[0]["latency"]
    }
    summary: dict = {"latency_ms": latency}
    named = [value for query, value in latency.items() if query.startswith("named:")]
    summary["named_median_ms"] = _median(named)
    for key in ("throughput", "new_texts"):
        if key in entries[0]:
            summary[key] = {
                str(row["clients"]): {
                    "req_per_s": _median([e[key][i]["req_per_s"] for e in entries]),
                    "median_ms": _median([e[key][i]["median_ms"] for e in entries]),
                    "errors": sum(e[key][i]["errors"] for e in entries),
                }
                for i, row in enumerate(entries[0][key])
            }
    return summary


def print_summary(summary: dict) -> None:
    print("== summary (medians over rounds)")
    for name, row in summary.items():
        levels = "  ".join(
            f"{clients}c{'' if key == 'throughput' else ' new'} {level['req_per_s']}/s "
            f"{level['median_ms']} ms"
            for key in ("throughput", "new_texts")
            for clients, level in row.get(key, {}).items()
        )
        print(f"  {name:28} named-query median {row['named_median_ms']} ms  {levels}")
    queries = next(iter(summary.values()))["latency_ms"] if summary else {}
    for query in queries:
        if query.startswith("heavy:"):
            cells = "  ".join(f"{name} {row['latency_ms'][query]}" for name, row in summary.items())
            print(f"  {query:28} {cells}")


def _median(values: list) -> float | None:
    present = [value for value in values if value is not None]
    return round(statistics.median(present), 2) if present else None


if __name__ == "__main__":
    sys.exit(main())
