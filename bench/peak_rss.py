"""Peak resident memory of this process and its children together, sampled in a thread.

    with PeakRss() as peak:
        work()
    print(peak.mib)

`ru_maxrss` gives one process's peak only; a build with parsing processes needs their sum at
the same moment.  Sampling every `interval` seconds can miss a short spike.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


def tree_rss_kib(root: int) -> int:
    """Resident memory (KiB) of process `root` and all its descendants now."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        total += rss.get(pid, 0)
        pending.extend(children.get(pid, []))
    return total


class PeakRss:
    """The largest tree RSS seen while the block runs."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def mib(self) -> float:
        return self.peak_kib / 1024

    def _sample(self) -> None:
        pid = os.getpid()
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, tree_rss_kib(pid))
            self._stop.wait(self.interval)
