"""On-disk pyoxigraph stores, published as immutable releases swapped in atomically.

A store root holds one directory per release and a `current` symlink:

    var/store/
        releases/20261126T122249Z-cd1d8d85/   pyoxigraph data + release.json
        current -> releases/20261126T122249Z-cd1d8d85

A build writes a new release beside the served one and, only when everything
succeeded, replaces the `current` link with one atomic rename.  Readers open the
release that `current` points to, read-only, so a failed build never touches it.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph

from loaders import paths

DEFAULT_STORE_ROOT = paths.DEFAULT_STORE_ROOT
CURRENT_LINK = "current"
RELEASES_DIR = "releases"
RELEASE_FILE = "release.json"
KEEP_RELEASES = 3


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


def store_root(path: str | os.PathLike[str] | None = None) -> Path:
    """The store root: the given path, else $GKG_STORE, else var/store in the project."""
    if path:
        return Path(path)
    return Path(os.environ.get("GKG_STORE") or DEFAULT_STORE_ROOT)


def current_release(root: Path) -> Path | None:
    """The directory of the published release, or None when nothing is published."""
    link = root / CURRENT_LINK
    if not link.is_symlink() and not link.is_dir():
        return None
    target = link.resolve()
    return target if target.is_dir() else None


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


def discard_release(release: Path) -> None:
    """Remove a release that failed to build."""
    shutil.rmtree(release, ignore_errors=True)


def _prune(root: Path, keep: str) -> None:
    releases = sorted((root / RELEASES_DIR).iterdir(), key=lambda path: path.name)
    old = [path for path in releases if path.name != keep][: -(KEEP_RELEASES - 1) or None]
    for path in old:
        shutil.rmtree(path, ignore_errors=True)
