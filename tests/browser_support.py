"""Browser-test harness: the real service on 127.0.0.1 and headless Debian Chromium.

- :func:`serving` runs ``gkg serve`` (gunicorn, the real app over a real store) on a
  free port, optionally with another named-query library. Run as a script, this
  module is the launcher for that case::

      python tests/browser_support.py --queries DIR --store DIR --port 8123

- :func:`launch_chromium` starts /usr/bin/chromium through Playwright (never a downloaded
  browser); :class:`RequestLog` records every request a page makes, so a test can assert
  that none left 127.0.0.1.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests

LIVE_SETTINGS = {"GKG_ROW_CAP": "50", "GKG_QUERY_TIMEOUT": "5", "GKG_MAX_CONCURRENT": "4"}

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOST = "127.0.0.1"


@contextmanager
def serving(store: Path, log: Path, queries: Path | None = None) -> Iterator[str]:
    """``gkg serve`` over `store` on a free port of 127.0.0.1; yields its base URL.

    With `queries`, the named-query library is that directory instead of ``queries/``.
    The server's output (its access log included) goes to `log`.
    """
    port = free_port()
    if queries is None:
        command = [sys.executable, "-m", "service.commands.serve"]
    else:
        command = [sys.executable, __file__, "--queries", str(queries)]
    command += ["--store", str(store), "--host", LOCAL_HOST, "--port", str(port), "--workers", "1"]
    environment = {**os.environ, **LIVE_SETTINGS}
    with open(log, "w") as output:
        server = subprocess.Popen(command, env=environment, stdout=output, stderr=subprocess.STDOUT)
        url = f"http://{LOCAL_HOST}:{port}"
        try:
            wait_until_healthy(url, server, log)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOCAL_HOST, 0))
        return probe.getsockname()[1]


def wait_until_healthy(url: str, server: subprocess.Popen, log: Path, deadline: float = 60) -> None:
    """Poll /healthz until it answers; fail with the server's output if it exits or never does."""
    give_up = time.monotonic() + deadline
    while time.monotonic() < give_up:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{log.read_text()}")
        try:
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"the server did not become healthy:\n{log.read_text()}")


def launch_chromium(playwright):  # noqa: ANN001, ANN201 - Playwright objects
    """Headless Debian Chromium, cut off from background traffic."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: apt-get install -y chromium")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@dataclass
class RequestLog:
    """Every URL a page asked for, in order."""

    urls: list[str] = field(default_factory=list)

    def watch(self, page) -> RequestLog:  # noqa: ANN001 - a Playwright page
        page.on("request", lambda request: self.urls.append(request.url))
        return self

    def off_host(self) -> list[str]:
        """The requests whose host is not 127.0.0.1 (data: and blob: URLs have no host)."""
        return [url for url in self.urls if _leaves_host(url)]


def _leaves_host(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return False
    return parts.hostname != LOCAL_HOST


def serve_with_queries(argv: list[str]) -> int:
    """The launcher: ``gkg serve`` with the named queries of ``--queries DIR``."""
    import argparse

    parser = argparse.ArgumentParser(description="gkg serve with another named-query library")
    parser.add_argument("--queries", required=True, type=Path)
    known, serve_args = parser.parse_known_args(argv)

    import service.named_queries
    from service.commands import serve
    from service.query_library import load_library

    library = load_library(known.queries)
    service.named_queries.bp = service.named_queries.make_blueprint(library)
    return serve.main(serve_args)


if __name__ == "__main__":
    sys.exit(serve_with_queries(sys.argv[1:]))
