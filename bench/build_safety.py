"""What `gkg build` and `gkg serve` do with hostile or careless input and broken disks.

    sudo .venv/bin/python bench/build_safety.py [--cases cuts,concat,kill,full,readonly,corrupt]
        [--copies 2,3,50] [--project DIR] [--work DIR]

Each case prints one line per trial: exit status, whether the served release changed, the
triples it serves afterwards, seconds, peak memory of the build, and what else the case
checks (a traceback on standard error, leftovers, a server path in an HTTP body).

- cuts: the bundled document cut at points in its table of contents, accountability
  sections, module texts and just before its end, and at 10 random byte offsets (seed 11);
- concat: the document repeated 2, 3, ... times in one file;
- kill: builds killed (SIGKILL) at several moments after their new release directory
  appears, then one complete build: is the release served before still there?
- full: a build onto a filesystem with 1 MB free (a tmpfs; needs root to mount);
- readonly: a build onto a store whose filesystem is mounted read-only (needs root);
- corrupt: a live server whose published release has its files truncated or removed:
  the status of /readyz, /sparql, VoID, a dump and a page, and whether any body shows a
  server path.

`--project DIR` runs the `gkg` of another checkout (e.g. an export of an older commit) to
compare before and after.  Figures go in notes, never in test assertions.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import requests

PROJECT = Path(__file__).resolve().parents[1]
SOURCE_NAME = "data/source/borstkanker-cluster-3a-2026.txt"


class Runner:
    """Runs `gkg` of one checkout as a user would."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.environment = {**os.environ, "PYTHONPATH": str(project)}

    @property
    def source(self) -> Path:
        return self.project / SOURCE_NAME

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "service.cli", *args]

    def build(self, store: Path, *args: str) -> tuple[subprocess.CompletedProcess, float, int]:
        """Run `gkg build`: (result, seconds, peak resident MB of the build)."""
        wrapper = (
            "import resource, subprocess, sys; "
            "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
            "sys.exit(r.returncode)"
        )
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", wrapper, *self.command("build", "--store", str(store), *args)],
            capture_output=True,
            text=True,
            cwd=self.project,
            env=self.environment,
            check=False,
        )
        seconds = time.perf_counter() - started
        *lines, peak = result.stderr.rstrip("\n").split("\n")
        result.stderr = "\n".join(lines)
        return result, seconds, int(peak) // 1024


def served(store: Path) -> tuple[str, int]:
    """The served release's name and its triple count (from release.json)."""
    import json

    link = store / "current"
    if not link.exists():
        return "", 0
    release = link.resolve()
    try:
        info = json.loads((release / "release.json").read_text("utf-8"))
    except OSError:
        return release.name, -1
    return release.name, sum(info["graphs"].values())


def first_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if "error" in line.lower()]
    lines = lines or stderr.strip().splitlines() or [""]
    text = lines[-1]
    return text if len(text) <= 160 else text[:157] + "..."


def report(label: str, **figures: object) -> None:
    shown = "  ".join(f"{key}={value}" for key, value in figures.items())
    print(f"{label:<34}{shown}", flush=True)


def cut_points(text: str) -> list[tuple[str, int]]:
    """Byte offsets that land in different parts of the bundled document."""
    data = text.encode("utf-8")

    def after(marker: str, fraction: float = 0.5, until: str | None = None) -> int:
        start = data.index(marker.encode())
        end = data.index(until.encode(), start + 1) if until else len(data)
        return start + int((end - start) * fraction)

    points = [
        ("inside the table of contents", after("\n5 Inhoudsopgave", 0.4, "\n5 Samenstelling")),
        ("in the cluster composition", after("\n5 Samenstelling", 0.5, "\n5 Startpagina")),
        ("in accountability 10.1.1", after("**Verantwoording module 10.1.1", 0.5, "**Module")),
        ("mid module 10.1.1", after("**Module 10.1.1", 0.5, "**Verantwoording")),
        ("in accountability 9.2.3", after("**Verantwoording module 9.2.3", 0.6, "\n5 Module")),
        ("mid module 9.2.3", after("\n5 Module 9.2.3", 0.4, "\n5 Startpagina")),
        ("end of module 9.2.3", after("\n5 Module 9.2.3", 1.0, "\n5 Startpagina")),
        ("in accountability 6.1", after("**Verantwoording module 6.1", 0.8, "**Module 6.1")),
        ("mid module 6.1", after("**Module 6.1", 0.5)),
        ("in the last module's references", len(data) - 300),
        ("just before the end", len(data) - 30),
    ]
    generator = random.Random(11)
    points += [(f"random byte {n + 1}", generator.randrange(len(data))) for n in range(10)]
    return points


