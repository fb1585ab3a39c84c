"""Browser-test harness: the real service on 127.0.0.1 and headless Debian Chromium.

- :func:`serving` runs ``gkg serve`` (granian, the real app over a real store) on a
  free port, optionally with another named-query library (``GKG_QUERIES_DIR``).

- fixtures ``browser`` (one Chromium per test module) and ``page`` (a fresh context each);
  :func:`launch_chromium` starts /usr/bin/chromium through Playwright (never a downloaded
  browser); :class:`RequestLog` records every request a page makes, so a test can assert
  that none left 127.0.0.1.

- :func:`axe_violations` runs the vendored axe-core (tests/vendor/) on a page and returns
  its critical and serious violations; :class:`CspLog` collects Content-Security-Policy
  violations; :func:`sideways_overflow` tells how far a page scrolls sideways.
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
AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
BLOCKING_IMPACTS = ("critical", "serious")
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}` +
      ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


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


def axe_violations(page, impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> list[str]:  # noqa: ANN001
    """axe-core's violations of `impacts` on the page as shown, one line each (rule, nodes).

    The library is evaluated through the DevTools protocol, which the page's
    Content-Security-Policy does not govern, so the page is checked as served.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text("utf-8"))
    found = page.evaluate(
        """async () => (await axe.run(document, { resultTypes: ["violations"] })).violations
            .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                           nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }))"""
    )
    return [
        f"{item['impact']} {item['id']}: {item['help']} at {item['nodes']}"
        for item in found
        if item["impact"] in impacts
    ]


@dataclass
class CspLog:
    """Content-Security-Policy violations of every document a page opens."""

    console: list[str] = field(default_factory=list)

    def watch(self, page) -> CspLog:  # noqa: ANN001 - a Playwright page
        page.add_init_script(CSP_LISTENER)
        page.on("console", self._console)
        return self

    def _console(self, message) -> None:  # noqa: ANN001 - a Playwright console message
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def violations(self, page) -> list[str]:  # noqa: ANN001 - a Playwright page
        """Violations on the current document, and any console report of one."""
        return page.evaluate("window.__cspViolations || []") + self.console


def sideways_overflow(page) -> int:  # noqa: ANN001 - a Playwright page
    """Pixels the page scrolls sideways (0 when it fits its viewport)."""
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
