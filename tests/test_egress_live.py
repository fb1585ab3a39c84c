"""No query reaches a host it may not: every known way of hiding SERVICE, through `gkg serve`.

A plain TCP listener on 127.0.0.1 counts connections: each variant below names it as a
SERVICE endpoint (or FROM graph) and must be refused with no connection made. The
variants are the bypasses of issue 11 (text the old rdflib pre-check read as a
comment or string while Oxigraph ran it as SERVICE) and every other way Oxigraph can
be made to read SERVICE: escapes, letter case, keywords run together with names,
the less-than/IRI ambiguity, the prefixed-name dot rule, nesting.

Each layer is also tested alone, handing the variants straight to the query
processes, past the check: the engine-side guard refuses them, and a process without
network cannot connect even when nothing refuses the query.
"""

from __future__ import annotations

import multiprocessing
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
import requests
from fixtures_server import wait_until

from service.sparql import engine_guard
from service.sparql.query_check import CheckedQuery
from service.sparql.sandbox import deny_network
from service.store.backends import SPARQL_JSON, MalformedQuery, RefusedQuery
from service.store.local_backend import QUERY, LocalBackend, ProcessPool
from service.store.releases import current_release


class ConnectionCounter:
    """A TCP socket on 127.0.0.1 that accepts and counts every connection."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = self.server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections = 0
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.closed = True
        self.server.close()


@pytest.fixture
def counter() -> Iterator[ConnectionCounter]:
    listening = ConnectionCounter()
    yield listening
    listening.close()


def variants(url: str, port: int) -> dict[str, str]:
    """Queries that would call ``url`` (SERVICE) or name it as a graph (FROM)."""
    base = f"http://127.0.0.1:{port}/"
    return {
        "plain": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "lower case": f"SELECT * WHERE {{ service <{url}> {{ ?s ?p ?o }} }}",
        "mixed case": f"select * where {{ SeRvIcE <{url}> {{ ?s ?p ?o }} }}",
        "silent": f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        "no spaces": f"SELECT * WHERE {{ SERVICESILENT<{url}>{{}} }}",
        "escaped keyword": f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        "escaped keyword, \\U": f"SELECT * WHERE {{ \\U00000053ERVICE <{url}> {{ }} }}",
        "comment rdflib ended": f"SELECT * WHERE {{ # \\u000a SERVICE <{url}> {{ }}\n ?s ?p ?o }}",
        "string rdflib read (8 hex digits after \\u)": (
            f'SELECT * WHERE {{ BIND("\\u00000022" AS ?a) SERVICE <{url}> {{ }} '
            f'BIND("\\u00000022" AS ?b) }}'
        ),
        "string rdflib closed early": (
            f'SELECT * WHERE {{ BIND("x\\u005c" AS ?a) SERVICE <{url}> {{ }} BIND("y" AS ?b) }}'
        ),
        "escaped endpoint": (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/\\u0073parql> {{ }} }}"
        ),
        "keyword run into a prefixed name": (
            f"PREFIX ex: <{base}> SELECT * WHERE {{ SERVICEex:sparql {{ }} }}"
        ),
        "keyword run into the empty prefix": (
            f"PREFIX : <{base}> SELECT * WHERE {{ SERVICE:sparql {{ }} }}"
        ),
        "prefixed-name endpoint": f"PREFIX ex: <{base}> SELECT * {{ SERVICE ex:sparql {{}} }}",
        "less-than read as an IRI": (
            f"BASE <http://e/> SELECT * WHERE {{ ?a ?b ?c FILTER(?a<?b)SERVICE#>\n<{url}>{{}} }}"
        ),
        "prefixed name ending at its second dot": (
            f"PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ?p ex:a.b.SERVICE<{url}>{{}} }}"
        ),
        "variable endpoint (BIND)": (
            f"SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}"
        ),
        "variable endpoint (VALUES)": (
            f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE SILENT ?e {{ }} }}"
        ),
        "subquery": f"SELECT * {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        "optional": f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}> {{ ?s ?q ?r }} }} }}",
        "minus": f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{url}> {{ ?s ?q ?r }} }} }}",
        "union": f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        "graph": f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        "exists": f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ }} }} }}",
        "not exists": f"ASK {{ FILTER NOT EXISTS {{ SERVICE SILENT <{url}> {{ }} }} }}",
        "ask": f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "describe": f"DESCRIBE ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "from": f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        "from named": f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "from run into a prefixed name": (
            f"PREFIX ex: <{base}> SELECT * FROMex:data WHERE {{ ?s ?p ?o }}"
        ),
    }


def test_every_variant_is_refused_and_no_connection_is_made(
    live_server: str, counter: ConnectionCounter
) -> None:
    for name, query in variants(counter.url, counter.port).items():
        for send in (_get, _post_form, _post_body):
            response = send(live_server, query)
            assert response.status_code in (400, 403), (name, response.status_code, response.text)
    time.sleep(0.5)  # a SERVICE call would be under way by now
    assert counter.connections == 0
    ordinary = _get(live_server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert ordinary.status_code == 200


def test_refusals_say_what_and_where(live_server: str, counter: ConnectionCounter) -> None:
    cases = variants(counter.url, counter.port)
    expected = {  # name: status, words of the message, where the error is
        "escaped keyword": (400, "only allowed inside strings and IRIs", "\\u0053"),
        "plain": (403, "allow-list", "SERVICE"),
        "keyword run into a prefixed name": (403, "read as SERVICE", "SERVICEex"),
        "variable endpoint (BIND)": (403, "variable endpoint", "SERVICE"),
        "from": (403, "FROM", "FROM"),
    }
    for name, (status, words, where) in expected.items():
        response = _get(live_server, cases[name], accept="application/json")
        error = response.json()["error"]
        assert response.status_code == status, name
        assert words in error["message"], name
        assert (error["line"], error["column"]) == (1, cases[name].index(where) + 1), name
    assert counter.connections == 0


def test_engine_guard_refuses_variants_the_check_never_saw(
    sample_store: Path, counter: ConnectionCounter
) -> None:
    """Past the tokeniser: Oxigraph's own parse finds the SERVICE or FROM and refuses."""
    backend = LocalBackend(sample_store, processes=1)
    try:
        for name, query in variants(counter.url, counter.port).items():
            unchecked = CheckedQuery(text=query, form=_form(query))
            if name.startswith("escaped keyword"):  # not SPARQL to Oxigraph: nothing runs
                with pytest.raises(MalformedQuery):
                    backend.execute(unchecked, SPARQL_JSON, timeout=10, row_cap=10)
            elif name == "comment rdflib ended":  # to Oxigraph, SERVICE is in the comment
                backend.execute(unchecked, SPARQL_JSON, timeout=10, row_cap=10)
            else:
                with pytest.raises(RefusedQuery):
                    backend.execute(unchecked, SPARQL_JSON, timeout=10, row_cap=10)
    finally:
        backend.close()
    time.sleep(0.5)
    assert counter.connections == 0


