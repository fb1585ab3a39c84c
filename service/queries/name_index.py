"""Where the search and name index of the data being queried lives, made once when missing.

    path = index_path(store_root, backend_url, data_version)
    ensure_index(path, select)        # builds it from `select`'s answers if it is not there

A local store's release carries its own index (`<release>/search.sqlite`, written by
`gkg build`); an external store (GKG_BACKEND_URL) gets one per endpoint and data version in
`<store root>/search-cache/`.  Used by the web pages (service.web.search_page) and by
`gkg query` (service.commands.query), so both resolve names from the same index.
"""

from __future__ import annotations

import fcntl
import hashlib
from pathlib import Path

from service.store.releases import current_release
from service.store.search_index import INDEX_FILE, SearchUnavailable, Select, build_index

CACHE_DIR = "search-cache"


def index_path(root: Path, backend_url: str = "", data_version: str = "") -> Path:
    """The index file for the local store at `root`, or for the external store `backend_url`."""
    if backend_url:
        digest = hashlib.sha256(f"{backend_url} {data_version}".encode()).hexdigest()
        return Path(root) / CACHE_DIR / f"{digest[:16]}.sqlite"
    release = current_release(Path(root))
    if release is None:
        raise SearchUnavailable("no release of the local store is published; run gkg build")
    return release / INDEX_FILE


def ensure_index(path: Path, select: Select) -> Path:
    """`path`, built first from `select`'s answers when missing (once across processes)."""
    if path.is_file():
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.parent / f".{path.name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not path.is_file():
                build_index(path, select)
    except OSError as error:
        raise SearchUnavailable(f"the search index could not be made: {error.strerror}") from None
    return path
