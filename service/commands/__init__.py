"""Subcommands of `gkg`: each module exposes `register(subparsers)`."""
