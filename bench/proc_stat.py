"""Every running process's /proc/PID/stat fields, for the benchmarks that watch a server.

>>> fields = stat_fields()[os.getpid()]
>>> int(fields[PARENT]) == os.getppid()
True
"""

from __future__ import annotations

import os
from pathlib import Path

# Positions in the fields after the command name (proc(5) numbers them from 3).
STATE, PARENT, USER_TICKS, SYSTEM_TICKS, RESIDENT_PAGES = 0, 1, 11, 12, 21


def stat_fields() -> dict[int, list[str]]:
    """pid -> the fields of its /proc/PID/stat after the command name, for every process
    (one that ends meanwhile is left out)."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        table[int(entry)] = text[text.rindex(")") + 2 :].split()
    return table


def descendants(root: int, parents: dict[int, int]) -> set[int]:
    """``root`` and every process under it, of those in ``parents`` (pid -> parent pid)."""
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    tree: set[int] = set()
    waiting = [root]
    while waiting:
        pid = waiting.pop()
        if pid in parents and pid not in tree:
            tree.add(pid)
            waiting.extend(children.get(pid, []))
    return tree
