"""Live browser tests of the pages in headless Debian Chromium, over the bundled store.

A real ``gkg serve`` (gunicorn) runs on a free port of 127.0.0.1; each test drives the
pages as a reader would (open a module, follow a reference, open a person and their
declarations, open a source span, filter the network), asserts what is on screen, and
that every request the page made stayed on 127.0.0.1.

Run as a script, this module is the launcher: ``gkg serve`` with the page blueprints
registered even where service.app.BLUEPRINTS does not list them yet.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser_support import LOCAL_HOST, RequestLog, free_port, launch_chromium
from browser_support import wait_until_healthy as wait_until_up
from playwright.sync_api import Browser, Page, expect, sync_playwright

PAGE_BLUEPRINTS = ("pages", "resources", "validation_page", "network_page")
SETTINGS = {"GKG_QUERY_TIMEOUT": "20", "GKG_MAX_CONCURRENT": "4"}  # the network needs the row cap


@contextmanager
def serving_pages(store: Path, log: Path) -> Iterator[str]:
    """``gkg serve`` over `store` with the page blueprints, on a free port; yields its URL."""
    import os

    port = free_port()
    command = [sys.executable, __file__, "--store", str(store), "--host", LOCAL_HOST]
    command += ["--port", str(port), "--workers", "1"]
    with open(log, "w") as output:
        server = subprocess.Popen(
            command, env={**os.environ, **SETTINGS}, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            url = f"http://{LOCAL_HOST}:{port}"
            wait_until_up(url, server, log)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.fixture(scope="module")
def server(bundled_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving_pages(bundled_store, tmp_path_factory.mktemp("logs") / "serve.log") as url:
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


def open_page(page: Page, url: str) -> RequestLog:
    log = RequestLog().watch(page)
    page.goto(url)
    return log


def test_open_a_module_and_follow_a_reference(page: Page, server: str) -> None:
    log = open_page(page, f"{server}/")
    page.get_by_role("link", name="10.1.1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Module 10.1.1 Beeldvormende diagnostiek bij oligometastasen bij borstkanker"
    )
    expect(page.locator("#recommendations")).to_contain_text("Aanbeveling-1 Aanvullende MRI")
    expect(page.locator("figure.forest svg").first).to_be_visible()
    page.locator("#references").get_by_role("link", name="Xia", exact=False).first.click()
    expect(page).to_have_url(f"{server}/reference/xia-2023")
    expect(page.locator("main")).to_contain_text("Xia")
    expect(page.get_by_role("link", name="DOI", exact=False).first).to_be_visible()
    expect(page.locator("section", has=page.locator("#incoming-h"))).to_contain_text("10.1.1")
    assert log.off_host() == []


def test_open_a_person_and_their_declarations(page: Page, server: str) -> None:
    log = open_page(page, f"{server}/module/10.1.1")
    page.locator("#panel").get_by_role("link", name="Agnes Jager").click()
    expect(page).to_have_url(f"{server}/person/agnes-jager")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agnes Jager")
    declarations = page.locator("#declarations")
    expect(declarations).to_contain_text("Module 10.1.1")
    declarations.get_by_role("link", name="Module 10.1.1", exact=False).first.click()
    expect(page).to_have_url(f"{server}/declaration/10.1.1/agnes-jager/expertise")
    expect(page.locator("main")).to_contain_text("Agnes Jager")
    assert log.off_host() == []


def test_open_a_source_span(page: Page, server: str) -> None:
    log = open_page(page, f"{server}/finding/10.1.1/1")
    page.locator("a.src").first.click()
    expect(page).to_have_url(f"{server}/source/cd1d8d8584518336/lines/375-375")
    highlighted = page.locator("tr.hit")
    expect(highlighted).to_have_count(1)
    expect(highlighted).to_contain_text("sensitiviteit van 96%")
    expect(page.locator("main")).to_contain_text("Derived from these lines")
    assert log.off_host() == []


def test_filter_the_network(page: Page, server: str) -> None:
    log = open_page(page, f"{server}/network")
    expect(page.locator("body")).to_have_attribute("data-network-ready", "true")
    status = page.locator("#network-status")
    expect(status).to_contain_text("ties")
    everything = int(status.get_attribute("data-ties"))
    page.locator("#module-filter").select_option("6.1")
    expect(status).to_contain_text("in module 6.1")
    in_module = int(status.get_attribute("data-ties"))
    page.get_by_label("employment").uncheck()
    expect(status).not_to_have_attribute("data-ties", str(in_module))
    assert 0 < int(status.get_attribute("data-ties")) < in_module < everything
    expect(page.locator("#centrality tbody tr").first).to_be_visible()
    assert "module=6.1" in page.url
    assert log.off_host() == []


def test_language_switch_is_remembered(page: Page, server: str) -> None:
    log = open_page(page, f"{server}/module/6.1")
    page.get_by_role("link", name="NL", exact=True).click()
    expect(page.locator("#recommendations-h")).to_have_text("Aanbevelingen")
    page.goto(f"{server}/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert log.off_host() == []


def test_skip_link_is_first_in_keyboard_order(page: Page, server: str) -> None:
    open_page(page, f"{server}/module/10.1.1")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()


def serve_pages(argv: list[str]) -> int:
    """The launcher: ``gkg serve`` with the page blueprints registered."""
    import service.app
    from service.commands import serve

    missing = tuple(name for name in PAGE_BLUEPRINTS if name not in service.app.BLUEPRINTS)
    service.app.BLUEPRINTS = service.app.BLUEPRINTS + missing
    return serve.main(argv)


if __name__ == "__main__":
    sys.exit(serve_pages(sys.argv[1:]))
