"""Building a release: parse, build RDF, validate, write a new store, swap it in.

    result = build_release([Path("doc.txt")], store_root(), base_iri=DEFAULT_BASE_IRI)

Each step reports to a `progress` callback.  Nothing touches the published
release until the new one is complete and valid: a failure at any step leaves
the served store as it was and removes the half-built one.  The release is
written under the store's build lock into a staging directory, renamed when
complete; what a killed build left is removed by the next one (see `store`).
A source that is plainly cut or repeated is refused (`loaders.completeness`)
unless `allow_partial`, which publishes it with the findings recorded.

Documents are parsed in parallel processes (`service.pipeline.release_writer`), reused from the
store's parse cache when unchanged, merged into one corpus (`loaders.corpus`), and their
triples streamed through a spool file into the store: no rdflib graph of the whole corpus.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph
import rdflib

from loaders import paths
from loaders.completeness import KINDS as COMPLETENESS_KINDS
from loaders.coverage import Coverage, coverage_of
from loaders.iris import DEFAULT_BASE_IRI
from loaders.readers import expand
from service.gate.validation import ValidationResult
from service.pipeline.coverage_report import write_coverage
from service.pipeline.release_writer import (
    Spool,
    build_corpus,
    parse_documents,
    validate_spool,
    write_release,
)
from service.pipeline.stages import stage
from service.store import releases as stores
from service.store import search_index
from service.store.graphs import GRAPH_NAMES, graph_iri, load_ontology_graphs

Progress = Callable[[str], None]
BUNDLED_SOURCE = paths.BUNDLED_SOURCE


class BuildRefused(Exception):
    """The built graph did not pass validation; `report` says why."""

    def __init__(self, report: str, violations: int) -> None:
        super().__init__(f"the graph has {violations} SHACL violation(s); nothing was published")
        self.report = report
        self.violations = violations


class BuildFailed(Exception):
    """The new release could not be written (disk full, read-only store, ...).

    Its message is one paragraph saying why and that the published store is unchanged.
    """


@dataclass
class BuildResult:
    release: Path
    info: stores.ReleaseInfo
    seconds: float
    validation_text: str
    coverage: list[Coverage] = field(default_factory=list)


def build_release(
    sources: list[Path],
    root: Path,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    progress: Progress = lambda message: None,
    allow_partial: bool = False,
    reuse_parsed: bool = True,
) -> BuildResult:
    """Parse `sources` (files and folders), validate, and publish them as the new current
    release of `root`.  A document parsed by an earlier build of `root` is not parsed again
    unless its content or the parsers changed (`reuse_parsed=False`: parse everything)."""
    started = time.perf_counter()
    cache = root / "cache" / "documents"
    with stage("parse") as fields:
        files = expand(sources)
        fields["documents"] = len(files)
        documents = parse_documents(
            files, cache, allow_partial=allow_partial, reuse=reuse_parsed, progress=progress
        )
        fields["modules"] = sum(len(d.modules) for d in documents)
    for document in documents:
        for gap in _completeness(document):
            progress(f"warning: {document.source.path}, line {gap['line']}: {gap['message']}")
    coverage = [coverage_of(document) for document in documents]
    try:
        release, info, report = _build_and_publish(root, documents, coverage, base_iri, progress)
    except OSError as error:  # the scratch file, the lock or the release could not be written
        raise BuildFailed(_write_failure(root, error)) from None
    progress(f"published release {info.release_id} ({sum(info.graphs.values())} triples)")
    seconds = time.perf_counter() - started
    return BuildResult(release, info, seconds, report.to_text(), coverage)


def _build_and_publish(
    root: Path,
    documents: list,
    coverage: list[Coverage],
    base_iri: str,
    progress: Progress,
) -> tuple[Path, stores.ReleaseInfo, ValidationResult]:
    """Under the store's build lock: build the documents' RDF through a scratch file,
    validate it, write the release and publish it."""
    try:
        with stores.build_lock(root):
            removed = stores.clean_leftovers(root)
            if removed:
                progress(f"removed {len(removed)} leftover(s) of an interrupted build")
            spool = Spool(root)
            try:
                progress(f"building RDF for {sum(len(d.modules) for d in documents)} module(s)")
                with stage("rdf") as fields:
                    triples = fields["triples"] = build_corpus(documents, base_iri, spool)
                progress(f"built {triples} data triples; validating with SHACL")
                with stage("validate") as fields:
                    graphs = load_ontology_graphs()
                    report = validate_spool(spool, graphs)
                    fields["violations"] = len(report.violations)
                    fields["warnings"] = len(report.warnings)
                if not report.conforms:
                    raise BuildRefused(report.to_text(), len(report.violations))
                with stage("write") as fields:
                    release, info = _write_release(
                        root,
                        _release_id(documents),
                        (spool, graphs, report),
                        base_iri,
                        documents,
                        coverage,
                    )
                    fields["release"] = info.release_id
                    fields["triples"] = sum(info.graphs.values())
            finally:
                spool.remove()
    except stores.StoreBusy as error:
        raise BuildFailed(f"{error}; try again when it has finished") from None
    return release, info, report


def _write_release(
    root: Path,
    release_id: str,
    built: tuple[Spool, dict[str, rdflib.Graph], ValidationResult],
    base_iri: str,
    documents: list,
    coverage: list[Coverage],
) -> tuple[Path, stores.ReleaseInfo]:
    """Write the release into a staging directory, name it, and publish it."""
    spool, graphs, report = built
    staged = stores.staging_dir(root, release_id)
    release = staged
    try:
        staged.mkdir(parents=True)
        os.replace(spool.index, staged / search_index.INDEX_FILE)  # written while validating
        counts = write_release(staged, spool, graphs, report, base_iri)
        info = stores.ReleaseInfo(
            release_id=release_id,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            base_iri=base_iri,
            sources=[
                {
                    "path": d.source.path,
                    "sha256": d.source.sha256,
                    "lines": str(d.source.line_count),
                }
                for d in documents
            ],
            graphs=counts,
            conforms=report.conforms,
            violations=len(report.violations),
            warnings=len(report.warnings),
            infos=len(report.infos),
            completeness=[gap for d in documents for gap in _completeness(d)],
        )
        (staged / "validation.txt").write_text(report.to_text(), "utf-8")
        write_coverage(staged, coverage)
        stores.write_release_info(staged, info)
        release = stores.finish_release(staged)
        stores.publish_release(root, release)
    except BaseException:
        stores.discard_release(release)
        raise
    return release, info


def _completeness(document) -> list[dict[str, str]]:  # noqa: ANN001 - a loaders Document
    """The completeness findings a document was published with (--allow-partial)."""
    return [
        {"kind": p.kind, "line": str(p.span.first), "message": p.message}
        for p in document.problems
        if p.kind in COMPLETENESS_KINDS
    ]


def _write_failure(root: Path, error: OSError) -> str:
    """One paragraph: why the release could not be written, and that nothing changed."""
    text = str(error)
    reasons = {
        "No space left on device": "the disk is full",
        "Read-only file system": "the store's file system is read-only",
        "Permission denied": "permission denied",
        "Disk quota exceeded": "the disk quota is exceeded",
    }
    reason = next((why for key, why in reasons.items() if key in text), None)
    if reason is None:
        reason = error.strerror or (text.splitlines() or [type(error).__name__])[0][:200]
    served = stores.data_version(root)
    kept = f"release {served} is still served" if served else "nothing was published"
    return (
        f"could not write the new release under {root}: {reason}; the published store is "
        f"unchanged ({kept}); what the build wrote is removed now or by the next build"
    )


def _write_store(release: Path, graphs: dict[str, rdflib.Graph], base_iri: str) -> dict[str, int]:
    """Write whole rdflib graphs as a release store (small stores made by tests and tools)."""
    store = pyoxigraph.Store(str(release))
    counts: dict[str, int] = {}
    for name in GRAPH_NAMES:
        graph = graphs.get(name)
        if graph is None:
            continue
        iri = graph_iri(base_iri, name)
        store.bulk_load(
            graph.serialize(format="nt", encoding="utf-8"),
            format=pyoxigraph.RdfFormat.N_TRIPLES,
            to_graph=pyoxigraph.NamedNode(iri),
        )
        counts[iri] = len(graph)
    store.flush()
    store.optimize()
    del store
    return counts


def _release_id(documents: list) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    digest = "".join(document.source.sha256[:8] for document in documents)[:24]
    return f"{stamp}-{digest}"
