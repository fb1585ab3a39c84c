"""Safety headers on every response: Content-Security-Policy and friends.

    Content-Security-Policy: default-src 'self'; script-src 'self'; ...; frame-ancestors 'none'
    X-Content-Type-Options: nosniff
    Referrer-Policy: same-origin
    X-Frame-Options: DENY

The pages run no inline script: their scripts are files under /static and they pass data
to them in `<script type="application/json">` blocks (data, not script, so the policy
lets them be read).  Scripts are 'self' only (no 'unsafe-eval': YASGUI and Cytoscape do
not need it).  Styles are 'self' plus the hashes of the one fixed `<style>` element each
vendored library writes; styles set from script (element.style) are not governed by CSP.
"""

from __future__ import annotations

from flask import Blueprint, Response

bp = Blueprint("security_headers", __name__)

# The one <style> element each vendored library writes, allowed by its hash (the texts are
# fixed in the vendored builds; a new version needs its hash here, and the browser tests,
# which fail on any CSP violation, say so).
LIBRARY_STYLE_HASHES = (
    "sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk=",  # YASGUI: column resizer (.grip-*)
    "sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8=",  # Cytoscape: container rules
)
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' " + " ".join(f"'{digest}'" for digest in LIBRARY_STYLE_HASHES),
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@bp.after_app_request
def add_security_headers(response: Response) -> Response:
    """Set the safety headers unless a view chose its own."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response
