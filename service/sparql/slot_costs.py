"""How long queries of each shape hold a query slot, learned as they run.

The query slots (:mod:`service.sparql.limits`) serve waiting queries cheapest-expected
first, within bounds; this module supplies the expectation. A query's *shape* is its text
with IRIs, strings and numbers blanked, so the same named query asked about another module or
person has the same shape; :class:`SlotCosts` keeps, per shape, a moving average of the
seconds a slot was held (bounded: the least recently used shapes are forgotten). A shape not
seen yet is expected to cost nothing: new questions are not made to wait behind known ones.

    >>> query_shape('SELECT * { VALUES ?m { <https://e/m/1> } ?m ?p "x" } LIMIT 10') == (
    ...     query_shape('SELECT * { VALUES ?m { <https://e/m/2> } ?m ?p "y" } LIMIT 5'))
    True
    >>> costs = SlotCosts()
    >>> costs.record("shape", 0.2); costs.expected("shape"), costs.expected("other")
    (0.2, 0.0)
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict

from service.text_cache import TextCache

SHAPE_PREFIX_CHARS = 16_384  # longer texts: the shape of their start, and their length in KiB
MAX_SHAPES = 4096
WEIGHT_OF_NEW = 0.3  # weight of the latest observation in the moving average

_TERMS = re.compile(
    r"""(?=[<"'+\-.\d\\])"""  # a term starts with one of these: other places fail at once
    r"""(?:<[^<>"{}|^`\\\s]*>"""  # IRIs (and, harmlessly, some comparisons)
    r"""|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*\'"""  # short strings
    r"|[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"  # numbers
    r"|\\.)"  # a backslash pair outside a string: a quote after a backslash starts no string,
)  # so the scan stays linear (unclosed strings escaped \' \' \' ... had made it quadratic)


def query_shape(text: str) -> bytes:
    """A short key that is the same for texts differing only in their IRIs, strings and
    numbers; linear in the text's length, at most SHAPE_PREFIX_CHARS of it read.

    Remembered by text (:data:`_SHAPES`): blanking the terms of a named query of 1,500
    characters took 0.03 CPU-ms, asked for on every query.

    >>> text = "ASK { <https://e/m/3> ?p 1.5 }"
    >>> query_shape(text) is query_shape(text) and query_shape(text) == _shape_of(text)
    True
    """
    return _SHAPES.remembered(text, len(text), lambda: _shape_of(text))


def _shape_of(text: str) -> bytes:
    head = _TERMS.sub("_", text[:SHAPE_PREFIX_CHARS])
    size = str(len(text) // 1024) if len(text) > SHAPE_PREFIX_CHARS else ""
    return hashlib.blake2b((head + size).encode(), digest_size=16).digest()


_SHAPES = TextCache(max_chars=4 * 1024 * 1024, max_entry_chars=64 * 1024)
"""Query text -> :func:`query_shape`, within 4 MiB of texts a process."""


class SlotCosts:
    """Per shape, the moving average of the seconds its queries held a slot (thread-safe)."""

    def __init__(self, max_shapes: int = MAX_SHAPES):
        self.max_shapes = max_shapes
        self._seconds: OrderedDict[object, float] = OrderedDict()
        self._lock = threading.Lock()

    def expected(self, shape: object) -> float:
        """Seconds a query of ``shape`` is expected to hold a slot (0 for a new shape)."""
        with self._lock:
            return self._seconds.get(shape, 0.0)

    def record(self, shape: object, seconds: float) -> None:
        """Learn that a query of ``shape`` held its slot for ``seconds``."""
        with self._lock:
            previous = self._seconds.pop(shape, None)
            if previous is None:
                average = seconds
            else:
                average = previous + WEIGHT_OF_NEW * (seconds - previous)
            self._seconds[shape] = average
            while len(self._seconds) > self.max_shapes:
                self._seconds.popitem(last=False)