def remembered_verdicts(texts: list[str]) -> dict[str, object]:
    """In a process without network: the remembered guard's verdicts against the guard's own."""
    from service.sparql import engine_guard

    found: dict[str, object] = {"differ": [], "refused": 0}
    for text in texts * 2:  # the second time from memory
        verdict = engine_guard.remembered_guard(text, (), True)
        found["refused"] += verdict is not None and verdict[0] == "refused"
        if verdict != engine_guard.guard(text, (), True):
            found["differ"].append(text)
    long_text = texts[-1] + " " * engine_guard.REMEMBERED_CHARS
    before = len(engine_guard.VERDICTS)
    engine_guard.remembered_guard(long_text, (), True)
    found["long kept"] = len(engine_guard.VERDICTS) - before
    padding = " " * (engine_guard.REMEMBERED_CHARS - 100)  # texts of about 16 KiB each
    budget = engine_guard.VERDICTS.max_chars
    for number in range(budget // len(padding) + 10):
        engine_guard.remembered_guard(f"ASK {{ ?s <urn:from:{number}> ?o }}{padding}", (), True)
    found["kept chars"] = engine_guard.VERDICTS.size_chars
    found["budget"] = budget
    found["first still kept"] = engine_guard.VERDICTS.get((texts[0], (), True), None) is not None
    return found


def test_remembered_verdicts_are_the_guards_own(counter: ConnectionCounter) -> None:
    """A verdict a query process remembers is the one the guard gives; memory stays bounded."""
    texts = [*variants(counter.url, counter.port).values(), "ASK { ?s <urn:from> ?o }"]
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(1, mp_context=context, initializer=deny_network) as pool:
        found = pool.submit(remembered_verdicts, texts).result(timeout=120)
    assert found["differ"] == []
    assert found["refused"] == 2 * sum(
        1
        for name in variants(counter.url, counter.port)
        if not name.startswith("escaped keyword") and name != "comment rdflib ended"
    )
    assert found["long kept"] == 0
    assert found["budget"] - engine_guard.REMEMBERED_CHARS < found["kept chars"] <= found["budget"]
    assert not found["first still kept"]
    time.sleep(0.5)
    assert counter.connections == 0


def test_query_processes_have_no_network(sample_store: Path, counter: ConnectionCounter) -> None:
    """Past the check and the guard: a sandboxed query process cannot connect at all."""
    release = str(current_release(sample_store))
    pool = ProcessPool(1)
    try:
        for query in (
            f"SELECT * WHERE {{ SERVICE <{counter.url}> {{ ?s ?p ?o }} }}",
            f"ASK {{ SERVICE <{counter.url}> {{ }} }}",
        ):
            request = (release, query, SPARQL_JSON, 10, None, None)  # None: no guard
            status, message = pool.run(QUERY, request, 10)[:2]
            assert status == "failed" and "Permission denied" in message
        time.sleep(0.5)
        assert counter.connections == 0
        networked = pool.run(QUERY, request, 10, release=release, networked=True)
        assert networked[0] == "failed"  # the counter is no SPARQL endpoint, but:
        assert wait_until(lambda: counter.connections == 1)  # a process with network did connect
    finally:
        pool.close()


def _form(query: str) -> str:
    words = query.replace("{", " ").split()
    return next(w.upper() for w in words if w.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"))


def _get(url: str, query: str, accept: str = "*/*") -> requests.Response:
    headers = {"Accept": accept}
    return requests.get(f"{url}/sparql", params={"query": query}, headers=headers, timeout=30)


def _post_form(url: str, query: str) -> requests.Response:
    return requests.post(f"{url}/sparql", data={"query": query}, timeout=30)


def _post_body(url: str, query: str) -> requests.Response:
    headers = {"Content-Type": "application/sparql-query"}
    return requests.post(f"{url}/sparql", data=query.encode(), headers=headers, timeout=30)
