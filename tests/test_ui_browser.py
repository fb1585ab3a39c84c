"""Live browser tests of the pages in headless Debian Chromium, over the bundled store.

A real ``gkg serve`` (gunicorn) runs on a free port of 127.0.0.1; each test drives the
pages as a reader would (open a module, follow a reference, open a person and their
declarations, open a source span, filter the network), asserts what is on screen, and
that every request the page made stayed on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import RequestLog
from fixtures_server import running_server
from playwright.sync_api import Page, expect

# the network view reads every tie: no 50-row cap of the other live tests
SETTINGS = {"GKG_QUERY_TIMEOUT": "20", "GKG_MAX_CONCURRENT": "4", "GKG_ROW_CAP": "10000"}


@pytest.fixture(scope="module")
def server(bundled_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``gkg serve`` over the bundled store on a free port; yields its URL."""
    log = tmp_path_factory.mktemp("logs") / "serve.log"
    with running_server(bundled_store, SETTINGS, workers=1, log=log) as url:
        yield url


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
    log = open_page(page, f"{server}/module/borstkanker/10.1.1")
    page.locator("#panel").get_by_role("link", name="Agnes Jager").click()
    expect(page).to_have_url(f"{server}/person/agnes-jager")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agnes Jager")
    declarations = page.locator("#declarations")
    expect(declarations).to_contain_text("Module 10.1.1")
    declarations.get_by_role("link", name="Module 10.1.1", exact=False).first.click()
    expect(page).to_have_url(f"{server}/declaration/borstkanker/10.1.1/agnes-jager/expertise")
    expect(page.locator("main")).to_contain_text("Agnes Jager")
    assert log.off_host() == []


def test_open_a_source_span(page: Page, server: str) -> None:
    xia_sensitivity = "/finding/borstkanker/10.1.1/xia-2023/sensitivity-fdg-pet-ct-bone-metastases"
    log = open_page(page, server + xia_sensitivity)
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
    log = open_page(page, f"{server}/module/borstreconstructie/6.1")
    page.get_by_role("link", name="NL", exact=True).click()
    expect(page.locator("#recommendations-h")).to_have_text("Aanbevelingen")
    page.goto(f"{server}/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert log.off_host() == []


def test_skip_link_is_first_in_keyboard_order(page: Page, server: str) -> None:
    open_page(page, f"{server}/module/borstkanker/10.1.1")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()