def case_cuts(runner: Runner, work: Path) -> None:
    store = work / "store-cuts"
    result, seconds, _ = runner.build(store)
    assert result.returncode == 0, result.stderr
    good = served(store)
    report("complete document", exit=result.returncode, triples=good[1], seconds=f"{seconds:.1f}")
    data = runner.source.read_bytes()
    for label, offset in cut_points(data.decode("utf-8")):
        cut = work / "cut.txt"
        cut.write_bytes(data[:offset])
        line = data[:offset].count(b"\n") + 1
        result, seconds, _ = runner.build(store, str(cut))
        now = served(store)
        report(
            f"cut {label}",
            line=line,
            exit=result.returncode,
            published=now != good,
            served_triples=now[1],
            traceback="Traceback" in result.stderr,
            message=repr(first_error(result.stderr)) if result.returncode else "",
        )
        if now != good:  # put the complete release back for the next cut
            runner.build(store)
            good = served(store)


def case_concat(runner: Runner, work: Path, copies: list[int]) -> None:
    store = work / "store-concat"
    result, _, _ = runner.build(store)
    assert result.returncode == 0, result.stderr
    good = served(store)
    data = runner.source.read_bytes()
    for count in copies:
        repeated = work / f"repeated-{count}.txt"
        repeated.write_bytes(b"\n".join([data] * count))
        result, seconds, peak = runner.build(store, str(repeated))
        now = served(store)
        report(
            f"document x{count}",
            exit=result.returncode,
            published=now != good,
            served_triples=now[1],
            seconds=f"{seconds:.1f}",
            peak_mb=peak,
            message=repr(first_error(result.stderr)) if result.returncode else "",
        )
        if now != good:
            runner.build(store)
            good = served(store)


def case_kill(runner: Runner, work: Path, delays: tuple[float, ...] = (0.0, 0.3, 1.0)) -> None:
    store = work / "store-kill"
    result, _, _ = runner.build(store)
    assert result.returncode == 0, result.stderr
    good = served(store)
    releases = store / "releases"
    for delay in delays:
        before = set(os.listdir(releases))
        build = subprocess.Popen(
            runner.command("build", "--store", str(store), "--quiet"),
            cwd=runner.project,
            env=runner.environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        give_up = time.monotonic() + 120
        while time.monotonic() < give_up and set(os.listdir(releases)) == before:
            if build.poll() is not None:
                break
            time.sleep(0.005)
        time.sleep(delay)
        finished = build.poll() is not None
        build.send_signal(signal.SIGKILL)
        build.wait()
        report(
            f"killed {delay:.1f} s into writing",
            finished_first=finished,
            served_unchanged=served(store) == good,
            entries=len(os.listdir(releases)),
        )
    result, _, _ = runner.build(store)
    names = set(os.listdir(releases))
    report(
        "next complete build",
        exit=result.returncode,
        last_good_kept=good[0] in names,
        entries=len(names),
        served_triples=served(store)[1],
    )


@contextmanager
def tmpfs(path: Path, size: str) -> object:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=False)


