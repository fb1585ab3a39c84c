"""Run a benchmark script under the allocator the service's query processes use.

Scripts that answer queries in their own process (``query_profile.py``, ``named_ab.py``) call
:func:`with_query_allocator` first: unless the process already runs with it, the script is
started again with the library of ``choice`` (``GKG_QUERY_ALLOCATOR``'s values, see
:mod:`service.store.allocator`) in ``LD_PRELOAD``, so its figures are those of a query process.
"""

from __future__ import annotations

import argparse
import os
import sys

from service.settings import DEFAULTS
from service.store.allocator import CHOICES, SYSTEM, allocator_in_use, allocator_library

MARK = "GKG_BENCH_PRELOADED"  # set in the restarted process: never restart twice


def add_allocator_option(parser: argparse.ArgumentParser) -> None:
    """``--allocator``: the malloc query processes run with (GKG_QUERY_ALLOCATOR's values)."""
    parser.add_argument(
        "--allocator",
        choices=CHOICES,
        default=DEFAULTS["GKG_QUERY_ALLOCATOR"],
        help="the malloc query processes run with, as GKG_QUERY_ALLOCATOR sets it",
    )


def with_query_allocator(choice: str) -> str:
    """Restart this script with the allocator ``choice`` names, unless it runs with it
    already (or cannot); the allocator the process runs with."""
    library = allocator_library(choice)
    if library is None or os.environ.get(MARK) or allocator_in_use() != SYSTEM:
        return allocator_in_use()
    preload = " ".join(filter(None, [library, os.environ.get("LD_PRELOAD")]))
    environment = {**os.environ, "LD_PRELOAD": preload, MARK: "1"}
    sys.stdout.flush()
    os.execve(sys.executable, [sys.executable, *sys.argv], environment)
    raise AssertionError("unreachable")  # execve does not return
