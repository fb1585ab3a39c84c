"""The `gkg` command: one subcommand per module in `service.commands`.

    gkg build [SOURCE ...] [--store DIR] [--allow-partial] [--reparse]
    gkg export [--store DIR] --format ttl|nt|nq|jsonld [-o FILE] [--graph IRI]
    gkg validate [--store DIR | FILE] [--format text|ttl|json]
    gkg serve [--store DIR] [--host H] [--port P]
    gkg query NAME|FILE.rq|-e SPARQL [--param KEY=VALUE] [--format table|json|csv|ttl]
    gkg coi ACTION ... (see gkg coi --help)

Every command reads the same settings (`service.settings`) and logs structured events
(`service.logs`; GKG_LOG_FORMAT, GKG_LOG_LEVEL).  Bad input ends with a one-paragraph
message on standard error and a non-zero exit status, never a traceback.

The command modules are imported when the parser is made, not with this module:
multiprocessing runs the main module again in every query process it starts
(`service.store.local_backend`), and the commands' imports (Flask, rdflib, pySHACL) had made
each query process take 1.3 s longer to start than it needs.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from types import ModuleType

from loaders.errors import SourceError
from service.logs import configure_logging

COMMAND_MODULES = ("build", "export", "validate", "serve", "query", "coi")
"""Modules of `service.commands`, each with a ``register(subparsers)``, in help order."""


def commands() -> list[ModuleType]:
    """The command modules (imported on first use)."""
    return [importlib.import_module(f"service.commands.{name}") for name in COMMAND_MODULES]


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gkg", description="Guideline Knowledge Graph: build, validate, query and serve."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in commands():
        command.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        configure_logging()
    except ValueError as error:
        print(f"gkg {args.command}: error: {error}", file=sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except SourceError as error:
        print(f"gkg {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"gkg {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
