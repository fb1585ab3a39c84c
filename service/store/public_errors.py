"""What the service may say about a failure: never a server file path.

Errors from the store (RocksDB under pyoxigraph) and the file system name files on the
server ("Corruption: ... sstable: /srv/gkg/var/store/releases/…/000009.sst").  At each
error boundary the detail goes to the server log and the response gets a message of
its own:

    >>> redact_paths("IO error: While open a file: /srv/gkg/store/000012.sst: gone")
    'IO error: While open a file: …: gone'
    >>> redact_paths("see <https://w3id.org/gkg/module/6.1> and /sparql")
    'see <https://w3id.org/gkg/module/6.1> and /sparql'
    >>> store_failure(RuntimeError("Corruption: bad block in /x/y/000009.sst"))[0]
    'unavailable'
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger("gkg.store")

RELEASE_UNREADABLE = (
    "The published release cannot be read: its files are damaged or missing "
    "(the server log has the details); publish a new one with 'gkg build'"
)
# Status prefixes of RocksDB errors: the store itself failed, not the query.
_STORAGE_STATUSES = ("Corruption:", "IO error:", "NotFound:", "Incomplete:")
# An absolute path of two or more segments that is not part of a URL or IRI.
_PATH = re.compile(r"(?<![\w:/.<~-])(?:/[\w.@+~=,-]+){2,}/?")


def redact_paths(text: str) -> str:
    """`text` with every absolute file path replaced by '…'."""
    return _PATH.sub("…", text)


def is_storage_failure(error: BaseException) -> bool:
    """Whether `error` comes from the store's files rather than from the query."""
    return str(error).lstrip().startswith(_STORAGE_STATUSES)


def store_failure(error: BaseException, release: str = "") -> tuple[str, str]:
    """The answer for a release that cannot be opened or read; the detail is logged."""
    log.error("release %s cannot be read: %s: %s", release or "?", type(error).__name__, error)
    return ("unavailable", RELEASE_UNREADABLE)


def query_failure(error: BaseException, release: str = "") -> tuple[str, str]:
    """The answer for a query that failed while running (the store's fault or the query's)."""
    if is_storage_failure(error):
        return store_failure(error, release)
    if isinstance(error, OSError):  # e.g. a SERVICE endpoint that cannot be reached
        return ("unavailable", f"The query could not be answered: {redact_paths(str(error))}")
    return ("failed", f"The query failed: {redact_paths(str(error))}")
