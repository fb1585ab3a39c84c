"""The paths of the IRIs the project mints (loaders.iris, loaders.slugs), kind by kind.

A resource route answers only paths of this shape; anything else is a 404 before any
query runs, so no request text that the builder could not have minted reaches a query.

    >>> is_minted("module", "10.1.1/certainty/risk-of-bias")
    True
    >>> is_minted("person", "agnes-jager> } SERVICE <http://evil/> {")
    False

Keys are slugs (loaders.slugs: lower-case ASCII words joined by '-'), module numbers are
dotted numbers, source documents are 16 hex digits and spans `lines/N-M`.  A module key
may be scoped by its guideline (`borstkanker/10.1.1`), and a module may be named by a
slug; the unscoped form is accepted too.  When the builder starts minting another
shape, add it here (tests/test_resource_paths.py checks every IRI of a built store
against these patterns).
"""

from __future__ import annotations

import re

MAX_PATH_LENGTH = 512
"""No minted path comes close (the longest in the bundled release is under 100 characters)."""

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
NUMBER = r"\d+(?:\.\d+)*"  # a module number: 10.1.1
INDEX = r"\d+"
LINES = rf"{INDEX}-{INDEX}"
STUDY = rf"{SLUG}(?:\+{SLUG})*"  # one reference key, or several joined by '+'
VARIANT = rf"(?:/variant/{INDEX})?"
MODULE = rf"(?:{SLUG}/)?(?:{NUMBER}|{SLUG})"  # [guideline/]number-or-slug
SOURCE = r"[0-9a-f]{16}"

PATTERNS: dict[str, str] = {
    "cluster": rf"{SLUG}(?:/group/{SLUG})?",
    "guideline": rf"{SLUG}(?:/group/{SLUG})?",
    "module": (
        rf"{MODULE}(?:/panel|/wkkgz|/certainty(?:/{SLUG})?|/consideration/{INDEX}"
        rf"|/citation/{INDEX}|/conclusion/{INDEX}|/question/(?:main|{INDEX})(?:/{SLUG})?)?"
    ),
    "recommendation": rf"{MODULE}-{INDEX}(?:/statement/{INDEX}|/table/{INDEX}(?:/row/{INDEX})?)?",
    "finding": rf"{MODULE}/{STUDY}/{SLUG}(?:/ci)?",
    "reference": SLUG,
    "person": SLUG + VARIANT,
    "organisation": SLUG + VARIANT,
    "role": SLUG,
    "membership": rf"(?:{MODULE}|cluster/{SLUG})/{SLUG}/{SLUG}",
    "declaration": rf"{MODULE}/{SLUG}/{SLUG}(?:/interest/{INDEX})?",
    "source": rf"{SOURCE}(?:/lines/{LINES})?",
    "problem": rf"(?:{SOURCE}/)?{SLUG}/{LINES}(?:-{INDEX})?",
    "concept": SLUG,
}
_COMPILED = {kind: re.compile(pattern) for kind, pattern in PATTERNS.items()}


def is_minted(kind: str, rest: str) -> bool:
    """Whether `<kind>/<rest>` is a path the builder can mint (the resource may still not exist)."""
    pattern = _COMPILED.get(kind)
    return pattern is not None and len(rest) <= MAX_PATH_LENGTH and bool(pattern.fullmatch(rest))
