"""Where the project's own files are: in a checkout, or where a wheel installed them.

In a checkout the files sit beside the packages (``ontology/``, ``queries/``,
``data/``).  An installed wheel carries the same folders under
``<prefix>/share/gkg/`` (see ``[tool.setuptools.data-files]`` in pyproject.toml)::

    >>> (ONTOLOGY_DIR / "gkg.ttl").is_file()
    True
    >>> BUNDLED_SOURCE.name
    'borstkanker-cluster-3a-2026.txt'
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
INSTALLED = Path(sys.prefix) / "share" / "gkg"


def _project_files() -> Path:
    """The checkout when the packages run from one, else the installed share folder."""
    if (CHECKOUT / "ontology" / "gkg.ttl").is_file():
        return CHECKOUT
    return INSTALLED


PROJECT_FILES = _project_files()
ONTOLOGY_DIR = PROJECT_FILES / "ontology"
QUERIES_DIR = PROJECT_FILES / "queries"
BUNDLED_SOURCE = PROJECT_FILES / "data" / "source" / "borstkanker-cluster-3a-2026.txt"
CONCEPT_CODES = PROJECT_FILES / "data" / "reference" / "concept-codes.csv"
DEFAULT_STORE_ROOT = (CHECKOUT if PROJECT_FILES == CHECKOUT else Path.cwd()) / "var" / "store"
"""A checkout keeps its store in ``var/store``; an installed copy in ``./var/store``."""
