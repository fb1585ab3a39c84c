"""On-disk pyoxigraph stores, published as immutable releases swapped in atomically.

A store root holds one directory per release and a `current` symlink:

    var/store/
        releases/20261126T122249Z-cd1d8d85/   pyoxigraph data + release.json
        current -> releases/20261126T122249Z-cd1d8d85

A build writes a new release beside the served one and, only when everything
succeeded, replaces the `current` link with one atomic rename.  Readers open the
release that `current` points to, read-only, so a failed build never touches it.

A build holds `build_lock` while it writes, and writes into a staging directory
(`releases/.building-<id>`) that is renamed to its release name only when complete
(`finish_release`): a build killed half-way leaves a staging directory, never
something that looks like a release.  The next build removes such leftovers
(`clean_leftovers`).  Pruning counts only complete releases (those with their
release.json) and never removes the one `current` points to.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph

from loaders import paths

DEFAULT_STORE_ROOT = paths.DEFAULT_STORE_ROOT
CURRENT_LINK = "current"
RELEASES_DIR = "releases"
RELEASE_FILE = "release.json"
KEEP_RELEASES = 3
STAGING_PREFIX = ".building-"
LOCK_FILE = ".build.lock"


@dataclass
class ReleaseInfo:
    """What a release holds; written as release.json beside its data."""

    release_id: str
    built_at: str
    base_iri: str
    sources: list[dict[str, str]]
    graphs: dict[str, int] = field(default_factory=dict)  # named graph IRI -> triple count
    conforms: bool = True
    violations: int = 0
    warnings: int = 0
    infos: int = 0
    # what made the source look cut or repeated, when published with --allow-partial
    completeness: list[dict[str, str]] = field(default_factory=list)


class StoreBusy(Exception):
    """Another build is writing to the same store."""


def store_root(path: str | os.PathLike[str] | None = None) -> Path:
    """The store root: the given path, else $GKG_STORE, else var/store in the project."""
    if path:
        return Path(path)
    return Path(os.environ.get("GKG_STORE") or DEFAULT_STORE_ROOT)


def current_release(root: Path) -> Path | None:
    """The directory of the published release, or None when nothing is published.

    Asked on every request, so the resolved path of each link text read is remembered
    (:data:`_RESOLVED`): a call then costs one ``readlink`` and one ``stat`` instead of
    resolving every component of the path (a tenth of a web worker's time on cached
    answers). A newly published release is a new link text, so it is resolved afresh.
    """
    link = root / CURRENT_LINK
    try:
        key = (os.path.abspath(link), os.readlink(link))
    except OSError:  # no link: nothing published, or a directory in its place
        return link.resolve() if link.is_dir() else None
    release = _RESOLVED.get(key)
    if release is None:
        if len(_RESOLVED) >= _RESOLVED_MAX:
            _RESOLVED.clear()
        release = _RESOLVED[key] = link.resolve()
    return release if release.is_dir() else None


_RESOLVED: dict[tuple[str, str], Path] = {}
"""(absolute link path, link text) -> the release directory it resolved to, in this process."""
_RESOLVED_MAX = 256


def data_version(root: Path) -> str:
    """The published release id ('' when nothing is published)."""
    release = current_release(root)
    return release.name if release else ""


def read_release_info(release: Path) -> ReleaseInfo | None:
    try:
        return ReleaseInfo(**json.loads((release / RELEASE_FILE).read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def open_read_only(path: Path) -> pyoxigraph.Store:
    """Open a published release for reading (many processes may do so at once)."""
    return pyoxigraph.Store.read_only(str(path))


def new_release_dir(root: Path, release_id: str) -> Path:
    """A fresh, empty directory for a release being built."""
    releases = root / RELEASES_DIR
    releases.mkdir(parents=True, exist_ok=True)
    path = releases / release_id
    if path.exists():
        shutil.rmtree(path)
    return path


def write_release_info(release: Path, info: ReleaseInfo) -> None:
    (release / RELEASE_FILE).write_text(json.dumps(asdict(info), indent=2) + "\n", "utf-8")


def publish_release(root: Path, release: Path) -> None:
    """Point `current` at `release` with one atomic rename, then prune old releases."""
    temporary = root / f".{CURRENT_LINK}.{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(Path(RELEASES_DIR) / release.name)
    os.replace(temporary, root / CURRENT_LINK)
    _prune(root, keep=release.name)


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Hold the store's build lock (released when the process ends, however it ends)."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK_FILE, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreBusy(f"another gkg build is writing to {root}") from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def staging_dir(root: Path, release_id: str) -> Path:
    """A fresh, empty directory for a release being built (call under `build_lock`)."""
    return new_release_dir(root, f"{STAGING_PREFIX}{release_id}")


def finish_release(staged: Path) -> Path:
    """Give a completely written staging directory its release name (one atomic rename)."""
    final = staged.with_name(staged.name.removeprefix(STAGING_PREFIX))
    os.rename(staged, final)
    return final


def clean_leftovers(root: Path) -> list[str]:
    """Remove what killed builds left (call under `build_lock`); the names removed.

    Leftovers are staging directories, release directories without their release.json
    (never the published one), temporary `current` links and build scratch folders.
    """
    removed = []
    published = current_release(root)
    releases = root / RELEASES_DIR
    for path in sorted(releases.iterdir()) if releases.is_dir() else []:
        staged = path.name.startswith(STAGING_PREFIX)
        if path == published or not path.is_dir() or not (staged or not _complete(path)):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    for link in root.glob(f".{CURRENT_LINK}.*"):
        link.unlink(missing_ok=True)
        removed.append(link.name)
    for scratch in root.glob(
        ".build-*"
    ):  # a build's scratch files (service.pipeline.release_writer)
        if scratch.is_dir():
            shutil.rmtree(scratch, ignore_errors=True)
            removed.append(scratch.name)
    return removed


def discard_release(release: Path) -> None:
    """Remove a release that failed to build (never the published one)."""
    root = release.parent.parent
    if release.exists() and release != current_release(root):
        shutil.rmtree(release, ignore_errors=True)


def _complete(release: Path) -> bool:
    return (release / RELEASE_FILE).is_file()


def _prune(root: Path, keep: str) -> None:
    """Remove the oldest complete releases beyond KEEP_RELEASES; never `keep` or `current`."""
    published = current_release(root)
    releases = sorted(
        path
        for path in (root / RELEASES_DIR).iterdir()
        if path.is_dir() and not path.name.startswith(STAGING_PREFIX) and _complete(path)
    )
    old = [path for path in releases if path.name != keep and path != published]
    for path in old[: max(0, len(old) - (KEEP_RELEASES - 1))]:
        shutil.rmtree(path, ignore_errors=True)
