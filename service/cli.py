"""The `gkg` command: one subcommand per module in `service.commands`.

    gkg build [SOURCE ...] [--store DIR]
    gkg export [--store DIR] --format ttl|nt|nq|jsonld [-o FILE] [--graph IRI]
    gkg validate [--store DIR | FILE] [--format text|ttl|json]
    gkg serve [--store DIR] [--host H] [--port P]

Bad input ends with a one-paragraph message on standard error and a non-zero
exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from loaders.errors import SourceError

COMMANDS = ("build", "export", "validate", "serve", "query", "coi")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gkg", description="Guideline Knowledge Graph: build, validate, query and serve."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"service.commands.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"service.commands.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
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
