"""Shared fixtures, one plugin module each: the live SPARQL server and its sample store
(fixtures_server), the bundled document's store and app (fixtures_bundled), an unvalidated
store for linking tests (fixtures_linking), a real Virtuoso (virtuoso_server), and headless
Chromium (browser_support)."""

pytest_plugins = [
    "fixtures_server",
    "fixtures_bundled",
    "fixtures_linking",
    "virtuoso_server",
    "browser_support",
]
