"""Resource routes of a real `gkg serve` (granian, 2 workers) under hostile URLs.

Requests are sent byte for byte with http.client, so the server sees exactly the
characters of an attack (raw `>`, `"`, `\\`, `{`, `}`; percent-encoded control
characters, NUL and slashes).  Every hostile path is a 404, or a 400 from the HTTP server
when its URI parser refuses a raw character of the target (`>` here), and nothing is logged
as a server error; SERVICE injected through a path contacts no host;
page queries are capped by the query slots the workers share with /sparql.
"""

from __future__ import annotations

import http.client
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from fixtures_server import running_server
from requests.structures import CaseInsensitiveDict
from test_page_limits import CROSS_JOIN, HEAVY, SLOTS, Listener, all_slots_held

KINDS = ["person", "module", "recommendation", "source", "concept", "finding"]
RAW_SEGMENTS = ['x">', "x\\", "x{}", "agnes-jager>", "agnes-jager%3E"]
RAW_NOT_IN_TARGET = ('x">', "agnes-jager>")
"""Raw segments with a character the HTTP server's URI parser refuses (400): `>`."""
ENCODED_SEGMENTS = [
    "x>",
    'x"',
    "x\\",
    "x{",
    "x}",
    "x\n",
    "x\r\nX-Injected: 1",
    "x\x00",
    "a/b",
    "a//b",
    "..",
    HEAVY,
    "agnes-jager\\u003e) } " + CROSS_JOIN + " } #",
]
LONG_SEGMENT = "a" * 20_000
Headers = CaseInsensitiveDict[str]


@pytest.fixture(scope="module")
def lock_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("live-slots")


@pytest.fixture(scope="module")
def server(
    bundled_store: Path, lock_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    log = tmp_path_factory.mktemp("live-log") / "serve.log"
    settings = {
        "GKG_LOCK_DIR": str(lock_dir),
        "GKG_MAX_CONCURRENT": str(SLOTS),
        "GKG_SLOT_WAIT": "0",
        "GKG_QUERY_TIMEOUT": "10",
        "GKG_ROW_CAP": "10000",
    }
    with running_server(bundled_store, settings, workers=2, log=log) as url:
        yield url, log


def get(url: str, target: str, accept: str | None = None) -> tuple[int, Headers, bytes]:
    """GET `target` exactly as written (no re-quoting) from the server at `url`; header names
    are looked up without regard to case, as HTTP compares them."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        if accept:
            connection.putheader("Accept", accept)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, CaseInsensitiveDict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_hostile_resource_urls_get_404_and_no_server_error(server: tuple[str, Path]) -> None:
    url, log = server
    statuses: dict[str, int] = {}
    for kind in KINDS:
        targets = [f"/{kind}/{segment}" for segment in RAW_SEGMENTS]
        targets += [f"/{kind}/{quote(segment, safe='')}" for segment in ENCODED_SEGMENTS]
        for target in targets:
            for suffix in ("", ".ttl", ".jsonld"):
                statuses[target + suffix] = get(url, target + suffix)[0]
            statuses[target + " (turtle)"] = get(url, target, accept="text/turtle")[0]
    not_a_target = {t: 400 for t in statuses if t.split("/")[2].startswith(RAW_NOT_IN_TARGET)}
    assert len(not_a_target) == 2 * len(KINDS) * 4
    assert {target: status for target, status in statuses.items() if status != 404} == not_a_target
    assert get(url, f"/person/{LONG_SEGMENT}")[0] == 414  # the request-target limit
    assert "Traceback" not in log.read_text()
    assert get(url, "/person/agnes-jager")[0] == 200


def test_service_injected_through_a_path_contacts_no_host(server: tuple[str, Path]) -> None:
    url, _ = server
    listener = Listener()
    target = f"http://127.0.0.1:{listener.port}/sparql"
    payloads = [
        f"agnes-jager>) }} SERVICE <{target}> {{ ?a ?b ?c }} VALUES (?w) {{ (<urn:x",
        f'agnes-jager>) }} BIND("\\u0022" AS ?z) SERVICE <{target}> {{ ?a ?b ?c }} '
        'BIND("\\u0022" AS ?y) VALUES (?w) { (<urn:x',
        f"agnes-jager>) }} SERVICE SILENT <{target}> {{ ?a ?b ?c }} VALUES (?w) {{ (<urn:x",
    ]
    try:
        statuses = []
        for payload in payloads:
            path = f"/person/{quote(payload, safe='')}"
            statuses += [get(url, path)[0], get(url, path + ".ttl")[0]]
            statuses.append(get(url, path, accept="application/n-triples")[0])
        assert (listener.connections, statuses) == (0, [404] * 9)
    finally:
        listener.close()


def test_page_queries_are_capped_by_the_shared_query_slots(
    server: tuple[str, Path], lock_dir: Path
) -> None:
    url, _ = server
    pages = ["/person/agnes-jager", "/module/borstkanker/10.1.1", "/person/agnes-jager.ttl", "/"]
    heavy = "/person/" + quote(HEAVY, safe="")
    with all_slots_held(lock_dir):
        # /sparql shows the server uses these slots; pages and injected work must too
        assert get(url, "/sparql?query=ASK%7B%7D")[0] == 503
        with ThreadPoolExecutor(max_workers=16) as pool:
            answers = list(pool.map(lambda target: get(url, target), pages * 4 + [heavy] * 8))
        page_answers, heavy_answers = answers[:16], answers[16:]
        assert [status for status, _, _ in page_answers] == [503] * 16
        assert all(headers.get("Retry-After") == "1" for _, headers, _ in page_answers)
        assert [status for status, _, _ in heavy_answers] == [404] * 8
    assert [get(url, page)[0] for page in pages] == [200] * len(pages)


def test_the_listener_sees_a_connection_when_one_is_made() -> None:
    """The outbound-connection checks above would see a connection if one were made."""
    listener = Listener()
    try:
        socket.create_connection(("127.0.0.1", listener.port)).close()
        assert listener.accepted.acquire(timeout=30)
        assert listener.connections == 1
    finally:
        listener.close()
