"""Browser-test harness: the real service on 127.0.0.1 and headless Debian Chromium.

- :func:`serving_with_queries` runs ``gkg serve`` (gunicorn, the real app over a real
  store) with a given named-query library and the editor blueprint, on a free port.
  Run as a script, this module is that server's launcher::

      python tests/browser_support.py --queries DIR --store DIR --port 8123

- :func:`launch_chromium` starts /usr/bin/chromium through Playwright (never a downloaded
  browser); :class:`RequestLog` records every request a page makes, so a test can assert
  that none left 127.0.0.1.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from fixtures_server import LIVE_SETTINGS, free_port, wait_until_ready

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
def serving_with_queries(store: Path, queries: Path) -> Iterator[str]:
    """``gkg serve`` over `store` with the named queries in `queries`; yields its base URL."""
    port = free_port()
    command = [sys.executable, __file__, "--queries", str(queries), "--store", str(store)]
    command += ["--host", LOCAL_HOST, "--port", str(port), "--workers", "1"]
    environment = {**os.environ, **LIVE_SETTINGS}
    server = subprocess.Popen(
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://{LOCAL_HOST}:{port}"
    try:
        wait_until_ready(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


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
    """The launcher: swap in the named-query library, add the editor, then run ``gkg serve``."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", required=True, type=Path)
    known, serve_args = parser.parse_known_args(argv)

    import service.app
    import service.named_queries
    from service.commands import serve
    from service.query_library import load_library

    library = load_library(known.queries)
    service.named_queries.bp = service.named_queries.make_blueprint(library)
    if "editor" not in service.app.BLUEPRINTS:
        service.app.BLUEPRINTS = (*service.app.BLUEPRINTS, "editor")
    return serve.main(serve_args)


if __name__ == "__main__":
    sys.exit(serve_with_queries(sys.argv[1:]))
