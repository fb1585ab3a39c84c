"""The memory allocator of the query processes: mimalloc (or jemalloc) where the machine has it.

Oxigraph allocates and frees a small vector for every solution it joins, groups or sorts.
Under glibc's malloc, in a process holding a large store, that bookkeeping dominates: ``perf``
on GROUP BY / HAVING over an in-memory copy of 1.2M quads put 43% of the time in
``_int_malloc``, ``unlink_chunk`` and ``malloc_consolidate`` (14% on disk). With mimalloc the
same query took 79-90 ms instead of 182-242 (in memory) and 89-96 instead of 103-128 (on
disk); a pass through the benchmark mix, processes taking turns, cost 284-351 CPU-ms in memory
against 745-857 (jemalloc: 317-369), on disk 513-606 against 590-611. One query process
answering the mix for 60 s (``bench/query_memory.py``) got through it 2.1 times as often in
memory, 153 rounds against 72, at a peak of 495 MiB resident against 512 (jemalloc: 142
rounds, 648 MiB).

Query processes fork from one server process (``local_backend.SPAWN``, a forkserver), which
:func:`start_query_server` starts with the allocator's library in ``LD_PRELOAD``: every query
process runs with it; the web process and everything else keep glibc's malloc. The setting
``GKG_QUERY_ALLOCATOR`` is one of :data:`CHOICES`: ``auto`` (the default: mimalloc, else
jemalloc, whichever the dynamic loader knows), ``mimalloc``, ``jemalloc`` or ``system``
(glibc's). On Debian the libraries are the packages ``libmimalloc2.0`` and ``libjemalloc2``
(``scripts/setup.sh`` installs the first it can).
"""

from __future__ import annotations

import ctypes.util
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing import forkserver, resource_tracker
from pathlib import Path

from service.store.orphans import FORK_SERVER

AUTO = "auto"
SYSTEM = "system"
LIBRARIES = ("mimalloc", "jemalloc")
"""Allocators ``auto`` looks for, the preferred first."""
CHOICES = (AUTO, *LIBRARIES, SYSTEM)
log = logging.getLogger(__name__)
_lock = threading.Lock()
_started: list[str | None] = []  # the library the query server was started with, once started


def allocator_library(choice: str) -> str | None:
    """The shared library (a name the dynamic loader resolves) for ``choice``; None for
    glibc's malloc, also when the library asked for is not on this machine."""
    if choice not in CHOICES:
        raise ValueError(f"unknown allocator {choice!r}; one of {', '.join(CHOICES)}")
    wanted = LIBRARIES if choice == AUTO else () if choice == SYSTEM else (choice,)
    for name in wanted:
        library = ctypes.util.find_library(name)
        if library:
            return library
    if choice not in (AUTO, SYSTEM):
        log.warning("allocator %s is not installed; query processes use glibc's malloc", choice)
    return None


def start_query_server(choice: str) -> str | None:
    """Start the server query processes fork from, with the allocator ``choice`` names; the
    library it runs with (None: glibc's malloc).

    Only the first call in a process starts the server; later ones return what the first
    chose (one server serves every pool of the process).
    """
    with _lock:
        if not _started:
            library = allocator_library(choice)
            _launch(library)
            _started.append(library)
            log.info("query processes allocate with %s", library or "glibc's malloc")
        return _started[0]


def _launch(library: str | None) -> None:
    """Start the forkserver, with ``library`` preloaded and marked as the query processes' fork
    server (:data:`service.store.orphans.FORK_SERVER`). Both variables are set only while the
    server's interpreter is started, which reads them from this process's environment; the
    resource tracker the forkserver needs is started before, without them."""
    resource_tracker.ensure_running()
    settings = {FORK_SERVER: "1"}
    if library is not None:
        previous = os.environ.get("LD_PRELOAD")
        settings["LD_PRELOAD"] = f"{library} {previous}" if previous else library
    with _environment(settings):
        forkserver.ensure_running()


@contextmanager
def _environment(settings: dict[str, str]) -> Iterator[None]:
    """This process's environment with ``settings`` for the ``with`` block, then as it was."""
    previous = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value


def allocator_in_use(maps: Path = Path("/proc/self/maps")) -> str:
    """The allocator this process runs with: one of :data:`LIBRARIES` when its library is
    mapped, else ``system``."""
    try:
        mapped = {Path(line.split()[-1]).name for line in maps.read_text().splitlines()}
    except OSError:
        return SYSTEM
    for name in LIBRARIES:
        if any(file.startswith(f"lib{name}.so") for file in mapped):
            return name
    return SYSTEM
