"""The `gkg` entry point imports its commands only when it runs one.

multiprocessing runs the parent's main module again in every query process it starts, so
whatever `service.cli` imports at module level, every query process imports too (Flask,
rdflib and pySHACL had added 1.3 s to each start, and to a fresh server's first federated
query).
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["flask", "rdflib", "pyshacl", "networkx", "granian", "service.commands.serve"]


def _imported_after(statement: str) -> dict[str, bool]:
    report = f"print(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    code = f"import json, sys; {statement}; {report}"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return json.loads(output)


def test_importing_the_entry_point_imports_no_command() -> None:
    assert _imported_after("import service.cli") == dict.fromkeys(HEAVY, False)


def test_making_the_parser_imports_every_command() -> None:
    imported = _imported_after("import service.cli; service.cli.make_parser()")
    assert imported["service.commands.serve"] and imported["granian"] and imported["rdflib"]
