"""The access log of a real ``gkg serve``: one line per request, written once it is answered."""

from __future__ import annotations

import re
import time
from pathlib import Path

import requests
from fixtures_server import running_server

LINE = re.compile(
    r'^127\.0\.0\.1 \[\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "(?P<request>[^"]*)" '
    r"(?P<status>\d{3}) (?P<bytes>\d+|-) bytes (?P<ms>\d+)ms (?P<timing>\S+) pid=(?P<pid>\d+) "
    r'"(?P<agent>[^"]*)"$'
)


AGENT = "gkg-access-log-test/1"
FORGED_AGENT = 'evil" 200 0 bytes'
OURS = {AGENT, FORGED_AGENT.replace('"', "\\x22")}  # as the log writes them


def access_lines(log: Path, count: int) -> list[re.Match]:
    """The access-log lines of this test's requests (not the start-up /healthz polls, whose
    lines may come late), waiting briefly for ``count`` of them."""
    give_up = time.monotonic() + 10
    while True:
        lines = map(LINE.match, log.read_text().splitlines())
        found = [m for m in lines if m and m["agent"] in OURS]
        if len(found) >= count or time.monotonic() > give_up:
            return found
        time.sleep(0.05)


def test_each_request_is_logged_with_its_status_size_and_query_time(
    sample_store: Path, tmp_path: Path
) -> None:
    log = tmp_path / "serve.log"
    agent = {"User-Agent": AGENT}
    with running_server(sample_store, log=log) as url:
        query = requests.get(
            f"{url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=agent, timeout=30
        )
        too_long = requests.get(f"{url}/sparql?query={'x' * 9000}", headers=agent, timeout=30)
        forged = requests.get(
            f"{url}/person/x%0A127.0.0.1%20%22GET%20%2Fadmin%22",
            headers={"User-Agent": FORGED_AGENT},
            timeout=30,
        )
        found = access_lines(log, 3)
    assert (query.status_code, too_long.status_code, forged.status_code) == (200, 414, 404)
    answered, refused, escaped = found
    assert answered["request"] == "GET /sparql"  # the query string is never logged
    assert answered["status"] == "200" and answered["agent"] == AGENT
    assert int(answered["bytes"]) == len(query.content)
    assert answered["timing"] == query.headers["Server-Timing"]
    assert re.fullmatch(r"slot;dur=\d+\.\d,query;dur=\d+\.\d", answered["timing"])
    assert (refused["request"], refused["status"], refused["timing"]) == ("GET /sparql", "414", "-")
    assert int(refused["bytes"]) == len(too_long.content)
    assert "x" * 100 not in log.read_text()
    # a path or User-Agent cannot start a line of its own or end a field early
    assert escaped["request"] == "GET /person/x\\x0a127.0.0.1 \\x22GET /admin\\x22"
    assert escaped["agent"] == "evil\\x22 200 0 bytes"
    assert not [line for line in log.read_text().splitlines() if line.startswith("127.0.0.1 \\x22")]
