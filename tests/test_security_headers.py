"""Every response carries the safety headers: a strict Content-Security-Policy (scripts from
this server only, no inline script, no eval; frame-ancestors 'none'), nosniff, a referrer
policy.  The browser tests check that no page breaks the policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from service.web.security_headers import LIBRARY_STYLE_HASHES

TEMPLATES = Path(__file__).resolve().parent.parent / "service" / "web" / "templates"
PATHS = (
    "/",
    "/query",
    "/network",
    "/validation",
    "/ontology",
    "/module/borstkanker/10.1.1",
    "/person/agnes-jager",
    "/person/agnes-jager.ttl",
    "/sparql?query=ASK%7B%7D",
    "/api/queries",
    "/no/such/page",
)


def directives(policy: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_safety_headers(bundled_app: Flask, path: str) -> None:
    response = bundled_app.test_client().get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["style-src"] == ["'self'", *(f"'{h}'" for h in LIBRARY_STYLE_HASHES)]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]


def test_templates_hold_no_inline_script_or_handler() -> None:
    """Scripts are files; a <script> in a template only carries JSON data or a src."""
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text("utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert 'type="application/json"' in tag or " src=" in tag, (template.name, tag)
        assert not re.search(r"\son[a-z]+\s*=", text), template.name
        assert "javascript:" not in text, template.name
