"""Browser-test harness: the real service on 127.0.0.1 and headless Debian Chromium.

- :func:`serving` runs ``gkg serve`` (gunicorn, the real app over a real store) on a
  free port, optionally with another named-query library (``GKG_QUERIES_DIR``).

- fixtures ``browser`` (one Chromium per test module) and ``page`` (a fresh context each);
  :func:`launch_chromium` starts /usr/bin/chromium through Playwright (never a downloaded
  browser); :class:`RequestLog` records every request a page makes, so a test can assert
  that none left 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fixtures_server import running_server
from playwright.sync_api import Browser, Page, sync_playwright

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

    With `queries`, the named-query library is that directory (GKG_QUERIES_DIR) instead of
    ``queries/``.  The server's output (its access log included) goes to `log`.
    """
    settings = {**LIVE_SETTINGS, **({"GKG_QUERIES_DIR": str(queries)} if queries else {})}
    with running_server(store, settings, workers=1, log=log) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


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


AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"


def axe_violations(page, impacts: tuple[str, ...] = ("critical", "serious")) -> list[dict]:  # noqa: ANN001
    """axe-core's violations of the page as shown, of the given impacts: [{id, impact, nodes}].

    axe runs inside the page through Playwright's evaluate (not a <script> tag, so a page's
    Content-Security-Policy does not stop it); it reads the page and sends nothing anywhere.
    """
    page.evaluate(AXE.read_text("utf-8") + "\n;undefined")
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in found
        if v["impact"] in impacts
    ]
