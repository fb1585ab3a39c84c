"""`gkg build` when the build or the disk fails: the served release is never harmed.

Real faults: a build process killed (SIGKILL) while it writes its release, a real small
file system that fills up (tmpfs), a store whose file system is mounted read-only, and a
second build while one is writing.  Each failure is one paragraph and a non-zero exit,
the published release stays served and on disk, and the next build removes leftovers.
The tests mount tmpfs file systems, so they run as root (as the test machine does).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.store.releases import (
    RELEASE_FILE,
    build_lock,
    clean_leftovers,
    current_release,
    open_read_only,
    publish_release,
    read_release_info,
)

GKG = [sys.executable, "-m", "service.cli"]
DATA_TRIPLES = 12_376  # the bundled document's own triples (the data graph)
DATA_GRAPH = "https://w3id.org/gkg/graph/data"


def gkg_build(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*GKG, "build", "--store", str(store), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def built(store: Path) -> Path:
    result = gkg_build(store)
    assert result.returncode == 0, result.stderr
    return current_release(store)


def answers(release: Path) -> bool:
    """The release is whole: its triples are all there and a query runs."""
    info = read_release_info(release)
    store = open_read_only(release)
    return info.graphs[DATA_GRAPH] == DATA_TRIPLES and bool(
        store.query("ASK { GRAPH ?g { ?s ?p ?o } }")
    )


def entries(store: Path) -> set[str]:
    return set(os.listdir(store / "releases"))


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    """A real 64 MB tmpfs file system, unmounted afterwards."""
    mount = tmp_path / "fs"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def kill_while_writing(store: Path, ready: str) -> None:
    """Start a build and SIGKILL it when its new release directory shows `ready`.

    `ready` is "directory" (it appeared) or "data" (its first data file appeared).
    """
    before = entries(store)
    build = subprocess.Popen(
        [*GKG, "build", "--store", str(store), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        give_up = time.monotonic() + 300
        while time.monotonic() < give_up and build.poll() is None:
            new = [store / "releases" / name for name in entries(store) - before]
            if new and (ready == "directory" or any(new[0].glob("*.sst"))):
                break
            time.sleep(0.002)
        assert build.poll() is None, "the build ended before it could be killed"
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()


def test_builds_killed_while_writing_never_cost_the_served_release(tmp_path: Path) -> None:
    store = tmp_path / "store"
    good = built(store)
    for ready in ("directory", "data", "directory"):
        kill_while_writing(store, ready)
        assert current_release(store) == good
        assert answers(good)
    result = gkg_build(store)
    assert result.returncode == 0, result.stderr
    assert re.search(r"removed [1-9]\d* leftover\(s\) of an interrupted build", result.stderr)
    new = current_release(store)
    assert new != good
    assert entries(store) == {good.name, new.name}  # the last good one kept, no leftovers
    assert answers(good) and answers(new)


def test_a_full_disk_fails_in_one_paragraph_and_keeps_the_served_release(
    small_fs: Path,
) -> None:
    store = small_fs / "store"
    good = built(store)
    filler = small_fs / "filler"
    free = os.statvfs(small_fs).f_bavail * os.statvfs(small_fs).f_frsize
    with open(filler, "wb") as output:  # leave about 1 MB free
        chunk = b"\0" * (1 << 20)
        for _ in range(free // len(chunk) - 1):
            output.write(chunk)
    result = gkg_build(store)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"gkg build: error: could not write the new release under {store}: the disk is full; "
        f"the published store is unchanged (release {good.name} is still served); what the "
        "build wrote is removed now or by the next build"
    )
    assert current_release(store) == good and answers(good)
    assert entries(store) == {good.name}
    filler.unlink()
    result = gkg_build(store)
    assert result.returncode == 0, result.stderr
    assert entries(store) == {good.name, current_release(store).name}


def test_a_read_only_store_fails_in_one_paragraph(small_fs: Path) -> None:
    store = small_fs / "store"
    good = built(store)
    subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=True)
    try:
        result = gkg_build(store)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_fs)], check=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"gkg build: error: could not write the new release under {store}: the store's file "
        f"system is read-only; the published store is unchanged (release {good.name} is "
        "still served); what the build wrote is removed now or by the next build"
    )
    assert current_release(store) == good and answers(good)
    assert entries(store) == {good.name}


def test_a_second_build_while_one_writes_is_refused(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with build_lock(store):
        result = gkg_build(store)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"gkg build: error: another gkg build is writing to {store}; try again when it has finished"
    )
    assert current_release(store) is None


def release(root: Path, name: str, complete: bool = True) -> Path:
    path = root / "releases" / name
    path.mkdir(parents=True)
    if complete:
        (path / RELEASE_FILE).write_text("{}", "utf-8")
    return path


def test_leftovers_are_cleaned_and_pruning_counts_only_complete_releases(tmp_path: Path) -> None:
    served = release(tmp_path, "20260101T000000Z-a")
    publish_release(tmp_path, served)
    for name in ("20260102T000000Z-b", "20260103T000000Z-c", "20260104T000000Z-d"):
        release(tmp_path, name, complete=False)  # killed before its release.json
    release(tmp_path, ".building-20260105T000000Z-e", complete=False)
    (tmp_path / ".current.4242").symlink_to("releases/20260104T000000Z-d")
    assert sorted(clean_leftovers(tmp_path)) == [
        ".building-20260105T000000Z-e",
        ".current.4242",
        "20260102T000000Z-b",
        "20260103T000000Z-c",
        "20260104T000000Z-d",
    ]
    assert entries(tmp_path) == {served.name}
    for name in ("20260106T000000Z-f", "20260107T000000Z-g", "20260108T000000Z-h"):
        publish_release(tmp_path, release(tmp_path, name))
    # three complete releases are kept: the served one and the two before it
    assert entries(tmp_path) == {"20260106T000000Z-f", "20260107T000000Z-g", "20260108T000000Z-h"}
