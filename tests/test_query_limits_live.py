"""Bounded work per request, through `gkg serve`: query size and nesting, request line and
headers, and the SPARQL 1.1 Protocol's one-operation-per-request rules.

Oversized and deeply nested queries are refused by a linear check before any parser
sees them, and other clients' queries are answered meanwhile. The request-target and
header limits hold on every route; a head too large for the server's buffer is refused
before it reaches Python. Figures (how long this took before and after)
are measured by hand, never asserted here.
"""

from __future__ import annotations

import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import requests

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SPARQL_QUERY = {"Content-Type": "application/sparql-query"}


def big_query(seed: int, size: int = 1_000_000) -> str:
    """A valid SELECT of about ``size`` bytes: one long VALUES block, distinct per ``seed``."""
    items = " ".join(f'"v{seed}-{i:07d}"' for i in range((size - 64) // 13))
    return f"SELECT ?x WHERE {{ VALUES ?x {{ {items} }} }} LIMIT 1"


def nested_groups(depth: int) -> str:
    return "SELECT * WHERE " + "{ " * depth + "?s ?p ?o " + "} " * depth


def ordinary(url: str) -> int:
    return requests.get(f"{url}/sparql", params={"query": COUNT}, timeout=60).status_code


def post(url: str, query: str) -> requests.Response:
    return requests.post(f"{url}/sparql", data=query.encode(), headers=SPARQL_QUERY, timeout=60)


def test_megabyte_queries_are_refused_while_others_are_answered(live_server: str) -> None:
    big = [big_query(seed) for seed in range(4)]
    assert all(900_000 < len(query) < 1024 * 1024 for query in big)  # under the body cap
    with ThreadPoolExecutor(max_workers=8) as pool:
        refused = [pool.submit(post, live_server, query) for query in big]
        answered = [pool.submit(ordinary, live_server) for _ in range(4)]
        responses = [future.result() for future in refused]
        assert [future.result() for future in answered] == [200] * 4
    for response in responses:
        assert response.status_code == 413
        assert "at most 262144 are accepted" in response.text
    too_big_body = "#" + "x" * (1024 * 1024) + "\n" + COUNT
    assert post(live_server, too_big_body).status_code == 413
    assert ordinary(live_server) == 200


def test_deeply_nested_queries_are_refused_while_others_are_answered(live_server: str) -> None:
    deep = [
        nested_groups(1000),
        "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
        "SELECT * WHERE { ?s ?p " + "( " * 2000 + "1" + " )" * 2000 + " }",
        "SELECT * WHERE { ?s ?p " + "<< " * 500 + "?a ?b ?c" + " >>" * 500 + " }",
    ]
    with ThreadPoolExecutor(max_workers=8) as pool:
        refused = [pool.submit(post, live_server, query) for query in deep]
        answered = [pool.submit(ordinary, live_server) for _ in range(4)]
        responses = [future.result() for future in refused]
        assert [future.result() for future in answered] == [200] * 4
    for response in responses:
        assert response.status_code == 400
        assert "nests more than 64 levels deep" in response.text
    assert post(live_server, nested_groups(60)).status_code == 200  # within the limit


def test_long_request_lines_are_refused_on_every_route(live_server: str) -> None:
    pad = "x" * 20_000
    for path in (f"/healthz?pad={pad}", f"/sparql?query={pad}", f"/api/queries?pad={pad}"):
        assert requests.get(live_server + path, timeout=30).status_code == 414, path
    named = "/api/queries/recommendations-by-strength?strength="
    assert requests.get(live_server + named + "x" * 10_000, timeout=30).status_code == 414
    # a head over the server's 64 KiB buffer is refused by granian, unread
    assert raw_status(live_server, "/healthz?pad=" + "x" * (50 * 1024 * 1024)) == 431
    assert raw_status(live_server, named + "x" * (10 * 1024 * 1024)) == 431
    within = "#" + "x" * 5000 + "\n" + COUNT  # a GET query under the 8190-byte line limit
    assert requests.get(f"{live_server}/sparql", params={"query": within}, timeout=30).ok


def test_header_limits(live_server: str) -> None:
    big_header = {"X-Padding": "x" * 10_000}
    assert requests.get(f"{live_server}/healthz", headers=big_header, timeout=30).status_code == 431
    many = {f"X-Header-{n}": "x" for n in range(150)}
    assert requests.get(f"{live_server}/healthz", headers=many, timeout=30).status_code == 431
    assert requests.get(f"{live_server}/healthz", timeout=30).status_code == 200


def test_one_operation_per_request(live_server: str) -> None:
    """The W3C SPARQL 1.1 Protocol tests' bad_* requests, each a client error."""
    url = f"{live_server}/sparql"
    two_queries = requests.get(f"{url}?query=ASK%7B%7D&query=SELECT%20*%20%7B%7D", timeout=30)
    assert two_queries.status_code == 400 and "one query" in two_queries.text
    both = requests.post(url, data={"query": "ASK {}", "update": "CLEAR ALL"}, timeout=30)
    assert both.status_code == 400 and "not both" in both.text
    two_updates = requests.post(url, data={"update": ["CLEAR ALL", "DROP ALL"]}, timeout=30)
    assert two_updates.status_code == 400
    body_and_url = requests.post(
        f"{url}?query=ASK%7B%7D", data=b"ASK {}", headers=SPARQL_QUERY, timeout=30
    )
    assert body_and_url.status_code == 400
    untyped = requests.post(url, data=b"query=ASK%7B%7D", headers={"Content-Type": ""}, timeout=30)
    assert untyped.status_code == 400 and "Content-Type" in untyped.text
    utf16 = requests.post(
        url,
        data="ASK {}".encode("utf-16"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
        timeout=30,
    )
    assert utf16.status_code == 415
    not_utf8 = requests.post(url, data=b'ASK { ?s ?p "\xff" }', headers=SPARQL_QUERY, timeout=30)
    assert not_utf8.status_code == 400 and "UTF-8" in not_utf8.text
    plain = {"Content-Type": "text/plain"}
    wrong_type = requests.post(url, data=b"ASK {}", headers=plain, timeout=30)
    assert wrong_type.status_code == 415
    assert requests.put(url, data=b"ASK {}", headers=SPARQL_QUERY, timeout=30).status_code == 405
    update_by_get = requests.get(url, params={"update": "CLEAR ALL"}, timeout=30)
    assert update_by_get.status_code == 405
    assert requests.post(url, data=b"ASK {}", headers=SPARQL_QUERY, timeout=30).status_code == 200


def raw_status(base: str, target: str) -> int:
    """The status the server answers a GET of ``target`` with, while the request is still sent.

    The server answers as soon as the request line is too long and closes the connection,
    so the sending (in a thread) may fail; the answer is read all the same.
    """
    address = urlsplit(base)
    connection = socket.create_connection((address.hostname, address.port), timeout=60)
    request = f"GET {target} HTTP/1.1\r\nHost: {address.netloc}\r\n\r\n".encode()

    def send() -> None:
        try:
            connection.sendall(request)
        except OSError:
            pass  # the server closed the connection after answering

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    try:
        status_line = connection.makefile("rb").readline()
    finally:
        connection.close()
        sender.join(timeout=60)
    return int(status_line.split()[1])
