"""Build (parse, validate, index, load, write) of N copies of the bundled document, timed by stage.

    .venv/bin/python bench/build_bench.py --copies 100 [--store DIR] [--workers 2]

Runs the steps of `service.pipeline.build.build_release` with the same functions, on N documents
(all but the small ones: release information, coverage report):
copy i is the bundled document parsed and built under its own base IRI, with identifiers
unique per copy (`copies.py`), so 100 copies give ~1M data triples and the same validation
results 100 times.  Prints the seconds of each stage (wall clock, and CPU seconds of the build
and its parsing processes), the data and result counts, and the peak resident memory of the
build process and its parsing processes together.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from resource import RUSAGE_CHILDREN, RUSAGE_SELF

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from copies import build_copy  # noqa: E402
from peak_rss import PeakRss  # noqa: E402

from service.pipeline.build import BUNDLED_SOURCE  # noqa: E402
from service.pipeline.release_writer import (  # noqa: E402
    BUILD_WORKERS,
    ReleaseWriter,
    Spool,
    build_documents,
    validate_spool,
)
from service.store import releases as stores  # noqa: E402
from service.store import search_index  # noqa: E402
from service.store.graphs import load_ontology_graphs  # noqa: E402


def cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children."""
    own, children = (resource.getrusage(who) for who in (RUSAGE_SELF, RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Stages:
    """Wall-clock and CPU seconds per named stage (CPU: less sensitive to a busy machine)."""

    def __init__(self) -> None:
        self._last = self._start = (time.perf_counter(), cpu_seconds())

    def done(self, name: str) -> None:
        now = (time.perf_counter(), cpu_seconds())
        wall, cpu = (now[i] - self._last[i] for i in (0, 1))
        self._last = now
        print(f"  {name}: {wall:.1f} s ({cpu:.1f} CPU-s)", flush=True)

    def total(self) -> str:
        wall, cpu = (self._last[i] - self._start[i] for i in (0, 1))
        return f"{wall:.1f} s ({cpu:.1f} CPU-s)"


def build(copies: int, root: Path) -> None:
    stages = Stages()
    sources = [BUNDLED_SOURCE] * copies
    arguments = [(BUNDLED_SOURCE, index) for index in range(copies)]
    spool = Spool(root)
    documents, triples = build_documents(
        sources, "", spool, lambda m: None, build=build_copy, arguments=arguments
    )
    stages.done(f"parse + build RDF ({triples} data triples)")
    graphs = load_ontology_graphs()
    result = validate_spool(spool, graphs)
    stages.done(f"validate, write the search index ({result.summary()})")
    release = stores.new_release_dir(root, f"bench-{datetime.now(UTC):%Y%m%dT%H%M%S}")
    release.mkdir(parents=True)
    os.replace(spool.index, release / search_index.INDEX_FILE)
    with ReleaseWriter(release, "https://w3id.org/gkg/", graphs) as writer:
        writer.load(spool.path)
        spool.remove()
        stages.done("load into the release store")
        writer.add_validation(result.report_ntriples())
        (release / "validation.txt").write_text(result.to_text(), "utf-8")
        counts = writer.counts()
    stages.done("write the report, flush and compact")
    stores.publish_release(root, release)
    print(f"  {len(documents)} documents, {sum(counts.values())} triples in {len(counts)} graphs")
    print(f"total {stages.total()}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--store", type=Path, help="store root (default: a temporary one)")
    parser.add_argument("--workers", type=int, help="parsing processes (default: one per CPU)")
    args = parser.parse_args()
    if args.workers:
        os.environ[BUILD_WORKERS] = str(args.workers)
    root = args.store or Path(tempfile.mkdtemp(prefix="gkg-build-bench-"))
    print(f"build of {args.copies} copies into {root}", flush=True)
    with PeakRss() as peak:
        build(args.copies, root)
    print(f"peak RSS (build + parsing processes): {peak.mib:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
