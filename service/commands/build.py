"""`gkg build`: parse, validate and publish sources as the store's new release."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from loaders.iris import DEFAULT_BASE_IRI
from service.gate.validation import ShapesError
from service.pipeline.build import BUNDLED_SOURCE, BuildFailed, BuildRefused, build_release
from service.pipeline.coverage_report import COVERAGE_TEXT, summary
from service.store.releases import open_read_only, store_root


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        help="parse source documents, validate, and publish a new store release",
        description="Parse, build, validate (SHACL) and publish into a new store release; "
        "the served release is swapped only when everything succeeded.",
    )
    parser.add_argument(
        "sources",
        nargs="*",
        type=Path,
        metavar="SOURCE",
        help="source documents and folders of them: text exports, saved module pages (HTML) "
        f"(default: the bundled {BUNDLED_SOURCE.name})",
    )
    parser.add_argument("--store", help="store root directory (default: $GKG_STORE or var/store)")
    parser.add_argument("--base-iri", default=DEFAULT_BASE_IRI, help="base IRI of minted IRIs")
    parser.add_argument("--quiet", action="store_true", help="no progress messages")
    parser.add_argument(
        "--allow-partial",
        action="store_true",
        help="publish a source that looks cut off or repeated, with the findings recorded "
        "(as data-quality findings and in release.json)",
    )
    parser.add_argument(
        "--reparse",
        action="store_true",
        help="parse every document again (by default a document parsed by an earlier build "
        "of this store is reused while its content and the parsers are unchanged)",
    )
    remote = parser.add_argument_group("publishing to an external SPARQL 1.1 store")
    remote.add_argument(
        "--to",
        metavar="URL",
        help="also publish to this SPARQL Update endpoint (Virtuoso: http://HOST:PORT/sparql-auth)",
    )
    remote.add_argument("--to-graph-store", metavar="URL", help="its Graph Store endpoint")
    remote.add_argument("--to-user", metavar="USER", help="user for the external store")
    remote.add_argument(
        "--to-password", metavar="PASSWORD", help="password (default: $GKG_TO_PASSWORD)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    sources = args.sources or [BUNDLED_SOURCE]  # files and folders
    root = store_root(args.store)
    show = (lambda message: None) if args.quiet else _progress
    try:
        result = build_release(
            sources,
            root,
            base_iri=args.base_iri,
            progress=show,
            allow_partial=args.allow_partial,
            reuse_parsed=not args.reparse,
        )
    except BuildFailed as error:
        print(f"gkg build: error: {error}", file=sys.stderr)
        return 1
    except BuildRefused as refused:
        print(refused.report, file=sys.stderr)
        print(f"gkg build: error: {refused}; the published store is unchanged", file=sys.stderr)
        return 1
    except ShapesError as error:
        print(f"gkg build: error: the SHACL shapes cannot be used: {error}", file=sys.stderr)
        return 2
    info = result.info
    print(summary(result.coverage, root / "current" / COVERAGE_TEXT))
    if args.to:
        status = _publish_remote(args, result.release, info.release_id, show)
        if status:
            return status
    partial = f", {len(info.completeness)} completeness finding(s)" if info.completeness else ""
    print(
        f"published {info.release_id}: {sum(info.graphs.values())} triples in "
        f"{len(info.graphs)} graphs, {info.warnings} warning(s), {info.infos} info(s){partial}, "
        f"{result.seconds:.2f} s -> {root / 'current'}"
    )
    return 0


def _publish_remote(
    args: argparse.Namespace, release: Path, release_id: str, show: Callable[[str], None]
) -> int:
    """Publish the release just built to the external store; 2 when that fails."""
    from service.commands.export import export_bytes
    from service.store.publish import PublishError, publish

    show(f"publishing release {release_id} to {args.to}")
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "release.nq"
        dump.write_bytes(export_bytes(open_read_only(release), "nq", None))
        try:
            report = publish(
                dump,
                args.to,
                graph_store_url=args.to_graph_store,
                username=args.to_user,
                password=args.to_password or os.environ.get("GKG_TO_PASSWORD"),
                release_id=release_id,
            )
        except (PublishError, OSError) as error:
            print(f"gkg build: error: publishing to {args.to} failed: {error}", file=sys.stderr)
            return 2
    show(f"published {sum(report.graphs.values())} triples to {args.to} in {report.seconds:.1f} s")
    return 0


def _progress(message: str) -> None:
    print(f"gkg build: {message}", file=sys.stderr, flush=True)
