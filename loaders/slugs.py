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

from loaders.memo import per_document


@per_document
def slugify(text: str) -> str:
    """Fold accents, drop punctuation, join words with '-' (the same text is slugged once)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.lower())
    return "-".join(words)


MODULE_SLUG_WORDS = 8


def module_slug(title: str) -> str:
    """A module without a number is named by the first words of its title.

    >>> module_slug("Nazorg en follow-up na behandeling van een heupfractuur bij ouderen thuis")
    'nazorg-en-follow-up-na-behandeling-van-een'
    """
    return "-".join(slugify(title).split("-")[:MODULE_SLUG_WORDS]) or "module"
