"""Shared fixtures; the SPARQL endpoint fixtures live in fixtures_server.py."""

pytest_plugins = ["fixtures_server", "fixtures_bundled", "fixtures_linking", "virtuoso_server"]
