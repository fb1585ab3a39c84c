"""`gkg build`: parse, validate and publish sources as the store's new release."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loaders.iris import DEFAULT_BASE_IRI

from ..build import BUNDLED_SOURCE, BuildRefused, build_release
from ..store import store_root


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
        help=f"source documents (default: the bundled {BUNDLED_SOURCE.name})",
    )
    parser.add_argument("--store", help="store root directory (default: $GKG_STORE or var/store)")
    parser.add_argument("--base-iri", default=DEFAULT_BASE_IRI, help="base IRI of minted IRIs")
    parser.add_argument("--quiet", action="store_true", help="no progress messages")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    sources = args.sources or [BUNDLED_SOURCE]
    root = store_root(args.store)
    show = (lambda message: None) if args.quiet else _progress
    try:
        result = build_release(sources, root, base_iri=args.base_iri, progress=show)
    except BuildRefused as refused:
        print(refused.report, file=sys.stderr)
        print(f"gkg build: error: {refused}; the published store is unchanged", file=sys.stderr)
        return 1
    info = result.info
    print(
        f"published {info.release_id}: {sum(info.graphs.values())} triples in "
        f"{len(info.graphs)} graphs, {info.warnings} warning(s), {info.infos} info(s), "
        f"{result.seconds:.2f} s -> {root / 'current'}"
    )
    return 0


def _progress(message: str) -> None:
    print(f"gkg build: {message}", file=sys.stderr, flush=True)
