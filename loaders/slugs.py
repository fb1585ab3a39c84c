"""Readable, stable slugs for IRIs: lower case ASCII words joined by hyphens.

>>> slugify("Desiree van den Bongard")
'desiree-van-den-bongard'
>>> slugify("Gonçalves")
'goncalves'
>>> slugify("Dall' Armellina")
'dall-armellina'
"""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """Fold accents, drop punctuation, join words with '-'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.lower())
    return "-".join(words)