def case_full(runner: Runner, work: Path) -> None:
    with tmpfs(work / "full", "64m") as mount:
        store = mount / "store"
        result, _, _ = runner.build(store)
        assert result.returncode == 0, result.stderr
        good = served(store)
        free = shutil.disk_usage(mount).free
        filler = mount / "filler"
        with open(filler, "wb") as output:
            output.truncate(0)
            chunk = b"\0" * (1 << 20)
            for _ in range(free // len(chunk) - 1):
                output.write(chunk)
        result, seconds, _ = runner.build(store)
        report(
            "disk full (1 MB free)",
            exit=result.returncode,
            traceback="Traceback" in result.stderr,
            served_unchanged=served(store) == good,
            entries=len(os.listdir(store / "releases")),
            message=repr(first_error(result.stderr)),
        )
        filler.unlink()
        result, _, _ = runner.build(store)
        report(
            "next build with space",
            exit=result.returncode,
            entries=len(os.listdir(store / "releases")),
            last_good_kept=(store / "releases" / good[0]).is_dir(),
        )


def case_readonly(runner: Runner, work: Path) -> None:
    with tmpfs(work / "readonly", "64m") as mount:
        store = mount / "store"
        result, _, _ = runner.build(store)
        assert result.returncode == 0, result.stderr
        good = served(store)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        result, _, _ = runner.build(store)
        report(
            "read-only store",
            exit=result.returncode,
            traceback="Traceback" in result.stderr,
            served_unchanged=served(store) == good,
            message=repr(first_error(result.stderr)),
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def case_corrupt(runner: Runner, work: Path) -> None:
    for damage in ("truncated", "removed"):
        store = work / f"store-corrupt-{damage}"
        result, _, _ = runner.build(store)
        assert result.returncode == 0, result.stderr
        release = (store / "current").resolve()
        for path in release.iterdir():
            if path.suffix == ".sst" or path.name.startswith(("MANIFEST", "CURRENT")):
                if damage == "removed":
                    path.unlink()
                else:
                    with open(path, "r+b") as file:
                        file.truncate(64)
        port = free_port()
        log = open(work / f"serve-{damage}.log", "w")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            runner.command("serve", "--store", str(store), "--port", str(port), "--workers", "1"),
            cwd=runner.project,
            env=runner.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    requests.get(f"{url}/healthz", timeout=1)
                    break
                except requests.RequestException:
                    time.sleep(0.1)
            statuses = {}
            leaks = []
            for name, path in (
                ("readyz", "/readyz"),
                ("sparql", "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"),
                ("void", "/.well-known/void"),
                ("dump", "/dumps/gkg.ttl"),
                ("home", "/"),
                ("network", "/network"),
                ("api", "/api/queries/recommendations-by-strength.json"),
            ):
                response = requests.get(url + path, timeout=30)
                statuses[name] = response.status_code
                if str(work) in response.text or str(store) in response.text:
                    leaks.append(name)
            report(f"corrupt release ({damage})", **statuses, path_in_body=",".join(leaks) or "-")
        finally:
            server.terminate()
            server.wait(timeout=20)
            log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default="cuts,concat,kill,full,readonly,corrupt")
    parser.add_argument("--copies", default="2,3,50", help="repetitions for the concat case")
    parser.add_argument("--project", type=Path, default=PROJECT, help="checkout whose gkg runs")
    parser.add_argument("--work", type=Path, help="scratch directory (default: a temporary one)")
    args = parser.parse_args()
    runner = Runner(args.project.resolve())
    work = args.work or Path(tempfile.mkdtemp(prefix="gkg-safety-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"gkg of {runner.project}; scratch {work}", flush=True)
    cases = args.cases.split(",")
    if "cuts" in cases:
        case_cuts(runner, work)
    if "concat" in cases:
        case_concat(runner, work, [int(n) for n in args.copies.split(",")])
    if "kill" in cases:
        case_kill(runner, work)
    if "full" in cases:
        case_full(runner, work)
    if "readonly" in cases:
        case_readonly(runner, work)
    if "corrupt" in cases:
        case_corrupt(runner, work)


if __name__ == "__main__":
    main()
