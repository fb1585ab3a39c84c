"""The most similar of many names, without comparing a text to each of them.

    >>> index = FuzzyIndex([("nabon", "a"), ("nvro", "b"), ("nvvr", "c")], 0.7)
    >>> index.best("nabonn"), index.best("nvrx"), index.best("xyz")
    ('a', 'b', None)

Similarity is `difflib.SequenceMatcher(None, text, name).ratio()`, 2M/T (M characters in
matching blocks, T both lengths together).  M is at most the characters the two share
whatever their order (`quick_ratio`), and at most the shorter length, so names whose bound
falls below the threshold cannot reach it and are never compared.  The answer is the one a
comparison with every name gives: the first name (in the order given) of the highest
similarity, when that is at least the threshold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import Generic, TypeVar

T = TypeVar("T")


class FuzzyIndex(Generic[T]):
    """Names with their values; `best(text)`: the value of the name most similar to text."""

    def __init__(self, names: Iterable[tuple[str, T]], threshold: float) -> None:
        self.threshold = threshold
        self._entries = []
        for name, value in names:
            matcher = SequenceMatcher(None, "", name)  # caches what it knows of the name
            self._entries.append((len(name), Counter(name), matcher, value))

    def best(self, text: str) -> T | None:
        """The value of the first name of the highest similarity >= threshold, else None."""
        characters, length = Counter(text), len(text)
        best_score, best_value = self.threshold, None
        found = False
        for name_length, name_characters, matcher, value in self._entries:
            total = length + name_length
            if 2.0 * min(length, name_length) / total < best_score:
                continue
            shared = sum((characters & name_characters).values())
            if 2.0 * shared / total < best_score:
                continue
            matcher.set_seq1(text)
            score = matcher.ratio()
            if score > best_score or (score == best_score and not found):
                best_score, best_value, found = score, value, True
        return best_value
