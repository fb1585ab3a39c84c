"""Loaders: source documents to plain records (`load`), records to RDF (`builder`, `corpus`).

>>> from pathlib import Path
>>> [module.key for module in load(Path("data/source/borstkanker-cluster-3a-2026.txt")).modules]
['borstkanker/10.1.1', 'borstkanker/9.2.3', 'borstreconstructie/6.1']
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from loaders.records import Document


def load(path: Path, *, allow_partial: bool = False) -> Document:
    """Read one source file, whatever its format (see `loaders.readers`).

    A plainly cut or repeated document is refused unless `allow_partial`.
    """
    from loaders.readers import load as load_path

    return load_path(path, allow_partial=allow_partial)
