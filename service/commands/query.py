"""`gkg query`: run a named query, a query file or an inline query against the store.

    gkg query --list
    gkg query recommendations-by-strength --param strength=weak --format table
    gkg query industry-ties-per-module --param module=6.1       # a name for an IRI
    gkg query my-query.rq --format csv
    gkg query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'

The same checks and limits as the endpoint apply: read queries only, no
SERVICE outside the allow-list, no FROM, a time limit and a row cap.  An IRI parameter
takes a module number, notation, label or name as the API and the pages do
(service.queries.names), resolved in the release's name index.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from service.queries.binding import bind_values
from service.queries.library import (
    QUERIES_DIR,
    NamedQuery,
    ParameterError,
    QueryFileError,
    load_library,
)
from service.queries.library import parse_query_file as read_query_file
from service.queries.name_index import ensure_index, index_path
from service.queries.names import names_given, resolve_names
from service.settings import SettingError, load_settings
from service.sparql.query_check import CheckedQuery, QueryError, check_query
from service.store.backends import CSV, SPARQL_JSON, TURTLE, BackendError
from service.store.releases import store_root
from service.store.search_index import SearchUnavailable

FORMATS = ("table", "json", "csv", "ttl")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("query", help="run a named query, a .rq file or inline SPARQL")
    parser.add_argument("name", nargs="?", help="a named query (see --list) or a .rq file")
    parser.add_argument("-e", "--execute", metavar="SPARQL", help="run this query text")
    parser.add_argument("--list", action="store_true", help="list the named queries")
    parser.add_argument(
        "--param", action="append", default=[], metavar="KEY=VALUE", help="a parameter value"
    )
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument("--store", help="store root directory (default: $GKG_STORE or var/store)")
    parser.add_argument("--backend", metavar="URL", help="query a remote SPARQL 1.1 endpoint")
    parser.add_argument("--timeout", type=float, help="seconds (default: $GKG_QUERY_TIMEOUT or 30)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(_overrides(args))
        library = load_library(_queries_dir(settings))
    except (QueryFileError, SettingError) as error:
        return _fail(str(error))
    if args.list:
        _print_list(library)
        return 0
    backend = _backend(settings)
    try:
        text, bindings = _query_and_bindings(args, library, settings, backend)
        checked = check_query(
            bind_values(text, bindings, inner=not settings["GKG_BACKEND_URL"]),
            settings["GKG_SERVICE_ALLOWLIST"],
            max_bytes=settings["GKG_MAX_QUERY_BYTES"],
            max_depth=settings["GKG_MAX_QUERY_DEPTH"],
        )
    except (QueryFileError, ParameterError, QueryError, SearchUnavailable, OSError) as error:
        backend.close()
        return _fail(str(error))
    except BackendError as error:
        backend.close()
        return _fail(str(error))
    if not isinstance(checked, CheckedQuery):
        backend.close()
        return _fail("only read queries can be run; updates are refused")
    graph_form = checked.form in ("CONSTRUCT", "DESCRIBE")
    media_type = TURTLE if graph_form else (CSV if args.format == "csv" else SPARQL_JSON)
    try:
        result = backend.execute(
            checked,
            media_type,
            timeout=float(settings["GKG_QUERY_TIMEOUT"]),
            row_cap=settings["GKG_ROW_CAP"],
        )
    except BackendError as error:
        return _fail(str(error))
    finally:
        backend.close()
    if graph_form or args.format in ("json", "csv", "ttl"):
        sys.stdout.write(result.body.decode("utf-8"))
    else:
        sys.stdout.write(format_table(json.loads(result.body)))
    if result.truncated:
        print(f"gkg query: results cut at {settings['GKG_ROW_CAP']} rows", file=sys.stderr)
    return 0


def _query_and_bindings(
    args: argparse.Namespace, library: dict[str, NamedQuery], settings: dict, backend
) -> tuple[str, dict[str, str]]:
    values = dict(_split_param(item) for item in args.param)
    if args.execute:
        if values:
            raise ParameterError(next(iter(values)), "parameters need a named query or .rq file")
        return args.execute, {}
    if not args.name:
        raise QueryFileError("give a query name, a .rq file, -e SPARQL, or --list")
    if args.name.endswith(".rq"):
        query = read_query_file(Path(args.name))
    elif args.name in library:
        query = library[args.name]
    else:
        raise QueryFileError(f"no named query '{args.name}' (see gkg query --list)")
    if names_given(query, values):
        values = _with_names_resolved(query, values, settings, backend)
    return query.sparql, query.bind(values)


def _with_names_resolved(
    query: NamedQuery, values: dict[str, str], settings: dict, backend
) -> dict[str, str]:
    """IRI parameters given by name (`module=6.1`) as IRIs, from the same index as the API."""
    url = str(settings["GKG_BACKEND_URL"] or "")
    root = Path(str(settings["GKG_STORE"]))
    index = index_path(root, url, backend.data_version() if url else "")
    index = ensure_index(index, lambda sparql: _select(sparql, settings, backend))
    return resolve_names(query, values, str(settings["GKG_BASE_IRI"]), index)


def _select(sparql: str, settings: dict, backend) -> list[dict[str, str]]:
    """A SELECT of the index builder run by the backend, rows as {variable: value}."""
    checked = check_query(sparql, settings["GKG_SERVICE_ALLOWLIST"])
    result = backend.execute(
        checked,
        SPARQL_JSON,
        timeout=float(settings["GKG_QUERY_TIMEOUT"]),
        row_cap=settings["GKG_ROW_CAP"],
    )
    bindings = json.loads(result.body)["results"]["bindings"]
    return [{name: term["value"] for name, term in row.items()} for row in bindings]


def _split_param(item: str) -> tuple[str, str]:
    key, sep, value = item.partition("=")
    if not sep or not key:
        raise ParameterError(item, "give parameters as KEY=VALUE")
    return key, value


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    """Command-line options over the settings; one query at a time from the command line."""
    overrides: dict[str, object] = {"GKG_MAX_CONCURRENT": 1}
    if args.store:
        overrides["GKG_STORE"] = store_root(args.store)
    if args.backend:
        overrides["GKG_BACKEND_URL"] = args.backend
    if args.timeout is not None:
        overrides["GKG_QUERY_TIMEOUT"] = args.timeout
    return overrides


def _queries_dir(settings: dict[str, object]) -> Path:
    folder = settings["GKG_QUERIES_DIR"]
    return Path(str(folder)) if folder else QUERIES_DIR


def _backend(config: dict):  # noqa: ANN202 - a service.store.backends.Backend
    if config["GKG_BACKEND_URL"]:
        from service.store.remote_backend import RemoteBackend

        return RemoteBackend.from_config(config)
    from service.store.local_backend import LocalBackend

    return LocalBackend.from_config(config)


def format_table(results: dict) -> str:
    """SPARQL JSON results as an aligned text table (ASK as 'true'/'false')."""
    if "boolean" in results:
        return f"{str(results['boolean']).lower()}\n"
    columns = results["head"]["vars"]
    rows = [
        [row.get(c, {}).get("value", "") for c in columns] for row in results["results"]["bindings"]
    ]
    widths = [max([len(c), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _print_list(library: dict[str, NamedQuery]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    for query in library.values():
        params = " ".join(f"{p.name}{'' if p.required else '?'}" for p in query.params)
        writer.writerow([query.name, query.summary, params])
    sys.stdout.write(out.getvalue())


def _fail(message: str) -> int:
    print(f"gkg query: error: {message}", file=sys.stderr)
    return 2
