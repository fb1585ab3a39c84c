"""The query processes' fork server becomes the reaper of query processes whose own parent has
died: it imports this module (its preload, see :mod:`service.store.local_backend`) with
``GKG_FORK_SERVER=1`` in its environment (set by :mod:`service.store.allocator` while it starts
the server only). Imported anywhere else, the module changes nothing.

A query process holding a release in memory forks the pool's other processes (copies sharing its
pages). When it is killed (a query over the time limit), its copies live on, and Linux hands them
to the nearest "child subreaper" above them, else to process 1, which in a container may never
wait for them: each copy killed later would stay a zombie. The fork server, their grandparent,
already waits for every child it has (``waitpid(-1)`` on SIGCHLD); as a subreaper it waits for
the orphaned copies too. Its note about a pid it did not start is silenced: such a pid is one
of these.
"""

from __future__ import annotations

import ctypes
import os
import sys
import warnings

PR_SET_CHILD_SUBREAPER = 36
FORK_SERVER = "GKG_FORK_SERVER"


def become_reaper() -> None:
    """Make this process the reaper of its descendants' orphans (Linux), without a note about
    each pid the fork server did not start."""
    warnings.filterwarnings("ignore", message="forkserver: waitpid returned unexpected pid")
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


if os.environ.pop(FORK_SERVER, None) == "1":
    become_reaper()
